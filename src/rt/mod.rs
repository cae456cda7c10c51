//! The runtime under the facade: which engine runs the current execution ([`engine`](mod@engine)), the trace
//! recorder ([`record`]), actors run as std runs them ([`actor`]), panics kept quiet and told
//! apart, with the payloads every engine unwinds with ([`panic`](mod@panic)), the orderings an execution used
//! ([`orderings`]), and loom's lock releases put off while a thread unwinds ([`deferred`]).
//!
//! It stands on the model alone, as loom's private `rt` stands under its `sync`: the facade
//! calls it, and it calls nothing above it, no backend and no engine's driver.

pub mod actor;
pub mod deferred;
pub mod engine;
pub mod orderings;
pub mod panic;
pub mod record;

pub use engine::{Engine, EngineGuard, engine, enter};
pub use orderings::take_orderings;
pub use panic::{
    BudgetExhausted, LOOM_THREAD_LIMIT, QuietGuard, RunOver, STACK_OVERFLOW, TimeUp, Unsupported, child_mode,
    forget_checker_panics, is_checker_panic, is_quiet, panic_message, quiet,
};
