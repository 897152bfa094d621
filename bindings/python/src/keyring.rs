//! `userhash.Keyring` and the value objects it returns (`Verification`, `Finding`,
//! `FailureEvent`): the core's types behind frozen classes.
//!
//! Failures reach Python through the core's own hook: it records each `FailureEvent` in a
//! thread-local slot (the core calls it on the thread that verifies, GIL released or not),
//! and once the core call has returned and the keyring's lock is released, the event goes
//! to `userhash._monitor.report` (the `logging` logger `"userhash"` and the `on_failure`
//! callable). A callback may therefore use the keyring again, even `add` a key.

use std::cell::RefCell;
use std::sync::{Arc, PoisonError, RwLock};

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyString, PyTuple};
use pyo3::{PyTraverseError, gc::PyVisit};
use userhash::{KeyWindow, Secret};

use crate::convert;
use crate::errors::to_py_err;

/// Inputs at least this long are hashed with the GIL released.
pub(crate) const DETACH_MIN_BYTES: usize = 16 * 1024;

thread_local! {
    /// The event the core's failure hook reported during the running call of this thread.
    static FAILURE: RefCell<Option<userhash::FailureEvent>> = const { RefCell::new(None) };
}

fn take_failure() -> Option<userhash::FailureEvent> {
    FAILURE.with(|slot| slot.borrow_mut().take())
}

fn hooked(mut keyring: userhash::Keyring) -> userhash::Keyring {
    keyring.on_failure(Arc::new(|event: &userhash::FailureEvent| {
        FAILURE.with(|slot| *slot.borrow_mut() = Some(event.clone()));
    }));
    keyring
}

fn repr(py: Python<'_>, text: Option<&str>) -> PyResult<String> {
    match text {
        Some(text) => Ok(PyString::new(py, text).repr()?.to_cow()?.into_owned()),
        None => Ok("None".to_owned()),
    }
}

/// Keys by id: signs with the primary key, verifies with every key valid at the time and
/// names the key that matched.
#[pyclass(frozen, module = "userhash", name = "Keyring")]
pub(crate) struct Keyring {
    inner: RwLock<userhash::Keyring>,
    on_failure: Option<Py<PyAny>>,
}

impl Keyring {
    fn wrap(keyring: userhash::Keyring, on_failure: Option<Bound<'_, PyAny>>) -> PyResult<Self> {
        if let Some(callback) = &on_failure
            && !callback.is_callable()
            && !callback.is_none()
        {
            return Err(PyTypeError::new_err(format!(
                "on_failure must be callable or None, not {}",
                convert::type_name(callback)
            )));
        }
        Ok(Keyring {
            inner: RwLock::new(hooked(keyring)),
            on_failure: on_failure.filter(|c| !c.is_none()).map(Bound::unbind),
        })
    }

    /// Runs `call` on the core keyring (with the GIL released when `detach`), then reports
    /// the failure event it produced, after the lock is released.
    fn run<T: Send>(
        &self,
        py: Python<'_>,
        detach: bool,
        call: impl FnOnce(&userhash::Keyring) -> userhash::Result<T> + Send,
    ) -> PyResult<T> {
        let locked = || {
            take_failure();
            let keyring = self.inner.read().unwrap_or_else(PoisonError::into_inner);
            let result = call(&keyring);
            drop(keyring);
            (result, take_failure())
        };
        let (result, event) = if detach { py.detach(locked) } else { locked() };
        if let Some(event) = event {
            self.report(py, event)?;
        }
        result.map_err(to_py_err)
    }

    /// A copy of the primary key's signer, for the widget functions.
    pub(crate) fn primary_signer(&self) -> userhash::Signer {
        let keyring = self.inner.read().unwrap_or_else(PoisonError::into_inner);
        keyring.primary_signer().clone()
    }

    fn report(&self, py: Python<'_>, event: userhash::FailureEvent) -> PyResult<()> {
        static REPORT: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        let report = REPORT.import(py, "userhash._monitor", "report")?;
        let callback = self.on_failure.as_ref().map(|c| c.bind(py).clone());
        report.call1((FailureEvent(event), callback))?;
        Ok(())
    }
}

#[pymethods]
impl Keyring {
    #[new]
    #[pyo3(signature = (primary_id, secret, *, on_failure=None))]
    fn new(
        primary_id: &Bound<'_, PyAny>,
        secret: &Bound<'_, PyAny>,
        on_failure: Option<Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let id = convert::text(primary_id, "the key id")?;
        let secret = convert::secret(secret)?;
        let keyring = userhash::Keyring::new(&id, &secret).map_err(to_py_err)?;
        Self::wrap(keyring, on_failure)
    }

    /// `USERHASH_SECRET` as key `"current"`; with `USERHASH_PREVIOUS_SECRET`, key
    /// `"previous"` until `USERHASH_PREVIOUS_SECRET_NOT_AFTER` (Unix seconds).
    #[staticmethod]
    #[pyo3(signature = (*, on_failure=None))]
    fn from_env(on_failure: Option<Bound<'_, PyAny>>) -> PyResult<Self> {
        let keyring = userhash::Keyring::from_env().map_err(to_py_err)?;
        Self::wrap(keyring, on_failure)
    }

    /// Adds a key that verifies within `[not_before, not_after)` but never signs.
    #[pyo3(signature = (id, secret, *, not_before=None, not_after=None))]
    fn add(
        &self,
        py: Python<'_>,
        id: &Bound<'_, PyAny>,
        secret: &Bound<'_, PyAny>,
        not_before: Option<&Bound<'_, PyAny>>,
        not_after: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let id = convert::text(id, "the key id")?;
        let secret: Secret = convert::secret(secret)?;
        let window = KeyWindow {
            not_before: convert::seconds(not_before, "not_before")?,
            not_after: convert::seconds(not_after, "not_after")?,
        };
        // The write lock is waited for without the GIL: a verifying thread that holds the
        // read lock may need the GIL to finish.
        py.detach(|| {
            let mut keyring = self.inner.write().unwrap_or_else(PoisonError::into_inner);
            keyring.add(&id, &secret, window).map(|_| ())
        })
        .map_err(to_py_err)
    }

    /// The id of the signing key.
    #[getter]
    fn primary_id(&self) -> String {
        let keyring = self.inner.read().unwrap_or_else(PoisonError::into_inner);
        keyring.primary_id().to_owned()
    }

    /// Every key id, primary first.
    #[getter]
    fn key_ids<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let ids: Vec<String> = {
            let keyring = self.inner.read().unwrap_or_else(PoisonError::into_inner);
            keyring.key_ids().map(str::to_owned).collect()
        };
        PyTuple::new(py, ids)
    }

    /// The widget hash of `user_id` under the primary key.
    fn sign(&self, py: Python<'_>, user_id: &Bound<'_, PyAny>) -> PyResult<String> {
        let id = convert::user_id(user_id)?;
        let id = id.as_bytes();
        self.run(py, id.len() >= DETACH_MIN_BYTES, |k| k.sign(id))
    }

    /// Whether `hash` verifies now under a valid key; failures are reported.
    fn verify(
        &self,
        py: Python<'_>,
        user_id: &Bound<'_, PyAny>,
        hash: convert::Hash<'_>,
    ) -> PyResult<bool> {
        let id = convert::user_id(user_id)?;
        let (id, hash) = (id.as_bytes(), hash.as_bytes());
        self.run(py, id.len() >= DETACH_MIN_BYTES, |k| k.verify(id, hash))
    }

    /// The outcome of checking `hash` at Unix second `now` (default: the current time).
    #[pyo3(signature = (user_id, hash, *, now=None))]
    fn verify_detailed(
        &self,
        py: Python<'_>,
        user_id: &Bound<'_, PyAny>,
        hash: convert::Hash<'_>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Verification> {
        let now = convert::seconds(now, "now")?;
        let id = convert::user_id(user_id)?;
        let (id, hash) = (id.as_bytes(), hash.as_bytes());
        self.run(py, id.len() >= DETACH_MIN_BYTES, |k| match now {
            Some(now) => k.verify_detailed_at(id, hash, now),
            None => k.verify_detailed(id, hash),
        })
        .map(Verification)
    }

    /// A `v1` token signed by the primary key, expiring `ttl` seconds from now or at Unix
    /// second `expires_at` (give exactly one).
    #[pyo3(signature = (user_id, *, ttl=None, expires_at=None))]
    fn issue_token(
        &self,
        py: Python<'_>,
        user_id: &Bound<'_, PyAny>,
        ttl: Option<&Bound<'_, PyAny>>,
        expires_at: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        let ttl = convert::duration(ttl, "the ttl")?;
        let expires_at = convert::seconds(expires_at, "the token expiry")?;
        let id = convert::user_id(user_id)?;
        let id = id.as_bytes();
        let detach = id.len() >= DETACH_MIN_BYTES;
        match (ttl, expires_at) {
            (Some(ttl), None) => self.run(py, detach, |k| k.issue_token(id, ttl)),
            (None, Some(at)) => self.run(py, detach, |k| k.issue_token_at(id, at)),
            _ => Err(PyTypeError::new_err(
                "issue_token() needs exactly one of ttl= and expires_at=",
            )),
        }
    }

    /// The outcome of checking a `v1` token at Unix second `now` (default: the current time),
    /// tolerating `leeway` seconds past its expiry.
    #[pyo3(
        signature = (user_id, token, *, leeway=None, now=None),
        text_signature = "($self, user_id, token, *, leeway=0, now=None)"
    )]
    fn verify_token(
        &self,
        py: Python<'_>,
        user_id: &Bound<'_, PyAny>,
        token: convert::Hash<'_>,
        leeway: Option<&Bound<'_, PyAny>>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Verification> {
        let leeway = convert::duration(leeway, "the leeway")?.unwrap_or(0);
        let now = convert::seconds(now, "now")?;
        let id = convert::user_id(user_id)?;
        let (id, token) = (id.as_bytes(), token.as_bytes());
        self.run(py, id.len() >= DETACH_MIN_BYTES, |k| match now {
            Some(now) => k.verify_token_at(id, token, now, leeway),
            None => k.verify_token(id, token, leeway),
        })
        .map(Verification)
    }

    /// Why `hash` does or does not verify for `user_id` under this keyring. A hash that does
    /// not verify is reported like any failed verification, so monitoring sees probing.
    #[pyo3(signature = (user_id, hash, *, email=None, now=None))]
    fn explain(
        &self,
        py: Python<'_>,
        user_id: &Bound<'_, PyAny>,
        hash: convert::Hash<'_>,
        email: Option<&Bound<'_, PyAny>>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Finding> {
        let now = convert::seconds(now, "now")?;
        let id = convert::user_id(user_id)?;
        let email = convert::optional_bytes(email, "the email")?;
        let (id, hash) = (id.as_bytes(), hash.as_bytes());
        let email = email.as_ref().map(|e| e.as_bytes());
        // explain tries dozens of variants: always worth releasing the GIL.
        self.run(py, true, |k| match now {
            Some(now) => k.explain_at(id, hash, email, now),
            None => k.explain(id, hash, email),
        })
        .map(Finding)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let ids = self.key_ids(py)?;
        Ok(format!(
            "Keyring(primary_id={}, key_ids={}, secrets=<redacted>)",
            repr(py, Some(&self.primary_id()))?,
            ids.repr()?
        ))
    }

    fn __traverse__(&self, visit: PyVisit<'_>) -> Result<(), PyTraverseError> {
        visit.call(&self.on_failure)
    }
}

/// The outcome of a verification: `outcome` is one of `Verification.OUTCOMES`; `key_id`
/// names the key that matched (verified or expired); `reason` is the error code of a
/// malformed input. True only when verified.
#[pyclass(frozen, eq, module = "userhash", name = "Verification")]
#[derive(PartialEq)]
pub(crate) struct Verification(pub(crate) userhash::Verification);

#[pymethods]
impl Verification {
    #[classattr]
    const OUTCOMES: (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    ) = {
        let o = userhash::Verification::OUTCOMES;
        (o[0], o[1], o[2], o[3], o[4])
    };

    #[getter]
    fn outcome(&self) -> &'static str {
        self.0.outcome()
    }

    #[getter]
    fn key_id(&self) -> Option<&str> {
        self.0.key_id()
    }

    #[getter]
    fn reason(&self) -> Option<&'static str> {
        self.0.reason()
    }

    fn __bool__(&self) -> bool {
        self.0.is_verified()
    }

    fn __hash__(&self, py: Python<'_>) -> PyResult<isize> {
        (self.outcome(), self.key_id(), self.reason())
            .into_pyobject(py)?
            .hash()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Verification(outcome={}, key_id={}, reason={})",
            repr(py, Some(self.outcome()))?,
            repr(py, self.key_id())?,
            repr(py, self.reason())?
        ))
    }
}

/// What `explain` concluded: `code` (one of `Finding.CODES`) and a `message` for a
/// developer. Neither ever contains a secret.
#[pyclass(frozen, eq, module = "userhash", name = "Finding")]
#[derive(PartialEq)]
pub(crate) struct Finding(pub(crate) userhash::Finding);

#[pymethods]
impl Finding {
    #[classattr]
    #[allow(non_snake_case)]
    fn CODES(py: Python<'_>) -> PyResult<Py<PyTuple>> {
        Ok(PyTuple::new(py, userhash::Finding::CODES)?.unbind())
    }

    #[getter]
    fn code(&self) -> &'static str {
        self.0.code
    }

    #[getter]
    fn message(&self) -> &str {
        &self.0.message
    }

    fn __hash__(&self, py: Python<'_>) -> PyResult<isize> {
        (self.code(), self.message()).into_pyobject(py)?.hash()
    }

    fn __str__(&self) -> String {
        format!("{}: {}", self.0.code, self.0.message)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Finding(code={}, message={})",
            repr(py, Some(self.code()))?,
            repr(py, Some(self.message()))?
        ))
    }
}

/// A failed verification as the monitoring hook sees it: the outcome, the reason, the key
/// id (for expired), the user id and at most the first 8 characters of what was presented.
/// Never the secret, never the whole hash.
#[pyclass(frozen, eq, module = "userhash", name = "FailureEvent")]
#[derive(PartialEq)]
pub(crate) struct FailureEvent(userhash::FailureEvent);

#[pymethods]
impl FailureEvent {
    #[getter]
    fn outcome(&self) -> &'static str {
        self.0.outcome
    }

    #[getter]
    fn reason(&self) -> Option<&'static str> {
        self.0.reason
    }

    #[getter]
    fn key_id(&self) -> Option<&str> {
        self.0.key_id.as_deref()
    }

    #[getter]
    fn user_id(&self) -> &str {
        &self.0.user_id
    }

    #[getter]
    fn hash_prefix(&self) -> &str {
        &self.0.hash_prefix
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "FailureEvent(outcome={}, reason={}, key_id={}, user_id={}, hash_prefix={})",
            repr(py, Some(self.outcome()))?,
            repr(py, self.reason())?,
            repr(py, self.key_id())?,
            repr(py, Some(self.user_id()))?,
            repr(py, Some(self.hash_prefix()))?
        ))
    }
}
