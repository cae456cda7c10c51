//! Async on tokio: gather in input order, results in completion order, a bound on tasks in
//! flight, and failures kept as values (asyncio's `gather(..., return_exceptions=True)`).

use std::future::Future;
use std::sync::Arc;

use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::task::{TaskError, join_error};

/// Runs every future as its own task; results in input order, each a value or its failure.
pub async fn gather<F>(futures: impl IntoIterator<Item = F>) -> Vec<Result<F::Output, TaskError>>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.into_iter().map(tokio::spawn).collect();
    let mut results = Vec::with_capacity(handles.len());
    for handle in handles {
        results.push(handle.await.map_err(join_error));
    }
    results
}

/// Runs every future as its own task; `(input index, result)` in the order they finish.
pub async fn as_completed<F>(
    futures: impl IntoIterator<Item = F>,
) -> Vec<(usize, Result<F::Output, TaskError>)>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    let mut set = JoinSet::new();
    let mut ids = std::collections::HashMap::new();
    for (index, future) in futures.into_iter().enumerate() {
        let handle = set.spawn(future);
        ids.insert(handle.id(), index);
    }
    let mut results = Vec::with_capacity(ids.len());
    while let Some(done) = set.join_next_with_id().await {
        match done {
            Ok((id, value)) => results.push((ids[&id], Ok(value))),
            Err(e) => results.push((ids[&e.id()], Err(join_error(e)))),
        }
    }
    results
}

/// Like [`gather`], with at most `limit` futures running at once.
///
/// The bound holds from a future's first poll. A future that starts its work when it is *made*
/// escapes it: `tokio::time::sleep(d)` fixes its deadline at creation, so eight of them made up
/// front all end together, permits or not. Pass `async move { sleep(d).await }` instead, which
/// starts when polled.
pub async fn gather_bounded<F>(
    limit: usize,
    futures: impl IntoIterator<Item = F>,
) -> Vec<Result<F::Output, TaskError>>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    let permits = Arc::new(Semaphore::new(limit));
    gather(futures.into_iter().map(|future| {
        let permits = permits.clone();
        async move {
            let _permit = permits.acquire().await.expect("the semaphore is never closed");
            future.await
        }
    }))
    .await
}
