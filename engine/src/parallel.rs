//! Data parallelism over disjoint chunks: rayon's pool natively, a plain loop in the browser
//! (where the engine runs in one Web Worker). Kernels call this instead of rayon directly so the
//! wasm32 build needs no threads.

/// Threads that [`for_each_chunk`] spreads work over.
pub fn threads() -> usize {
    #[cfg(not(target_arch = "wasm32"))]
    {
        rayon::current_num_threads()
    }
    #[cfg(target_arch = "wasm32")]
    {
        1
    }
}

/// Sets the number of worker threads for the whole process; call once, before any work.
/// Returns false if the pool was already started.
pub fn set_threads(n: usize) -> bool {
    #[cfg(not(target_arch = "wasm32"))]
    {
        rayon::ThreadPoolBuilder::new().num_threads(n).build_global().is_ok()
    }
    #[cfg(target_arch = "wasm32")]
    {
        let _ = n;
        false
    }
}

/// Calls `f(chunk_index, chunk)` for each `chunk`-sized piece of `data` (the last may be shorter),
/// in parallel when `parallel` is true and there is more than one piece.
pub fn for_each_chunk<T: Send>(
    data: &mut [T],
    chunk: usize,
    parallel: bool,
    f: impl Fn(usize, &mut [T]) + Sync + Send,
) {
    let chunk = chunk.max(1);
    #[cfg(not(target_arch = "wasm32"))]
    if parallel && data.len() > chunk && threads() > 1 {
        use rayon::prelude::*;
        data.par_chunks_mut(chunk).enumerate().for_each(|(i, c)| f(i, c));
        return;
    }
    let _ = parallel;
    for (i, c) in data.chunks_mut(chunk).enumerate() {
        f(i, c);
    }
}
