//! The `userhash._native` extension module: type conversion and error mapping around the
//! `userhash` crate, nothing else. The public package is `userhash` (python/userhash).

mod convert;
mod errors;
mod signer;

/// Declared free-threading safe: the only class is frozen and the core is `Send + Sync`.
#[pyo3::pymodule(gil_used = false)]
mod _native {
    use pyo3::prelude::*;
    use pyo3::types::PyString;

    #[pymodule_export]
    use crate::signer::Signer;
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
        signer::sign_with(&userhash::Signer::new(&convert::secret(secret)?), user_id)
    }

    /// One-off check: `Signer(secret).verify(user_id, hash)`.
    #[pyfunction]
    fn verify(
        secret: &Bound<'_, PyAny>,
        user_id: &Bound<'_, PyAny>,
        hash: &Bound<'_, PyAny>,
    ) -> PyResult<bool> {
        signer::verify_with(
            &userhash::Signer::new(&convert::secret(secret)?),
            user_id,
            hash,
        )
    }

    /// A new random secret: 64 hex characters from the OS's CSPRNG.
    #[pyfunction]
    fn generate_secret() -> PyResult<String> {
        userhash::generate_secret().map_err(to_py_err)
    }
}
