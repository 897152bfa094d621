//! Vendor profiles with a keyring (docs/spec.md, sections 5.1 and 6): a keyring from a
//! vendor's dashboard secret, the snippet of any preset signed by its primary key, and HS256
//! JWTs issued, verified and explained. Results of any length are JSON in a `userhash_string`,
//! the failure event inside, for the caller to report (no callback crosses the ABI).

use std::ffi::c_char;

use serde::Serialize;
use userhash_core::{
    FailureEvent, Finding, Keyring, Preset, WidgetConfig, WidgetUser, check_duration,
};

use crate::boundary::{
    Failure, input, live, new_handle, optional_i64, optional_input, text, userhash_result,
    userhash_string, utf8, write_out,
};
use crate::keyring::userhash_keyring;
use crate::signer::utf8_secret;

/// The preset named by the UTF-8 text at `preset` (`UNKNOWN_PRESET` otherwise).
/// # Safety
/// As `boundary::text`.
unsafe fn read_preset(preset: *const c_char, preset_len: usize) -> Result<Preset, Failure> {
    // SAFETY: forwarded from the caller's contract.
    Ok(Preset::from_name(unsafe { text(preset, preset_len) }?)?)
}

/// Creates a keyring, released with `userhash_keyring_free`, whose primary key is the vendor
/// dashboard secret `secret` of `preset` under the UTF-8 key id `primary_id`, read as the
/// profile reads it: hex-decoded for `pylon`, as text (`userhash_keyring_new`) for the others.
/// # Safety
/// The inputs point to their length in bytes; `keyring_out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_keyring_new_preset(
    preset: *const c_char,
    preset_len: usize,
    primary_id: *const c_char,
    primary_id_len: usize,
    secret: *const c_char,
    secret_len: usize,
    keyring_out: *mut *mut userhash_keyring,
) -> userhash_result {
    // SAFETY: forwarded from the caller's contract.
    unsafe {
        new_handle(keyring_out, || {
            let preset = read_preset(preset, preset_len)?;
            let id = text(primary_id, primary_id_len)?;
            let secret = preset.secret(utf8_secret(input(secret, secret_len)?)?)?;
            Ok(Keyring::new(id, &secret)?.into())
        })
    }
}

/// Writes the snippet data of the JSON `config_json` (README, Vendor profiles) for any
/// preset to `*json_out`: the hash, or the JWT issued at Unix second `now` (`exp` = `now` +
/// the config's `ttl`, 3600 by default), signed by the keyring's primary key with its key id.
/// # Safety
/// `keyring` is a live handle; every other pointer is NULL or valid for its length.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_keyring_widget_json(
    keyring: *const userhash_keyring,
    config_json: *const c_char,
    config_json_len: usize,
    now: i64,
    json_out: *mut userhash_string,
) -> userhash_result {
    // SAFETY: forwarded from the caller's contract.
    unsafe {
        write_out(json_out, || {
            let keyring = &live(keyring)?.keyring;
            let config = WidgetConfig::from_json(text(config_json, config_json_len)?)?;
            Ok(config.to_json_at(keyring, now)?.into())
        })
    }
}

/// As `userhash_keyring_widget_json`, for the whole `<script>` element in the vendor's own
/// form, with a CSP `nonce` attribute when `nonce` is not NULL (the empty string for an
/// anonymous visitor to a vendor call that only identifies; `NO_SNIPPET` for `canny`).
/// # Safety
/// As `userhash_keyring_widget_json`; `nonce` is NULL or points to `nonce_len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_keyring_widget_script(
    keyring: *const userhash_keyring,
    config_json: *const c_char,
    config_json_len: usize,
    nonce: *const c_char,
    nonce_len: usize,
    now: i64,
    script_out: *mut userhash_string,
) -> userhash_result {
    // SAFETY: forwarded from the caller's contract.
    unsafe {
        write_out(script_out, || {
            let keyring = &live(keyring)?.keyring;
            let config = WidgetConfig::from_json(text(config_json, config_json_len)?)?;
            let nonce = optional_input(nonce, nonce_len)?.map(utf8).transpose()?;
            Ok(config.to_script_at(keyring, nonce, now)?.into())
        })
    }
}

/// Writes to `*fields_json_out` the optional user fields a widget function leaves out of the
/// JSON `config_json` under `"invalid_fields": "drop"`, for the caller to log: a JSON array of
/// `{"field", "code", "message"}` in field order, `[]` when none (or under `"raise"`).
/// # Safety
/// Every pointer is NULL or valid for its length.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_widget_invalid_fields(
    config_json: *const c_char,
    config_json_len: usize,
    fields_json_out: *mut userhash_string,
) -> userhash_result {
    #[derive(Serialize)]
    struct Dropped<'a> {
        field: &'a str,
        code: &'a str,
        message: String,
    }
    // SAFETY: forwarded from the caller's contract.
    unsafe {
        write_out(fields_json_out, || {
            let (_, dropped) =
                WidgetConfig::from_json_dropping(text(config_json, config_json_len)?)?;
            let dropped: Vec<Dropped> = dropped
                .iter()
                .map(|d| Dropped {
                    field: d.field,
                    code: d.error.code(),
                    message: d.error.to_string(),
                })
                .collect();
            Ok(to_json(&dropped).into())
        })
    }
}

/// Writes a JWT of `preset`'s profile for the JSON user object `user_json` (the `user` of a
/// widget configuration, read as strictly) to `*token_out`, signed by the keyring's primary key
/// (with its key id as `kid` where the profile names keys): `iat` = `issued_at`, `exp` =
/// `*expires_at`, no `exp` when `expires_at` is NULL. A hash profile: `NOT_A_JWT_PROFILE`.
/// # Safety
/// `keyring` is a live handle; `expires_at` is NULL or readable; every other pointer is NULL or
/// valid for its length.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_keyring_issue_jwt(
    keyring: *const userhash_keyring,
    preset: *const c_char,
    preset_len: usize,
    user_json: *const c_char,
    user_json_len: usize,
    issued_at: i64,
    expires_at: *const i64,
    token_out: *mut userhash_string,
) -> userhash_result {
    // SAFETY: forwarded from the caller's contract.
    unsafe {
        write_out(token_out, || {
            let keyring = &live(keyring)?.keyring;
            let preset = read_preset(preset, preset_len)?;
            let user = WidgetUser::from_json(text(user_json, user_json_len)?)?;
            Ok(keyring.issue_jwt_at(preset, &user, issued_at, optional_i64(expires_at))?.into())
        })
    }
}

/// A failure event in JSON: every field of the core's, the user id included, which for a
/// JWT is the profile's identity claim as the token states it and for an email profile the
/// email, so that the caller reports it as it is.
#[derive(Serialize)]
struct Event<'a> {
    outcome: &'a str,
    reason: Option<&'a str>,
    key_id: Option<&'a str>,
    user_id: &'a str,
    hash_prefix: &'a str,
}

impl<'a> From<&'a FailureEvent> for Event<'a> {
    fn from(e: &'a FailureEvent) -> Self {
        Event {
            outcome: e.outcome,
            reason: e.reason,
            key_id: e.key_id.as_deref(),
            user_id: &e.user_id,
            hash_prefix: &e.hash_prefix,
        }
    }
}

/// `{"code", "message", "event": null | {"outcome", "reason", "key_id", "user_id",
/// "hash_prefix"}}`.
fn explanation((finding, event): (Finding, Option<FailureEvent>)) -> userhash_string {
    #[derive(Serialize)]
    struct Explanation<'a> {
        code: &'a str,
        message: &'a str,
        event: Option<Event<'a>>,
    }
    let event = event.as_ref().map(Event::from);
    to_json(&Explanation { code: finding.code, message: &finding.message, event }).into()
}

/// Checks a JWT of `preset`'s profile at Unix second `now`, `leeway_seconds` (not negative)
/// allowed on `exp`, `nbf` and `iat`, and writes `{"outcome", "reason", "key_id", "claims",
/// "event"}` to `*result_json_out`: `claims` is the token's claims object as it was signed
/// (for `verified` and `expired`, else null), `event` the failure event (null when verified).
/// A wrong token is an outcome; only a profile without JWTs (`NOT_A_JWT_PROFILE`) is an error.
/// # Safety
/// `keyring` is a live handle; every other pointer is NULL or valid for its length.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_keyring_verify_jwt(
    keyring: *const userhash_keyring,
    preset: *const c_char,
    preset_len: usize,
    token: *const c_char,
    token_len: usize,
    now: i64,
    leeway_seconds: i64,
    result_json_out: *mut userhash_string,
) -> userhash_result {
    #[derive(Serialize)]
    struct Head<'a> {
        outcome: &'a str,
        reason: Option<&'a str>,
        key_id: Option<&'a str>,
    }
    // SAFETY: forwarded from the caller's contract.
    unsafe {
        write_out(result_json_out, || {
            let keyring = &live(keyring)?.keyring;
            let (preset, token) = (read_preset(preset, preset_len)?, input(token, token_len)?);
            let leeway = check_duration(leeway_seconds, "the leeway")?;
            let result = keyring.check_jwt(preset, token, now, leeway)?;
            let v = &result.verification;
            let head = Head { outcome: v.outcome(), reason: v.reason(), key_id: v.key_id() };
            let event = result.failure_event(token);
            // The claims are JSON text the core read as an object: spliced in as signed.
            let mut json = to_json(&head);
            json.pop();
            json.push_str(",\"claims\":");
            json.push_str(result.claims.as_deref().unwrap_or("null"));
            json.push_str(",\"event\":");
            json.push_str(&to_json(&event.as_ref().map(Event::from)));
            json.push('}');
            Ok(json.into())
        })
    }
}

fn to_json(value: &impl Serialize) -> String {
    serde_json::to_string(value).expect("strings and options always serialize")
}

/// Tells why a JWT of `preset`'s profile does or does not verify at Unix second `now` with
/// `leeway_seconds` (not negative): `*json_out` gets `{"code", "message", "event"}` (README).
/// # Safety
/// `keyring` is a live handle; every other pointer is NULL or valid for its length.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_keyring_explain_jwt(
    keyring: *const userhash_keyring,
    preset: *const c_char,
    preset_len: usize,
    token: *const c_char,
    token_len: usize,
    now: i64,
    leeway_seconds: i64,
    json_out: *mut userhash_string,
) -> userhash_result {
    // SAFETY: forwarded from the caller's contract.
    unsafe {
        write_out(json_out, || {
            let keyring = &live(keyring)?.keyring;
            let (preset, token) = (read_preset(preset, preset_len)?, input(token, token_len)?);
            let leeway = check_duration(leeway_seconds, "the leeway")?;
            Ok(explanation(keyring.explain_jwt_at(preset, token, now, leeway)?))
        })
    }
}

/// Tells why `hash` of `preset`'s profile does or does not verify at Unix second `now`: for a
/// profile that signs the email, `email` (then required) is what is hashed. `*json_out` gets
/// `{"code", "message", "event"}` (README). A JWT profile: `FIELD_NOT_IN_PRESET`.
/// # Safety
/// `keyring` is a live handle; every other pointer is NULL or valid for its length.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_keyring_explain_preset(
    keyring: *const userhash_keyring,
    preset: *const c_char,
    preset_len: usize,
    user_id: *const c_char,
    user_id_len: usize,
    email: *const c_char,
    email_len: usize,
    hash: *const c_char,
    hash_len: usize,
    now: i64,
    json_out: *mut userhash_string,
) -> userhash_result {
    // SAFETY: forwarded from the caller's contract.
    unsafe {
        write_out(json_out, || {
            let keyring = &live(keyring)?.keyring;
            let preset = read_preset(preset, preset_len)?;
            let (user_id, hash) = (input(user_id, user_id_len)?, input(hash, hash_len)?);
            let email = optional_input(email, email_len)?;
            Ok(explanation(keyring.explain_preset_at(preset, user_id, hash, email, now)?))
        })
    }
}
