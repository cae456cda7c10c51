//! `mpsc`: a multi-producer, single-consumer channel with std's semantics on every engine.
//!
//! Built from the facade's own [`Mutex`] and [`Condvar`] rather than dispatched to each engine's
//! channel: loom's channel never reports a disconnected sender, so the same scenario would mean
//! different things on different backends. Built this way it is one implementation, traced like
//! everything else, and an example of the hand-off pattern the catalogue teaches.

use std::collections::VecDeque;
use std::fmt;
use std::sync::Arc;
pub use std::sync::mpsc::{RecvError, SendError, TryRecvError};

use super::{Condvar, Mutex};
use crate::rt::record;

struct Queue<T> {
    items: VecDeque<T>,
    senders: usize,
    receiver_alive: bool,
}

struct Channel<T> {
    name: &'static str,
    show: Option<fn(&T) -> String>,
    queue: Mutex<Queue<T>>,
    ready: Condvar,
}

impl<T> Channel<T> {
    /// `name.send(value)`, or `name.send()` for a channel that does not show its values.
    fn sent(&self, value: &T) -> String {
        format!("{}.send({})", self.name, self.show.map_or_else(String::new, |show| show(value)))
    }

    /// `name.recv() -> value`, or `name.recv()`.
    fn received(&self, value: &T) -> String {
        match self.show {
            Some(show) => format!("{}.recv() -> {}", self.name, show(value)),
            None => format!("{}.recv()", self.name),
        }
    }
}

/// Creates a channel, shown in traces as `channel`.
pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
    make("channel", None)
}

/// Creates a channel, shown in traces under `name` with the values it carries.
pub fn named_channel<T: fmt::Debug>(name: &'static str) -> (Sender<T>, Receiver<T>) {
    make(name, Some(|v| format!("{v:?}")))
}

/// Creates a channel shown in traces under `name`, for values that cannot be shown.
pub(crate) fn labelled_channel<T>(name: &'static str) -> (Sender<T>, Receiver<T>) {
    make(name, None)
}

// The channel's lock and condvar are untraced: a reader of a trace needs to see the sends and
// receives, not the locking inside each.
fn make<T>(name: &'static str, show: Option<fn(&T) -> String>) -> (Sender<T>, Receiver<T>) {
    let queue = Queue { items: VecDeque::new(), senders: 1, receiver_alive: true };
    let channel = Arc::new(Channel { name, show, queue: Mutex::untraced(queue), ready: Condvar::untraced() });
    (Sender { channel: channel.clone() }, Receiver { channel })
}

/// The sending half; clone it for more producers.
pub struct Sender<T> {
    channel: Arc<Channel<T>>,
}

impl<T> Sender<T> {
    /// Queues `value`; `Err` gives it back if the receiver is gone.
    pub fn send(&self, value: T) -> Result<(), SendError<T>> {
        let mut queue = lock(&self.channel.queue);
        if !queue.receiver_alive {
            return Err(SendError(value));
        }
        record::record(|| self.channel.sent(&value));
        queue.items.push_back(value);
        drop(queue);
        self.channel.ready.notify_one();
        Ok(())
    }
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Self {
        lock(&self.channel.queue).senders += 1;
        Sender { channel: self.channel.clone() }
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        if unwinding_a_loom_execution() {
            return;
        }
        let mut queue = lock(&self.channel.queue);
        queue.senders -= 1;
        let last = queue.senders == 0;
        drop(queue);
        if last {
            self.channel.ready.notify_all();
        }
    }
}

/// The receiving half.
pub struct Receiver<T> {
    channel: Arc<Channel<T>>,
}

impl<T> Receiver<T> {
    /// Blocks until a value arrives; `Err` once every sender is gone and the queue is empty.
    pub fn recv(&self) -> Result<T, RecvError> {
        let mut queue = lock(&self.channel.queue);
        loop {
            if let Some(value) = queue.items.pop_front() {
                record::record(|| self.channel.received(&value));
                return Ok(value);
            }
            if queue.senders == 0 {
                return Err(RecvError);
            }
            queue = self.channel.ready.wait(queue).unwrap_or_else(|p| p.into_inner());
        }
    }

    /// Takes a value if one is queued, without blocking.
    pub fn try_recv(&self) -> Result<T, TryRecvError> {
        let mut queue = lock(&self.channel.queue);
        match queue.items.pop_front() {
            Some(value) => Ok(value),
            None if queue.senders == 0 => Err(TryRecvError::Disconnected),
            None => Err(TryRecvError::Empty),
        }
    }

    /// Iterates over values until every sender is gone.
    pub fn iter(&self) -> impl Iterator<Item = T> + '_ {
        std::iter::from_fn(|| self.recv().ok())
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        if unwinding_a_loom_execution() {
            return;
        }
        lock(&self.channel.queue).receiver_alive = false;
    }
}

/// Whether this thread is unwinding out of a loom execution (loom found a deadlock, or the
/// scenario panicked). loom panics again at any touch of its lock then, inside this destructor,
/// which aborts the process (a receiver left waiting because a sender is alive aborted the docs
/// test that way); the failed execution is discarded whole, so its channel's count of senders no
/// longer matters to anyone.
fn unwinding_a_loom_execution() -> bool {
    std::thread::panicking() && crate::rt::engine() == crate::rt::Engine::Loom
}

// The channel's own lock is never held across user code, so it cannot be poisoned by a user panic.
fn lock<T>(m: &Mutex<T>) -> super::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl<T> fmt::Debug for Sender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sender").field("name", &self.channel.name).finish()
    }
}

impl<T> fmt::Debug for Receiver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Receiver").field("name", &self.channel.name).finish()
    }
}
