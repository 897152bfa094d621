//! The `userhash._native` extension module: type conversion and error mapping around the
//! `userhash` crate, nothing else. The public package is `userhash` (python/userhash).

mod convert;
mod errors;
mod keyring;
mod signer;
mod widget;

/// Declared free-threading safe: every class is frozen (the keyring's keys sit behind a
/// lock) and the core is `Send + Sync`.
#[pyo3::pymodule(gil_used = false)]
mod _native {
    use pyo3::prelude::*;
    use pyo3::types::PyString;

    #[pymodule_export]
    use crate::keyring::{FailureEvent, Finding, Keyring, Verification};
    #[pymodule_export]
    use crate::signer::Signer;
    #[pymodule_export]
    use crate::widget::{widget_json, widget_script};
    use crate::{convert, errors::to_py_err, signer};

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", userhash::VERSION)?;
        m.add("ERROR_CODES", userhash::Error::ALL_CODES.to_vec())
    }

    /// One-off signature: `Signer(secret).sign(user_id)`.
    #[pyfunction]
    fn sign<'py>(
        secret: &Bound<'py, PyAny>,
        user_id: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyString>> {
        signer::sign_with(&convert::signer(secret)?, user_id)
    }

    /// One-off check: `Signer(secret).verify(user_id, hash)`.
    #[pyfunction]
    fn verify(
        secret: &Bound<'_, PyAny>,
        user_id: &Bound<'_, PyAny>,
        hash: convert::Hash<'_>,
    ) -> PyResult<bool> {
        signer::verify_with(&convert::signer(secret)?, user_id, hash)
    }

    /// Why `hash` does or does not verify for `user_id` under `secret`: a `Finding`.
    #[pyfunction]
    #[pyo3(signature = (secret, user_id, hash, *, email=None))]
    fn explain(
        py: Python<'_>,
        secret: &Bound<'_, PyAny>,
        user_id: &Bound<'_, PyAny>,
        hash: convert::Hash<'_>,
        email: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<crate::keyring::Finding> {
        let secret = convert::secret(secret)?;
        let id = convert::user_id(user_id)?;
        let email = convert::optional_bytes(email, "the email")?;
        let (id, hash) = (id.as_bytes(), hash.as_bytes());
        let email = email.as_ref().map(|e| e.as_bytes());
        py.detach(|| userhash::explain(&secret, id, hash, email))
            .map(crate::keyring::Finding)
            .map_err(to_py_err)
    }

    /// A new random secret: 64 hex characters from the OS's CSPRNG.
    #[pyfunction]
    fn generate_secret() -> PyResult<String> {
        userhash::generate_secret().map_err(to_py_err)
    }
}
