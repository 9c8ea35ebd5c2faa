//! Work over the actions of one document, split between threads with the `parallel` feature (the
//! CLI) and run in order on this thread without it (WebAssembly). Results come back in document
//! order either way, so output never depends on the feature or the scheduling.

/// Actions per task: fewer cost more in hand-offs than they save (an editor's file is one task).
pub const ACTIONS_PER_TASK: usize = 64;

/// Whether `items` are enough to be worth splitting.
pub fn worth_splitting<T>(items: &[T]) -> bool {
    cfg!(feature = "parallel") && items.len() >= 2 * ACTIONS_PER_TASK
}

/// `f(first, chunk)` over consecutive chunks of `items` (`first` is the index of the chunk's first
/// item), in order: chunks of [`ACTIONS_PER_TASK`] on several threads when that is worth it, else
/// all of `items` as one chunk.
pub fn map_chunks<T: Sync, R: Send>(items: &[T], f: impl Fn(usize, &[T]) -> R + Sync + Send) -> Vec<R> {
    #[cfg(feature = "parallel")]
    if worth_splitting(items) {
        use rayon::prelude::*;
        return items
            .par_chunks(ACTIONS_PER_TASK)
            .enumerate()
            .map(|(i, chunk)| f(i * ACTIONS_PER_TASK, chunk))
            .collect();
    }
    vec![f(0, items)]
}

/// `a` and `b`, on two threads when `split` (and the feature) allow it.
pub fn join<A: Send, B: Send>(split: bool, a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    #[cfg(feature = "parallel")]
    if split {
        return rayon::join(a, b);
    }
    let _ = split;
    (a(), b())
}
