//! `userhash.Keyring`, the core keyring behind a frozen class and a [`DetachedRwLock`], and its
//! results: a native `Verification` (the hot path) and the dataclasses of `userhash/_values.py`.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyTuple;
use pyo3::{PyTraverseError, gc::PyVisit};
use userhash::{KeyWindow, Verification as Checked};

use crate::convert::{
    Callback, Duration, Email, ExpiresAt, Hash, KeyId, Leeway, NotAfter, NotBefore, Now, Seconds,
    SecretKey, Text, Ttl, UserId, or_now,
};
use crate::detach::{ALWAYS, DetachedRwLock};
use crate::errors::Result;
use crate::widget::{PresetArg, User};

type Core = userhash::Keyring;

const EXACTLY_ONE: &str = "issue_token() needs exactly one of ttl= and expires_at=";

/// Keys by id: signs with the primary key, verifies with every key valid at the time.
#[pyclass(frozen, module = "userhash", name = "Keyring")]
pub(crate) struct Keyring {
    pub(crate) inner: DetachedRwLock<Core>,
    on_failure: Option<Py<PyAny>>,
}

impl Keyring {
    fn wrap(keyring: userhash::Result<Core>, on_failure: Option<Callback>) -> Result<Self> {
        let (inner, on_failure) = (DetachedRwLock::new(keyring?), on_failure.map(|c| c.0));
        Ok(Keyring { inner, on_failure })
    }

    /// Runs `call` (`bytes` of work), then reports its failure event with the lock released.
    pub(crate) fn run<T: Send>(
        &self,
        py: Python<'_>,
        bytes: usize,
        call: impl FnOnce(&Core) -> userhash::Result<(T, Option<userhash::FailureEvent>)> + Send,
    ) -> Result<T> {
        let (value, event) = self.inner.read(py, bytes, call)?;
        if let Some(e) = event {
            static REPORT: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
            let report = REPORT.import(py, "userhash._monitor", "report")?;
            let fields = (e.outcome, e.reason, e.key_id, e.user_id, e.hash_prefix);
            report.call1((fields, self.on_failure.as_ref()))?;
        }
        Ok(value)
    }

    /// [`Keyring::run`] for a check of `presented` (a hash or token) for `user_id` at `now`.
    fn check<'a>(
        &self,
        py: Python<'_>,
        (user_id, presented): (&'a UserId<'_>, &'a Hash<'_>),
        now: Option<Seconds<Now>>,
        call: impl FnOnce(&Core, &'a [u8], &'a [u8], i64) -> userhash::Result<Checked> + Send,
    ) -> Result<Checked> {
        let (id, presented, now) = (user_id.as_bytes(), presented.as_bytes(), or_now(now));
        self.run(py, id.len(), |keyring| {
            let result = call(keyring, id, presented, now)?;
            let event = userhash::FailureEvent::new(&result, id, presented);
            Ok((result, event))
        })
    }
}

#[pymethods]
impl Keyring {
    #[new]
    #[pyo3(signature = (primary_id, secret, *, on_failure=None))]
    fn new(
        primary_id: Text<KeyId>,
        secret: SecretKey,
        on_failure: Option<Callback>,
    ) -> Result<Self> {
        Keyring::wrap(Core::new(&primary_id.0, &secret.0), on_failure)
    }

    /// `USERHASH_SECRET` as key "current", `USERHASH_PREVIOUS_SECRET` as "previous" (if set).
    #[staticmethod]
    #[pyo3(signature = (*, on_failure=None))]
    fn from_env(on_failure: Option<Callback>) -> Result<Self> {
        Keyring::wrap(Core::from_env(), on_failure)
    }

    /// Adds a key that verifies within `[not_before, not_after)` but never signs.
    #[pyo3(signature = (id, secret, *, not_before=None, not_after=None))]
    fn add(
        &self,
        py: Python<'_>,
        id: Text<KeyId>,
        secret: SecretKey,
        not_before: Option<Seconds<NotBefore>>,
        not_after: Option<Seconds<NotAfter>>,
    ) -> Result<()> {
        let window =
            KeyWindow { not_before: not_before.map(|s| s.0), not_after: not_after.map(|s| s.0) };
        let add = |k: &mut Core| k.add(&id.0, &secret.0, window).map(drop);
        Ok(self.inner.write(py, add)?)
    }

    /// The id of the signing key.
    #[getter]
    fn primary_id(&self, py: Python<'_>) -> String {
        self.inner.read(py, 0, |k| k.primary_id().to_owned())
    }

    /// Every key id, primary first.
    #[getter]
    fn key_ids<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let ids = |k: &Core| k.key_ids().map(str::to_owned).collect::<Vec<_>>();
        PyTuple::new(py, self.inner.read(py, 0, ids))
    }

    /// The widget hash of `user_id` under the primary key.
    fn sign(&self, py: Python<'_>, user_id: UserId<'_>) -> Result<String> {
        let id = user_id.as_bytes();
        Ok(self.inner.read(py, id.len(), |k| k.sign(id))?)
    }

    /// Whether `hash` verifies now under a valid key; failures are reported.
    fn verify(&self, py: Python<'_>, user_id: UserId<'_>, hash: Hash<'_>) -> Result<bool> {
        let result = self.check(py, (&user_id, &hash), None, Core::verify_detailed_at)?;
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
        let result = self.check(py, (&user_id, &hash), now, Core::verify_detailed_at)?;
        Ok(result.into())
    }

    /// A `v1` token of the primary key, expiring `ttl` seconds from now or at `expires_at`.
    #[pyo3(signature = (user_id, *, ttl=None, expires_at=None))]
    fn issue_token(
        &self,
        py: Python<'_>,
        user_id: UserId<'_>,
        ttl: Option<Duration<Ttl>>,
        expires_at: Option<Seconds<ExpiresAt>>,
    ) -> Result<String> {
        let (id, keys) = (user_id.as_bytes(), &self.inner);
        let token = match (ttl, expires_at) {
            (Some(ttl), None) => keys.read(py, id.len(), |k| k.issue_token(id, ttl.0)),
            (None, Some(at)) => keys.read(py, id.len(), |k| k.issue_token_at(id, at.0)),
            _ => return Err(PyTypeError::new_err(EXACTLY_ONE).into()),
        };
        Ok(token?)
    }

    /// The outcome of checking a `v1` token at `now`, tolerating `leeway` seconds past expiry.
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
        let leeway = leeway.map_or(0, |leeway| leeway.0);
        let result = self.check(py, (&user_id, &token), now, |k, id, token, now| {
            k.verify_token_at(id, token, now, leeway)
        })?;
        Ok(result.into())
    }

    /// Why `hash` (of `preset`'s profile: generic by default) does or does not verify for
    /// `user_id`; a failure is reported like any other.
    #[pyo3(signature = (user_id, hash, *, email=None, now=None, preset=None))]
    fn explain<'py>(
        &self,
        py: Python<'py>,
        user_id: UserId<'_>,
        hash: Hash<'_>,
        email: Option<Email<'_>>,
        now: Option<Seconds<Now>>,
        preset: Option<PresetArg>,
    ) -> Result<Bound<'py, PyAny>> {
        let email = email.as_ref().map(|email| email.0.as_bytes());
        let (id, hash) = (user_id.as_bytes(), hash.as_bytes());
        let preset = preset.map_or(userhash::Preset::Generic, |preset| preset.0);
        let explain = |k: &Core| k.explain_preset_at(preset, id, hash, email, or_now(now));
        Ok(finding(py, self.run(py, ALWAYS, explain)?)?)
    }

    /// A JWT of `preset`'s profile for `user` (`crate::jwt`).
    #[pyo3(signature = (preset, user, *, ttl=None, expires_at=None, now=None))]
    fn issue_jwt(
        &self,
        py: Python<'_>,
        preset: PresetArg,
        user: Option<User>,
        ttl: Option<Duration<Ttl>>,
        expires_at: Option<Seconds<ExpiresAt>>,
        now: Option<Seconds<Now>>,
    ) -> Result<String> {
        crate::jwt::issue(self, py, preset, user, (ttl, expires_at), now)
    }

    /// The outcome of checking a JWT of `preset`'s profile (`crate::jwt`).
    #[pyo3(
        signature = (preset, token, *, leeway=None, now=None),
        text_signature = "($self, preset, token, *, leeway=0, now=None)"
    )]
    fn verify_jwt(
        &self,
        py: Python<'_>,
        preset: PresetArg,
        token: Hash<'_>,
        leeway: Option<Duration<Leeway>>,
        now: Option<Seconds<Now>>,
    ) -> Result<crate::jwt::JwtVerification> {
        crate::jwt::verify(self, py, preset, token, leeway, now)
    }

    /// Why a JWT of `preset`'s profile does or does not verify (`crate::jwt`).
    #[pyo3(
        signature = (preset, token, *, leeway=None, now=None),
        text_signature = "($self, preset, token, *, leeway=0, now=None)"
    )]
    fn explain_jwt<'py>(
        &self,
        py: Python<'py>,
        preset: PresetArg,
        token: Hash<'_>,
        leeway: Option<Duration<Leeway>>,
        now: Option<Seconds<Now>>,
    ) -> Result<Bound<'py, PyAny>> {
        crate::jwt::explain(self, py, preset, token, leeway, now)
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        repr(slf, &["primary_id", "key_ids"], ", secrets=<redacted>")
    }

    fn __traverse__(&self, visit: PyVisit<'_>) -> Result<(), PyTraverseError> {
        visit.call(&self.on_failure)
    }
}

/// `Class(field=repr(field), …)`, as a dataclass prints, then `tail`.
pub(crate) fn repr(obj: &Bound<'_, PyAny>, fields: &[&str], tail: &str) -> PyResult<String> {
    let field = |name: &&str| Ok(format!("{name}={}", obj.getattr(*name)?.repr()?));
    let fields = fields.iter().map(field).collect::<PyResult<Vec<_>>>()?;
    let class = obj.get_type().name()?;
    Ok(format!("{class}({}{tail})", fields.join(", ")))
}

/// The outcome of a verification; true only when verified.
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

pub(crate) fn finding(py: Python<'_>, finding: userhash::Finding) -> PyResult<Bound<'_, PyAny>> {
    static FINDING: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let class = FINDING.import(py, "userhash._values", "Finding")?;
    class.call1((finding.code, finding.message))
}
