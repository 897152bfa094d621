//! `NativeKeyring`: checks return `[result, event | null]`; times come first, refused first.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, MutexGuard, PoisonError};

use napi::Env;
use napi_derive::napi;
use userhash::{KeyWindow, Keyring, unix_now};

use crate::args::{Duration, Presented, Seconds, Secret, Text, Token, Ttl, UserId};
use crate::args::{Email, ExpiresAt, Handle, Hash, KeyId, Leeway, NotAfter, NotBefore, Now};
use crate::error::{Failure, js};

/// Keys by id: signs with the primary, verifies with every key valid at the time.
#[napi]
pub struct NativeKeyring(pub(crate) Keyring);

/// Keyrings shared with other threads, by handle.
static SHARED: LazyLock<Mutex<HashMap<String, Keyring>>> = LazyLock::new(Mutex::default);

fn shared() -> MutexGuard<'static, HashMap<String, Keyring>> {
    SHARED.lock().unwrap_or_else(PoisonError::into_inner)
}

/// `now`, or the current time.
pub(crate) fn at(now: Option<Seconds<Now>>) -> i64 {
    now.map_or_else(unix_now, |now| now.0)
}

#[napi]
impl NativeKeyring {
    /// A keyring whose primary (signing) key is `secret` under id `primaryId`.
    #[napi(constructor, ts_args_type = "primaryId: string, secret: Secret")]
    pub fn new(env: &Env, primary_id: Text<KeyId>, secret: Secret) -> napi::Result<Self> {
        js(env, Keyring::new(&primary_id.0, &secret.0).map(Self))
    }

    /// Keys `current` and `previous` from `USERHASH_SECRET` and `USERHASH_PREVIOUS_SECRET`.
    #[napi(factory)]
    pub fn from_env(env: &Env) -> napi::Result<Self> {
        js(env, Keyring::from_env().map(Self))
    }

    /// A handle (as secret as the keys) under which this keyring's keys are shared.
    #[napi]
    pub fn share(&self, env: &Env) -> napi::Result<String> {
        let handle = js(env, userhash::generate_secret())?;
        shared().insert(handle.clone(), self.0.clone());
        Ok(handle)
    }

    /// The keyring shared under `handle`, in this thread.
    #[napi(factory, ts_args_type = "handle: string")]
    pub fn from_shared(env: &Env, handle: Text<Handle>) -> napi::Result<Self> {
        let unknown = "no keyring is shared under this handle (unshared, or from another process?)";
        let keyring = shared().get(&handle.0).cloned().map(Self);
        js(env, keyring.ok_or(Failure::ArgValue(unknown.into())))
    }

    /// Stops sharing the keyring of `handle`; whether it was shared.
    #[napi(ts_args_type = "handle: string")]
    pub fn unshare(handle: Text<Handle>) -> bool {
        shared().remove(&handle.0).is_some()
    }

    /// Adds a key that verifies within `[notBefore, notAfter)` but never signs.
    #[napi(
        ts_args_type = "id: string, secret: Secret, notBefore?: UnixSeconds | null, notAfter?: UnixSeconds | null"
    )]
    pub fn add(
        &mut self,
        env: &Env,
        id: Text<KeyId>,
        secret: Secret,
        not_before: Option<Seconds<NotBefore>>,
        not_after: Option<Seconds<NotAfter>>,
    ) -> napi::Result<()> {
        let (not_before, not_after) = (not_before.map(|t| t.0), not_after.map(|t| t.0));
        let window = KeyWindow { not_before, not_after };
        js(env, self.0.add(&id.0, &secret.0, window).map(|_| ()))
    }

    /// The id of the signing key.
    #[napi(getter)]
    pub fn primary_id(&self) -> String {
        self.0.primary_id().to_owned()
    }

    /// Every key id, primary first.
    #[napi(getter)]
    pub fn key_ids(&self) -> Vec<String> {
        self.0.key_ids().map(str::to_owned).collect()
    }

    /// A widget hash checked at `now` (default: the current time).
    #[napi(ts_args_type = "now: UnixSeconds | null | undefined, userId: UserId, hash: Presented")]
    pub fn verify_detailed(
        &self,
        env: &Env,
        now: Option<Seconds<Now>>,
        user_id: UserId,
        hash: Presented<Hash>,
    ) -> napi::Result<(Verification, Option<FailureEvent>)> {
        let (id, hash) = (&user_id.0, &hash.0);
        let result = self.0.verify_detailed_at(id, hash, at(now));
        js(env, result.map(|result| verification(result, id, hash)))
    }

    /// A `v1` token expiring `ttl` seconds from now or at `expiresAt` (exactly one of them).
    #[napi(
        ts_args_type = "ttl: UnixSeconds | null | undefined, expiresAt: UnixSeconds | null | undefined, userId: UserId"
    )]
    pub fn issue_token(
        &self,
        env: &Env,
        ttl: Option<Duration<Ttl>>,
        expires_at: Option<Seconds<ExpiresAt>>,
        user_id: UserId,
    ) -> napi::Result<String> {
        let one = "issueToken needs exactly one of { ttl } and { expiresAt }";
        let token = match (ttl, expires_at) {
            (Some(ttl), None) => self.0.issue_token(&user_id.0, ttl.0).map_err(Into::into),
            (None, Some(at)) => self.0.issue_token_at(&user_id.0, at.0).map_err(Into::into),
            _ => Err(Failure::ArgType(one.to_owned())),
        };
        js(env, token)
    }

    /// A `v1` token checked at `now` (default: the current time), tolerating `leeway` seconds.
    #[napi(
        ts_args_type = "leeway: UnixSeconds | null | undefined, now: UnixSeconds | null | undefined, userId: UserId, token: Presented"
    )]
    pub fn verify_token(
        &self,
        env: &Env,
        leeway: Option<Duration<Leeway>>,
        now: Option<Seconds<Now>>,
        user_id: UserId,
        token: Presented<Token>,
    ) -> napi::Result<(Verification, Option<FailureEvent>)> {
        let (id, token, leeway) = (&user_id.0, &token.0, leeway.map_or(0, |leeway| leeway.0));
        let result = self.0.verify_token_at(id, token, at(now), leeway);
        js(env, result.map(|result| verification(result, id, token)))
    }

    /// Why `hash` does or does not verify for `userId` at `now`, and the failure event.
    #[napi(
        ts_args_type = "now: UnixSeconds | null | undefined, userId: UserId, hash: Presented, email?: string | Buffer | Uint8Array | null"
    )]
    pub fn explain(
        &self,
        env: &Env,
        now: Option<Seconds<Now>>,
        user_id: UserId,
        hash: Presented<Hash>,
        email: Option<Presented<Email>>,
    ) -> napi::Result<(Finding, Option<FailureEvent>)> {
        let (id, hash, email) = (&user_id.0, &hash.0, email.as_ref().map(|e| e.0.as_slice()));
        let explained = self.0.explain_with_event(id, hash, email, at(now));
        js(env, explained.map(|(f, e)| (f.into(), e.map(Into::into))))
    }
}

/// What verifying a hash or token found (docs/spec.md, section 4).
#[napi(object, object_from_js = false, use_nullable = true)]
pub struct Verification {
    pub outcome: &'static str,
    /// The key that matched (`verified`, `expired`).
    pub key_id: Option<String>,
    /// The error code of a `malformed` input, such as `hash_not_hex`.
    pub reason: Option<&'static str>,
}

/// What a keyring's `'failure'` listeners receive: never the secret, never the whole hash.
#[napi(object, object_from_js = false, use_nullable = true)]
pub struct FailureEvent {
    pub outcome: &'static str,
    pub reason: Option<&'static str>,
    pub key_id: Option<String>,
    /// The user id as text (invalid UTF-8 as U+FFFD).
    pub user_id: String,
    /// At most the first 8 characters of the presented hash or token.
    pub hash_prefix: String,
}

/// A result, and the event of its failed check (`None` when it verified).
pub type Checked = (Verification, Option<FailureEvent>);

fn verification(result: userhash::Verification, id: &[u8], presented: &[u8]) -> Checked {
    let event = userhash::FailureEvent::new(&result, id, presented).map(FailureEvent::from);
    let verification = Verification {
        outcome: result.outcome(),
        key_id: result.key_id().map(str::to_owned),
        reason: result.reason(),
    };
    (verification, event)
}

impl From<userhash::FailureEvent> for FailureEvent {
    fn from(e: userhash::FailureEvent) -> Self {
        let (outcome, reason, key_id) = (e.outcome, e.reason, e.key_id);
        FailureEvent { outcome, reason, key_id, user_id: e.user_id, hash_prefix: e.hash_prefix }
    }
}

/// What `explain` concluded: a stable code and a sentence, never containing a secret.
#[napi(object, object_from_js = false)]
pub struct Finding {
    pub code: &'static str,
    pub message: String,
}

impl From<userhash::Finding> for Finding {
    fn from(userhash::Finding { code, message }: userhash::Finding) -> Self {
        Finding { code, message }
    }
}
