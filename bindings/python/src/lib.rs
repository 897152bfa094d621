//! The `userhash._native` extension module: type conversion and error mapping around the
//! `userhash` crate, nothing else. The public package is `userhash` (python/userhash).

mod convert;
mod detach;
mod errors;
mod keyring;
mod signer;
mod values;
mod widget;

/// Declared free-threading safe: every class is frozen (the keyring's keys sit behind a
/// lock) and the core is `Send + Sync`.
#[pyo3::pymodule(gil_used = false)]
mod _native {
    use pyo3::prelude::*;
    use pyo3::types::PyString;
    use userhash::Secret;

    use crate::convert::{Email, Hash, Key, UserId};
    use crate::detach;
    use crate::errors::Result;
    #[pymodule_export]
    use crate::keyring::Keyring;
    #[pymodule_export]
    use crate::signer::Signer;
    #[pymodule_export]
    use crate::values::{FailureEvent, Finding, Verification};
    #[pymodule_export]
    use crate::widget::{widget_json, widget_script};

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", userhash::VERSION)?;
        m.add("ERROR_CODES", userhash::Error::ALL_CODES.to_vec())
    }

    /// One-off signature: `Signer(secret).sign(user_id)`.
    #[pyfunction]
    fn sign<'py>(
        py: Python<'py>,
        secret: Key<userhash::Signer>,
        user_id: UserId<'_>,
    ) -> Result<Bound<'py, PyString>> {
        Signer(secret.0).sign(py, user_id)
    }

    /// One-off check: `Signer(secret).verify(user_id, hash)`.
    #[pyfunction]
    fn verify(
        py: Python<'_>,
        secret: Key<userhash::Signer>,
        user_id: UserId<'_>,
        hash: Hash<'_>,
    ) -> Result<bool> {
        Signer(secret.0).verify(py, user_id, hash)
    }

    /// Why `hash` does or does not verify for `user_id` under `secret`: a `Finding`.
    #[pyfunction]
    #[pyo3(signature = (secret, user_id, hash, *, email=None))]
    fn explain(
        py: Python<'_>,
        secret: Key<Secret>,
        user_id: UserId<'_>,
        hash: Hash<'_>,
        email: Option<Email<'_>>,
    ) -> Result<Finding> {
        let (id, hash, email) = (user_id.as_bytes(), hash.as_bytes(), Email::bytes(&email));
        let finding = detach::run(py, detach::ALWAYS, || {
            userhash::explain(&secret.0, id, hash, email)
        });
        Ok(finding?.into())
    }

    /// A new random secret: 64 hex characters from the OS's CSPRNG.
    #[pyfunction]
    fn generate_secret() -> Result<String> {
        Ok(userhash::generate_secret()?)
    }
}
