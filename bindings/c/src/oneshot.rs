//! Functions that need no handle: one-shot signing, secrets, integer ids, the version.

use std::ffi::{CStr, c_char};

use userhash_core::IntegerId;

use crate::boundary::{
    check_output, guard_ptr, input, userhash_result, write_buffer, write_out, write_text,
};
use crate::signer::{USERHASH_HASH_BUF_LEN, hex_hash, text_signer};

/// Size of a buffer that receives a generated secret: 64 hex characters and a NUL.
pub const USERHASH_SECRET_BUF_LEN: usize = 65;

/// Size of a buffer that holds any `int64_t` id in canonical form and a NUL.
pub const USERHASH_INTEGER_ID_BUF_LEN: usize = 21;

/// `userhash_signer_sign` with a one-off signer for a text secret.
/// # Safety
/// The inputs and `hash_out` point to their length in bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_sign(
    secret: *const c_char,
    secret_len: usize,
    user_id: *const c_char,
    user_id_len: usize,
    hash_out: *mut c_char,
    hash_out_len: usize,
) -> userhash_result {
    // SAFETY: forwarded from the caller's contract.
    unsafe {
        write_buffer(hash_out, hash_out_len, USERHASH_HASH_BUF_LEN, || {
            let (secret, user_id) = (input(secret, secret_len)?, input(user_id, user_id_len)?);
            hex_hash(&text_signer(secret)?, user_id)
        })
    }
}

/// `userhash_signer_verify` with a one-off signer for a text secret.
/// # Safety
/// The inputs point to their length in bytes; `valid_out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_verify(
    secret: *const c_char,
    secret_len: usize,
    user_id: *const c_char,
    user_id_len: usize,
    hash: *const c_char,
    hash_len: usize,
    valid_out: *mut bool,
) -> userhash_result {
    // SAFETY: forwarded from the caller's contract.
    unsafe {
        write_out(valid_out, || {
            let (secret, user_id) = (input(secret, secret_len)?, input(user_id, user_id_len)?);
            let hash = input(hash, hash_len)?;
            Ok(text_signer(secret)?.verify(user_id, hash)?)
        })
    }
}

/// Writes a new text secret, 32 bytes from the OS CSPRNG as 64 hex characters and a NUL.
/// # Safety
/// `secret_out` points to `secret_out_len` writable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_generate_secret(
    secret_out: *mut c_char,
    secret_out_len: usize,
) -> userhash_result {
    // SAFETY: forwarded from the caller's contract.
    unsafe {
        write_buffer(secret_out, secret_out_len, USERHASH_SECRET_BUF_LEN, || {
            Ok(userhash_core::generate_secret()?)
        })
    }
}

/// Writes the canonical bytes of an integer user id (decimal, no leading zeros) and a NUL to
/// `id_out` and their length to `*id_len_out`: sign those bytes.
/// # Safety
/// `id_out` points to `id_out_len` writable bytes; `id_len_out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_integer_id(
    id: i64,
    id_out: *mut c_char,
    id_out_len: usize,
    id_len_out: *mut usize,
) -> userhash_result {
    // SAFETY: forwarded from the caller's contract; check_output accepts id_out first.
    unsafe {
        write_out(id_len_out, || {
            let canonical = IntegerId::from(id);
            let text = canonical.as_ref();
            check_output(id_out, id_out_len, text.len() + 1)?;
            write_text(id_out, text);
            Ok(text.len())
        })
    }
}

/// The library version (`"0.1.0"`), that of every userhash package; static, never freed.
#[unsafe(no_mangle)]
pub extern "C" fn userhash_version() -> *const c_char {
    let version = concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes();
    guard_ptr(|| CStr::from_bytes_with_nul(version).ok())
}
