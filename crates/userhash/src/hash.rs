//! Decoding a hash handed back by a client.

use crate::error::{Error, Result};

/// Length of a hash in hex characters.
pub const HASH_HEX_LEN: usize = 64;
/// Length of a hash in bytes.
pub const HASH_LEN: usize = 32;

/// Marks a byte that is not a hex digit; its high bits survive the OR in `decode_hash`.
const INVALID: u8 = 0xf0;

/// Hex digit value for every byte, `INVALID` for the rest.
const NIBBLE: [u8; 256] = {
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < 10 {
        table[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        table[b'a' as usize + i] = 10 + i as u8;
        table[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    table
};

/// Decodes a 64-character hex hash (either case) into its 32 bytes.
///
/// The length is checked before any character is looked at. Surrounding whitespace is
/// not trimmed: `" abc…"` is 65 characters long and refused. Every character is decoded
/// by table lookup without branching on its value, and validity is checked once at the end.
pub fn decode_hash(hash: &[u8]) -> Result<[u8; HASH_LEN]> {
    let hash: &[u8; HASH_HEX_LEN] =
        hash.try_into().map_err(|_| Error::HashWrongLength(hash.len()))?;
    let mut raw = [0u8; HASH_LEN];
    let mut seen = 0u8;
    for (byte, pair) in raw.iter_mut().zip(hash.chunks_exact(2)) {
        let (high, low) = (NIBBLE[usize::from(pair[0])], NIBBLE[usize::from(pair[1])]);
        seen |= high | low;
        *byte = (high << 4) | (low & 0x0f);
    }
    if seen & INVALID != 0 {
        return Err(Error::HashNotHex);
    }
    Ok(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_the_hex_crate_on_every_byte_value_in_every_position() {
        let valid = *b"00112233445566778899aabbccddeeffAABBCCDDEEFF0123456789abcdefABCD";
        assert_eq!(decode_hash(&valid).unwrap().to_vec(), hex::decode(valid).unwrap());
        for position in [0, 1, 31, 62, 63] {
            for value in 0..=255u8 {
                let mut candidate = valid;
                candidate[position] = value;
                let ours = decode_hash(&candidate).ok().map(|raw| raw.to_vec());
                assert_eq!(ours, hex::decode(candidate).ok(), "byte {value} at {position}");
            }
        }
    }

    #[test]
    fn a_pair_of_two_bad_characters_is_refused_like_one() {
        // Both digits of one byte wrong at once: two bad digits must not cancel out.
        // Every byte value beside each edge of the hex ranges, and bytes far from them.
        let edges = *b"/09:@AFG`afg\0\x7f\x80\xff";
        let pairs = (0..=255u8).flat_map(|b| edges.into_iter().flat_map(move |e| [(b, e), (e, b)]));
        for (high, low) in pairs {
            let mut candidate = [b'a'; HASH_HEX_LEN];
            candidate[62] = high;
            candidate[63] = low;
            assert_eq!(
                decode_hash(&candidate).ok().map(|raw| raw.to_vec()),
                hex::decode(candidate).ok(),
                "bytes {high} {low}"
            );
        }
    }
}
