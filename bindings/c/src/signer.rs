//! The keyed handle: build the HMAC state once, sign and verify many ids with it.

use std::ffi::c_char;

use userhash_core::{HASH_HEX_LEN, Secret, Signer};

use crate::boundary::{
    array, check_output, check_ptr, guard, input, object_size, optional_input, text, write_text,
};
use crate::result::{Failure, userhash_result};

/// Size of a buffer that receives a hash: 64 lowercase hex characters and a NUL.
pub const USERHASH_HASH_BUF_LEN: usize = 65;
const _: () = assert!(USERHASH_HASH_BUF_LEN == HASH_HEX_LEN + 1);

/// A secret's precomputed HMAC-SHA256 state. Opaque; create it with `userhash_signer_new`
/// or `userhash_signer_new_bytes`, release it with `userhash_signer_free`.
///
/// It is never modified after creation: one handle may be used from many threads at once.
pub struct userhash_signer {
    signer: Signer,
}

impl userhash_signer {
    pub(crate) fn inner(&self) -> &Signer {
        &self.signer
    }
}

/// Reads a text secret: valid UTF-8 with no leading or trailing whitespace.
pub(crate) fn text_secret(bytes: &[u8]) -> Result<Secret, userhash_core::Error> {
    Secret::from_text(utf8_secret(bytes)?)
}

/// A signer for a text secret (the rules of `text_secret`), without copying the secret.
pub(crate) fn text_signer(bytes: &[u8]) -> Result<Signer, userhash_core::Error> {
    Signer::from_text(utf8_secret(bytes)?)
}

fn utf8_secret(bytes: &[u8]) -> Result<&str, userhash_core::Error> {
    std::str::from_utf8(bytes).map_err(|_| userhash_core::Error::SecretNotUtf8)
}

/// Stores a new handle in `*signer_out`.
///
/// # Safety
/// `signer_out` is not NULL and is writable.
unsafe fn store(signer: Signer, signer_out: *mut *mut userhash_signer) {
    let handle = Box::new(userhash_signer { signer });
    // SAFETY: the caller checked it and guarantees it is writable.
    unsafe { signer_out.write(Box::into_raw(handle)) };
}

/// Stores a new handle in `*signer_out` once the secret has been accepted.
///
/// # Safety
/// `secret` as in `userhash_signer_new`; `signer_out` NULL or valid for a write.
unsafe fn new_signer(
    secret: *const c_char,
    secret_len: usize,
    signer_out: *mut *mut userhash_signer,
    read: fn(&[u8]) -> Result<Signer, userhash_core::Error>,
) -> userhash_result {
    guard(|| {
        check_ptr(signer_out)?;
        // SAFETY: forwarded from the caller's contract.
        let signer = read(unsafe { input(secret, secret_len) }?)?;
        // SAFETY: checked not NULL above.
        unsafe { store(signer, signer_out) };
        Ok(())
    })
}

/// `userhash_signer_new` for the value of the environment variable `name` as the caller
/// read it (with `getenv()`, say): a NULL `value` is `USERHASH_RESULT_MISSING_ENV`, whose
/// message (`userhash_last_error_message`) names the variable.
///
/// # Safety
/// `name` points to `name_len` readable bytes; `value` is NULL or points to `value_len`
/// readable bytes; `signer_out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_signer_from_env_value(
    name: *const c_char,
    name_len: usize,
    value: *const c_char,
    value_len: usize,
    signer_out: *mut *mut userhash_signer,
) -> userhash_result {
    guard(|| {
        check_ptr(signer_out)?;
        // SAFETY: forwarded from the caller's contract.
        let (name, value) = unsafe { (text(name, name_len)?, optional_input(value, value_len)?) };
        let signer = Signer::new(&Secret::from_env_value(name, value)?);
        // SAFETY: checked not NULL above.
        unsafe { store(signer, signer_out) };
        Ok(())
    })
}

/// Creates a signer from a text secret, the form widget vendors hand out: `secret_len`
/// bytes of UTF-8 with no leading or trailing whitespace (never trimmed silently; a
/// trailing newline is `USERHASH_RESULT_SECRET_WHITESPACE`).
///
/// On success `*signer_out` receives a handle to release with `userhash_signer_free`;
/// on failure it is left unchanged.
///
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

/// Creates a signer from raw key bytes taken exactly as they are (only an empty key is
/// refused), like `hash_hmac` or `HMAC(3)` with a binary key.
///
/// On success `*signer_out` receives a handle to release with `userhash_signer_free`;
/// on failure it is left unchanged.
///
/// # Safety
/// `key` points to `key_len` readable bytes; `signer_out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_signer_new_bytes(
    key: *const c_char,
    key_len: usize,
    signer_out: *mut *mut userhash_signer,
) -> userhash_result {
    // SAFETY: the caller's contract is new_signer's.
    unsafe { new_signer(key, key_len, signer_out, Signer::from_bytes) }
}

/// The hash of `user_id` as 64 lowercase hex characters, in our memory, without allocating.
/// The caller writes it out once this returns: the output may be the id's own buffer, and
/// writing it while `user_id` is borrowed here (a protected argument) is undefined behaviour.
pub(crate) fn hex_hash(signer: &Signer, user_id: &[u8]) -> Result<[u8; HASH_HEX_LEN], Failure> {
    let mut hash = [0u8; HASH_HEX_LEN];
    signer.sign_into(user_id, &mut hash)?;
    Ok(hash)
}

/// Writes the hash of the `user_id_len` bytes at `user_id` (lowercase hex and a NUL) to
/// `hash_out`, which holds `hash_out_len >= USERHASH_HASH_BUF_LEN` bytes.
///
/// # Safety
/// `signer` comes from `userhash_signer_new*` and is not freed; `user_id` points to
/// `user_id_len` readable bytes; `hash_out` to `hash_out_len` writable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_signer_sign(
    signer: *const userhash_signer,
    user_id: *const c_char,
    user_id_len: usize,
    hash_out: *mut c_char,
    hash_out_len: usize,
) -> userhash_result {
    guard(|| {
        check_output(hash_out, hash_out_len, USERHASH_HASH_BUF_LEN)?;
        // SAFETY: the caller guarantees a live handle or NULL, and readable id bytes.
        let signer = unsafe { signer.as_ref() }.ok_or(userhash_result::NullParameter)?;
        let user_id = unsafe { input(user_id, user_id_len) }?;
        let hash = hex_hash(&signer.signer, user_id)?;
        // SAFETY: check_output accepted hash_out above.
        unsafe { write_text(hash_out, &hash) };
        Ok(())
    })
}

/// Sets `*valid_out` to whether `hash` (`hash_len` bytes, hex in either case) is the hash
/// of `user_id`. A wrong, truncated or non-hex hash is `false` with `USERHASH_RESULT_OK`;
/// only an invalid user id is an error. The comparison is constant-time.
///
/// # Safety
/// `signer` comes from `userhash_signer_new*` and is not freed; `user_id` and `hash` point
/// to `user_id_len` and `hash_len` readable bytes; `valid_out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_signer_verify(
    signer: *const userhash_signer,
    user_id: *const c_char,
    user_id_len: usize,
    hash: *const c_char,
    hash_len: usize,
    valid_out: *mut bool,
) -> userhash_result {
    guard(|| {
        check_ptr(valid_out)?;
        // SAFETY: the caller guarantees a live handle or NULL, and readable input bytes.
        let signer = unsafe { signer.as_ref() }.ok_or(userhash_result::NullParameter)?;
        let (user_id, hash) = unsafe { (input(user_id, user_id_len)?, input(hash, hash_len)?) };
        let valid = signer.signer.verify(user_id, hash)?;
        // SAFETY: checked not NULL above; the caller guarantees it is writable.
        unsafe { valid_out.write(valid) };
        Ok(())
    })
}

/// Signs `count` ids stored back to back at `ids` (id `i` is the next `lengths[i]` bytes)
/// in one call, and writes their hashes back to back (64 lowercase hex characters each, no
/// separator) and a NUL to `hashes_out`, which holds `hashes_out_len >= count * 64 + 1`
/// bytes. For callers whose cost per call dominates, such as FFI. Fails on the first
/// invalid id (an empty one) and then writes nothing. A count or lengths whose sizes pass
/// `PTRDIFF_MAX` (or overflow) are `USERHASH_RESULT_LENGTH_OUT_OF_RANGE`, before any id is
/// read.
///
/// # Safety
/// `signer` comes from `userhash_signer_new*` and is not freed; `lengths` points to `count`
/// readable `size_t`, `ids` to as many readable bytes as they add up to, `hashes_out` to
/// `hashes_out_len` writable bytes.
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
        let needed = object_size(
            count
                .checked_mul(HASH_HEX_LEN)
                .and_then(|n| n.checked_add(1)),
        )?;
        check_output(hashes_out, hashes_out_len, needed)?;
        // SAFETY: the caller guarantees a live handle or NULL, `count` lengths and the ids.
        let signer = unsafe { signer.as_ref() }.ok_or(userhash_result::NullParameter)?;
        let lengths = unsafe { array(lengths, count) }?;
        let total = object_size(
            lengths
                .iter()
                .try_fold(0usize, |sum, &len| sum.checked_add(len)),
        )?;
        let mut ids = unsafe { input(ids, total) }?;
        // Hashed into our memory first, so that a failure leaves hashes_out untouched. It grows
        // with the ids read, never to a size the caller only claims.
        let mut hashes = Vec::new();
        for &len in lengths {
            let (user_id, rest) = ids.split_at(len);
            ids = rest;
            let mut hash = [0u8; HASH_HEX_LEN];
            signer.signer.sign_into(user_id, &mut hash)?;
            hashes.extend_from_slice(&hash);
        }
        // SAFETY: check_output accepted hashes_out for count * 64 + 1 bytes.
        unsafe { write_text(hashes_out, &hashes) };
        Ok(())
    })
}

/// Releases a signer and wipes its key state. `NULL` is a no-op.
///
/// # Safety
/// `signer` is NULL or a handle from `userhash_signer_new*` not yet freed; it must not be
/// used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_signer_free(signer: *mut userhash_signer) {
    // A drop cannot fail; the result only records a panic, which cannot be reported here.
    let _ = guard(|| {
        if !signer.is_null() {
            // SAFETY: the caller hands back ownership of a pointer from Box::into_raw.
            drop(unsafe { Box::from_raw(signer) });
        }
        Ok(())
    });
}
