//! Widget snippets of every preset from the configuration as JSON (the C ABI's form, read by
//! the core), and the vendors' HS256 JWTs on a keyring.

use serde::Serialize;
use userhash::{Keyring, Preset, Signer, SigningKey, WidgetConfig, WidgetUser};

use crate::args::{self, bytes, text};
use crate::boundary::{Failure, json, live, run};
use crate::keyring::{FailureEvent, explained};

/// What signs a widget: a signer handle, a keyring handle (its primary key and id), or a
/// secret read as the configuration's preset reads it.
pub mod source_kind {
    pub const SIGNER: u32 = 0;
    pub const KEYRING: u32 = 1;
    pub const SECRET: u32 = 2;
}

/// The snippet of the JSON configuration `{preset, app_id, global, user, ttl, invalid_fields}`
/// at `now`, the `<script>` element (with the nonce, when given) if `script` is not 0, else its
/// JSON: `{"text", "dropped": [{field, code, message}]}`, what `"invalid_fields": "drop"` left
/// out, for the glue to log.
/// # Safety
/// `handle` is a live handle of `source`'s kind (or unused for a secret); every `(ptr, len)`
/// is an input written by the glue.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn uh_widget(
    script: u32,
    source: u32,
    handle: u32,
    secret_ptr: *const u8,
    secret_len: usize,
    secret_is_text: u32,
    config_ptr: *const u8,
    config_len: usize,
    has_nonce: u32,
    nonce_ptr: *const u8,
    nonce_len: usize,
    now_flag: u32,
    now: i64,
) -> u32 {
    // SAFETY: the caller's contract.
    let (secret, config, nonce) = unsafe {
        (bytes(secret_ptr, secret_len), bytes(config_ptr, config_len), bytes(nonce_ptr, nonce_len))
    };
    json(|| {
        let (config, dropped) =
            WidgetConfig::from_json_dropping(text(config, "the widget options")?)?;
        let nonce = (has_nonce != 0).then(|| text(nonce, "nonce")).transpose()?;
        let now = args::now(now_flag, now)?;
        let render = |key: SigningKey| match script {
            0 => config.to_json_at(key, now),
            _ => config.to_script_at(key, nonce, now),
        };
        let text = match source {
            // SAFETY: the caller's contract.
            source_kind::SIGNER => render(unsafe { live::<Signer>(handle) }.into())?,
            source_kind::KEYRING => render(unsafe { live::<Keyring>(handle) }.into())?,
            source_kind::SECRET => {
                let secret = args::secret(secret, secret_is_text, Some(config.preset))?;
                render((&Signer::new(&secret)).into())?
            }
            _ => return Err(Failure::ArgType("no such signing source".to_owned())),
        };
        let dropped = dropped.iter().map(|d| Dropped {
            field: d.field,
            code: d.error.code(),
            message: d.error.to_string(),
        });
        Ok(Rendered { text, dropped: dropped.collect() })
    })
}

/// A snippet and the optional user fields left out of it.
#[derive(Serialize)]
struct Rendered {
    text: String,
    dropped: Vec<Dropped>,
}

/// An optional user field left out: its name, its rule's error code and message (no value).
#[derive(Serialize)]
struct Dropped {
    field: &'static str,
    code: &'static str,
    message: String,
}

/// A JWT of `preset`'s profile for the JSON user (empty: none given) by the primary key,
/// issued at `now`, expiring `ttl` seconds later or at `expiresAt` (no `exp` with neither).
/// # Safety
/// `keyring` is a live keyring handle; every `(ptr, len)` is an input.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn uh_keyring_issue_jwt(
    keyring: u32,
    preset_ptr: *const u8,
    preset_len: usize,
    user_ptr: *const u8,
    user_len: usize,
    ttl_flag: u32,
    ttl: i64,
    expires_at_flag: u32,
    expires_at: i64,
    now_flag: u32,
    now: i64,
) -> u32 {
    // SAFETY: the caller's contract.
    let (keyring, preset, user) = unsafe {
        (live::<Keyring>(keyring), bytes(preset_ptr, preset_len), bytes(user_ptr, user_len))
    };
    run(|| {
        let preset = Preset::from_name(text(preset, "the preset")?)?;
        let now = args::now(now_flag, now)?;
        if user.is_empty() {
            let no_user = "issueJwt needs the user { id, … }: a JWT identifies a user";
            return Err(Failure::ArgType(no_user.to_owned()));
        }
        let user = WidgetUser::from_json(text(user, "the user")?)?;
        let ttl = args::duration(ttl_flag, ttl, "ttl")?;
        let expires_at = match (ttl, args::seconds(expires_at_flag, expires_at, "expiresAt")?) {
            (Some(ttl), None) => Some(now.saturating_add_unsigned(ttl)),
            (None, at) => at,
            (Some(_), Some(_)) => {
                let one = "issueJwt takes at most one of { ttl } and { expiresAt }";
                return Err(Failure::ArgType(one.to_owned()));
            }
        };
        Ok(keyring.issue_jwt_at(preset, &user, now, expires_at)?)
    })
}

/// What verifying a JWT found, as the native addon's `JwtVerification` (claims as JSON text).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JwtVerification {
    outcome: &'static str,
    reason: Option<&'static str>,
    key_id: Option<String>,
    claims: Option<String>,
    verified: bool,
}

/// Reads the arguments every JWT check takes and runs `check` with them.
/// Safety: `(preset_ptr, preset_len)` and `(token_ptr, token_len)` are inputs.
unsafe fn jwt_check<T>(
    preset: (*const u8, usize),
    (leeway_flag, leeway): (u32, i64),
    (now_flag, now): (u32, i64),
    token: (*const u8, usize),
    check: impl FnOnce(Preset, &[u8], i64, u64) -> userhash::Result<T>,
) -> crate::boundary::Result<T> {
    // SAFETY: the caller's contract.
    let (preset, token) = unsafe { (bytes(preset.0, preset.1), bytes(token.0, token.1)) };
    let preset = Preset::from_name(text(preset, "the preset")?)?;
    let leeway = args::duration(leeway_flag, leeway, "leeway")?.unwrap_or(0);
    Ok(check(preset, token, args::now(now_flag, now)?, leeway)?)
}

/// A JWT of `preset`'s profile checked at `now` with `leeway`: `[verification, event | null]`.
/// # Safety
/// `keyring` is a live keyring handle; every `(ptr, len)` is an input.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn uh_keyring_verify_jwt(
    keyring: u32,
    preset_ptr: *const u8,
    preset_len: usize,
    leeway_flag: u32,
    leeway: i64,
    now_flag: u32,
    now: i64,
    token_ptr: *const u8,
    token_len: usize,
) -> u32 {
    // SAFETY: the caller's contract.
    let keyring = unsafe { live::<Keyring>(keyring) };
    json(|| {
        // SAFETY: the caller's contract.
        unsafe {
            jwt_check(
                (preset_ptr, preset_len),
                (leeway_flag, leeway),
                (now_flag, now),
                (token_ptr, token_len),
                |preset, token, now, leeway| {
                    let checked = keyring.check_jwt(preset, token, now, leeway)?;
                    let event = checked.failure_event(token).map(FailureEvent::from);
                    let v = &checked.verification;
                    let verification = JwtVerification {
                        outcome: v.outcome(),
                        reason: v.reason(),
                        key_id: v.key_id().map(str::to_owned),
                        verified: v.is_verified(),
                        claims: checked.claims,
                    };
                    Ok((verification, event))
                },
            )
        }
    })
}

/// Why a JWT of `preset`'s profile does or does not verify: `[finding, event | null]`.
/// # Safety
/// As `uh_keyring_verify_jwt`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn uh_keyring_explain_jwt(
    keyring: u32,
    preset_ptr: *const u8,
    preset_len: usize,
    leeway_flag: u32,
    leeway: i64,
    now_flag: u32,
    now: i64,
    token_ptr: *const u8,
    token_len: usize,
) -> u32 {
    // SAFETY: the caller's contract.
    let keyring = unsafe { live::<Keyring>(keyring) };
    json(|| {
        // SAFETY: the caller's contract.
        unsafe {
            jwt_check(
                (preset_ptr, preset_len),
                (leeway_flag, leeway),
                (now_flag, now),
                (token_ptr, token_len),
                |preset, token, now, leeway| {
                    Ok(explained(keyring.explain_jwt_at(preset, token, now, leeway)?))
                },
            )
        }
    })
}
