//! Atomics: std's shape on every engine, traced by name with the values they read and write.
//!
//! Each engine keeps its own memory model: loom explores the C11 orderings (treating `SeqCst`
//! accesses as `AcqRel`, and never reordering a load before an earlier load's store: no load
//! buffering), shuttle runs every access as `SeqCst`, std runs on the hardware, and rc11 explores
//! every execution RC11 allows ([`crate::rc11`]).
//!
//! Every integer width std has from 8 to 64 bits, signed and unsigned, `usize`, `isize` and
//! `bool`, with std's operations: `load`, `store`, `swap`, `compare_exchange` and its `_weak`
//! twin, `fetch_update`, and the `fetch_*` arithmetic and bitwise operations. A weak
//! compare-exchange never fails spuriously under rc11 (nor under loom or shuttle): a program
//! correct only because of a spurious failure is not one anybody writes.

pub use std::sync::atomic::Ordering;

use crate::rt::record;
use crate::rt::{self, Engine};

/// A memory fence, like [`std::sync::atomic::fence`], on whichever engine runs the execution.
#[inline]
pub fn fence(order: Ordering) {
    // Real threads pay for the fence alone: a stress run calls it millions of times a second, and
    // no trace is ever recorded outside a model checker.
    if rt::engine() == Engine::Std {
        std::sync::atomic::fence(order);
    } else {
        fence_modelled(order);
    }
}

#[cold]
#[inline(never)]
fn fence_modelled(order: Ordering) {
    rt::orderings::note_ordering(order);
    record::record(|| format!("fence({order:?})"));
    match rt::engine() {
        Engine::Std => std::sync::atomic::fence(order),
        Engine::Loom => loom::sync::atomic::fence(order),
        Engine::Rc11 => crate::rc11::run::fence(order),
        Engine::Shuttle => shuttle::sync::atomic::fence(order),
    }
}

/// A value an atomic holds, as the rc11 model stores every value: a wide integer.
trait Word: Copy {
    /// How rc11 shows the location's values: a `bool`'s as `true` and `false`.
    const LOCATION: crate::rc11::run::Location = crate::rc11::run::Location::Number;
    fn word(self) -> i128;
    fn from_word(word: i128) -> Self;
}

impl Word for bool {
    const LOCATION: crate::rc11::run::Location = crate::rc11::run::Location::Boolean;
    fn word(self) -> i128 {
        i128::from(self)
    }
    fn from_word(word: i128) -> Self {
        word != 0
    }
}

macro_rules! integer_word {
    ($($t:ty),*) => {$(
        impl Word for $t {
            fn word(self) -> i128 {
                self as i128
            }
            fn from_word(word: i128) -> Self {
                word as $t
            }
        }
    )*};
}
integer_word!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize);

/// The rc11 side of the atomics: each operation as the model's read, write or read-modify-write.
mod model {
    use super::Ordering::{self, *};
    use crate::rc11::run::{self, Decision, Site, Step};

    /// The ordering of a read-modify-write's read part: the acquire half of `order`.
    fn read_half(order: Ordering) -> Ordering {
        match order {
            Acquire | AcqRel => Acquire,
            SeqCst => SeqCst,
            _ => Relaxed,
        }
    }

    /// The ordering of a read-modify-write's write part: the release half of `order`.
    fn write_half(order: Ordering) -> Ordering {
        match order {
            Release | AcqRel => Release,
            SeqCst => SeqCst,
            _ => Relaxed,
        }
    }

    /// A read-modify-write that always writes (`swap`, `fetch_*`); returns the value read.
    pub(super) fn rmw(loc: usize, order: Ordering, update: &dyn Fn(i128) -> i128) -> i128 {
        let decide = |old: i128| Decision {
            order: read_half(order),
            exclusive: true,
            steps: vec![Step::Write(update(old), write_half(order))],
        };
        run::update(loc, &decide, None).0
    }

    /// A compare-exchange: writes `new` if it reads `current` (`Ok` with the value read), else
    /// only reads, with the `failure` ordering (`Err` with the value read).
    pub(super) fn compare_exchange(
        loc: usize,
        current: i128,
        new: i128,
        success: Ordering,
        failure: Ordering,
        site: Site,
    ) -> Result<i128, i128> {
        let decide = |old: i128| {
            if old == current {
                Decision {
                    order: read_half(success),
                    exclusive: true,
                    steps: vec![Step::Write(new, write_half(success))],
                }
            } else {
                Decision { order: failure, exclusive: false, steps: vec![Step::Proceed] }
            }
        };
        match run::update(loc, &decide, Some(site)) {
            (old, Step::Write(..)) => Ok(old),
            (old, _) => Err(old),
        }
    }
}

/// Runs one method call on whichever engine's atomic is inside, or under rc11 the model's own
/// operation (the `rc11` arm: the location, then the call).
macro_rules! on_engine {
    ($self:ident, $a:ident => $call:expr, $loc:ident => $model:expr) => {
        match &$self.raw {
            Raw::Std($a) => $call,
            Raw::Loom($a) => $call,
            Raw::Shuttle($a) => $call,
            Raw::Rc11($loc) => {
                let $loc = *$loc;
                $model
            }
        }
    };
}

/// Stamps an operation in two halves. The public one is inlined into the scenario's code and does
/// std's operation when the object is std's: on real threads an access costs one test of the
/// engine tag (always taken the same way) beside the access itself, as a stress run needs. The
/// rest (loom, shuttle, rc11, the trace) sits in the `_modelled` half, out of line, so that it
/// does not bloat the code of every access.
macro_rules! two_halves {
    ($(#[$attr:meta])* $vis:vis fn $name:ident / $modelled:ident (&$self:ident $(, $arg:ident : $ty:ty)*) -> $ret:ty $body:block) => {
        $(#[$attr])*
        #[inline]
        #[track_caller]
        $vis fn $name(&$self $(, $arg: $ty)*) -> $ret {
            if let Raw::Std(a) = &$self.raw {
                return a.$name($($arg),*);
            }
            $self.$modelled($($arg),*)
        }

        #[cold]
        #[inline(never)]
        #[track_caller]
        fn $modelled(&$self $(, $arg: $ty)*) -> $ret $body
    };
}

/// Stamps one facade atomic type: the std, loom and shuttle types it dispatches to, its value,
/// and the operations every atomic has.
macro_rules! atomic_type {
    ($(#[$doc:meta])* $name:ident, $value:ty, default name $label:literal) => {
        $(#[$doc])*
        pub struct $name {
            name: &'static str,
            raw: Raw,
        }

        enum Raw {
            Std(std::sync::atomic::$name),
            Loom(loom::sync::atomic::$name),
            /// Boxed: shuttle's atomic is 72 bytes, and every facade atomic is as large as its
            /// largest engine's. Unboxed, a stress trial's state was nearly three times as large
            /// as on std, and fewer states shared a cache line.
            Shuttle(Box<shuttle::sync::atomic::$name>),
            /// A location of the rc11 model's execution graph.
            Rc11(usize),
        }

        impl $name {
            #[doc = concat!("A new atomic holding `value`, shown in traces as `", $label, "`.")]
            #[inline]
            pub fn new(value: $value) -> Self {
                Self::named($label, value)
            }

            /// A new atomic holding `value`, shown in traces under `name`.
            #[inline]
            pub fn named(name: &'static str, value: $value) -> Self {
                let raw = match rt::engine() {
                    Engine::Std => Raw::Std(std::sync::atomic::$name::new(value)),
                    Engine::Loom => Raw::Loom(loom::sync::atomic::$name::new(value)),
                    Engine::Rc11 => {
                        Raw::Rc11(crate::rc11::run::new_location(name, value.word(), <$value as Word>::LOCATION))
                    }
                    Engine::Shuttle => Raw::Shuttle(Box::new(shuttle::sync::atomic::$name::new(value))),
                };
                $name { name, raw }
            }

            fn address(&self) -> usize {
                self as *const Self as usize
            }

            /// Whether a model checker runs this object: only then can a trace be recording.
            #[inline]
            fn modelled(&self) -> bool {
                !matches!(self.raw, Raw::Std(_))
            }

            /// Records a read-modify-write that read `old` and left `new`, as `op(arg) -> old`.
            fn traced_rmw(&self, op: &str, arg: $value, order: Ordering, old: $value, new: $value) {
                if self.modelled() {
                    rt::orderings::note_ordering(order);
                    record::record_store(self.address(), self.name, new.word(), || {
                        format!("{}.{op}({arg}, {order:?}) -> {old}", self.name)
                    });
                }
            }

            two_halves! {
            /// Reads the value.
            pub fn load / load_modelled(&self, order: Ordering) -> $value {
                let v = on_engine!(self, a => a.load(order), loc => <$value>::from_word(crate::rc11::run::load(loc, order, std::panic::Location::caller())));
                if self.modelled() { rt::orderings::note_ordering(order); record::record_load(self.address(), self.name, v.word(), || format!("{}.load({order:?}) -> {v}", self.name)); }
                v
            }
            }

            two_halves! {
            /// Writes `value`.
            pub fn store / store_modelled(&self, value: $value, order: Ordering) -> () {
                on_engine!(self, a => a.store(value, order), loc => crate::rc11::run::store(loc, value.word(), order));
                if self.modelled() { rt::orderings::note_ordering(order); record::record_store(self.address(), self.name, value.word(), || format!("{}.store({value}, {order:?})", self.name)); }
            }
            }

            two_halves! {
            /// Writes `value`, returning the previous value.
            pub fn swap / swap_modelled(&self, value: $value, order: Ordering) -> $value {
                let v = on_engine!(self, a => a.swap(value, order), loc => <$value>::from_word(model::rmw(loc, order, &|_| value.word())));
                self.traced_rmw("swap", value, order, v, value);
                v
            }
            }

            two_halves! {
            /// Writes `new` if the value is `current`; `Ok(previous)` if it did, `Err(actual)` if not.
            pub fn compare_exchange / compare_exchange_modelled(&self, current: $value, new: $value, success: Ordering, failure: Ordering) -> Result<$value, $value> {
                let site = std::panic::Location::caller();
                let r = on_engine!(self, a => a.compare_exchange(current, new, success, failure), loc => model::compare_exchange(loc, current.word(), new.word(), success, failure, site).map(<$value>::from_word).map_err(<$value>::from_word));
                self.traced_compare_exchange("compare_exchange", current, new, success, failure, r);
                r
            }
            }

            two_halves! {
            /// Like [`Self::compare_exchange`]; allowed to fail spuriously, which no model here does.
            pub fn compare_exchange_weak / compare_exchange_weak_modelled(&self, current: $value, new: $value, success: Ordering, failure: Ordering) -> Result<$value, $value> {
                let site = std::panic::Location::caller();
                let r = on_engine!(self, a => a.compare_exchange_weak(current, new, success, failure), loc => model::compare_exchange(loc, current.word(), new.word(), success, failure, site).map(<$value>::from_word).map_err(<$value>::from_word));
                self.traced_compare_exchange("compare_exchange_weak", current, new, success, failure, r);
                r
            }
            }

            fn traced_compare_exchange(
                &self,
                op: &str,
                current: $value,
                new: $value,
                success: Ordering,
                failure: Ordering,
                r: Result<$value, $value>,
            ) {
                if !self.modelled() {
                    return;
                }
                let describe = || {
                    let shown = match r { Ok(v) => format!("Ok({v})"), Err(v) => format!("Err({v})") };
                    format!("{}.{op}({current}, {new}, {success:?}) -> {shown}", self.name)
                };
                rt::orderings::note_ordering(success);
                rt::orderings::note_ordering(failure);
                match r {
                    Ok(_) => record::record_store(self.address(), self.name, new.word(), describe),
                    Err(v) => record::record_load(self.address(), self.name, v.word(), describe),
                }
            }

            /// Applies `f` until it returns `None` or a compare-exchange of its result succeeds, as
            /// std does: `Ok(previous)` if one did, `Err(last read)` if `f` gave up.
            pub fn fetch_update(
                &self,
                set_order: Ordering,
                fetch_order: Ordering,
                mut f: impl FnMut($value) -> Option<$value>,
            ) -> Result<$value, $value> {
                let mut previous = self.load(fetch_order);
                while let Some(next) = f(previous) {
                    match self.compare_exchange_weak(previous, next, set_order, fetch_order) {
                        Ok(v) => return Ok(v),
                        Err(actual) => previous = actual,
                    }
                }
                Err(previous)
            }

            /// The value, taking the atomic apart (no other thread can hold it).
            pub fn into_inner(self) -> $value {
                match self.raw {
                    Raw::Std(a) => a.into_inner(),
                    Raw::Loom(a) => a.into_inner(),
                    Raw::Shuttle(a) => a.into_inner(),
                    Raw::Rc11(_) => self.load(Ordering::Relaxed),
                }
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new(<$value>::default())
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($name)).field("name", &self.name).finish_non_exhaustive()
            }
        }
    };
}

/// Stamps one `fetch_*` operation: the engine's own method, or the model's read-modify-write with
/// the same update.
macro_rules! fetch_op {
    ($(#[$doc:meta])* $method:ident / $modelled:ident, $value:ty, |$old:ident, $arg:ident| $update:expr) => {
        two_halves! {
        $(#[$doc])*
        pub fn $method / $modelled(&self, $arg: $value, order: Ordering) -> $value {
            let update = |$old: $value| -> $value { $update };
            let v = on_engine!(self, a => a.$method($arg, order), loc => <$value>::from_word(model::rmw(loc, order, &|w| update(<$value>::from_word(w)).word())));
            self.traced_rmw(stringify!($method), $arg, order, v, update(v));
            v
        }
        }
    };
}

/// Adds the read-modify-write arithmetic of an integer atomic.
macro_rules! integer_ops {
    ($name:ident, $value:ty) => {
        impl $name {
            fetch_op!(
                /// Adds `value` (wrapping), returning the previous value.
                fetch_add / fetch_add_modelled, $value, |old, value| old.wrapping_add(value)
            );
            fetch_op!(
                /// Subtracts `value` (wrapping), returning the previous value.
                fetch_sub / fetch_sub_modelled, $value, |old, value| old.wrapping_sub(value)
            );
            fetch_op!(
                /// Bitwise and with `value`, returning the previous value.
                fetch_and / fetch_and_modelled, $value, |old, value| old & value
            );
            fetch_op!(
                /// Bitwise nand with `value`, returning the previous value.
                fetch_nand / fetch_nand_modelled, $value, |old, value| !(old & value)
            );
            fetch_op!(
                /// Bitwise or with `value`, returning the previous value.
                fetch_or / fetch_or_modelled, $value, |old, value| old | value
            );
            fetch_op!(
                /// Bitwise xor with `value`, returning the previous value.
                fetch_xor / fetch_xor_modelled, $value, |old, value| old ^ value
            );
            fetch_op!(
                /// Stores the maximum of the value and `value`, returning the previous value.
                fetch_max / fetch_max_modelled, $value, |old, value| old.max(value)
            );
            fetch_op!(
                /// Stores the minimum of the value and `value`, returning the previous value.
                fetch_min / fetch_min_modelled, $value, |old, value| old.min(value)
            );
        }
    };
}

/// Stamps an integer atomic in a module of its own.
macro_rules! integer_atomic {
    ($module:ident, $name:ident, $value:ty, $doc:literal) => {
        mod $module {
            use super::*;
            atomic_type!(
                #[doc = $doc]
                $name, $value, default name "atomic"
            );
            integer_ops!($name, $value);
        }
        pub use $module::$name;
    };
}

mod bool_ {
    use super::*;
    atomic_type!(
        /// A boolean shared between threads, like [`std::sync::atomic::AtomicBool`].
        AtomicBool, bool, default name "flag"
    );
    impl AtomicBool {
        fetch_op!(
            /// Logical and with `value`, returning the previous value.
            fetch_and / fetch_and_modelled, bool, |old, value| old & value
        );
        fetch_op!(
            /// Logical nand with `value`, returning the previous value.
            fetch_nand / fetch_nand_modelled, bool, |old, value| !(old & value)
        );
        fetch_op!(
            /// Logical or with `value`, returning the previous value.
            fetch_or / fetch_or_modelled, bool, |old, value| old | value
        );
        fetch_op!(
            /// Logical xor with `value`, returning the previous value.
            fetch_xor / fetch_xor_modelled, bool, |old, value| old ^ value
        );
    }
}
pub use bool_::AtomicBool;

integer_atomic!(
    u8_,
    AtomicU8,
    u8,
    "An 8-bit unsigned integer shared between threads, like [`std::sync::atomic::AtomicU8`]."
);
integer_atomic!(
    u16_,
    AtomicU16,
    u16,
    "A 16-bit unsigned integer shared between threads, like [`std::sync::atomic::AtomicU16`]."
);
integer_atomic!(
    u32_,
    AtomicU32,
    u32,
    "A 32-bit unsigned integer shared between threads, like [`std::sync::atomic::AtomicU32`]."
);
integer_atomic!(
    u64_,
    AtomicU64,
    u64,
    "A 64-bit unsigned integer shared between threads, like [`std::sync::atomic::AtomicU64`]."
);
integer_atomic!(
    usize_,
    AtomicUsize,
    usize,
    "An unsigned integer shared between threads, like [`std::sync::atomic::AtomicUsize`]."
);
integer_atomic!(
    i8_,
    AtomicI8,
    i8,
    "An 8-bit signed integer shared between threads, like [`std::sync::atomic::AtomicI8`]."
);
integer_atomic!(
    i16_,
    AtomicI16,
    i16,
    "A 16-bit signed integer shared between threads, like [`std::sync::atomic::AtomicI16`]."
);
integer_atomic!(
    i32_,
    AtomicI32,
    i32,
    "A 32-bit signed integer shared between threads, like [`std::sync::atomic::AtomicI32`]."
);
integer_atomic!(
    i64_,
    AtomicI64,
    i64,
    "A 64-bit signed integer shared between threads, like [`std::sync::atomic::AtomicI64`]."
);
integer_atomic!(
    isize_,
    AtomicIsize,
    isize,
    "A signed integer shared between threads, like [`std::sync::atomic::AtomicIsize`]."
);
