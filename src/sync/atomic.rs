//! Atomics: std's shape on every engine, traced by name with the values they read and write.
//!
//! Each engine keeps its own memory model: loom explores the C11 orderings (treating `SeqCst`
//! accesses as `AcqRel`, and never reordering a load before an earlier load's store: no load
//! buffering), shuttle runs every access as `SeqCst`, std runs on the hardware.

pub use std::sync::atomic::Ordering;

use crate::rt::{self, Engine};
use crate::trace;

/// A memory fence, like [`std::sync::atomic::fence`], on whichever engine runs the execution.
pub fn fence(order: Ordering) {
    if rt::engine() != Engine::Std {
        rt::note_ordering(order);
    }
    trace::record(|| format!("fence({order:?})"));
    match rt::engine() {
        Engine::Std => std::sync::atomic::fence(order),
        Engine::Loom => loom::sync::atomic::fence(order),
        Engine::Shuttle if crate::rc11::active() => crate::rc11::run::fence(order),
        Engine::Shuttle => shuttle::sync::atomic::fence(order),
    }
}

/// A value an atomic holds, as the rc11 model stores every value: a wide integer.
trait Word: Copy {
    fn word(self) -> i128;
    fn from_word(word: i128) -> Self;
}

impl Word for bool {
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
integer_word!(usize, isize, i32, u64);

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

/// Stamps one facade atomic type: the std, loom and shuttle types it dispatches to, and its value.
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
            Shuttle(shuttle::sync::atomic::$name),
            /// A location of the rc11 model's execution graph.
            Rc11(usize),
        }

        impl $name {
            #[doc = concat!("A new atomic holding `value`, shown in traces as `", $label, "`.")]
            pub fn new(value: $value) -> Self {
                Self::named($label, value)
            }

            /// A new atomic holding `value`, shown in traces under `name`.
            pub fn named(name: &'static str, value: $value) -> Self {
                let raw = match rt::engine() {
                    Engine::Std => Raw::Std(std::sync::atomic::$name::new(value)),
                    Engine::Loom => Raw::Loom(loom::sync::atomic::$name::new(value)),
                    Engine::Shuttle if crate::rc11::active() => {
                        Raw::Rc11(crate::rc11::run::new_location(name, value.word()))
                    }
                    Engine::Shuttle => Raw::Shuttle(shuttle::sync::atomic::$name::new(value)),
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

            /// Reads the value.
            #[track_caller]
            pub fn load(&self, order: Ordering) -> $value {
                let v = on_engine!(self, a => a.load(order), loc => <$value>::from_word(crate::rc11::run::load(loc, order, std::panic::Location::caller())));
                if self.modelled() { rt::note_ordering(order); trace::record_load(self.address(), self.name, v as i128, || format!("{}.load({order:?}) -> {v}", self.name)); }
                v
            }

            /// Writes `value`.
            pub fn store(&self, value: $value, order: Ordering) {
                on_engine!(self, a => a.store(value, order), loc => crate::rc11::run::store(loc, value.word(), order));
                if self.modelled() { rt::note_ordering(order); trace::record_store(self.address(), self.name, value as i128, || format!("{}.store({value}, {order:?})", self.name)); }
            }

            /// Writes `value`, returning the previous value.
            pub fn swap(&self, value: $value, order: Ordering) -> $value {
                let v = on_engine!(self, a => a.swap(value, order), loc => <$value>::from_word(crate::rc11::run::rmw(loc, order, &|_| value.word())));
                if self.modelled() { rt::note_ordering(order); trace::record_store(self.address(), self.name, value as i128, || format!("{}.swap({value}, {order:?}) -> {v}", self.name)); }
                v
            }

            /// Writes `new` if the value is `current`; `Ok(previous)` if it did, `Err(actual)` if not.
            #[track_caller]
            pub fn compare_exchange(
                &self,
                current: $value,
                new: $value,
                success: Ordering,
                failure: Ordering,
            ) -> Result<$value, $value> {
                let r = on_engine!(self, a => a.compare_exchange(current, new, success, failure), loc => crate::rc11::run::compare_exchange(loc, current.word(), new.word(), success, failure, std::panic::Location::caller()).map(<$value>::from_word).map_err(<$value>::from_word));
                let describe = || {
                    let shown = match r { Ok(v) => format!("Ok({v})"), Err(v) => format!("Err({v})") };
                    format!("{}.compare_exchange({current}, {new}, {success:?}) -> {shown}", self.name)
                };
                if self.modelled() {
                    rt::note_ordering(success);
                    rt::note_ordering(failure);
                    match r {
                        Ok(_) => trace::record_store(self.address(), self.name, new as i128, describe),
                        Err(v) => trace::record_load(self.address(), self.name, v as i128, describe),
                    }
                }
                r
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

/// Adds the read-modify-write arithmetic of an integer atomic.
macro_rules! integer_ops {
    ($name:ident, $value:ty) => {
        impl $name {
            /// Adds `value` (wrapping), returning the previous value.
            pub fn fetch_add(&self, value: $value, order: Ordering) -> $value {
                let v = on_engine!(self, a => a.fetch_add(value, order), loc => <$value>::from_word(crate::rc11::run::rmw(loc, order, &|old| <$value>::from_word(old).wrapping_add(value).word())));
                if self.modelled() { rt::note_ordering(order); trace::record_store(self.address(), self.name, v.wrapping_add(value) as i128, || format!("{}.fetch_add({value}, {order:?}) -> {v}", self.name)); }
                v
            }

            /// Subtracts `value` (wrapping), returning the previous value.
            pub fn fetch_sub(&self, value: $value, order: Ordering) -> $value {
                let v = on_engine!(self, a => a.fetch_sub(value, order), loc => <$value>::from_word(crate::rc11::run::rmw(loc, order, &|old| <$value>::from_word(old).wrapping_sub(value).word())));
                if self.modelled() { rt::note_ordering(order); trace::record_store(self.address(), self.name, v.wrapping_sub(value) as i128, || format!("{}.fetch_sub({value}, {order:?}) -> {v}", self.name)); }
                v
            }

            /// Stores the maximum of the value and `value`, returning the previous value.
            pub fn fetch_max(&self, value: $value, order: Ordering) -> $value {
                let v = on_engine!(self, a => a.fetch_max(value, order), loc => <$value>::from_word(crate::rc11::run::rmw(loc, order, &|old| <$value>::from_word(old).max(value).word())));
                if self.modelled() { rt::note_ordering(order); trace::record_store(self.address(), self.name, v.max(value) as i128, || format!("{}.fetch_max({value}, {order:?}) -> {v}", self.name)); }
                v
            }
        }
    };
}

mod bool_ {
    use super::*;
    atomic_type!(
        /// A boolean shared between threads, like [`std::sync::atomic::AtomicBool`].
        AtomicBool, bool, default name "flag"
    );
}
mod usize_ {
    use super::*;
    atomic_type!(
        /// An unsigned integer shared between threads, like [`std::sync::atomic::AtomicUsize`].
        AtomicUsize, usize, default name "atomic"
    );
    integer_ops!(AtomicUsize, usize);
}
mod isize_ {
    use super::*;
    atomic_type!(
        /// A signed integer shared between threads, like [`std::sync::atomic::AtomicIsize`].
        AtomicIsize, isize, default name "atomic"
    );
    integer_ops!(AtomicIsize, isize);
}
mod i32_ {
    use super::*;
    atomic_type!(
        /// A 32-bit integer shared between threads, like [`std::sync::atomic::AtomicI32`].
        AtomicI32, i32, default name "atomic"
    );
    integer_ops!(AtomicI32, i32);
}
mod u64_ {
    use super::*;
    atomic_type!(
        /// A 64-bit unsigned integer shared between threads, like [`std::sync::atomic::AtomicU64`].
        AtomicU64, u64, default name "atomic"
    );
    integer_ops!(AtomicU64, u64);
}

pub use bool_::AtomicBool;
pub use i32_::AtomicI32;
pub use isize_::AtomicIsize;
pub use u64_::AtomicU64;
pub use usize_::AtomicUsize;
