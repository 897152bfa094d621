//! The core's `Keyring` as a napi-rs class. The npm package's `Keyring` (an EventEmitter)
//! wraps it: every verifying method returns `[result, failureEvent | null]`, the event
//! being what the core's failure hook was told during the call.
//!
//! JavaScript objects cannot cross worker threads, so a keyring is shared by handle:
//! `share()` puts a clone (whose keys are the same `Arc`s, the same keyed state in memory)
//! in a process-wide table under a random handle, and `fromShared(handle)` in any thread
//! wraps another clone of it.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use napi::JsValue;
use napi::bindgen_prelude::{Env, Result, Unknown};
use napi::sys;
use napi_derive::napi;
use userhash::{FailureEvent, KeyWindow, Keyring};

use crate::convert::{self, Scratch};
use crate::error::{Failure, thrown};
use crate::signer;

/// Keys by id: signs with the primary, verifies with every key valid at the time.
#[napi]
pub struct NativeKeyring {
    keyring: Keyring,
    /// The event the core's hook was handed during the running call.
    failure: Arc<Mutex<Option<FailureEvent>>>,
}

impl NativeKeyring {
    fn wrap(mut keyring: Keyring) -> Self {
        let failure = Arc::new(Mutex::new(None));
        let sink = Arc::clone(&failure);
        keyring.on_failure(Arc::new(move |event: &FailureEvent| {
            *sink.lock().unwrap_or_else(PoisonError::into_inner) = Some(event.clone());
        }));
        NativeKeyring { keyring, failure }
    }

    /// `[result, event | null]` with the event the core reported, if any.
    unsafe fn with_failure(
        &self,
        env: sys::napi_env,
        result: sys::napi_value,
    ) -> std::result::Result<sys::napi_value, Failure> {
        let event = self
            .failure
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        unsafe {
            let event = match event {
                Some(event) => convert::failure_event(env, &event)?,
                None => convert::js_null(env)?,
            };
            convert::js_array(env, &[result, event])
        }
    }
}

/// Keyrings shared with other threads, by handle.
static SHARED: LazyLock<Mutex<HashMap<String, Keyring>>> = LazyLock::new(Mutex::default);

fn shared() -> std::sync::MutexGuard<'static, HashMap<String, Keyring>> {
    SHARED.lock().unwrap_or_else(PoisonError::into_inner)
}

fn value<'env>(
    env: &'env Env,
    result: std::result::Result<sys::napi_value, Failure>,
) -> Result<Unknown<'env>> {
    result
        .map_err(|failure| thrown(env, failure))
        .map(|value| unsafe { Unknown::from_raw_unchecked(env.raw(), value) })
}

#[napi]
impl NativeKeyring {
    /// A keyring whose primary (signing) key is `secret` under id `primaryId`.
    #[napi(
        constructor,
        ts_args_type = "primaryId: string, secret: string | Buffer | Uint8Array"
    )]
    pub fn new(env: Env, primary_id: Unknown, secret: Unknown) -> Result<Self> {
        // SAFETY (every block of this impl): the values and `env` belong to this call.
        let keyring = unsafe {
            convert::text(env.raw(), primary_id.raw(), "the key id").and_then(|id| {
                let secret = convert::secret(env.raw(), secret.raw())?;
                Ok(Keyring::new(&id, &secret)?)
            })
        };
        keyring
            .map(Self::wrap)
            .map_err(|failure| thrown(&env, failure))
    }

    /// `USERHASH_SECRET` as key `"current"`, and `USERHASH_PREVIOUS_SECRET` as key
    /// `"previous"` until `USERHASH_PREVIOUS_SECRET_NOT_AFTER` when set.
    #[napi(factory)]
    pub fn from_env(env: Env) -> Result<Self> {
        Keyring::from_env()
            .map(Self::wrap)
            .map_err(|error| thrown(&env, error.into()))
    }

    /// Makes this keyring (its keys as they are now) available to every thread under the
    /// returned handle, until `unshare(handle)`. The handle gives signing power: treat it
    /// like the secret.
    #[napi]
    pub fn share(&self, env: Env) -> Result<String> {
        let handle = userhash::generate_secret().map_err(|error| thrown(&env, error.into()))?;
        let mut keyring = self.keyring.clone();
        keyring.on_failure(Arc::new(|_: &FailureEvent| {}));
        shared().insert(handle.clone(), keyring);
        Ok(handle)
    }

    /// The keyring shared under `handle`, in this thread (its keys are the same in memory).
    #[napi(factory, ts_args_type = "handle: string")]
    pub fn from_shared(env: Env, handle: Unknown) -> Result<Self> {
        let keyring = unsafe { convert::text(env.raw(), handle.raw(), "the handle") }.and_then(|handle| {
            shared().get(&handle).cloned().ok_or_else(|| {
                Failure::ArgValue("no keyring is shared under this handle (unshared, or from another process?)".to_owned())
            })
        });
        keyring
            .map(Self::wrap)
            .map_err(|failure| thrown(&env, failure))
    }

    /// Stops sharing the keyring of `handle`; whether it was shared. Keyrings already made
    /// from it keep working.
    #[napi(ts_args_type = "handle: string")]
    pub fn unshare(env: Env, handle: Unknown) -> Result<bool> {
        unsafe { convert::text(env.raw(), handle.raw(), "the handle") }
            .map(|handle| shared().remove(&handle).is_some())
            .map_err(|failure| thrown(&env, failure))
    }

    /// Adds a key that verifies within `[notBefore, notAfter)` (Unix seconds) but never signs.
    #[napi(
        ts_args_type = "id: string, secret: string | Buffer | Uint8Array, notBefore?: number | bigint | null, notAfter?: number | bigint | null"
    )]
    pub fn add(
        &mut self,
        env: Env,
        id: Unknown,
        secret: Unknown,
        not_before: Unknown,
        not_after: Unknown,
    ) -> Result<()> {
        let added = unsafe {
            let raw = env.raw();
            convert::text(raw, id.raw(), "the key id").and_then(|id| {
                let secret = convert::secret(raw, secret.raw())?;
                let window = KeyWindow {
                    not_before: convert::seconds(raw, not_before.raw(), "notBefore")?,
                    not_after: convert::seconds(raw, not_after.raw(), "notAfter")?,
                };
                self.keyring.add(&id, &secret, window)?;
                Ok(())
            })
        };
        added.map_err(|failure| thrown(&env, failure))
    }

    /// The id of the signing key.
    #[napi(getter)]
    pub fn primary_id(&self) -> String {
        self.keyring.primary_id().to_owned()
    }

    /// Every key id, primary first.
    #[napi(getter)]
    pub fn key_ids(&self) -> Vec<String> {
        self.keyring.key_ids().map(str::to_owned).collect()
    }

    /// The widget hash of `userId` under the primary key.
    #[napi(ts_args_type = "userId: string | Buffer | Uint8Array | number | bigint")]
    pub fn sign(&self, env: Env, user_id: Unknown) -> Result<String> {
        let mut scratch = Scratch::new();
        let hash = unsafe {
            convert::user_id(env.raw(), user_id.raw(), &mut scratch)
                .and_then(|id| Ok(self.keyring.sign(id)?))
        };
        hash.map_err(|failure| thrown(&env, failure))
    }

    /// The widget configuration for `options` as HTML-safe JSON, signed with the primary key.
    #[napi(ts_args_type = "options: object")]
    pub fn widget_json(&self, env: Env, options: Unknown) -> Result<String> {
        let json = unsafe {
            signer::widget(
                env.raw(),
                self.keyring.primary_signer(),
                options.raw(),
                false,
            )
        };
        json.map_err(|failure| thrown(&env, failure))
    }

    /// The widget configuration for `options` as a complete `<script>` element, signed with
    /// the primary key.
    #[napi(ts_args_type = "options: object")]
    pub fn widget_script(&self, env: Env, options: Unknown) -> Result<String> {
        let script = unsafe {
            signer::widget(
                env.raw(),
                self.keyring.primary_signer(),
                options.raw(),
                true,
            )
        };
        script.map_err(|failure| thrown(&env, failure))
    }

    /// `[{ outcome, keyId, reason }, failureEvent | null]` for a widget hash at Unix second
    /// `now` (default: the current time).
    #[napi(
        ts_args_type = "userId: string | Buffer | Uint8Array | number | bigint, hash: string | Buffer | Uint8Array | null | undefined, now?: number | bigint | null",
        ts_return_type = "[{ outcome: \"verified\" | \"missing\" | \"malformed\" | \"mismatch\" | \"expired\"; keyId: string | null; reason: string | null }, { outcome: \"missing\" | \"malformed\" | \"mismatch\" | \"expired\"; reason: string | null; keyId: string | null; userId: string; hashPrefix: string } | null]"
    )]
    pub fn verify_detailed<'env>(
        &self,
        env: &'env Env,
        user_id: Unknown,
        hash: Unknown,
        now: Unknown,
    ) -> Result<Unknown<'env>> {
        let (mut id_scratch, mut hash_scratch) = (Scratch::new(), Scratch::new());
        let raw = env.raw();
        value(env, unsafe {
            (|| {
                let now = convert::seconds(raw, now.raw(), "now")?;
                let id = convert::user_id(raw, user_id.raw(), &mut id_scratch)?;
                let hash = convert::presented(raw, hash.raw(), &mut hash_scratch, "the hash")?;
                let result = match now {
                    Some(now) => self.keyring.verify_detailed_at(id, hash, now),
                    None => self.keyring.verify_detailed(id, hash),
                }?;
                self.with_failure(raw, convert::verification(raw, &result)?)
            })()
        })
    }

    /// A `v1` token for `userId` signed by the primary key, expiring `ttl` seconds from now
    /// or at Unix second `expiresAt` (exactly one of them).
    #[napi(
        ts_args_type = "userId: string | Buffer | Uint8Array | number | bigint, ttl?: number | bigint | null, expiresAt?: number | bigint | null"
    )]
    pub fn issue_token(
        &self,
        env: Env,
        user_id: Unknown,
        ttl: Unknown,
        expires_at: Unknown,
    ) -> Result<String> {
        let mut scratch = Scratch::new();
        let raw = env.raw();
        let token = unsafe {
            (|| {
                let ttl = convert::duration(raw, ttl.raw(), "ttl")?;
                let expires_at = convert::seconds(raw, expires_at.raw(), "expiresAt")?;
                let id = convert::user_id(raw, user_id.raw(), &mut scratch)?;
                Ok(match (ttl, expires_at) {
                    (Some(ttl), None) => self.keyring.issue_token(id, ttl)?,
                    (None, Some(at)) => self.keyring.issue_token_at(id, at)?,
                    _ => {
                        return Err(Failure::ArgType(
                            "issueToken needs exactly one of { ttl } and { expiresAt }".to_owned(),
                        ));
                    }
                })
            })()
        };
        token.map_err(|failure| thrown(&env, failure))
    }

    /// `[{ outcome, keyId, reason }, failureEvent | null]` for a `v1` token at Unix second
    /// `now` (default: the current time), tolerating `leeway` seconds (default 0).
    #[napi(
        ts_args_type = "userId: string | Buffer | Uint8Array | number | bigint, token: string | Buffer | Uint8Array | null | undefined, leeway?: number | bigint | null, now?: number | bigint | null",
        ts_return_type = "[{ outcome: \"verified\" | \"missing\" | \"malformed\" | \"mismatch\" | \"expired\"; keyId: string | null; reason: string | null }, { outcome: \"missing\" | \"malformed\" | \"mismatch\" | \"expired\"; reason: string | null; keyId: string | null; userId: string; hashPrefix: string } | null]"
    )]
    pub fn verify_token<'env>(
        &self,
        env: &'env Env,
        user_id: Unknown,
        token: Unknown,
        leeway: Unknown,
        now: Unknown,
    ) -> Result<Unknown<'env>> {
        let (mut id_scratch, mut token_scratch) = (Scratch::new(), Scratch::new());
        let raw = env.raw();
        value(env, unsafe {
            (|| {
                let leeway = convert::duration(raw, leeway.raw(), "leeway")?.unwrap_or(0);
                let now = convert::seconds(raw, now.raw(), "now")?;
                let id = convert::user_id(raw, user_id.raw(), &mut id_scratch)?;
                let token = convert::presented(raw, token.raw(), &mut token_scratch, "the token")?;
                let result = match now {
                    Some(now) => self.keyring.verify_token_at(id, token, now, leeway),
                    None => self.keyring.verify_token(id, token, leeway),
                }?;
                self.with_failure(raw, convert::verification(raw, &result)?)
            })()
        })
    }

    /// `[{ code, message }, failureEvent | null]`: why `hash` does or does not verify for
    /// `userId` under this keyring at Unix second `now` (default: the current time), and
    /// the failure the core reported when it does not.
    #[napi(
        ts_args_type = "userId: string | Buffer | Uint8Array | number | bigint, hash: string | Buffer | Uint8Array | null | undefined, email?: string | Buffer | Uint8Array | null, now?: number | bigint | null",
        ts_return_type = "[{ code: string; message: string }, { outcome: \"missing\" | \"malformed\" | \"mismatch\" | \"expired\"; reason: string | null; keyId: string | null; userId: string; hashPrefix: string } | null]"
    )]
    pub fn explain<'env>(
        &self,
        env: &'env Env,
        user_id: Unknown,
        hash: Unknown,
        email: Unknown,
        now: Unknown,
    ) -> Result<Unknown<'env>> {
        let mut scratch = [Scratch::new(), Scratch::new(), Scratch::new()];
        let [id_scratch, hash_scratch, email_scratch] = &mut scratch;
        let raw = env.raw();
        value(env, unsafe {
            (|| {
                let now = convert::seconds(raw, now.raw(), "now")?;
                let id = convert::user_id(raw, user_id.raw(), id_scratch)?;
                let hash = convert::presented(raw, hash.raw(), hash_scratch, "the hash")?;
                let email = convert::optional_bytes(raw, email.raw(), email_scratch, "email")?;
                let finding = match now {
                    Some(now) => self.keyring.explain_at(id, hash, email, now),
                    None => self.keyring.explain(id, hash, email),
                }?;
                self.with_failure(raw, convert::finding(raw, &finding)?)
            })()
        })
    }
}
