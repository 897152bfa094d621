//! Signers (one precomputed key): the hot path `uh_sign` and `uh_verify`, and the functions
//! that need no key.

use userhash::{HASH_HEX_LEN, Signer};

use crate::args::{self, bytes};
use crate::boundary::{live, new_handle, release, run};

/// A signer of `secret` (read by `preset`'s profile when `has_preset` is not 0).
/// # Safety
/// Every `(ptr, len)` is an input written by the glue (as for `uh_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn uh_signer_new(
    has_preset: u32,
    preset_ptr: *const u8,
    preset_len: usize,
    secret_ptr: *const u8,
    secret_len: usize,
    secret_is_text: u32,
) -> u32 {
    // SAFETY: the caller's contract.
    let (preset, secret) =
        unsafe { (bytes(preset_ptr, preset_len), bytes(secret_ptr, secret_len)) };
    new_handle(|| {
        let preset = args::preset(has_preset, preset)?;
        Ok(Signer::new(&args::secret(secret, secret_is_text, preset)?))
    })
}

/// Releases a signer.
/// # Safety
/// `signer` is a live signer handle, not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn uh_signer_free(signer: u32) {
    // SAFETY: the caller's contract.
    unsafe { release::<Signer>(signer) }
}

/// The hex hash of the user id (see `args::user_id`).
/// # Safety
/// `signer` is a live signer handle; `(id_ptr, id_len)` an input.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn uh_sign(
    signer: u32,
    id_kind: u32,
    id_ptr: *const u8,
    id_len: usize,
) -> u32 {
    // SAFETY: the caller's contract.
    let (signer, id) = unsafe { (live::<Signer>(signer), bytes(id_ptr, id_len)) };
    let (mut integer, mut hex) = (None, [0; HASH_HEX_LEN]);
    run(|| {
        signer.sign_into(args::user_id(id_kind, id, &mut integer)?, &mut hex)?;
        Ok(hex)
    })
}

/// Whether `hash` is that of the user id (either case, constant time): `1` or `0`.
/// # Safety
/// As `uh_sign`; `(hash_ptr, hash_len)` an input.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn uh_verify(
    signer: u32,
    id_kind: u32,
    id_ptr: *const u8,
    id_len: usize,
    hash_ptr: *const u8,
    hash_len: usize,
) -> u32 {
    // SAFETY: the caller's contract.
    let (signer, id, hash) =
        unsafe { (live::<Signer>(signer), bytes(id_ptr, id_len), bytes(hash_ptr, hash_len)) };
    let mut integer = None;
    run(|| {
        Ok(if signer.verify(args::user_id(id_kind, id, &mut integer)?, hash)? {
            b"1"
        } else {
            b"0"
        })
    })
}

/// The user id as the text a widget user's `id` is (a bytes id must be UTF-8).
/// # Safety
/// `(id_ptr, id_len)` is an input.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn uh_user_id_text(id_kind: u32, id_ptr: *const u8, id_len: usize) -> u32 {
    // SAFETY: the caller's contract.
    let id = unsafe { bytes(id_ptr, id_len) };
    let mut integer = None;
    run(|| {
        let id = args::user_id(id_kind, id, &mut integer)?;
        let not_text =
            |_| userhash::Error::InvalidUserIdType("bytes that are not UTF-8".to_owned());
        Ok(std::str::from_utf8(id).map_err(not_text)?.to_owned())
    })
}

/// 32 random bytes (the runtime's `crypto.getRandomValues`) as 64 hex characters.
#[unsafe(no_mangle)]
pub extern "C" fn uh_generate_secret() -> u32 {
    run(|| Ok(userhash::generate_secret()?))
}

/// The version of userhash, the same in every language.
#[unsafe(no_mangle)]
pub extern "C" fn uh_version() -> u32 {
    run(|| Ok(userhash::VERSION))
}
