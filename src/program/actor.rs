//! One actor of a program: a name and its code over the shared state.

/// One actor: a name (its trace column) and its code over the shared state.
pub struct Actor<S, R> {
    /// Role name: `writer`, `reader`; `t1`, `t2` when symmetric.
    pub name: &'static str,
    /// The actor's code; its result goes to the observer.
    pub run: fn(&S) -> R,
}
