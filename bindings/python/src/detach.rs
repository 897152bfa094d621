//! When the GIL is released: for work large enough to pay for it, and whenever a lock is
//! waited for.

use std::sync::{PoisonError, RwLock, TryLockError};

use pyo3::Python;

/// Work of at least this many bytes runs with the GIL released, so that other threads keep
/// running. Below it, detaching and re-attaching costs more than other threads gain, and
/// each re-attach can wait a full switch interval (5 ms) behind a busy Python thread.
const DETACH_MIN_BYTES: usize = 16 * 1024;

/// Work that always pays for a release (`explain` tries dozens of variants of the id).
pub(crate) const ALWAYS: usize = usize::MAX;

/// What a batch of ids weighs: their bytes, and 256 bytes for each MAC's fixed cost, so that
/// 64 ids of any length are worth a release as one 16 KiB id is.
pub(crate) fn batch_bytes(ids: usize, id_bytes: usize) -> usize {
    ids.saturating_mul(256).saturating_add(id_bytes)
}

/// Runs `f`, with the GIL released when its work (`bytes` hashed) is large enough to pay.
pub(crate) fn run<T: Send>(py: Python<'_>, bytes: usize, f: impl FnOnce() -> T + Send) -> T {
    if bytes >= DETACH_MIN_BYTES {
        py.detach(f)
    } else {
        f()
    }
}

/// A read-write lock that is never waited for with the GIL held. A holder may be working
/// with the GIL released for a long time (a large id, an `explain`), and a thread waiting
/// attached would stop every other Python thread until it is done. Holders never need the
/// GIL, so waiting detached cannot deadlock. A panic in a holder (there is none in the
/// core) leaves the value as it was: the poison is ignored.
pub(crate) struct DetachedRwLock<T>(RwLock<T>);

impl<T: Send + Sync> DetachedRwLock<T> {
    pub(crate) fn new(value: T) -> Self {
        DetachedRwLock(RwLock::new(value))
    }

    /// Runs `f` on the value under the read lock: attached when the lock is free and the
    /// work small (see [`run`]), otherwise with the GIL released for the wait and the work.
    pub(crate) fn read<R: Send>(
        &self,
        py: Python<'_>,
        bytes: usize,
        f: impl FnOnce(&T) -> R + Send,
    ) -> R {
        if bytes < DETACH_MIN_BYTES {
            match self.0.try_read() {
                Ok(value) => return f(&value),
                Err(TryLockError::Poisoned(value)) => return f(&value.into_inner()),
                Err(TryLockError::WouldBlock) => {}
            }
        }
        py.detach(|| f(&self.0.read().unwrap_or_else(PoisonError::into_inner)))
    }

    /// Runs `f` on the value under the write lock, waited for with the GIL released.
    pub(crate) fn write<R: Send>(&self, py: Python<'_>, f: impl FnOnce(&mut T) -> R + Send) -> R {
        py.detach(|| f(&mut self.0.write().unwrap_or_else(PoisonError::into_inner)))
    }
}
