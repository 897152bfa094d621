//! The keyed handle: build the HMAC state once, sign and verify many ids with it, and write
//! widget snippets (docs/spec.md, section 5) from a configuration in JSON that the core parses.

use std::ffi::c_char;

use userhash_core::{HASH_HEX_LEN, Secret, Signer, WidgetConfig};

use crate::boundary::{
    Failure, array, check_output, free, guard, input, live, new_handle, object_size,
    optional_input, text, userhash_result, userhash_string, utf8, write_buffer, write_out,
    write_text,
};

/// Size of a buffer that receives a hash: 64 lowercase hex characters and a NUL.
pub const USERHASH_HASH_BUF_LEN: usize = 65;
const _: () = assert!(USERHASH_HASH_BUF_LEN == HASH_HEX_LEN + 1);

/// A secret's precomputed HMAC-SHA256 state, never modified: share it across threads.
pub struct userhash_signer {
    pub(crate) signer: Signer,
}

/// Reads a text secret: valid UTF-8 with no leading or trailing whitespace.
pub(crate) fn text_secret(bytes: &[u8]) -> Result<Secret, userhash_core::Error> {
    Secret::from_text(utf8_secret(bytes)?)
}

/// A signer for a text secret (the rules of `text_secret`), without copying the secret.
pub(crate) fn text_signer(bytes: &[u8]) -> Result<Signer, userhash_core::Error> {
    Signer::from_text(utf8_secret(bytes)?)
}

pub(crate) fn utf8_secret(bytes: &[u8]) -> Result<&str, userhash_core::Error> {
    std::str::from_utf8(bytes).map_err(|_| userhash_core::Error::SecretNotUtf8)
}

/// # Safety
/// As `userhash_signer_new`.
unsafe fn new_signer(
    secret: *const c_char,
    secret_len: usize,
    signer_out: *mut *mut userhash_signer,
    read: fn(&[u8]) -> Result<Signer, userhash_core::Error>,
) -> userhash_result {
    // SAFETY: forwarded from the caller's contract.
    unsafe {
        new_handle(signer_out, || {
            let signer = read(input(secret, secret_len)?)?;
            Ok(userhash_signer { signer })
        })
    }
}

/// `userhash_signer_new` for the value of environment variable `name` as the caller read it:
/// a NULL `value` is `USERHASH_RESULT_MISSING_ENV`, whose message names the variable.
/// # Safety
/// `name` (and `value`, unless NULL) point to their length in readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_signer_from_env_value(
    name: *const c_char,
    name_len: usize,
    value: *const c_char,
    value_len: usize,
    signer_out: *mut *mut userhash_signer,
) -> userhash_result {
    // SAFETY: forwarded from the caller's contract.
    unsafe {
        new_handle(signer_out, || {
            let (name, value) = (text(name, name_len)?, optional_input(value, value_len)?);
            let signer = Signer::new(&Secret::from_env_value(name, value)?);
            Ok(userhash_signer { signer })
        })
    }
}

/// Creates a signer, released with `userhash_signer_free`, from a text secret: UTF-8 with no
/// leading or trailing whitespace (never trimmed: `USERHASH_RESULT_SECRET_WHITESPACE`).
/// # Safety
/// `secret` points to `secret_len` readable bytes; `signer_out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_signer_new(
    secret: *const c_char,
    secret_len: usize,
    signer_out: *mut *mut userhash_signer,
) -> userhash_result {
    // SAFETY: the caller's contract is new_signer's.
    unsafe { new_signer(secret, secret_len, signer_out, text_signer) }
}

/// As `userhash_signer_new`, with raw key bytes taken as they are (only empty is refused).
/// # Safety
/// As `userhash_signer_new`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_signer_new_bytes(
    key: *const c_char,
    key_len: usize,
    signer_out: *mut *mut userhash_signer,
) -> userhash_result {
    // SAFETY: the caller's contract is new_signer's.
    unsafe { new_signer(key, key_len, signer_out, Signer::from_bytes) }
}

/// The hash of `user_id` in hex, in our memory: written out once no input is borrowed.
pub(crate) fn hex_hash(signer: &Signer, user_id: &[u8]) -> Result<[u8; HASH_HEX_LEN], Failure> {
    let mut hash = [0u8; HASH_HEX_LEN];
    signer.sign_into(user_id, &mut hash)?;
    Ok(hash)
}

/// Writes the hash of `user_id` (64 lowercase hex characters and a NUL) to `hash_out`.
/// # Safety
/// `signer` is a live handle; the inputs and `hash_out` point to their length in bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_signer_sign(
    signer: *const userhash_signer,
    user_id: *const c_char,
    user_id_len: usize,
    hash_out: *mut c_char,
    hash_out_len: usize,
) -> userhash_result {
    // SAFETY: forwarded from the caller's contract.
    unsafe {
        write_buffer(hash_out, hash_out_len, USERHASH_HASH_BUF_LEN, || {
            hex_hash(&live(signer)?.signer, input(user_id, user_id_len)?)
        })
    }
}

/// Sets `*valid_out` to whether `hash` (hex, either case) is the hash of `user_id`, in
/// constant time; a wrong hash is `false`, only an invalid user id an error.
/// # Safety
/// `signer` is a live handle; every other pointer is NULL or valid for its length.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_signer_verify(
    signer: *const userhash_signer,
    user_id: *const c_char,
    user_id_len: usize,
    hash: *const c_char,
    hash_len: usize,
    valid_out: *mut bool,
) -> userhash_result {
    // SAFETY: forwarded from the caller's contract.
    unsafe {
        write_out(valid_out, || {
            let signer = &live(signer)?.signer;
            Ok(signer.verify(input(user_id, user_id_len)?, input(hash, hash_len)?)?)
        })
    }
}

/// Signs `count` ids stored back to back (id `i` is the next `lengths[i]` bytes) and writes
/// their hashes back to back and a NUL to `hashes_out` (`count * 64 + 1` bytes), or nothing.
/// # Safety
/// `signer` is live, `lengths` has `count` values, `ids` their sum, `hashes_out` its length.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_signer_sign_many(
    signer: *const userhash_signer,
    ids: *const c_char,
    lengths: *const usize,
    count: usize,
    hashes_out: *mut c_char,
    hashes_out_len: usize,
) -> userhash_result {
    guard(|| {
        let needed = count.checked_mul(HASH_HEX_LEN).and_then(|n| n.checked_add(1));
        check_output(hashes_out, hashes_out_len, object_size(needed)?)?;
        // SAFETY: the caller guarantees a live handle or NULL, `count` lengths and the ids.
        let (signer, lengths) = unsafe { (live(signer)?, array(lengths, count)?) };
        let total = lengths.iter().copied().try_fold(0, usize::checked_add);
        // SAFETY: the caller guarantees the ids' bytes.
        let mut ids = unsafe { input(ids, object_size(total)?) }?;
        // Hashed into our memory first, so that a failure leaves hashes_out untouched. It grows
        // with the ids read, never to a size the caller only claims.
        let mut hashes = Vec::new();
        for &len in lengths {
            let (user_id, rest) = ids.split_at(len);
            ids = rest;
            hashes.extend_from_slice(&hex_hash(&signer.signer, user_id)?);
        }
        // SAFETY: check_output accepted hashes_out for count * 64 + 1 bytes.
        unsafe { write_text(hashes_out, &hashes) };
        Ok(())
    })
}

/// Releases a signer and wipes its key state; NULL is a no-op.
/// # Safety
/// `signer` is NULL or a handle not yet freed, never used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_signer_free(signer: *mut userhash_signer) {
    // SAFETY: forwarded from the caller's contract.
    unsafe { free(signer) }
}

/// Writes the configuration object of the JSON `config_json` (README), with the user's hash, to
/// `*json_out`; an unknown field, wrong type, repeated key or bad JSON: `INVALID_WIDGET_CONFIG`.
/// # Safety
/// `signer` is a live handle; every other pointer is NULL or valid for its length.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_widget_json(
    signer: *const userhash_signer,
    config_json: *const c_char,
    config_json_len: usize,
    json_out: *mut userhash_string,
) -> userhash_result {
    // SAFETY: forwarded from the caller's contract.
    unsafe {
        write_out(json_out, || {
            let signer = &live(signer)?.signer;
            let config = WidgetConfig::from_json(text(config_json, config_json_len)?)?;
            Ok(config.to_json(signer)?.into())
        })
    }
}

/// As `userhash_widget_json`, for the whole `<script>` element that assigns it to the
/// preset's global, with a CSP `nonce` attribute when `nonce` is not NULL.
/// # Safety
/// As `userhash_widget_json`; `nonce` is NULL or points to `nonce_len` readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_widget_script(
    signer: *const userhash_signer,
    config_json: *const c_char,
    config_json_len: usize,
    nonce: *const c_char,
    nonce_len: usize,
    script_out: *mut userhash_string,
) -> userhash_result {
    // SAFETY: forwarded from the caller's contract.
    unsafe {
        write_out(script_out, || {
            let signer = &live(signer)?.signer;
            let config = WidgetConfig::from_json(text(config_json, config_json_len)?)?;
            let nonce = optional_input(nonce, nonce_len)?.map(utf8).transpose()?;
            Ok(config.to_script(signer, nonce)?.into())
        })
    }
}
