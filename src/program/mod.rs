//! Programs: the shapes a scenario's code takes, and how each runs once on every engine.
//!
//! - [`Actors`]: jcstress's shape, fresh state, a few [`Actor`]s over it, an observer of the final
//!   state and the actors' results;
//! - [`Processes`]: the same shape with actors that are processes, sharing only files, observed
//!   through how each ended;
//! - [`Body`]: a program that spawns its own threads (a pool, a pipeline), run whole each time;
//!   [`RealOnly`]: one that only a real run can show.
//!
//! Each is a [`Program`](crate::model::Program), the interface the model states and every backend
//! runs. They run on the facade ([`crate::thread`] spawns the actors) and the runtime (every panic
//! an outcome): one execution for a model checker ([`once`]), or many trials a chunk at a time for
//! real threads ([`batch`]).

pub mod actor;
pub mod actors;
pub mod batch;
pub mod body;
pub mod once;
pub mod processes;

pub use actor::Actor;
pub use actors::Actors;
pub use body::{Body, RealOnly};
pub use once::run_body;
pub use processes::Processes;
