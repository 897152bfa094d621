//! Functions that need no handle: one-shot signing, secrets, integer ids, the version.

use std::ffi::{CStr, c_char};

use userhash_core::IntegerId;

use crate::boundary::{check_output, check_ptr, guard, guard_ptr, input, write_text};
use crate::result::userhash_result;
use crate::signer::{USERHASH_HASH_BUF_LEN, hex_hash, text_signer};

/// Size of a buffer that receives a generated secret: 64 hex characters and a NUL.
pub const USERHASH_SECRET_BUF_LEN: usize = 65;

/// Size of a buffer that holds any `int64_t` id in canonical form and a NUL.
pub const USERHASH_INTEGER_ID_BUF_LEN: usize = 21;

/// One-off `userhash_signer_new` + `userhash_signer_sign` with a text secret. Prefer a
/// signer when signing more than once with the same secret.
///
/// # Safety
/// `secret` and `user_id` point to `secret_len` and `user_id_len` readable bytes;
/// `hash_out` to `hash_out_len` writable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_sign(
    secret: *const c_char,
    secret_len: usize,
    user_id: *const c_char,
    user_id_len: usize,
    hash_out: *mut c_char,
    hash_out_len: usize,
) -> userhash_result {
    guard(|| {
        check_output(hash_out, hash_out_len, USERHASH_HASH_BUF_LEN)?;
        // SAFETY: the caller guarantees readable input bytes.
        let (secret, user_id) =
            unsafe { (input(secret, secret_len)?, input(user_id, user_id_len)?) };
        let hash = hex_hash(&text_signer(secret)?, user_id)?;
        // SAFETY: check_output accepted hash_out above.
        unsafe { write_text(hash_out, &hash) };
        Ok(())
    })
}

/// One-off `userhash_signer_new` + `userhash_signer_verify` with a text secret.
///
/// # Safety
/// `secret`, `user_id` and `hash` point to `secret_len`, `user_id_len` and `hash_len`
/// readable bytes; `valid_out` is writable.
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
    guard(|| {
        check_ptr(valid_out)?;
        // SAFETY: the caller guarantees readable input bytes.
        let (secret, user_id, hash) = unsafe {
            (
                input(secret, secret_len)?,
                input(user_id, user_id_len)?,
                input(hash, hash_len)?,
            )
        };
        let valid = text_signer(secret)?.verify(user_id, hash)?;
        // SAFETY: checked not NULL above; the caller guarantees it is writable.
        unsafe { valid_out.write(valid) };
        Ok(())
    })
}

/// Writes a new random secret (32 bytes from the OS CSPRNG as 64 lowercase hex
/// characters, and a NUL) to `secret_out`, which holds `USERHASH_SECRET_BUF_LEN` bytes.
/// Use it as a text secret.
///
/// # Safety
/// `secret_out` points to `secret_out_len` writable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_generate_secret(
    secret_out: *mut c_char,
    secret_out_len: usize,
) -> userhash_result {
    guard(|| {
        check_output(secret_out, secret_out_len, USERHASH_SECRET_BUF_LEN)?;
        let secret = userhash_core::generate_secret()?;
        // SAFETY: check_output accepted secret_out for USERHASH_SECRET_BUF_LEN bytes.
        unsafe { write_text(secret_out, secret.as_bytes()) };
        Ok(())
    })
}

/// Writes the canonical form of an integer user id (decimal, `-` only for negatives, no
/// leading zeros; the bytes every userhash binding hashes for that number) and a NUL to
/// `id_out`, and its length without the NUL to `*id_len_out`. Sign those bytes as the id.
///
/// # Safety
/// `id_out` points to `id_out_len` writable bytes; `id_len_out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_integer_id(
    id: i64,
    id_out: *mut c_char,
    id_out_len: usize,
    id_len_out: *mut usize,
) -> userhash_result {
    guard(|| {
        check_ptr(id_len_out)?;
        let canonical = IntegerId::from(id);
        let text = canonical.as_ref();
        check_output(id_out, id_out_len, text.len() + 1)?;
        // SAFETY: check_output accepted id_out for the text and its NUL; id_len_out was
        // checked not NULL and the caller guarantees it is writable.
        unsafe {
            write_text(id_out, text);
            id_len_out.write(text.len());
        }
        Ok(())
    })
}

/// The library version (`"0.1.0"`), the version of every userhash package. A static
/// NUL-terminated string, never to be freed.
#[unsafe(no_mangle)]
pub extern "C" fn userhash_version() -> *const c_char {
    const VERSION: &CStr =
        match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
            Ok(version) => version,
            Err(_) => panic!("the package version contains no NUL"),
        };
    guard_ptr(|| Some(VERSION))
}
