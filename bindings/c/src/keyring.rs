//! The keyring handle: rotation, detailed verification, expiring tokens and explain.

use std::ffi::c_char;

use userhash_core::{HASH_HEX_LEN, KeyWindow, Keyring, Secret, check_duration, unix_now};

use crate::boundary::{
    check_output, check_ptr, guard, input, optional_i64, optional_input, text, userhash_string,
    write_string, write_text,
};
use crate::result::userhash_result;
use crate::signer::{USERHASH_HASH_BUF_LEN, hex_hash, text_secret};
use crate::verification::{explain_json, userhash_verification};

/// Size of a buffer that receives any token: `"v1."`, up to 19 digits, `"."`, 64 hex
/// characters and a NUL.
pub const USERHASH_TOKEN_BUF_LEN: usize = 88;
const _: () = assert!(USERHASH_TOKEN_BUF_LEN == 3 + 19 + 1 + HASH_HEX_LEN + 1);

/// Secrets under key ids, for rotation without downtime (docs/spec.md, section 3). Opaque;
/// create it with `userhash_keyring_new`, `_new_bytes` or `_from_env`, release it with
/// `userhash_keyring_free`.
///
/// Signing uses the primary key (index 0); verifying tries every key valid at the time
/// and reports which matched, with what the caller's failure hook needs. Add keys before
/// sharing the keyring: after that it is only read, and one handle may be used from many
/// threads at once.
pub struct userhash_keyring {
    keyring: Keyring,
    /// Each key id and a NUL, in key order: what `userhash_keyring_key_id` lends.
    ids: Vec<Box<[u8]>>,
}

fn nul_terminated(id: &str) -> Box<[u8]> {
    [id.as_bytes(), b"\0"].concat().into_boxed_slice()
}

/// Borrows the keyring behind a handle.
///
/// # Safety
/// `keyring` is NULL or a live handle that nothing modifies during the borrow.
unsafe fn borrow<'a>(keyring: *const userhash_keyring) -> Result<&'a Keyring, userhash_result> {
    // SAFETY: forwarded from the caller's contract.
    unsafe { keyring.as_ref() }
        .map(|k| &k.keyring)
        .ok_or(userhash_result::NullParameter)
}

/// Stores a new handle in `*keyring_out`.
///
/// # Safety
/// `keyring_out` is not NULL and is writable.
unsafe fn store(keyring: Keyring, keyring_out: *mut *mut userhash_keyring) {
    let ids = keyring.key_ids().map(nul_terminated).collect();
    let handle = Box::new(userhash_keyring { keyring, ids });
    // SAFETY: the caller checked it and guarantees it is writable.
    unsafe { keyring_out.write(Box::into_raw(handle)) };
}

/// # Safety
/// As `userhash_keyring_new`.
unsafe fn new_keyring(
    primary_id: *const c_char,
    primary_id_len: usize,
    secret: *const c_char,
    secret_len: usize,
    keyring_out: *mut *mut userhash_keyring,
    read: fn(&[u8]) -> Result<Secret, userhash_core::Error>,
) -> userhash_result {
    guard(|| {
        check_ptr(keyring_out)?;
        // SAFETY: forwarded from the caller's contract.
        let (id, secret) = unsafe {
            (
                text(primary_id, primary_id_len)?,
                input(secret, secret_len)?,
            )
        };
        let keyring = Keyring::new(id, &read(secret)?)?;
        // SAFETY: checked not NULL above.
        unsafe { store(keyring, keyring_out) };
        Ok(())
    })
}

/// Creates a keyring whose primary key (the signing key, always valid) is the text secret
/// `secret` under the key id `primary_id` (UTF-8, not empty). The secret follows the rules
/// of `userhash_signer_new`.
///
/// On success `*keyring_out` receives a handle to release with `userhash_keyring_free`; on
/// failure it is left unchanged.
///
/// # Safety
/// `primary_id` and `secret` point to `primary_id_len` and `secret_len` readable bytes;
/// `keyring_out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_keyring_new(
    primary_id: *const c_char,
    primary_id_len: usize,
    secret: *const c_char,
    secret_len: usize,
    keyring_out: *mut *mut userhash_keyring,
) -> userhash_result {
    // SAFETY: the caller's contract is new_keyring's.
    unsafe {
        new_keyring(
            primary_id,
            primary_id_len,
            secret,
            secret_len,
            keyring_out,
            text_secret,
        )
    }
}

/// `userhash_keyring_new` with raw key bytes, taken exactly as they are (only empty is
/// refused).
///
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
    unsafe {
        new_keyring(
            primary_id,
            primary_id_len,
            key,
            key_len,
            keyring_out,
            Secret::from_bytes,
        )
    }
}

/// Creates a keyring from the process environment: `USERHASH_SECRET` (a text secret) as
/// primary key `"current"` and, when `USERHASH_PREVIOUS_SECRET` is set, that text secret
/// as key `"previous"`, valid until `USERHASH_PREVIOUS_SECRET_NOT_AFTER` (Unix seconds,
/// required with it). Errors: `USERHASH_RESULT_MISSING_ENV`, `_INVALID_TIMESTAMP`,
/// `_TIMESTAMP_IN_MILLISECONDS` and those of the secrets.
///
/// # Safety
/// `keyring_out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_keyring_from_env(
    keyring_out: *mut *mut userhash_keyring,
) -> userhash_result {
    guard(|| {
        check_ptr(keyring_out)?;
        let keyring = Keyring::from_env()?;
        // SAFETY: checked not NULL above.
        unsafe { store(keyring, keyring_out) };
        Ok(())
    })
}

/// `userhash_keyring_from_env` from the values of the three variables as the caller read
/// them (for runtimes whose environment is not the process's, such as PHP-FPM's
/// `getenv()`): a NULL pointer is a variable that is not set. Same keys, rules and
/// errors.
///
/// # Safety
/// Each non-NULL pointer points to its length in readable bytes; `keyring_out` is
/// writable.
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
    guard(|| {
        check_ptr(keyring_out)?;
        // SAFETY: forwarded from the caller's contract.
        let (secret, previous, not_after) = unsafe {
            (
                optional_input(secret, secret_len)?,
                optional_input(previous_secret, previous_secret_len)?,
                optional_input(previous_not_after, previous_not_after_len)?,
            )
        };
        let keyring = Keyring::from_values(secret, previous, not_after)?;
        // SAFETY: checked not NULL above.
        unsafe { store(keyring, keyring_out) };
        Ok(())
    })
}

/// # Safety
/// As `userhash_keyring_add`.
#[allow(clippy::too_many_arguments)]
unsafe fn add_key(
    keyring: *mut userhash_keyring,
    id: *const c_char,
    id_len: usize,
    secret: *const c_char,
    secret_len: usize,
    not_before: *const i64,
    not_after: *const i64,
    read: fn(&[u8]) -> Result<Secret, userhash_core::Error>,
) -> userhash_result {
    guard(|| {
        // SAFETY: forwarded from the caller's contract.
        let keyring = unsafe { keyring.as_mut() }.ok_or(userhash_result::NullParameter)?;
        let (id, secret) = unsafe { (text(id, id_len)?, input(secret, secret_len)?) };
        let window = unsafe {
            KeyWindow {
                not_before: optional_i64(not_before),
                not_after: optional_i64(not_after),
            }
        };
        keyring.keyring.add(id, &read(secret)?, window)?;
        keyring.ids.push(nul_terminated(id));
        Ok(())
    })
}

/// Adds a key that verifies but never signs: the text secret `secret` under the key id
/// `id` (UTF-8, not empty, not already in the keyring), valid from Unix second
/// `*not_before` (inclusive) to `*not_after` (exclusive); a NULL bound is open. A negative
/// bound is `USERHASH_RESULT_INVALID_TIMESTAMP`, one of 10^11 or more (milliseconds)
/// `USERHASH_RESULT_TIMESTAMP_IN_MILLISECONDS`. To rotate, make the new secret the primary
/// key and add the old one with a `not_after`.
///
/// # Safety
/// `keyring` is a live handle not used by another thread during the call; `id` and
/// `secret` point to `id_len` and `secret_len` readable bytes; `not_before` and
/// `not_after` are NULL or readable.
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
    unsafe {
        add_key(
            keyring,
            id,
            id_len,
            secret,
            secret_len,
            not_before,
            not_after,
            text_secret,
        )
    }
}

/// `userhash_keyring_add` with raw key bytes, taken exactly as they are.
///
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
    unsafe {
        add_key(
            keyring,
            id,
            id_len,
            key,
            key_len,
            not_before,
            not_after,
            Secret::from_bytes,
        )
    }
}

/// Sets `*count_out` to the number of keys (at least 1: the primary key).
///
/// # Safety
/// `keyring` is a live handle; `count_out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_keyring_key_count(
    keyring: *const userhash_keyring,
    count_out: *mut usize,
) -> userhash_result {
    guard(|| {
        check_ptr(count_out)?;
        // SAFETY: the caller guarantees a live handle or NULL.
        let count = unsafe { borrow(keyring) }?.key_ids().count();
        // SAFETY: checked not NULL above; the caller guarantees it is writable.
        unsafe { count_out.write(count) };
        Ok(())
    })
}

/// Sets `*id_out` and `*id_len_out` to the id of key `index` (0 is the primary key, then
/// the keys in the order they were added): UTF-8, NUL-terminated, owned by the keyring and
/// valid until it is freed. An index past the last key is
/// `USERHASH_RESULT_INDEX_OUT_OF_RANGE`.
///
/// # Safety
/// `keyring` is a live handle; `id_out` and `id_len_out` are writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_keyring_key_id(
    keyring: *const userhash_keyring,
    index: usize,
    id_out: *mut *const c_char,
    id_len_out: *mut usize,
) -> userhash_result {
    guard(|| {
        check_ptr(id_out)?;
        check_ptr(id_len_out)?;
        // SAFETY: the caller guarantees a live handle or NULL.
        let keyring = unsafe { keyring.as_ref() }.ok_or(userhash_result::NullParameter)?;
        let id = keyring
            .ids
            .get(index)
            .ok_or(userhash_result::IndexOutOfRange)?;
        // SAFETY: checked not NULL above; the caller guarantees they are writable. The id
        // is a boxed slice of the handle, never changed or dropped before the handle is.
        unsafe {
            id_out.write(id.as_ptr().cast());
            id_len_out.write(id.len() - 1);
        }
        Ok(())
    })
}

/// Writes the hash of `user_id` under the primary key (64 lowercase hex characters and a
/// NUL) to `hash_out`, which holds `hash_out_len >= USERHASH_HASH_BUF_LEN` bytes.
///
/// # Safety
/// `keyring` is a live handle; `user_id` points to `user_id_len` readable bytes;
/// `hash_out` to `hash_out_len` writable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_keyring_sign(
    keyring: *const userhash_keyring,
    user_id: *const c_char,
    user_id_len: usize,
    hash_out: *mut c_char,
    hash_out_len: usize,
) -> userhash_result {
    guard(|| {
        check_output(hash_out, hash_out_len, USERHASH_HASH_BUF_LEN)?;
        // SAFETY: the caller guarantees a live handle or NULL, and readable id bytes.
        let keyring = unsafe { borrow(keyring) }?;
        let user_id = unsafe { input(user_id, user_id_len) }?;
        let hash = hex_hash(keyring.primary_signer(), user_id)?;
        // SAFETY: check_output accepted hash_out above.
        unsafe { write_text(hash_out, &hash) };
        Ok(())
    })
}

/// Checks a widget hash at Unix second `*now` (NULL: the current time) under every key
/// valid then, without stopping at a match, and writes the result to `*result_out`:
/// verified (with the key), missing (empty hash: never a reason to skip), malformed (with
/// the reason), mismatch, or expired (only a key outside its window matches). Only an
/// invalid user id (empty) is an error. For a failure, the result holds what the
/// caller's failure hook or log needs (`userhash_verification`).
///
/// # Safety
/// `keyring` is a live handle; `user_id` and `hash` point to `user_id_len` and `hash_len`
/// readable bytes; `now` is NULL or readable; `result_out` is writable.
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
    guard(|| {
        check_ptr(result_out)?;
        // SAFETY: the caller guarantees a live handle or NULL and readable inputs.
        let keyring = unsafe { borrow(keyring) }?;
        let (user_id, hash) = unsafe { (input(user_id, user_id_len)?, input(hash, hash_len)?) };
        let now = unsafe { optional_i64(now) }.unwrap_or_else(unix_now);
        let verification = keyring.verify_detailed_at(user_id, hash, now)?;
        let result = userhash_verification::new(keyring, &verification, user_id, hash);
        // SAFETY: checked not NULL above; the caller guarantees it is writable.
        unsafe { result_out.write(result) };
        Ok(())
    })
}

/// # Safety
/// As `userhash_keyring_issue_token`.
unsafe fn issue(
    keyring: *const userhash_keyring,
    user_id: *const c_char,
    user_id_len: usize,
    token_out: *mut c_char,
    token_out_len: usize,
    make: impl FnOnce(&Keyring, &[u8]) -> userhash_core::Result<String>,
) -> userhash_result {
    guard(|| {
        check_output(token_out, token_out_len, USERHASH_TOKEN_BUF_LEN)?;
        // SAFETY: the caller guarantees a live handle or NULL, and readable id bytes.
        let keyring = unsafe { borrow(keyring) }?;
        let token = make(keyring, unsafe { input(user_id, user_id_len) }?)?;
        // SAFETY: check_output accepted token_out for USERHASH_TOKEN_BUF_LEN bytes, and
        // no token is longer than that with its NUL.
        unsafe { write_text(token_out, token.as_bytes()) };
        Ok(())
    })
}

/// Writes a `v1` token for `user_id` (docs/spec.md, section 2), signed by the primary key
/// and expiring `ttl_seconds` from now, and a NUL to `token_out`, which holds
/// `token_out_len >= USERHASH_TOKEN_BUF_LEN` bytes. A negative ttl is
/// `USERHASH_RESULT_INVALID_TIMESTAMP`; an expiry of 10^11 or more (a ttl in milliseconds)
/// `USERHASH_RESULT_TIMESTAMP_IN_MILLISECONDS`.
///
/// # Safety
/// `keyring` is a live handle; `user_id` points to `user_id_len` readable bytes;
/// `token_out` to `token_out_len` writable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_keyring_issue_token(
    keyring: *const userhash_keyring,
    user_id: *const c_char,
    user_id_len: usize,
    ttl_seconds: i64,
    token_out: *mut c_char,
    token_out_len: usize,
) -> userhash_result {
    // SAFETY: the caller's contract is issue's.
    unsafe {
        issue(
            keyring,
            user_id,
            user_id_len,
            token_out,
            token_out_len,
            |k, id| k.issue_token(id, check_duration(ttl_seconds, "the ttl")?),
        )
    }
}

/// `userhash_keyring_issue_token` with the expiry given as Unix second `expires_at`: the
/// token verifies up to second `expires_at - 1`. A negative `expires_at` is
/// `USERHASH_RESULT_INVALID_TIMESTAMP`, one of 10^11 or more (milliseconds, such as
/// `1767225600000`) `USERHASH_RESULT_TIMESTAMP_IN_MILLISECONDS`.
///
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
    // SAFETY: the caller's contract is issue's.
    unsafe {
        issue(
            keyring,
            user_id,
            user_id_len,
            token_out,
            token_out_len,
            |k, id| k.issue_token_at(id, expires_at),
        )
    }
}

/// Checks a `v1` token for `user_id` at Unix second `*now` (NULL: the current time) and
/// writes the result to `*result_out`: expired from second `expires_at + leeway_seconds`
/// on (only once its MAC is right), missing for an empty token, malformed with the reason
/// for anything that is not `v1.EXPIRES_AT.MAC`. Only an empty user id and a negative
/// leeway (`USERHASH_RESULT_INVALID_TIMESTAMP`) are errors. For a failure, the result
/// holds what the caller's failure hook or log needs.
///
/// # Safety
/// `keyring` is a live handle; `user_id` and `token` point to `user_id_len` and
/// `token_len` readable bytes; `now` is NULL or readable; `result_out` is writable.
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
    guard(|| {
        check_ptr(result_out)?;
        // SAFETY: the caller guarantees a live handle or NULL and readable inputs.
        let keyring = unsafe { borrow(keyring) }?;
        let (user_id, token) = unsafe { (input(user_id, user_id_len)?, input(token, token_len)?) };
        let now = unsafe { optional_i64(now) }.unwrap_or_else(unix_now);
        let leeway = check_duration(leeway_seconds, "the leeway")?;
        let verification = keyring.verify_token_at(user_id, token, now, leeway)?;
        let result = userhash_verification::new(keyring, &verification, user_id, token);
        // SAFETY: checked not NULL above; the caller guarantees it is writable.
        unsafe { result_out.write(result) };
        Ok(())
    })
}

/// Tells why `hash` does or does not verify for `user_id` at Unix second `*now` (NULL: the
/// current time), by trying the usual mistakes (whitespace or case in the id, a number
/// formatted differently, the email hashed instead of the id when `email` is not NULL, a
/// secret with whitespace or meant as hex/base64, an uppercase or truncated hash, another
/// key of the keyring). `*explanation_out` receives JSON to release with
/// `userhash_string_free`: `{"code", "message", "event"}`, where `code` is the finding's
/// stable code, `message` a sentence for a developer (neither ever contains a secret) and
/// `event` null when the hash verifies, else the failure event (`outcome`, `reason`,
/// `key_id`, `hash_prefix`) to report like any failed verification, so that monitoring
/// sees probing. Only an empty user id is an error. Explain is a server-side debugging
/// aid: never expose it to unauthenticated end users.
///
/// # Safety
/// `keyring` is a live handle; `user_id`, `hash` and `email` (NULL or) point to
/// `user_id_len`, `hash_len` and `email_len` readable bytes; `now` is NULL or readable;
/// `explanation_out` is writable.
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
    guard(|| {
        check_ptr(explanation_out)?;
        // SAFETY: the caller guarantees a live handle or NULL and readable inputs.
        let keyring = unsafe { borrow(keyring) }?;
        let (user_id, hash) = unsafe { (input(user_id, user_id_len)?, input(hash, hash_len)?) };
        let email = unsafe { optional_input(email, email_len) }?;
        let now = unsafe { optional_i64(now) }.unwrap_or_else(unix_now);
        let json = explain_json(keyring.explain_with_event(user_id, hash, email, now)?);
        // SAFETY: checked not NULL above; the caller guarantees it is writable.
        unsafe { write_string(explanation_out, json) };
        Ok(())
    })
}

/// `userhash_keyring_explain` for a single text secret (the rules of
/// `userhash_signer_new`), at the current time.
///
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
    guard(|| {
        check_ptr(explanation_out)?;
        // SAFETY: the caller guarantees readable inputs.
        let (secret, user_id, hash) = unsafe {
            (
                input(secret, secret_len)?,
                input(user_id, user_id_len)?,
                input(hash, hash_len)?,
            )
        };
        let email = unsafe { optional_input(email, email_len) }?;
        let keyring = Keyring::new("default", &text_secret(secret)?)?;
        let json = explain_json(keyring.explain_with_event(user_id, hash, email, unix_now())?);
        // SAFETY: checked not NULL above; the caller guarantees it is writable.
        unsafe { write_string(explanation_out, json) };
        Ok(())
    })
}

/// Releases a keyring and wipes its keys. `NULL` is a no-op.
///
/// # Safety
/// `keyring` is NULL or a handle from `userhash_keyring_new*`/`_from_env` not yet freed; it
/// must not be used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_keyring_free(keyring: *mut userhash_keyring) {
    // A drop cannot fail; the result only records a panic, which cannot be reported here.
    let _ = guard(|| {
        if !keyring.is_null() {
            // SAFETY: the caller hands back ownership of a pointer from Box::into_raw.
            drop(unsafe { Box::from_raw(keyring) });
        }
        Ok(())
    });
}
