//! The `v1` expiring token format (docs/spec.md, section 2).

use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::hash::{HASH_LEN, decode_hash};
use crate::keyed::KeyedState;
use crate::secret::Secret;
use crate::signer::Signer;
use crate::timestamp::check_unix_seconds;

const VERSION_PREFIX: &[u8] = b"v1.";
/// Public HKDF-Extract salt: the secret is the message, so no widget hash can equal the key.
const TOKEN_KEY_SALT: &[u8] = b"userhash-token-v1";
/// Fixed-length header of the signed message: version, NUL, then 8 bytes of expiry.
const MESSAGE_TAG: &[u8] = b"v1\0";
/// Longest possible token: "v1." + 19 digits + "." + 64 hex characters.
const MAX_TOKEN_LEN: usize = 3 + 19 + 1 + 64;

/// The signer of a key's tokens: keyed with HMAC(salt, secret), independent of the widget key.
pub(crate) fn token_signer(secret: &Secret) -> Signer {
    let key = Zeroizing::new(KeyedState::new(TOKEN_KEY_SALT).mac(&[secret.bytes()]));
    Signer::new(&Secret::from_bytes(key.as_ref()).expect("32 bytes are never empty"))
}

/// Checks an expiry time and returns it as the unsigned value that is signed.
pub(crate) fn checked_expiry(expires_at: i64) -> Result<u64> {
    let seconds = check_unix_seconds(expires_at, "the token expiry")?;
    Ok(seconds.unsigned_abs())
}

/// The MAC of a token for `user_id` expiring at `expires_at`.
pub(crate) fn token_mac(
    signer: &Signer,
    user_id: &[u8],
    expires_at: u64,
) -> Result<[u8; HASH_LEN]> {
    if user_id.is_empty() {
        return Err(Error::EmptyUserId);
    }
    Ok(signer.mac_parts(&[MESSAGE_TAG, &expires_at.to_be_bytes(), user_id]))
}

/// `v1.EXPIRES_AT.MAC` with a lowercase MAC.
pub(crate) fn format_token(expires_at: u64, mac: &[u8; HASH_LEN]) -> String {
    format!("v1.{expires_at}.{}", hex::encode(mac))
}

/// A syntactically valid token.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct ParsedToken {
    pub expires_at: u64,
    pub mac: [u8; HASH_LEN],
}

/// Parses `v1.EXPIRES_AT.MAC` strictly (canonical decimal, 64 hex characters).
pub(crate) fn parse_token(token: &[u8]) -> Result<ParsedToken> {
    let rest = token.strip_prefix(VERSION_PREFIX).ok_or(Error::TokenVersion)?;
    if token.len() > MAX_TOKEN_LEN {
        return Err(Error::TokenFormat);
    }
    let dot = rest.iter().position(|&b| b == b'.').ok_or(Error::TokenFormat)?;
    let (digits, mac) = (&rest[..dot], &rest[dot + 1..]);
    let expires_at = parse_canonical_seconds(digits)?;
    let mac = decode_hash(mac)?;
    // No token is issued with a millisecond expiry; one that has it never verifies.
    let expires_at = checked_expiry(expires_at)?;
    Ok(ParsedToken { expires_at, mac })
}

/// Canonical decimal digits (no sign, no leading zero) of a value up to 2^63 - 1.
fn parse_canonical_seconds(digits: &[u8]) -> Result<i64> {
    let canonical = !digits.is_empty()
        && digits.iter().all(u8::is_ascii_digit)
        && (digits == b"0" || digits[0] != b'0');
    let value = canonical.then(|| core::str::from_utf8(digits).ok()?.parse::<i64>().ok()).flatten();
    value.ok_or(Error::TokenFormat)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(token: &str) -> &'static str {
        parse_token(token.as_bytes()).unwrap_err().code()
    }

    #[test]
    fn parses_only_canonical_v1_tokens() {
        let mac = "ab".repeat(32);
        let parsed = parse_token(format!("v1.1767225600.{mac}").as_bytes()).unwrap();
        assert_eq!(parsed.expires_at, 1_767_225_600);
        assert_eq!(parse_token(format!("v1.0.{mac}").as_bytes()).unwrap().expires_at, 0);
        assert_eq!(code(&mac), "token_version");
        assert_eq!(code(&format!("v2.1.{mac}")), "token_version");
        assert_eq!(code(&format!("V1.1.{mac}")), "token_version");
        for bad in ["v1.", "v1.1", "v1..x", "v1.01.x", "v1.+1.x", "v1.-1.x", "v1.1e3.x"] {
            assert_eq!(code(&bad.replace('x', &mac)), "token_format", "{bad}");
        }
        assert_eq!(code(&format!("v1.9223372036854775808.{mac}")), "token_format");
        assert_eq!(code("v1.1.abc"), "hash_wrong_length");
        assert_eq!(code(&format!("v1.1.{mac}.")), "hash_wrong_length");
        assert_eq!(code(&format!("v1.1.{}", "g".repeat(64))), "hash_not_hex");
    }

    #[test]
    fn the_token_key_is_not_any_widget_hash_of_the_secret() {
        let secret = Secret::from_text("your_secret_key").unwrap();
        let widget = Signer::new(&secret);
        let token = token_signer(&secret);
        let label_hash = widget.sign_raw(TOKEN_KEY_SALT).unwrap();
        let derived = Signer::new(&Secret::from_bytes(&label_hash).unwrap());
        assert_ne!(token.sign_raw("u").unwrap(), derived.sign_raw("u").unwrap());
        assert_ne!(token.sign_raw("u").unwrap(), widget.sign_raw("u").unwrap());
    }
}
