//! HMAC-SHA256 (RFC 2104) on sha2's compression function, with the keyed states
//! precomputed.
//!
//! `hmac::Hmac<Sha256>` computes the same thing, but each call clones and then wipes its
//! whole buffered state (about 200 bytes). The midstates here are 32 bytes each, and a
//! call for an id of up to 55 bytes does nothing but two compressions. tests/keyed.rs and
//! the `verify` fuzz target check it against the `hmac` crate.

use sha2::block_api::compress256;
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

const BLOCK_LEN: usize = 64;
/// Bytes of the length field that ends SHA-256 padding.
const LENGTH_LEN: usize = 8;
const IV: [u32; 8] = [
    0x6a09_e667,
    0xbb67_ae85,
    0x3c6e_f372,
    0xa54f_f53a,
    0x510e_527f,
    0x9b05_688c,
    0x1f83_d9ab,
    0x5be0_cd19,
];

/// SHA-256 states after the key XOR ipad and the key XOR opad blocks. Wiped on drop.
#[derive(Clone)]
pub(crate) struct KeyedState {
    inner: [u32; 8],
    outer: [u32; 8],
}

impl KeyedState {
    pub fn new(key: &[u8]) -> Self {
        let mut padded = Zeroizing::new([0u8; BLOCK_LEN]);
        if key.len() > BLOCK_LEN {
            // RFC 2104: a long key is replaced by its SHA-256, which is as secret as the key.
            // The hasher wipes its buffer on drop (sha2's `zeroize` feature); the digest is
            // wiped here.
            let mut digest = Sha256::digest(key);
            padded[..32].copy_from_slice(&digest);
            digest.as_mut_slice().zeroize();
        } else {
            padded[..key.len()].copy_from_slice(key);
        }
        let state_after = |pad: u8| {
            let block = Zeroizing::new(padded.map(|b| b ^ pad));
            let mut state = IV;
            compress256(&mut state, &[*block]);
            state
        };
        KeyedState { inner: state_after(0x36), outer: state_after(0x5c) }
    }

    /// The HMAC of the concatenation of `parts`.
    pub fn mac(&self, parts: &[&[u8]]) -> [u8; 32] {
        let inner = finish(self.inner, BLOCK_LEN, parts);
        finish(self.outer, BLOCK_LEN, &[&inner])
    }
}

impl Drop for KeyedState {
    fn drop(&mut self) {
        self.inner.zeroize();
        self.outer.zeroize();
    }
}

/// Continues SHA-256 from `state` (which has already absorbed `done` bytes) over `parts`,
/// pads, and returns the digest.
fn finish(mut state: [u32; 8], done: usize, parts: &[&[u8]]) -> [u8; 32] {
    let mut block = [0u8; BLOCK_LEN];
    let mut filled = 0;
    let mut total = done;
    for part in parts {
        total += part.len();
        let mut rest = *part;
        if filled > 0 {
            let take = rest.len().min(BLOCK_LEN - filled);
            block[filled..filled + take].copy_from_slice(&rest[..take]);
            filled += take;
            rest = &rest[take..];
            if filled < BLOCK_LEN {
                continue;
            }
            compress256(&mut state, &[block]);
        }
        let (whole, tail) = rest.as_chunks::<BLOCK_LEN>();
        // An empty call still pays compress256's CPU-feature dispatch: skip it.
        if !whole.is_empty() {
            compress256(&mut state, whole);
        }
        block[..tail.len()].copy_from_slice(tail);
        filled = tail.len();
    }
    block[filled] = 0x80;
    block[filled + 1..].fill(0);
    if filled + 1 > BLOCK_LEN - LENGTH_LEN {
        compress256(&mut state, &[block]);
        block.fill(0);
    }
    let bits = (total as u64) * 8;
    block[BLOCK_LEN - LENGTH_LEN..].copy_from_slice(&bits.to_be_bytes());
    compress256(&mut state, &[block]);
    let mut digest = [0u8; 32];
    for (out, word) in digest.chunks_exact_mut(4).zip(state) {
        out.copy_from_slice(&word.to_be_bytes());
    }
    digest
}

#[cfg(test)]
mod tests {
    use hmac::{Hmac, KeyInit, Mac};

    use super::*;

    fn reference(key: &[u8], msg: &[u8]) -> [u8; 32] {
        let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
        mac.update(msg);
        mac.finalize().into_bytes().into()
    }

    #[test]
    fn every_split_into_parts_agrees_with_the_hmac_crate() {
        // Messages up to two blocks and a bit, cut in two at every point and the second part
        // halved again: parts that fill the buffer exactly, cross it, or are empty.
        let msg: Vec<u8> = (0..140u8).map(|i| i.wrapping_mul(37)).collect();
        let key = b"key";
        let state = KeyedState::new(key);
        for len in 0..msg.len() {
            let msg = &msg[..len];
            let expected = reference(key, msg);
            for cut in 0..=len {
                let (a, b) = msg.split_at(cut);
                assert_eq!(state.mac(&[a, b]), expected, "len {len}, cut {cut}");
                let (b, c) = b.split_at(b.len() / 2);
                assert_eq!(state.mac(&[a, b, c]), expected, "len {len}, cut {cut}, third");
            }
        }
    }
}
