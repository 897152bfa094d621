//! The value objects the keyring returns: `Verification`, `Finding` and `FailureEvent`,
//! frozen copies of the core's, compared by value and printed as `Class(field=repr, …)`.

use pyo3::prelude::*;
use pyo3::types::PyTuple;

/// `Class(field=repr(field), …)`, as a dataclass prints, then `tail`.
pub(crate) fn repr(obj: &Bound<'_, PyAny>, fields: &[&str], tail: &str) -> PyResult<String> {
    let mut shown = Vec::with_capacity(fields.len());
    for name in fields {
        shown.push(format!("{name}={}", obj.getattr(*name)?.repr()?));
    }
    Ok(format!(
        "{}({}{tail})",
        obj.get_type().name()?,
        shown.join(", ")
    ))
}

/// The outcome of a verification: `outcome` is one of `Verification.OUTCOMES`; `key_id`
/// names the key that matched (verified or expired); `reason` is the error code of a
/// malformed input. True only when verified.
#[pyclass(frozen, eq, hash, module = "userhash", name = "Verification")]
#[derive(PartialEq, Eq, Hash)]
pub(crate) struct Verification {
    #[pyo3(get)]
    outcome: &'static str,
    #[pyo3(get)]
    key_id: Option<String>,
    #[pyo3(get)]
    reason: Option<&'static str>,
    verified: bool,
}

impl From<userhash::Verification> for Verification {
    fn from(result: userhash::Verification) -> Self {
        Verification {
            outcome: result.outcome(),
            key_id: result.key_id().map(str::to_owned),
            reason: result.reason(),
            verified: result.is_verified(),
        }
    }
}

#[pymethods]
impl Verification {
    #[classattr]
    #[allow(non_snake_case)]
    fn OUTCOMES(py: Python<'_>) -> PyResult<Py<PyTuple>> {
        Ok(PyTuple::new(py, userhash::Verification::OUTCOMES)?.unbind())
    }

    fn __bool__(&self) -> bool {
        self.verified
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        repr(slf, &["outcome", "key_id", "reason"], "")
    }
}

/// What `explain` concluded: `code` (one of `Finding.CODES`) and a `message` for a
/// developer. Neither ever contains a secret.
#[pyclass(frozen, eq, hash, get_all, module = "userhash")]
#[derive(PartialEq, Eq, Hash)]
pub(crate) struct Finding {
    code: &'static str,
    message: String,
}

impl From<userhash::Finding> for Finding {
    fn from(userhash::Finding { code, message }: userhash::Finding) -> Self {
        Finding { code, message }
    }
}

#[pymethods]
impl Finding {
    #[classattr]
    #[allow(non_snake_case)]
    fn CODES(py: Python<'_>) -> PyResult<Py<PyTuple>> {
        Ok(PyTuple::new(py, userhash::Finding::CODES)?.unbind())
    }

    fn __str__(&self) -> String {
        format!("{}: {}", self.code, self.message)
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        repr(slf, &["code", "message"], "")
    }
}

/// A failed verification as the monitoring hook sees it: the outcome, the reason, the key
/// id (for expired), the user id and at most the first 8 characters of what was presented.
/// Never the secret, never the whole hash.
#[pyclass(frozen, eq, get_all, module = "userhash", name = "FailureEvent")]
#[derive(PartialEq)]
pub(crate) struct FailureEvent {
    outcome: &'static str,
    reason: Option<&'static str>,
    key_id: Option<String>,
    user_id: String,
    hash_prefix: String,
}

impl From<userhash::FailureEvent> for FailureEvent {
    fn from(event: userhash::FailureEvent) -> Self {
        let userhash::FailureEvent {
            outcome,
            reason,
            key_id,
            user_id,
            hash_prefix,
        } = event;
        FailureEvent {
            outcome,
            reason,
            key_id,
            user_id,
            hash_prefix,
        }
    }
}

#[pymethods]
impl FailureEvent {
    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let fields = ["outcome", "reason", "key_id", "user_id", "hash_prefix"];
        repr(slf, &fields, "")
    }
}
