//! The keyring handle: rotation, detailed verification, expiring tokens and explain.

use std::ffi::c_char;

use userhash_core::{HASH_HEX_LEN, KeyWindow, Keyring, Secret, check_duration, unix_now};

use crate::boundary::{
    check_ptr, free, guard, input, live, new_handle, optional_i64, optional_input, text,
    userhash_result, userhash_string, write_buffer, write_out,
};
use crate::signer::{USERHASH_HASH_BUF_LEN, hex_hash, text_secret};
use crate::verification::{explain_json, userhash_verification};

/// Size of a buffer that receives any token: `v1.`, up to 19 digits, `.`, 64 hex and a NUL.
pub const USERHASH_TOKEN_BUF_LEN: usize = 88;
const _: () = assert!(USERHASH_TOKEN_BUF_LEN == 3 + 19 + 1 + HASH_HEX_LEN + 1);

/// Secrets under key ids, for rotation (docs/spec.md, section 3): the primary key (index 0)
/// signs, every key valid at the time verifies. Add keys first, then share it across threads.
pub struct userhash_keyring {
    pub(crate) keyring: Keyring,
    /// Each key id and a NUL, in key order: what `userhash_keyring_key_id` lends.
    ids: Vec<Box<[u8]>>,
}

fn nul_terminated(id: &str) -> Box<[u8]> {
    [id.as_bytes(), b"\0"].concat().into_boxed_slice()
}

impl From<Keyring> for userhash_keyring {
    fn from(keyring: Keyring) -> Self {
        let ids = keyring.key_ids().map(nul_terminated).collect();
        userhash_keyring { keyring, ids }
    }
}

/// How `new_keyring` and `add_key` read a secret: as text (`userhash_signer_new`) or raw.
const TEXT: bool = true;
const RAW: bool = false;

fn read_secret<const AS_TEXT: bool>(bytes: &[u8]) -> Result<Secret, userhash_core::Error> {
    if AS_TEXT { text_secret(bytes) } else { Secret::from_bytes(bytes) }
}

/// # Safety
/// As `userhash_keyring_new`.
unsafe fn new_keyring<const AS_TEXT: bool>(
    primary_id: *const c_char,
    primary_id_len: usize,
    secret: *const c_char,
    secret_len: usize,
    keyring_out: *mut *mut userhash_keyring,
) -> userhash_result {
    // SAFETY: forwarded from the caller's contract.
    unsafe {
        new_handle(keyring_out, || {
            let id = text(primary_id, primary_id_len)?;
            let secret = read_secret::<AS_TEXT>(input(secret, secret_len)?)?;
            Ok(Keyring::new(id, &secret)?.into())
        })
    }
}

/// Creates a keyring, released with `userhash_keyring_free`, whose primary key is the text
/// secret `secret` (the rules of `userhash_signer_new`) under the UTF-8 key id `primary_id`.
/// # Safety
/// The inputs point to their length in bytes; `keyring_out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_keyring_new(
    primary_id: *const c_char,
    primary_id_len: usize,
    secret: *const c_char,
    secret_len: usize,
    keyring_out: *mut *mut userhash_keyring,
) -> userhash_result {
    // SAFETY: the caller's contract is new_keyring's.
    unsafe { new_keyring::<TEXT>(primary_id, primary_id_len, secret, secret_len, keyring_out) }
}

/// As `userhash_keyring_new`, with raw key bytes taken as they are (only empty is refused).
/// # Safety
/// As `userhash_keyring_new`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_keyring_new_bytes(
    primary_id: *const c_char,
    primary_id_len: usize,
    key: *const c_char,
    key_len: usize,
    keyring_out: *mut *mut userhash_keyring,
) -> userhash_result {
    // SAFETY: the caller's contract is new_keyring's.
    unsafe { new_keyring::<RAW>(primary_id, primary_id_len, key, key_len, keyring_out) }
}

/// Creates a keyring from `USERHASH_SECRET` (key `"current"`) and, if set, `..._PREVIOUS_SECRET`
/// (`"previous"`) until `..._PREVIOUS_SECRET_NOT_AFTER`; `MISSING_ENV` names the variable.
/// # Safety
/// `keyring_out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_keyring_from_env(
    keyring_out: *mut *mut userhash_keyring,
) -> userhash_result {
    // SAFETY: forwarded from the caller's contract.
    unsafe { new_handle(keyring_out, || Ok(Keyring::from_env()?.into())) }
}

/// `userhash_keyring_from_env` from the three variables' values as the caller read them
/// (PHP-FPM's `getenv()`, say), NULL for a variable that is not set.
/// # Safety
/// Each non-NULL input points to its length in bytes; `keyring_out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_keyring_from_values(
    secret: *const c_char,
    secret_len: usize,
    previous_secret: *const c_char,
    previous_secret_len: usize,
    previous_not_after: *const c_char,
    previous_not_after_len: usize,
    keyring_out: *mut *mut userhash_keyring,
) -> userhash_result {
    // SAFETY: forwarded from the caller's contract.
    unsafe {
        new_handle(keyring_out, || {
            let secret = optional_input(secret, secret_len)?;
            let previous = optional_input(previous_secret, previous_secret_len)?;
            let not_after = optional_input(previous_not_after, previous_not_after_len)?;
            Ok(Keyring::from_values(secret, previous, not_after)?.into())
        })
    }
}

/// # Safety
/// As `userhash_keyring_add`.
unsafe fn add_key<const AS_TEXT: bool>(
    keyring: *mut userhash_keyring,
    id: *const c_char,
    id_len: usize,
    secret: *const c_char,
    secret_len: usize,
    not_before: *const i64,
    not_after: *const i64,
) -> userhash_result {
    // SAFETY: forwarded from the caller's contract.
    guard(|| unsafe {
        let keyring = keyring.as_mut().ok_or(userhash_result::NullParameter)?;
        let id = text(id, id_len)?;
        let secret = read_secret::<AS_TEXT>(input(secret, secret_len)?)?;
        let window =
            KeyWindow { not_before: optional_i64(not_before), not_after: optional_i64(not_after) };
        keyring.keyring.add(id, &secret, window)?;
        keyring.ids.push(nul_terminated(id));
        Ok(())
    })
}

/// Adds a key that only verifies: the text secret `secret` under the new key id `id`, valid from
/// Unix second `*not_before` to before `*not_after` (NULL: open; milliseconds are refused).
/// # Safety
/// `keyring` is live, unused by other threads; every other pointer is NULL or valid for its length.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_keyring_add(
    keyring: *mut userhash_keyring,
    id: *const c_char,
    id_len: usize,
    secret: *const c_char,
    secret_len: usize,
    not_before: *const i64,
    not_after: *const i64,
) -> userhash_result {
    // SAFETY: the caller's contract is add_key's.
    unsafe { add_key::<TEXT>(keyring, id, id_len, secret, secret_len, not_before, not_after) }
}

/// As `userhash_keyring_add`, with raw key bytes taken as they are.
/// # Safety
/// As `userhash_keyring_add`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_keyring_add_bytes(
    keyring: *mut userhash_keyring,
    id: *const c_char,
    id_len: usize,
    key: *const c_char,
    key_len: usize,
    not_before: *const i64,
    not_after: *const i64,
) -> userhash_result {
    // SAFETY: the caller's contract is add_key's.
    unsafe { add_key::<RAW>(keyring, id, id_len, key, key_len, not_before, not_after) }
}

/// Sets `*count_out` to the number of keys, the primary key included.
/// # Safety
/// `keyring` is a live handle; `count_out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_keyring_key_count(
    keyring: *const userhash_keyring,
    count_out: *mut usize,
) -> userhash_result {
    // SAFETY: forwarded from the caller's contract.
    unsafe { write_out(count_out, || Ok(live(keyring)?.ids.len())) }
}

/// Lends the id of key `index` (0 is the primary, then in the order added): UTF-8,
/// NUL-terminated, valid until the keyring is freed. Past the last key: `INDEX_OUT_OF_RANGE`.
/// # Safety
/// `keyring` is a live handle; `id_out` and `id_len_out` are writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_keyring_key_id(
    keyring: *const userhash_keyring,
    index: usize,
    id_out: *mut *const c_char,
    id_len_out: *mut usize,
) -> userhash_result {
    // SAFETY: forwarded from the caller's contract; the id lives as long as the handle.
    unsafe {
        write_out(id_len_out, || {
            check_ptr(id_out)?;
            let id = live(keyring)?.ids.get(index);
            let id = id.ok_or(userhash_result::IndexOutOfRange)?;
            id_out.write(id.as_ptr().cast());
            Ok(id.len() - 1)
        })
    }
}

/// Writes the hash of `user_id` under the primary key (64 hex characters and a NUL).
/// # Safety
/// `keyring` is a live handle; the inputs and `hash_out` point to their length in bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_keyring_sign(
    keyring: *const userhash_keyring,
    user_id: *const c_char,
    user_id_len: usize,
    hash_out: *mut c_char,
    hash_out_len: usize,
) -> userhash_result {
    // SAFETY: forwarded from the caller's contract.
    unsafe {
        write_buffer(hash_out, hash_out_len, USERHASH_HASH_BUF_LEN, || {
            let signer = live(keyring)?.keyring.primary_signer();
            hex_hash(signer, input(user_id, user_id_len)?)
        })
    }
}

/// Checks a widget hash at Unix second `*now` (NULL: now) under every key valid then and
/// writes the outcome, with a failure's event data, to `*result_out`.
/// # Safety
/// `keyring` is a live handle; every other pointer is NULL or valid for its length.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_keyring_verify_detailed(
    keyring: *const userhash_keyring,
    user_id: *const c_char,
    user_id_len: usize,
    hash: *const c_char,
    hash_len: usize,
    now: *const i64,
    result_out: *mut userhash_verification,
) -> userhash_result {
    // SAFETY: forwarded from the caller's contract.
    unsafe {
        write_out(result_out, || {
            let keyring = &live(keyring)?.keyring;
            let (user_id, hash) = (input(user_id, user_id_len)?, input(hash, hash_len)?);
            let now = optional_i64(now).unwrap_or_else(unix_now);
            let verification = keyring.verify_detailed_at(user_id, hash, now)?;
            Ok(userhash_verification::new(keyring, &verification, user_id, hash))
        })
    }
}

/// Writes a `v1` token for `user_id` (docs/spec.md, section 2), signed by the primary key
/// and expiring `ttl_seconds` (not negative) from now, and a NUL to `token_out`.
/// # Safety
/// `keyring` is a live handle; the inputs and `token_out` point to their length in bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_keyring_issue_token(
    keyring: *const userhash_keyring,
    user_id: *const c_char,
    user_id_len: usize,
    ttl_seconds: i64,
    token_out: *mut c_char,
    token_out_len: usize,
) -> userhash_result {
    // SAFETY: forwarded from the caller's contract.
    unsafe {
        write_buffer(token_out, token_out_len, USERHASH_TOKEN_BUF_LEN, || {
            let (keyring, user_id) = (&live(keyring)?.keyring, input(user_id, user_id_len)?);
            Ok(keyring.issue_token(user_id, check_duration(ttl_seconds, "the ttl")?)?)
        })
    }
}

/// As `userhash_keyring_issue_token`, for a token that verifies up to second `expires_at - 1`.
/// # Safety
/// As `userhash_keyring_issue_token`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_keyring_issue_token_at(
    keyring: *const userhash_keyring,
    user_id: *const c_char,
    user_id_len: usize,
    expires_at: i64,
    token_out: *mut c_char,
    token_out_len: usize,
) -> userhash_result {
    // SAFETY: forwarded from the caller's contract.
    unsafe {
        write_buffer(token_out, token_out_len, USERHASH_TOKEN_BUF_LEN, || {
            let (keyring, user_id) = (&live(keyring)?.keyring, input(user_id, user_id_len)?);
            Ok(keyring.issue_token_at(user_id, expires_at)?)
        })
    }
}

/// Checks a `v1` token at Unix second `*now` (NULL: now), expired from `expires_at +
/// leeway_seconds` (not negative) on, and writes the result as verify_detailed does.
/// # Safety
/// `keyring` is a live handle; every other pointer is NULL or valid for its length.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_keyring_verify_token(
    keyring: *const userhash_keyring,
    user_id: *const c_char,
    user_id_len: usize,
    token: *const c_char,
    token_len: usize,
    now: *const i64,
    leeway_seconds: i64,
    result_out: *mut userhash_verification,
) -> userhash_result {
    // SAFETY: forwarded from the caller's contract.
    unsafe {
        write_out(result_out, || {
            let keyring = &live(keyring)?.keyring;
            let (user_id, token) = (input(user_id, user_id_len)?, input(token, token_len)?);
            let now = optional_i64(now).unwrap_or_else(unix_now);
            let leeway = check_duration(leeway_seconds, "the leeway")?;
            let verification = keyring.verify_token_at(user_id, token, now, leeway)?;
            Ok(userhash_verification::new(keyring, &verification, user_id, token))
        })
    }
}

/// Tells why `hash` does or does not verify for `user_id` at `*now` (NULL: now), trying the
/// usual mistakes: `*explanation_out` gets JSON `{"code", "message", "event"}` to free.
/// # Safety
/// `keyring` is a live handle; every other pointer is NULL or valid for its length.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_keyring_explain(
    keyring: *const userhash_keyring,
    user_id: *const c_char,
    user_id_len: usize,
    hash: *const c_char,
    hash_len: usize,
    email: *const c_char,
    email_len: usize,
    now: *const i64,
    explanation_out: *mut userhash_string,
) -> userhash_result {
    // SAFETY: forwarded from the caller's contract.
    unsafe {
        write_out(explanation_out, || {
            let keyring = &live(keyring)?.keyring;
            let (user_id, hash) = (input(user_id, user_id_len)?, input(hash, hash_len)?);
            let email = optional_input(email, email_len)?;
            let now = optional_i64(now).unwrap_or_else(unix_now);
            Ok(explain_json(keyring.explain_with_event(user_id, hash, email, now)?))
        })
    }
}

/// `userhash_keyring_explain` for a single text secret (key `"default"`), at the current time.
/// # Safety
/// As `userhash_keyring_explain`, with `secret` pointing to `secret_len` readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_explain(
    secret: *const c_char,
    secret_len: usize,
    user_id: *const c_char,
    user_id_len: usize,
    hash: *const c_char,
    hash_len: usize,
    email: *const c_char,
    email_len: usize,
    explanation_out: *mut userhash_string,
) -> userhash_result {
    // SAFETY: forwarded from the caller's contract.
    unsafe {
        write_out(explanation_out, || {
            let (secret, user_id) = (input(secret, secret_len)?, input(user_id, user_id_len)?);
            let (hash, email) = (input(hash, hash_len)?, optional_input(email, email_len)?);
            let keyring = Keyring::new("default", &text_secret(secret)?)?;
            Ok(explain_json(keyring.explain_with_event(user_id, hash, email, unix_now())?))
        })
    }
}

/// Releases a keyring and wipes its keys; NULL is a no-op.
/// # Safety
/// `keyring` is NULL or a handle not yet freed, never used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_keyring_free(keyring: *mut userhash_keyring) {
    // SAFETY: forwarded from the caller's contract.
    unsafe { free(keyring) }
}
