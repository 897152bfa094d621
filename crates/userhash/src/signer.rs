//! Signing and verifying user ids with a precomputed HMAC-SHA256 key.

use subtle::ConstantTimeEq;

use crate::error::{Error, Result};
use crate::hash::{HASH_HEX_LEN, HASH_LEN, decode_hash};
use crate::keyed::KeyedState;
use crate::secret::{Secret, check_key_bytes, check_key_text};

/// The two lowercase hex digits of every byte value: one lookup per byte.
const HEX_PAIRS: [[u8; 2]; 256] = {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut table = [[0u8; 2]; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = [DIGITS[i >> 4], DIGITS[i & 0x0f]];
        i += 1;
    }
    table
};

/// Signs and verifies user ids with one secret.
///
/// The HMAC inner and outer keyed states are computed once in [`Signer::new`]; each
/// signature then costs two SHA-256 compressions for ids up to 55 bytes. The keyed state
/// is wiped on drop and `Debug` never shows it. `Signer` is `Send + Sync`: share one.
#[derive(Clone)]
pub struct Signer {
    keyed: KeyedState,
}

impl Signer {
    /// Precomputes the keyed state for `secret`.
    pub fn new(secret: &Secret) -> Self {
        Signer { keyed: KeyedState::new(secret.bytes()) }
    }

    /// A signer for a text secret, checked like [`Secret::from_text`], without copying the
    /// secret anywhere: the fast way for one-off signing from a binding's string.
    pub fn from_text(text: &str) -> Result<Self> {
        check_key_text(text)?;
        Ok(Signer { keyed: KeyedState::new(text.as_bytes()) })
    }

    /// A signer for raw key bytes, checked like [`Secret::from_bytes`], without copying them.
    pub fn from_bytes(key: &[u8]) -> Result<Self> {
        check_key_bytes(key)?;
        Ok(Signer { keyed: KeyedState::new(key) })
    }

    /// The raw 32-byte HMAC-SHA256 of `user_id`.
    pub fn sign_raw(&self, user_id: impl AsRef<[u8]>) -> Result<[u8; HASH_LEN]> {
        let user_id = user_id.as_ref();
        if user_id.is_empty() {
            return Err(Error::EmptyUserId);
        }
        Ok(self.keyed.mac(&[user_id]))
    }

    /// The MAC of the concatenation of `parts`, without copying them together.
    pub(crate) fn mac_parts(&self, parts: &[&[u8]]) -> [u8; HASH_LEN] {
        self.keyed.mac(parts)
    }

    /// Writes the lowercase hex hash of `user_id` into `out` and returns it as `&str`,
    /// without allocating.
    pub fn sign_into<'a>(
        &self,
        user_id: impl AsRef<[u8]>,
        out: &'a mut [u8; HASH_HEX_LEN],
    ) -> Result<&'a str> {
        let raw = self.sign_raw(user_id)?;
        for (pair, byte) in out.chunks_exact_mut(2).zip(raw) {
            pair.copy_from_slice(&HEX_PAIRS[usize::from(byte)]);
        }
        Ok(core::str::from_utf8(out).expect("hex is ASCII"))
    }

    /// The lowercase hex hash of `user_id` (64 characters).
    pub fn sign(&self, user_id: impl AsRef<[u8]>) -> Result<String> {
        let mut out = [0u8; HASH_HEX_LEN];
        Ok(self.sign_into(user_id, &mut out)?.to_owned())
    }

    /// Signs every id, in order. Fails on the first invalid id.
    pub fn sign_many<I>(&self, user_ids: I) -> Result<Vec<String>>
    where
        I: IntoIterator,
        I::Item: AsRef<[u8]>,
    {
        user_ids.into_iter().map(|id| self.sign(id)).collect()
    }

    /// Whether `hash` is the hash of `user_id`.
    ///
    /// Accepts either hex case. A wrong, truncated, over-long or non-hex hash is
    /// `Ok(false)`; only an invalid user id is an error. The length is checked first and
    /// the bytes are compared in constant time.
    pub fn verify(&self, user_id: impl AsRef<[u8]>, hash: impl AsRef<[u8]>) -> Result<bool> {
        let expected = self.sign_raw(user_id)?;
        Ok(match decode_hash(hash.as_ref()) {
            Ok(given) => macs_equal(&expected, &given),
            Err(_) => false,
        })
    }
}

/// Constant-time equality of two MACs, compared as four words rather than 32 bytes.
pub(crate) fn macs_equal(a: &[u8; HASH_LEN], b: &[u8; HASH_LEN]) -> bool {
    bool::from(as_words(a)[..].ct_eq(&as_words(b)[..]))
}

fn as_words(hash: &[u8; HASH_LEN]) -> [u64; 4] {
    core::array::from_fn(|i| {
        u64::from_ne_bytes(hash[i * 8..i * 8 + 8].try_into().expect("8-byte chunk"))
    })
}

impl core::fmt::Debug for Signer {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Signer(<redacted>)")
    }
}

/// One-off `Signer::new(secret).sign(user_id)`.
pub fn sign(secret: &Secret, user_id: impl AsRef<[u8]>) -> Result<String> {
    Signer::new(secret).sign(user_id)
}

/// One-off `Signer::new(secret).verify(user_id, hash)`.
pub fn verify(secret: &Secret, user_id: impl AsRef<[u8]>, hash: impl AsRef<[u8]>) -> Result<bool> {
    Signer::new(secret).verify(user_id, hash)
}
