//! The `userhash._native` extension module: type conversion and error mapping around the
//! `userhash` crate, nothing else. The public package is `userhash` (python/userhash).

mod convert;
mod detach;
mod errors;
mod jwt;
mod keyring;
mod widget;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString};
use userhash::{HASH_HEX_LEN, Secret};

use crate::convert::{Email, Hash, SecretKey, SignerKey, UserId};
use crate::errors::Result;

type Hex<'py> = Bound<'py, PyString>;

/// Signs and verifies user ids with one secret; build it once and share it.
#[pyclass(frozen, module = "userhash", name = "Signer")]
struct Signer(userhash::Signer);

#[pymethods]
impl Signer {
    #[new]
    fn new(secret: SignerKey) -> Self {
        Signer(secret.0)
    }

    /// Reads the secret (as text) from the environment variable `name`.
    #[staticmethod]
    fn from_env(name: &str) -> Result<Self> {
        Ok(Signer(userhash::Signer::new(&Secret::from_env(name)?)))
    }

    /// The 64-character lowercase hex hash of `user_id` (`str`, `bytes` or `int`).
    fn sign<'py>(&self, py: Python<'py>, user_id: UserId<'_>) -> Result<Hex<'py>> {
        let (id, mut out) = (user_id.as_bytes(), [0u8; HASH_HEX_LEN]);
        detach::run(py, id.len(), || self.0.sign_into(id, &mut out).map(drop))?;
        Ok(hex_str(py, &out))
    }

    /// Whether `hash` is the hash of `user_id`; a wrong, malformed or missing hash is `False`.
    fn verify(&self, py: Python<'_>, user_id: UserId<'_>, hash: Hash<'_>) -> Result<bool> {
        let (id, hash) = (user_id.as_bytes(), hash.as_bytes());
        Ok(detach::run(py, id.len(), || self.0.verify(id, hash))?)
    }

    /// The hashes of every id of an iterable, in order; large batches release the GIL.
    fn sign_many<'py>(&self, user_ids: &Bound<'py, PyAny>) -> Result<Bound<'py, PyList>> {
        if user_ids.is_instance_of::<PyString>() || user_ids.is_instance_of::<PyBytes>() {
            // Iterating it would sign each character (or byte value) as an id of its own.
            let message =
                "sign_many takes an iterable of user ids, not a single str or bytes: use sign()";
            return Err(PyTypeError::new_err(message).into());
        }
        // The ids end to end in one buffer, grown as they arrive (a `__len__` is only a claim).
        let (mut ids, mut ends) = (Vec::new(), Vec::new());
        for id in user_ids.try_iter()? {
            ids.extend_from_slice(id?.extract::<UserId<'_>>()?.as_bytes());
            ends.push(ids.len());
        }
        let (py, mut hashes) = (user_ids.py(), vec![[0u8; HASH_HEX_LEN]; ends.len()]);
        detach::run(py, detach::batch_bytes(ends.len(), ids.len()), || {
            let starts = std::iter::once(0).chain(ends.iter().copied());
            let mut each = starts.zip(&ends).zip(&mut hashes);
            each.try_for_each(|((start, &end), out)| {
                self.0.sign_into(&ids[start..end], out).map(drop)
            })
        })?;
        let hex = hashes.iter().map(|hash| hex_str(py, hash));
        Ok(PyList::new(py, hex)?)
    }

    fn __repr__(&self) -> &'static str {
        "Signer(<redacted>)"
    }
}

fn hex_str<'py>(py: Python<'py>, hash: &[u8; HASH_HEX_LEN]) -> Hex<'py> {
    PyString::new(py, std::str::from_utf8(hash).expect("hex is ASCII"))
}

/// Free-threading safe: every class is frozen (the keyring's keys behind a lock).
#[pymodule(gil_used = false)]
mod _native {
    use super::*;
    #[pymodule_export]
    use crate::{
        Signer, jwt::JwtVerification, keyring::Keyring, keyring::Verification, widget::widget,
    };

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", userhash::VERSION)?;
        m.add("ERROR_CODES", userhash::Error::ALL_CODES.to_vec())
    }

    /// One-off signature: `Signer(secret).sign(user_id)`.
    #[pyfunction]
    fn sign<'py>(py: Python<'py>, secret: SignerKey, user_id: UserId<'_>) -> Result<Hex<'py>> {
        Signer(secret.0).sign(py, user_id)
    }

    /// One-off check: `Signer(secret).verify(user_id, hash)`.
    #[pyfunction]
    fn verify(
        py: Python<'_>,
        secret: SignerKey,
        user_id: UserId<'_>,
        hash: Hash<'_>,
    ) -> Result<bool> {
        Signer(secret.0).verify(py, user_id, hash)
    }

    /// Why `hash` does or does not verify for `user_id` under `secret`: a `Finding`.
    #[pyfunction]
    #[pyo3(signature = (secret, user_id, hash, *, email=None))]
    fn explain<'py>(
        py: Python<'py>,
        secret: SecretKey,
        user_id: UserId<'_>,
        hash: Hash<'_>,
        email: Option<Email<'_>>,
    ) -> Result<Bound<'py, PyAny>> {
        let email = email.as_ref().map(|email| email.0.as_bytes());
        let (id, hash) = (user_id.as_bytes(), hash.as_bytes());
        let explain = || userhash::explain(&secret.0, id, hash, email);
        let found = detach::run(py, detach::ALWAYS, explain)?;
        Ok(crate::keyring::finding(py, found)?)
    }

    /// A new random secret: 64 hex characters from the OS's CSPRNG.
    #[pyfunction]
    fn generate_secret() -> Result<String> {
        Ok(userhash::generate_secret()?)
    }
}
