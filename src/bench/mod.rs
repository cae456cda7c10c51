//! Timed runs: what each kind of concurrency buys, measured on this machine.

pub mod work;
