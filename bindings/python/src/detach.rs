//! When the GIL is released: for work large enough to pay, and whenever a lock is waited for.

use std::sync::{PoisonError, RwLock};

use pyo3::Python;

/// Work of this many bytes or more runs detached; below, re-attaching (which can wait a 5 ms
/// switch interval behind a busy thread) costs more than other threads gain.
const DETACH_MIN_BYTES: usize = 16 * 1024;

/// Work that always pays for a release (`explain` tries dozens of variants of the id).
pub(crate) const ALWAYS: usize = usize::MAX;

/// A batch's work: its bytes, and 256 per MAC's fixed cost (64 ids of any length pay).
pub(crate) fn batch_bytes(ids: usize, id_bytes: usize) -> usize {
    ids.saturating_mul(256).saturating_add(id_bytes)
}

/// Runs `f`, detached when its work (`bytes` hashed) is large enough to pay.
pub(crate) fn run<T: Send>(py: Python<'_>, bytes: usize, f: impl FnOnce() -> T + Send) -> T {
    match bytes {
        DETACH_MIN_BYTES.. => py.detach(f),
        _ => f(),
    }
}

/// A read-write lock never waited for with the GIL held (a holder may work detached for long,
/// and an attached waiter would stop every Python thread); holders never need the GIL, so this
/// cannot deadlock. A holder's panic (the core has none) leaves the value as it was.
pub(crate) struct DetachedRwLock<T>(RwLock<T>);

impl<T: Send + Sync> DetachedRwLock<T> {
    pub(crate) fn new(value: T) -> Self {
        DetachedRwLock(RwLock::new(value))
    }

    /// Runs `f` under the read lock: attached if the lock is free and the work small.
    pub(crate) fn read<R: Send>(
        &self,
        py: Python<'_>,
        bytes: usize,
        f: impl FnOnce(&T) -> R + Send,
    ) -> R {
        if bytes < DETACH_MIN_BYTES
            && let Ok(value) = self.0.try_read()
        {
            return f(&value);
        }
        py.detach(|| f(&self.0.read().unwrap_or_else(PoisonError::into_inner)))
    }

    /// Runs `f` under the write lock, waited for detached.
    pub(crate) fn write<R: Send>(&self, py: Python<'_>, f: impl FnOnce(&mut T) -> R + Send) -> R {
        py.detach(|| f(&mut self.0.write().unwrap_or_else(PoisonError::into_inner)))
    }
}
