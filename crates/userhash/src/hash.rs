//! Decoding a hash handed back by a client.

use crate::error::{Error, Result};

/// Length of a hash in hex characters.
pub const HASH_HEX_LEN: usize = 64;
/// Length of a hash in bytes.
pub const HASH_LEN: usize = 32;

/// Decodes a 64-character hex hash (either case) into its 32 bytes.
///
/// The length is checked before any character is looked at. Surrounding whitespace is
/// not trimmed: `" abc…"` is 65 characters long and refused.
pub fn decode_hash(hash: &[u8]) -> Result<[u8; HASH_LEN]> {
    if hash.len() != HASH_HEX_LEN {
        return Err(Error::HashWrongLength(hash.len()));
    }
    let mut raw = [0u8; HASH_LEN];
    hex::decode_to_slice(hash, &mut raw).map_err(|_| Error::HashNotHex)?;
    Ok(raw)
}
