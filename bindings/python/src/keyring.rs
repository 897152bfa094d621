//! `userhash.Keyring`: the core keyring behind a frozen class and a [`DetachedRwLock`].
//!
//! The core hands back each failed verification's `FailureEvent` with the result (no hook is
//! installed), and once the lock is released the event goes to `userhash._monitor.report`
//! (the `logging` logger `"userhash"` and the `on_failure` callable). A callback may
//! therefore use the keyring again, even `add` a key.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyTuple;
use pyo3::{PyTraverseError, gc::PyVisit};
use userhash::{KeyWindow, Secret};

use crate::convert::{
    Callback, Duration, Email, ExpiresAt, Hash, Key, KeyId, Leeway, NotAfter, NotBefore, Now,
    Seconds, Text, Ttl, UserId,
};
use crate::detach::{self, DetachedRwLock};
use crate::errors::Result;
use crate::values::{FailureEvent, Finding, Verification, repr};

type Event = Option<userhash::FailureEvent>;

const EXACTLY_ONE: &str = "issue_token() needs exactly one of ttl= and expires_at=";

/// Keys by id: signs with the primary key, verifies with every key valid at the time and
/// names the key that matched.
#[pyclass(frozen, module = "userhash", name = "Keyring")]
pub(crate) struct Keyring {
    inner: DetachedRwLock<userhash::Keyring>,
    on_failure: Option<Py<PyAny>>,
}

impl Keyring {
    fn wrap(keyring: userhash::Keyring, on_failure: Option<Callback>) -> Self {
        let on_failure = on_failure.map(|callback| callback.0);
        Keyring {
            inner: DetachedRwLock::new(keyring),
            on_failure,
        }
    }

    /// Runs `call` on the core keyring (`bytes` is its work, see [`detach::run`]), then
    /// reports the failure event it returned, after the lock is released.
    fn run<T: Send>(
        &self,
        py: Python<'_>,
        bytes: usize,
        call: impl FnOnce(&userhash::Keyring) -> userhash::Result<(T, Event)> + Send,
    ) -> Result<T> {
        let (value, event) = self.inner.read(py, bytes, call)?;
        if let Some(event) = event {
            static REPORT: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
            let report = REPORT.import(py, "userhash._monitor", "report")?;
            report.call1((FailureEvent::from(event), self.on_failure.as_ref()))?;
        }
        Ok(value)
    }

    /// [`Keyring::run`] for a check of `presented` (a hash or token) for `id`.
    fn check(
        &self,
        py: Python<'_>,
        (id, presented): (&[u8], &[u8]),
        call: impl FnOnce(&userhash::Keyring) -> userhash::Result<userhash::Verification> + Send,
    ) -> Result<userhash::Verification> {
        self.run(py, id.len(), |keyring| {
            let result = call(keyring)?;
            let event = userhash::FailureEvent::new(&result, id, presented);
            Ok((result, event))
        })
    }

    /// A copy of the primary key's signer, for the widget functions.
    pub(crate) fn primary_signer(&self, py: Python<'_>) -> userhash::Signer {
        self.inner
            .read(py, 0, |keyring| keyring.primary_signer().clone())
    }
}

#[pymethods]
impl Keyring {
    #[new]
    #[pyo3(signature = (primary_id, secret, *, on_failure=None))]
    fn new(
        primary_id: Text<KeyId>,
        secret: Key<Secret>,
        on_failure: Option<Callback>,
    ) -> Result<Self> {
        let keyring = userhash::Keyring::new(&primary_id.0, &secret.0)?;
        Ok(Keyring::wrap(keyring, on_failure))
    }

    /// `USERHASH_SECRET` as key `"current"`; with `USERHASH_PREVIOUS_SECRET`, key
    /// `"previous"` until `USERHASH_PREVIOUS_SECRET_NOT_AFTER` (Unix seconds).
    #[staticmethod]
    #[pyo3(signature = (*, on_failure=None))]
    fn from_env(on_failure: Option<Callback>) -> Result<Self> {
        Ok(Keyring::wrap(userhash::Keyring::from_env()?, on_failure))
    }

    /// Adds a key that verifies within `[not_before, not_after)` but never signs.
    #[pyo3(signature = (id, secret, *, not_before=None, not_after=None))]
    fn add(
        &self,
        py: Python<'_>,
        id: Text<KeyId>,
        secret: Key<Secret>,
        not_before: Option<Seconds<NotBefore>>,
        not_after: Option<Seconds<NotAfter>>,
    ) -> Result<()> {
        let window = KeyWindow {
            not_before: not_before.map(|s| s.0),
            not_after: not_after.map(|s| s.0),
        };
        let added = self.inner.write(py, |keyring| {
            keyring.add(&id.0, &secret.0, window).map(drop)
        });
        Ok(added?)
    }

    /// The id of the signing key.
    #[getter]
    fn primary_id(&self, py: Python<'_>) -> String {
        self.inner
            .read(py, 0, |keyring| keyring.primary_id().to_owned())
    }

    /// Every key id, primary first.
    #[getter]
    fn key_ids<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let ids: Vec<String> = self
            .inner
            .read(py, 0, |k| k.key_ids().map(str::to_owned).collect());
        PyTuple::new(py, ids)
    }

    /// The widget hash of `user_id` under the primary key.
    fn sign(&self, py: Python<'_>, user_id: UserId<'_>) -> Result<String> {
        let id = user_id.as_bytes();
        Ok(self.inner.read(py, id.len(), |k| k.sign(id))?)
    }

    /// Whether `hash` verifies now under a valid key; failures are reported.
    fn verify(&self, py: Python<'_>, user_id: UserId<'_>, hash: Hash<'_>) -> Result<bool> {
        let (id, hash) = (user_id.as_bytes(), hash.as_bytes());
        let now = userhash::unix_now();
        let result = self.check(py, (id, hash), |k| k.verify_detailed_at(id, hash, now))?;
        Ok(result.is_verified())
    }

    /// The outcome of checking `hash` at Unix second `now` (default: the current time).
    #[pyo3(signature = (user_id, hash, *, now=None))]
    fn verify_detailed(
        &self,
        py: Python<'_>,
        user_id: UserId<'_>,
        hash: Hash<'_>,
        now: Option<Seconds<Now>>,
    ) -> Result<Verification> {
        let (id, hash) = (user_id.as_bytes(), hash.as_bytes());
        let now = Seconds::or_now(now);
        let result = self.check(py, (id, hash), |k| k.verify_detailed_at(id, hash, now))?;
        Ok(result.into())
    }

    /// A `v1` token signed by the primary key, expiring `ttl` seconds from now or at Unix
    /// second `expires_at` (give exactly one).
    #[pyo3(signature = (user_id, *, ttl=None, expires_at=None))]
    fn issue_token(
        &self,
        py: Python<'_>,
        user_id: UserId<'_>,
        ttl: Option<Duration<Ttl>>,
        expires_at: Option<Seconds<ExpiresAt>>,
    ) -> Result<String> {
        let id = user_id.as_bytes();
        let token = match (ttl, expires_at) {
            (Some(ttl), None) => self.inner.read(py, id.len(), |k| k.issue_token(id, ttl.0)),
            (None, Some(at)) => self
                .inner
                .read(py, id.len(), |k| k.issue_token_at(id, at.0)),
            _ => return Err(PyTypeError::new_err(EXACTLY_ONE).into()),
        };
        Ok(token?)
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
        user_id: UserId<'_>,
        token: Hash<'_>,
        leeway: Option<Duration<Leeway>>,
        now: Option<Seconds<Now>>,
    ) -> Result<Verification> {
        let (id, token, leeway) = (
            user_id.as_bytes(),
            token.as_bytes(),
            leeway.map_or(0, |l| l.0),
        );
        let now = Seconds::or_now(now);
        let result = self.check(py, (id, token), |k| {
            k.verify_token_at(id, token, now, leeway)
        })?;
        Ok(result.into())
    }

    /// Why `hash` does or does not verify for `user_id` under this keyring. A hash that does
    /// not verify is reported like any failed verification, so monitoring sees probing.
    #[pyo3(signature = (user_id, hash, *, email=None, now=None))]
    fn explain(
        &self,
        py: Python<'_>,
        user_id: UserId<'_>,
        hash: Hash<'_>,
        email: Option<Email<'_>>,
        now: Option<Seconds<Now>>,
    ) -> Result<Finding> {
        let (id, hash, email) = (user_id.as_bytes(), hash.as_bytes(), Email::bytes(&email));
        let now = Seconds::or_now(now);
        let explain = |k: &userhash::Keyring| k.explain_with_event(id, hash, email, now);
        Ok(self.run(py, detach::ALWAYS, explain)?.into())
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        repr(slf, &["primary_id", "key_ids"], ", secrets=<redacted>")
    }

    fn __traverse__(&self, visit: PyVisit<'_>) -> Result<(), PyTraverseError> {
        visit.call(&self.on_failure)
    }
}
