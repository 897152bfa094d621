//! The canonical byte form of integer user ids, shared by every binding.

/// An integer user id in its one canonical text form: decimal ASCII, a `-` only for
/// negatives, no `+`, no leading zeros (`0` is `"0"`).
///
/// Every binding converts numbers through this type, so `42`, `42n`, `42_i64` and PHP's
/// `42` all hash the bytes `b"42"`, exactly like hashing the string `"42"`.
#[derive(Clone, Copy)]
pub struct IntegerId {
    buf: [u8; Self::MAX_LEN],
    len: u8,
}

impl IntegerId {
    /// `i128::MIN` is the longest: a sign and 39 digits.
    const MAX_LEN: usize = 40;

    /// The canonical form of `n`.
    pub fn new(n: i128) -> Self {
        let mut buf = [0u8; Self::MAX_LEN];
        let mut pos = Self::MAX_LEN;
        let mut rest = n.unsigned_abs();
        loop {
            pos -= 1;
            buf[pos] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        if n < 0 {
            pos -= 1;
            buf[pos] = b'-';
        }
        buf.copy_within(pos.., 0);
        IntegerId { buf, len: (Self::MAX_LEN - pos) as u8 }
    }

    /// The canonical text.
    pub fn as_str(&self) -> &str {
        core::str::from_utf8(self.as_ref()).expect("only ASCII digits and '-' are written")
    }
}

impl AsRef<[u8]> for IntegerId {
    fn as_ref(&self) -> &[u8] {
        &self.buf[..usize::from(self.len)]
    }
}

impl core::fmt::Debug for IntegerId {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_tuple("IntegerId").field(&self.as_str()).finish()
    }
}

macro_rules! from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for IntegerId {
            fn from(n: $t) -> Self {
                IntegerId::new(i128::from(n))
            }
        }
    )*};
}
from_int!(i8, i16, i32, i64, i128, u8, u16, u32, u64);

impl TryFrom<u128> for IntegerId {
    type Error = crate::Error;

    fn try_from(n: u128) -> Result<Self, Self::Error> {
        i128::try_from(n).map(IntegerId::new).map_err(|_| crate::Error::UserIdOutOfRange)
    }
}

#[cfg(test)]
mod tests {
    use super::IntegerId;

    #[test]
    fn matches_rust_decimal_formatting_at_the_edges() {
        for n in
            [0, 1, -1, 9, 10, -10, 42, i64::MAX as i128, i64::MIN as i128, i128::MAX, i128::MIN]
        {
            assert_eq!(IntegerId::new(n).as_str(), n.to_string());
        }
    }

    #[test]
    fn u128_beyond_i128_is_out_of_range() {
        assert_eq!(IntegerId::try_from(u128::MAX).unwrap_err().code(), "user_id_out_of_range");
        assert_eq!(IntegerId::try_from(7u128).unwrap().as_str(), "7");
    }
}
