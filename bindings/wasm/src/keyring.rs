//! Keyrings: checks return JSON `[result, event | null]` for the glue to emit the event, as
//! the native addon's do; every time is given (see the crate's documentation).

use serde::Serialize;
use userhash::{KeyWindow, Keyring, Signer};

use crate::args::{self, bytes, seconds, text};
use crate::boundary::{Failure, json, live, new_handle, release, run};

/// What verifying a hash or token found, as the native addon's `Verification`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Verification {
    outcome: &'static str,
    key_id: Option<String>,
    reason: Option<&'static str>,
}

impl From<&userhash::Verification> for Verification {
    fn from(v: &userhash::Verification) -> Self {
        Verification {
            outcome: v.outcome(),
            key_id: v.key_id().map(str::to_owned),
            reason: v.reason(),
        }
    }
}

/// What a keyring's `'failure'` listeners receive, as the native addon's `FailureEvent`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FailureEvent {
    outcome: &'static str,
    reason: Option<&'static str>,
    key_id: Option<String>,
    user_id: String,
    hash_prefix: String,
}

impl From<userhash::FailureEvent> for FailureEvent {
    fn from(e: userhash::FailureEvent) -> Self {
        let (outcome, reason, key_id) = (e.outcome, e.reason, e.key_id);
        FailureEvent { outcome, reason, key_id, user_id: e.user_id, hash_prefix: e.hash_prefix }
    }
}

/// What `explain` concluded.
#[derive(Serialize)]
pub struct Finding {
    code: &'static str,
    message: String,
}

/// A result and the event of its failed check.
pub type Checked<T> = (T, Option<FailureEvent>);

/// A finding and its event, as the core gives them.
pub fn explained(
    (finding, event): (userhash::Finding, Option<userhash::FailureEvent>),
) -> Checked<Finding> {
    (Finding { code: finding.code, message: finding.message }, event.map(Into::into))
}

fn verification(
    result: &userhash::Verification,
    id: &[u8],
    presented: &[u8],
) -> Checked<Verification> {
    (result.into(), userhash::FailureEvent::new(result, id, presented).map(Into::into))
}

/// A keyring whose primary key is `secret` (read by `preset`'s profile when given) under
/// `primary_id`.
/// # Safety
/// Every `(ptr, len)` is an input written by the glue.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn uh_keyring_new(
    has_preset: u32,
    preset_ptr: *const u8,
    preset_len: usize,
    id_ptr: *const u8,
    id_len: usize,
    secret_ptr: *const u8,
    secret_len: usize,
    secret_is_text: u32,
) -> u32 {
    // SAFETY: the caller's contract.
    let (preset, id, secret) = unsafe {
        (bytes(preset_ptr, preset_len), bytes(id_ptr, id_len), bytes(secret_ptr, secret_len))
    };
    new_handle(|| {
        let preset = args::preset(has_preset, preset)?;
        let secret = args::secret(secret, secret_is_text, preset)?;
        Ok(Keyring::new(text(id, "the key id")?, &secret)?)
    })
}

/// `Keyring.fromEnv(env)`: the core's reading of `USERHASH_SECRET`, `USERHASH_PREVIOUS_SECRET`
/// and `USERHASH_PREVIOUS_SECRET_NOT_AFTER`, given as the runtime's environment holds them
/// (each flag 0 when unset).
/// # Safety
/// Every `(ptr, len)` is an input written by the glue.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn uh_keyring_from_env(
    has_secret: u32,
    secret_ptr: *const u8,
    secret_len: usize,
    has_previous: u32,
    previous_ptr: *const u8,
    previous_len: usize,
    has_not_after: u32,
    not_after_ptr: *const u8,
    not_after_len: usize,
) -> u32 {
    // SAFETY: the caller's contract.
    let value = |given: u32, ptr, len| (given != 0).then(|| unsafe { bytes(ptr, len) });
    let secret = value(has_secret, secret_ptr, secret_len);
    let previous = value(has_previous, previous_ptr, previous_len);
    let not_after = value(has_not_after, not_after_ptr, not_after_len);
    new_handle(|| Ok(Keyring::from_values(secret, previous, not_after)?))
}

/// Releases a keyring.
/// # Safety
/// `keyring` is a live keyring handle, not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn uh_keyring_free(keyring: u32) {
    // SAFETY: the caller's contract.
    unsafe { release::<Keyring>(keyring) }
}

/// Adds a verify-only key valid within `[notBefore, notAfter)` (flags as `args::seconds`).
/// # Safety
/// `keyring` is a live keyring handle no other call uses meanwhile; the inputs as above.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn uh_keyring_add(
    keyring: u32,
    id_ptr: *const u8,
    id_len: usize,
    secret_ptr: *const u8,
    secret_len: usize,
    secret_is_text: u32,
    not_before_flag: u32,
    not_before: i64,
    not_after_flag: u32,
    not_after: i64,
) -> u32 {
    // SAFETY: the caller's contract: nothing else borrows the keyring during the call.
    let keyring = unsafe { &mut *(keyring as usize as *mut Keyring) };
    // SAFETY: the caller's contract.
    let (id, secret) = unsafe { (bytes(id_ptr, id_len), bytes(secret_ptr, secret_len)) };
    run(|| {
        let window = KeyWindow {
            not_before: seconds(not_before_flag, not_before, "notBefore")?,
            not_after: seconds(not_after_flag, not_after, "notAfter")?,
        };
        let secret = args::secret(secret, secret_is_text, None)?;
        keyring.add(text(id, "the key id")?, &secret, window)?;
        Ok([])
    })
}

/// A signer handle of the primary key, for the glue's `sign` (`uh_sign`).
/// # Safety
/// `keyring` is a live keyring handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn uh_keyring_signer(keyring: u32) -> u32 {
    // SAFETY: the caller's contract.
    let keyring = unsafe { live::<Keyring>(keyring) };
    new_handle(|| Ok::<Signer, Failure>(keyring.primary_signer().clone()))
}

/// Every key id, primary first, as a JSON array.
/// # Safety
/// `keyring` is a live keyring handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn uh_keyring_key_ids(keyring: u32) -> u32 {
    // SAFETY: the caller's contract.
    let keyring = unsafe { live::<Keyring>(keyring) };
    json(|| Ok(keyring.key_ids().collect::<Vec<_>>()))
}

/// A widget hash checked at `now`: `[verification, event | null]`.
/// # Safety
/// `keyring` is a live keyring handle; every `(ptr, len)` an input.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn uh_keyring_verify_detailed(
    keyring: u32,
    now_flag: u32,
    now: i64,
    id_kind: u32,
    id_ptr: *const u8,
    id_len: usize,
    hash_ptr: *const u8,
    hash_len: usize,
) -> u32 {
    // SAFETY: the caller's contract.
    let (keyring, id, hash) =
        unsafe { (live::<Keyring>(keyring), bytes(id_ptr, id_len), bytes(hash_ptr, hash_len)) };
    let mut integer = None;
    json(|| {
        let now = args::now(now_flag, now)?;
        let id = args::user_id(id_kind, id, &mut integer)?;
        Ok(verification(&keyring.verify_detailed_at(id, hash, now)?, id, hash))
    })
}

/// A `v1` token expiring `ttl` seconds after `now` or at `expiresAt` (exactly one given).
/// # Safety
/// As `uh_keyring_verify_detailed`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn uh_keyring_issue_token(
    keyring: u32,
    ttl_flag: u32,
    ttl: i64,
    expires_at_flag: u32,
    expires_at: i64,
    now: i64,
    id_kind: u32,
    id_ptr: *const u8,
    id_len: usize,
) -> u32 {
    // SAFETY: the caller's contract.
    let (keyring, id) = unsafe { (live::<Keyring>(keyring), bytes(id_ptr, id_len)) };
    let mut integer = None;
    run(|| {
        let ttl = args::duration(ttl_flag, ttl, "ttl")?;
        let expires_at = seconds(expires_at_flag, expires_at, "expiresAt")?;
        let expires_at = match (ttl, expires_at) {
            // As the core's `issue_token`: a ttl past i64 saturates, and the expiry check
            // refuses it like any huge expiry.
            (Some(ttl), None) => {
                i64::try_from(ttl).ok().and_then(|ttl| now.checked_add(ttl)).unwrap_or(i64::MAX)
            }
            (None, Some(at)) => at,
            _ => {
                let one = "issueToken needs exactly one of { ttl } and { expiresAt }";
                return Err(Failure::ArgType(one.to_owned()));
            }
        };
        Ok(keyring.issue_token_at(args::user_id(id_kind, id, &mut integer)?, expires_at)?)
    })
}

/// A `v1` token checked at `now` with `leeway`: `[verification, event | null]`.
/// # Safety
/// As `uh_keyring_verify_detailed`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn uh_keyring_verify_token(
    keyring: u32,
    leeway_flag: u32,
    leeway: i64,
    now_flag: u32,
    now: i64,
    id_kind: u32,
    id_ptr: *const u8,
    id_len: usize,
    token_ptr: *const u8,
    token_len: usize,
) -> u32 {
    // SAFETY: the caller's contract.
    let (keyring, id, token) =
        unsafe { (live::<Keyring>(keyring), bytes(id_ptr, id_len), bytes(token_ptr, token_len)) };
    let mut integer = None;
    json(|| {
        let leeway = args::duration(leeway_flag, leeway, "leeway")?.unwrap_or(0);
        let now = args::now(now_flag, now)?;
        let id = args::user_id(id_kind, id, &mut integer)?;
        Ok(verification(&keyring.verify_token_at(id, token, now, leeway)?, id, token))
    })
}

/// Why `hash` does or does not verify at `now` (a hash of `preset`'s vendor, when given):
/// `[finding, event | null]`.
/// # Safety
/// As `uh_keyring_verify_detailed`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn uh_keyring_explain(
    keyring: u32,
    has_preset: u32,
    preset_ptr: *const u8,
    preset_len: usize,
    now_flag: u32,
    now: i64,
    id_kind: u32,
    id_ptr: *const u8,
    id_len: usize,
    hash_ptr: *const u8,
    hash_len: usize,
    has_email: u32,
    email_ptr: *const u8,
    email_len: usize,
) -> u32 {
    // SAFETY: the caller's contract.
    let (keyring, preset, id, hash, email) = unsafe {
        let email = (has_email != 0).then(|| bytes(email_ptr, email_len));
        let inputs =
            (bytes(preset_ptr, preset_len), bytes(id_ptr, id_len), bytes(hash_ptr, hash_len));
        (live::<Keyring>(keyring), inputs.0, inputs.1, inputs.2, email)
    };
    let mut integer = None;
    json(|| {
        let preset = args::preset(has_preset, preset)?;
        let now = args::now(now_flag, now)?;
        let id = args::user_id(id_kind, id, &mut integer)?;
        let pair = match preset {
            Some(preset) => keyring.explain_preset_at(preset, id, hash, email, now)?,
            None => keyring.explain_with_event(id, hash, email, now)?,
        };
        Ok(explained(pair))
    })
}
