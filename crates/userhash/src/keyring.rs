//! Several secrets at once, for rotation without downtime (docs/spec.md, section 3).

use std::sync::Arc;

use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::hash::decode_hash;
use crate::secret::Secret;
use crate::signer::{Signer, macs_equal};
use crate::timestamp::{check_unix_seconds, unix_now};
use crate::token;
use crate::verification::{FailureEvent, Verification};

/// The half-open validity window `[not_before, not_after)` of a key, in Unix seconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KeyWindow {
    /// First second at which the key is valid.
    pub not_before: Option<i64>,
    /// First second at which the key is no longer valid.
    pub not_after: Option<i64>,
}

impl KeyWindow {
    /// Whether the window includes second `t`.
    pub fn contains(&self, t: i64) -> bool {
        self.not_before.is_none_or(|start| start <= t) && self.not_after.is_none_or(|end| t < end)
    }
}

/// A function told about every failed verification (see [`FailureEvent`]).
pub type FailureHook = Arc<dyn Fn(&FailureEvent) + Send + Sync>;

pub(crate) struct Key {
    pub id: String,
    window: KeyWindow,
    secret: Secret,
    pub signer: Signer,
    token_signer: Signer,
}

/// Keys by id: signs with the primary, verifies with every key valid at the time.
///
/// ```
/// use userhash::{Keyring, KeyWindow, Secret};
///
/// let old = Secret::from_text("old-secret")?;
/// let new = Secret::from_text("new-secret")?;
/// let retire_at = 1_767_225_600;
/// let mut keyring = Keyring::new("2025-12", &new)?;
/// keyring.add("2025-06", &old, KeyWindow { not_before: None, not_after: Some(retire_at) })?;
///
/// let old_hash = userhash::sign(&old, "user123")?;
/// let before = keyring.verify_detailed_at("user123", &old_hash, retire_at - 1)?;
/// assert_eq!(before.key_id(), Some("2025-06"));
/// let after = keyring.verify_detailed_at("user123", &old_hash, retire_at)?;
/// assert_eq!(after.outcome(), "expired");
/// # Ok::<(), userhash::Error>(())
/// ```
#[derive(Clone)]
pub struct Keyring {
    keys: Vec<Arc<Key>>,
    on_failure: Option<FailureHook>,
}

/// Environment variables read by [`Keyring::from_env`].
pub const ENV_SECRET: &str = "USERHASH_SECRET";
/// The previous secret during a rotation.
pub const ENV_PREVIOUS_SECRET: &str = "USERHASH_PREVIOUS_SECRET";
/// Unix second from which the previous secret no longer verifies.
pub const ENV_PREVIOUS_NOT_AFTER: &str = "USERHASH_PREVIOUS_SECRET_NOT_AFTER";

impl Keyring {
    /// A keyring whose primary key is `secret` under id `primary_id`.
    pub fn new(primary_id: &str, secret: &Secret) -> Result<Self> {
        let mut keyring = Keyring { keys: Vec::new(), on_failure: None };
        keyring.push(primary_id, secret, KeyWindow::default())?;
        Ok(keyring)
    }

    /// Adds a key that verifies (within `window`) but never signs. Window bounds are Unix
    /// seconds: negative values and millisecond values (10^11 or more) are refused.
    pub fn add(&mut self, id: &str, secret: &Secret, window: KeyWindow) -> Result<&mut Self> {
        for (bound, what) in [(window.not_before, "not_before"), (window.not_after, "not_after")] {
            if let Some(seconds) = bound {
                check_unix_seconds(seconds, what)?;
            }
        }
        if let (Some(start), Some(end)) = (window.not_before, window.not_after)
            && start >= end
        {
            return Err(Error::InvalidKeyWindow);
        }
        self.push(id, secret, window)?;
        Ok(self)
    }

    fn push(&mut self, id: &str, secret: &Secret, window: KeyWindow) -> Result<()> {
        if id.is_empty() {
            return Err(Error::EmptyKeyId);
        }
        if self.keys.iter().any(|k| k.id == id) {
            return Err(Error::DuplicateKeyId(id.to_owned()));
        }
        self.keys.push(Arc::new(Key {
            id: id.to_owned(),
            window,
            secret: secret.clone(),
            signer: Signer::new(secret),
            token_signer: token::token_signer(secret),
        }));
        Ok(())
    }

    /// `USERHASH_SECRET` as primary key `"current"`; when `USERHASH_PREVIOUS_SECRET` is set,
    /// it is key `"previous"`, valid until `USERHASH_PREVIOUS_SECRET_NOT_AFTER` (Unix
    /// seconds, required with it).
    pub fn from_env() -> Result<Self> {
        let read = |name| std::env::var_os(name).map(|v| Zeroizing::new(v.into_encoded_bytes()));
        let (secret, previous, not_after) =
            (read(ENV_SECRET), read(ENV_PREVIOUS_SECRET), read(ENV_PREVIOUS_NOT_AFTER));
        Self::from_values(
            secret.as_deref().map(Vec::as_slice),
            previous.as_deref().map(Vec::as_slice),
            not_after.as_deref().map(Vec::as_slice),
        )
    }

    /// [`Keyring::from_env`] from the values of the three variables as the caller read them
    /// (`None` for a variable that is not set), for runtimes whose environment is not the
    /// process's, such as PHP-FPM's `getenv()`.
    pub fn from_values(
        secret: Option<&[u8]>,
        previous: Option<&[u8]>,
        previous_not_after: Option<&[u8]>,
    ) -> Result<Self> {
        let mut keyring = Keyring::new("current", &Secret::from_env_value(ENV_SECRET, secret)?)?;
        if previous.is_some() {
            let previous = Secret::from_env_value(ENV_PREVIOUS_SECRET, previous)?;
            let not_after = previous_not_after
                .ok_or_else(|| Error::MissingEnv(ENV_PREVIOUS_NOT_AFTER.to_owned()))?;
            let not_after = std::str::from_utf8(not_after)
                .ok()
                .and_then(|text| text.parse::<i64>().ok())
                .ok_or(Error::InvalidTimestamp(ENV_PREVIOUS_NOT_AFTER))?;
            let window = KeyWindow {
                not_before: None,
                not_after: Some(check_unix_seconds(not_after, ENV_PREVIOUS_NOT_AFTER)?),
            };
            keyring.add("previous", &previous, window)?;
        }
        Ok(keyring)
    }

    /// Calls `hook` with every failed verification of this keyring (and its clones made
    /// afterwards).
    pub fn on_failure(&mut self, hook: FailureHook) -> &mut Self {
        self.on_failure = Some(hook);
        self
    }

    /// Stops telling a failure hook about failed verifications.
    pub fn remove_failure_hook(&mut self) -> &mut Self {
        self.on_failure = None;
        self
    }

    /// The id of the signing key.
    pub fn primary_id(&self) -> &str {
        &self.keys[0].id
    }

    /// Every key id, primary first.
    pub fn key_ids(&self) -> impl Iterator<Item = &str> {
        self.keys.iter().map(|k| k.id.as_str())
    }

    /// The primary key's signer, e.g. for [`crate::WidgetConfig::to_script`].
    pub fn primary_signer(&self) -> &Signer {
        &self.keys[0].signer
    }

    /// The widget hash of `user_id` under the primary key.
    pub fn sign(&self, user_id: impl AsRef<[u8]>) -> Result<String> {
        self.primary_signer().sign(user_id)
    }

    /// Whether `hash` verifies now; see [`Keyring::verify_detailed_at`].
    pub fn verify(&self, user_id: impl AsRef<[u8]>, hash: impl AsRef<[u8]>) -> Result<bool> {
        Ok(self.verify_detailed(user_id, hash)?.is_verified())
    }

    /// [`Keyring::verify_detailed_at`] at the current time.
    pub fn verify_detailed(
        &self,
        user_id: impl AsRef<[u8]>,
        hash: impl AsRef<[u8]>,
    ) -> Result<Verification> {
        self.verify_detailed_at(user_id, hash, unix_now())
    }

    /// Checks a widget hash at Unix second `now` under every key, reporting which matched.
    ///
    /// An empty hash is `Missing`; a bad one `Malformed`; one matched only by a key outside
    /// its window `Expired`. Only an invalid user id is an error.
    pub fn verify_detailed_at(
        &self,
        user_id: impl AsRef<[u8]>,
        hash: impl AsRef<[u8]>,
        now: i64,
    ) -> Result<Verification> {
        let (user_id, hash) = (user_id.as_ref(), hash.as_ref());
        let result = self.check(user_id, hash, now)?;
        Ok(self.report(result, user_id, hash))
    }

    /// A `v1` token for `user_id` that expires `ttl_seconds` from now.
    pub fn issue_token(&self, user_id: impl AsRef<[u8]>, ttl_seconds: u64) -> Result<String> {
        // A ttl past i64 saturates, and the expiry check refuses it like any huge expiry.
        let expires_at = i64::try_from(ttl_seconds)
            .ok()
            .and_then(|ttl| unix_now().checked_add(ttl))
            .unwrap_or(i64::MAX);
        self.issue_token_at(user_id, expires_at)
    }

    /// A `v1` token for `user_id`, signed by the primary key, expiring at Unix second
    /// `expires_at` (valid up to `expires_at - 1`).
    pub fn issue_token_at(&self, user_id: impl AsRef<[u8]>, expires_at: i64) -> Result<String> {
        let expires_at = token::checked_expiry(expires_at)?;
        let mac = token::token_mac(&self.keys[0].token_signer, user_id.as_ref(), expires_at)?;
        Ok(token::format_token(expires_at, &mac))
    }

    /// [`Keyring::verify_token_at`] at the current time.
    pub fn verify_token(
        &self,
        user_id: impl AsRef<[u8]>,
        token: impl AsRef<[u8]>,
        leeway_seconds: u64,
    ) -> Result<Verification> {
        self.verify_token_at(user_id, token, unix_now(), leeway_seconds)
    }

    /// Checks a `v1` token at Unix second `now`: `Expired` from second
    /// `expires_at + leeway_seconds` on, and only once its MAC is right.
    pub fn verify_token_at(
        &self,
        user_id: impl AsRef<[u8]>,
        token: impl AsRef<[u8]>,
        now: i64,
        leeway_seconds: u64,
    ) -> Result<Verification> {
        let (user_id, token) = (user_id.as_ref(), token.as_ref());
        if user_id.is_empty() {
            return Err(Error::EmptyUserId);
        }
        let result = if token.is_empty() {
            Verification::Missing
        } else {
            match token::parse_token(token) {
                Err(e) => Verification::Malformed { reason: e.code() },
                Ok(parsed) => {
                    let deadline = i128::from(parsed.expires_at) + i128::from(leeway_seconds);
                    let unexpired = i128::from(now) < deadline;
                    let mac = |key: &Key| {
                        token::token_mac(&key.token_signer, user_id, parsed.expires_at).map(Some)
                    };
                    match self.check_mac(&parsed.mac, now, mac)? {
                        Verification::Verified { key_id } if !unexpired => {
                            Verification::Expired { key_id }
                        }
                        other => other,
                    }
                }
            }
        };
        Ok(self.report(result, user_id, token))
    }

    /// Decodes a widget hash and compares it under every key, without telling the failure
    /// hook.
    pub(crate) fn check(&self, user_id: &[u8], hash: &[u8], now: i64) -> Result<Verification> {
        if user_id.is_empty() {
            return Err(Error::EmptyUserId);
        }
        if hash.is_empty() {
            return Ok(Verification::Missing);
        }
        match decode_hash(hash) {
            Err(e) => Ok(Verification::Malformed { reason: e.code() }),
            Ok(given) => self.check_mac(&given, now, |key| key.signer.sign_raw(user_id).map(Some)),
        }
    }

    /// Computes the MAC under every key (`mac` gives `None` for a key not to try), without
    /// stopping at a match, and names the key: the first key valid at `now` that matched,
    /// else the first retired key that matched.
    pub(crate) fn check_mac(
        &self,
        given: &[u8; 32],
        now: i64,
        mac: impl Fn(&Key) -> Result<Option<[u8; 32]>>,
    ) -> Result<Verification> {
        let (mut valid, mut retired) = (None, None);
        for key in &self.keys {
            if mac(key)?.is_some_and(|mac| macs_equal(&mac, given)) {
                let slot = if key.window.contains(now) { &mut valid } else { &mut retired };
                slot.get_or_insert_with(|| key.id.clone());
            }
        }
        Ok(match (valid, retired) {
            (Some(key_id), _) => Verification::Verified { key_id },
            (None, Some(key_id)) => Verification::Expired { key_id },
            (None, None) => Verification::Mismatch,
        })
    }

    pub(crate) fn report(
        &self,
        result: Verification,
        user_id: &[u8],
        presented: &[u8],
    ) -> Verification {
        if let Some(hook) = &self.on_failure
            && let Some(event) = FailureEvent::new(&result, user_id, presented)
        {
            hook(&event);
        }
        result
    }

    /// Every key's id, secret and signer, for the diagnostics in `explain`.
    pub(crate) fn keys_with_secrets(&self) -> impl Iterator<Item = (&str, &Secret, &Signer)> {
        self.keys.iter().map(|k| (k.id.as_str(), &k.secret, &k.signer))
    }
}

impl core::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let ids: Vec<&str> = self.key_ids().collect();
        f.debug_struct("Keyring").field("key_ids", &ids).field("secrets", &"<redacted>").finish()
    }
}
