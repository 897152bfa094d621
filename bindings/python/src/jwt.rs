//! HS256 JWTs of the vendor profiles on `userhash.Keyring` (docs/spec.md, section 6): Python
//! arguments to the core's `issue_jwt_at`, `check_jwt` and `explain_jwt_at`, and a native
//! `JwtVerification` (on the hot path, as `Verification` is); a failure is reported as a hash's.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyTuple;

use crate::convert::{Duration, ExpiresAt, Hash, Leeway, Now, Seconds, Ttl, or_now};
use crate::detach::ALWAYS;
use crate::errors::Result;
use crate::keyring::{Keyring, finding, repr};
use crate::widget::{PresetArg, User};

const AT_MOST_ONE: &str = "issue_jwt() takes at most one of ttl= and expires_at=";
const NO_USER: &str = "issue_jwt() needs the user dict {'id': ...}: a JWT identifies a user";

/// A token of `preset`'s profile for `user`, issued at `now`, expiring `ttl` seconds later or
/// at `expires_at` (no `exp` claim with neither).
pub(crate) fn issue(
    keyring: &Keyring,
    py: Python<'_>,
    preset: PresetArg,
    user: Option<User>,
    (ttl, expires_at): (Option<Duration<Ttl>>, Option<Seconds<ExpiresAt>>),
    now: Option<Seconds<Now>>,
) -> Result<String> {
    let user = user.ok_or_else(|| PyTypeError::new_err(NO_USER))?.0;
    let now = or_now(now);
    let expires_at = match (ttl, expires_at) {
        (Some(ttl), None) => Some(now.saturating_add_unsigned(ttl.0)),
        (None, at) => at.map(|at| at.0),
        (Some(_), Some(_)) => return Err(PyTypeError::new_err(AT_MOST_ONE).into()),
    };
    let issue = |k: &userhash::Keyring| k.issue_jwt_at(preset.0, &user, now, expires_at);
    Ok(keyring.inner.read(py, 0, issue)?)
}

/// The outcome of checking `token` at `now` with `leeway`.
pub(crate) fn verify(
    keyring: &Keyring,
    py: Python<'_>,
    preset: PresetArg,
    token: Hash<'_>,
    leeway: Option<Duration<Leeway>>,
    now: Option<Seconds<Now>>,
) -> Result<JwtVerification> {
    let (token, leeway, now) = (token.as_bytes(), leeway.map_or(0, |l| l.0), or_now(now));
    let checked = keyring.run(py, token.len(), |k| {
        let checked = k.check_jwt(preset.0, token, now, leeway)?;
        let event = checked.failure_event(token);
        Ok((checked, event))
    })?;
    Ok(JwtVerification { verification: checked.verification, claims: checked.claims })
}

/// The outcome of checking a JWT, and the claims of an authentic one; true only when verified.
#[pyclass(frozen, module = "userhash", name = "JwtVerification")]
pub(crate) struct JwtVerification {
    verification: userhash::Verification,
    /// The claims object's JSON text (`verified` and `expired`).
    claims: Option<String>,
}

#[pymethods]
impl JwtVerification {
    #[classattr]
    #[allow(non_snake_case)]
    fn OUTCOMES(py: Python<'_>) -> PyResult<Py<PyTuple>> {
        Ok(PyTuple::new(py, userhash::Verification::OUTCOMES)?.unbind())
    }

    #[getter]
    fn outcome(&self) -> &'static str {
        self.verification.outcome()
    }

    #[getter]
    fn reason(&self) -> Option<&'static str> {
        self.verification.reason()
    }

    #[getter]
    fn key_id(&self) -> Option<&str> {
        self.verification.key_id()
    }

    #[getter]
    fn verified(&self) -> bool {
        self.verification.is_verified()
    }

    /// The claims as a new `dict` on each access, read by Python's `json`; `None` unless
    /// the token is authentic.
    #[getter]
    fn claims<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        let Some(claims) = &self.claims else { return Ok(None) };
        LOADS.import(py, "json", "loads")?.call1((claims,)).map(Some)
    }

    fn __bool__(&self) -> bool {
        self.verification.is_verified()
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        repr(slf, &["outcome", "key_id", "reason", "claims"], "")
    }
}

/// Why `token` does or does not verify: a `Finding`; a failure is reported like any other.
pub(crate) fn explain<'py>(
    keyring: &Keyring,
    py: Python<'py>,
    preset: PresetArg,
    token: Hash<'_>,
    leeway: Option<Duration<Leeway>>,
    now: Option<Seconds<Now>>,
) -> Result<Bound<'py, PyAny>> {
    let (token, leeway, now) = (token.as_bytes(), leeway.map_or(0, |l| l.0), or_now(now));
    let explain = |k: &userhash::Keyring| k.explain_jwt_at(preset.0, token, now, leeway);
    Ok(finding(py, keyring.run(py, ALWAYS, explain)?)?)
}
