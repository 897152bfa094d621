//! `userhash.Signer`: the core `Signer` behind a frozen (immutable, thread-safe) class.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString};
use userhash::{HASH_HEX_LEN, Secret};

use crate::convert;
use crate::errors::to_py_err;
use crate::keyring::DETACH_MIN_BYTES;

/// Batches at least this long are signed with the GIL released: below it, detaching and
/// re-attaching costs more than other threads gain.
const DETACH_MIN_IDS: usize = 64;

/// Signs and verifies user ids with one secret; build it once and share it.
#[pyclass(frozen, module = "userhash", name = "Signer")]
pub(crate) struct Signer(userhash::Signer);

#[pymethods]
impl Signer {
    #[new]
    fn new(secret: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(Signer(convert::signer(secret)?))
    }

    /// Reads the secret (as text) from the environment variable `name`.
    #[staticmethod]
    fn from_env(name: &str) -> PyResult<Self> {
        let secret = Secret::from_env(name).map_err(to_py_err)?;
        Ok(Signer(userhash::Signer::new(&secret)))
    }

    /// The 64-character lowercase hex hash of `user_id` (`str`, `bytes` or `int`).
    fn sign<'py>(&self, user_id: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyString>> {
        sign_with(&self.0, user_id)
    }

    /// Whether `hash` is the hash of `user_id`; a wrong, malformed or missing (`None`) hash
    /// is `False`.
    fn verify(&self, user_id: &Bound<'_, PyAny>, hash: convert::Hash<'_>) -> PyResult<bool> {
        verify_with(&self.0, user_id, hash)
    }

    /// The hashes of every id of an iterable, in order; large batches release the GIL.
    fn sign_many<'py>(&self, user_ids: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
        let py = user_ids.py();
        if user_ids.is_instance_of::<PyString>() || user_ids.is_instance_of::<PyBytes>() {
            // Iterating would hash each character (or byte value) as an id of its own.
            return Err(PyTypeError::new_err(
                "sign_many takes an iterable of user ids, not a single str or bytes: use sign()",
            ));
        }
        // The ids' bytes are copied end to end into one buffer, so that each temporary
        // (a `str`'s UTF-8 `bytes`) is freed at once and the batch stays compact in memory.
        // Both grow as ids arrive: a `__len__` is a claim, never an allocation size.
        let mut arena = Vec::new();
        let mut ends = Vec::new();
        for id in user_ids.try_iter()? {
            arena.extend_from_slice(convert::user_id(&id?)?.as_bytes());
            ends.push(arena.len());
        }
        let count = ends.len();
        let mut hashes = vec![[0u8; HASH_HEX_LEN]; count];
        let (signer, ids, out) = (&self.0, &arena[..], &mut hashes[..]);
        let sign_all = move || -> userhash::Result<()> {
            let starts = std::iter::once(0).chain(ends.iter().copied());
            for ((start, &end), hash) in starts.zip(&ends).zip(out) {
                signer.sign_into(&ids[start..end], hash)?;
            }
            Ok(())
        };
        // One release for the whole batch, never one per chunk: each re-attach can wait a
        // full switch interval (5 ms) behind a busy Python thread.
        if count >= DETACH_MIN_IDS {
            py.detach(sign_all)
        } else {
            sign_all()
        }
        .map_err(to_py_err)?;
        PyList::new(py, hashes.iter().map(|hash| hex_str(py, hash)))
    }

    fn __repr__(&self) -> &'static str {
        "Signer(<redacted>)"
    }
}

impl Signer {
    /// The core signer, for the widget functions.
    pub(crate) fn core(&self) -> &userhash::Signer {
        &self.0
    }
}

pub(crate) fn sign_with<'py>(
    signer: &userhash::Signer,
    user_id: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyString>> {
    let id = convert::user_id(user_id)?;
    let id = id.as_bytes();
    let mut out = [0u8; HASH_HEX_LEN];
    let mut sign = || signer.sign_into(id, &mut out).map(drop);
    // Long ids are hashed with the GIL released, so other threads keep running.
    if id.len() >= DETACH_MIN_BYTES {
        user_id.py().detach(sign)
    } else {
        sign()
    }
    .map_err(to_py_err)?;
    Ok(hex_str(user_id.py(), &out))
}

pub(crate) fn verify_with(
    signer: &userhash::Signer,
    user_id: &Bound<'_, PyAny>,
    hash: convert::Hash<'_>,
) -> PyResult<bool> {
    let id = convert::user_id(user_id)?;
    let (id, hash) = (id.as_bytes(), hash.as_bytes());
    let verify = || signer.verify(id, hash);
    if id.len() >= DETACH_MIN_BYTES {
        user_id.py().detach(verify)
    } else {
        verify()
    }
    .map_err(to_py_err)
}

fn hex_str<'py>(py: Python<'py>, hash: &[u8; HASH_HEX_LEN]) -> Bound<'py, PyString> {
    PyString::new(py, std::str::from_utf8(hash).expect("hex is ASCII"))
}
