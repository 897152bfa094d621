//! `userhash.Signer`: the core `Signer` behind a frozen (immutable, thread-safe) class.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString};
use userhash::{HASH_HEX_LEN, Secret};

use crate::convert::{Hash, Key, UserId};
use crate::detach;
use crate::errors::Result;

/// Signs and verifies user ids with one secret; build it once and share it.
#[pyclass(frozen, module = "userhash", name = "Signer")]
pub(crate) struct Signer(pub(crate) userhash::Signer);

#[pymethods]
impl Signer {
    #[new]
    fn new(secret: Key<userhash::Signer>) -> Self {
        Signer(secret.0)
    }

    /// Reads the secret (as text) from the environment variable `name`.
    #[staticmethod]
    fn from_env(name: &str) -> Result<Self> {
        Ok(Signer(userhash::Signer::new(&Secret::from_env(name)?)))
    }

    /// The 64-character lowercase hex hash of `user_id` (`str`, `bytes` or `int`).
    pub(crate) fn sign<'py>(
        &self,
        py: Python<'py>,
        user_id: UserId<'_>,
    ) -> Result<Bound<'py, PyString>> {
        let (id, mut out) = (user_id.as_bytes(), [0u8; HASH_HEX_LEN]);
        detach::run(py, id.len(), || self.0.sign_into(id, &mut out).map(drop))?;
        Ok(hex_str(py, &out))
    }

    /// Whether `hash` is the hash of `user_id`; a wrong, malformed or missing (`None`) hash
    /// is `False`.
    pub(crate) fn verify(
        &self,
        py: Python<'_>,
        user_id: UserId<'_>,
        hash: Hash<'_>,
    ) -> Result<bool> {
        let (id, hash) = (user_id.as_bytes(), hash.as_bytes());
        Ok(detach::run(py, id.len(), || self.0.verify(id, hash))?)
    }

    /// The hashes of every id of an iterable, in order; large batches release the GIL.
    fn sign_many<'py>(&self, user_ids: &Bound<'py, PyAny>) -> Result<Bound<'py, PyList>> {
        let py = user_ids.py();
        if user_ids.is_instance_of::<PyString>() || user_ids.is_instance_of::<PyBytes>() {
            // Iterating would hash each character (or byte value) as an id of its own.
            return Err(PyTypeError::new_err(
                "sign_many takes an iterable of user ids, not a single str or bytes: use sign()",
            )
            .into());
        }
        // The ids' bytes are copied end to end into one buffer, so that each temporary
        // (a `str`'s UTF-8 `bytes`) is freed at once and the batch stays compact in memory.
        // Both grow as ids arrive: a `__len__` is a claim, never an allocation size.
        let (mut arena, mut ends) = (Vec::new(), Vec::new());
        for id in user_ids.try_iter()? {
            arena.extend_from_slice(id?.extract::<UserId<'_>>()?.as_bytes());
            ends.push(arena.len());
        }
        let mut hashes = vec![[0u8; HASH_HEX_LEN]; ends.len()];
        let (signer, ids, out) = (&self.0, &arena[..], &mut hashes[..]);
        // One release for the whole batch, never one per chunk.
        detach::run(py, detach::batch_bytes(ends.len(), ids.len()), || {
            let starts = std::iter::once(0).chain(ends.iter().copied());
            for ((start, &end), hash) in starts.zip(&ends).zip(out) {
                signer.sign_into(&ids[start..end], hash)?;
            }
            Ok::<_, userhash::Error>(())
        })?;
        Ok(PyList::new(
            py,
            hashes.iter().map(|hash| hex_str(py, hash)),
        )?)
    }

    fn __repr__(&self) -> &'static str {
        "Signer(<redacted>)"
    }
}

fn hex_str<'py>(py: Python<'py>, hash: &[u8; HASH_HEX_LEN]) -> Bound<'py, PyString> {
    PyString::new(py, std::str::from_utf8(hash).expect("hex is ASCII"))
}
