//! The v1 token issuer and verifier against docs/spec.md section 2, with the MAC
//! recomputed by the `hmac` crate (token key = HMAC(key = "userhash-token-v1", msg =
//! secret); MAC = HMAC(token key, "v1" 0x00 || 8-byte big-endian expiry || id)): issuing
//! gives exactly `v1.EXPIRES_AT.MAC` or the timestamp error, and any presented token gets
//! the outcome and reason the spec gives it. Never panics.
#![no_main]

use arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use userhash::{Keyring, Secret};
use userhash_fuzz::{MILLISECONDS_FROM, change_digit, hex_with_case, hmac_sha256, timestamp};

const BASE: i64 = 1_767_225_600;

/// The longest token: "v1." + 19 digits + "." + 64 hex characters.
const MAX_TOKEN_LEN: usize = 87;

fn mac(secret: &[u8], expires_at: u64, id: &[u8]) -> [u8; 32] {
    let key = hmac_sha256(b"userhash-token-v1", &[secret]);
    hmac_sha256(&key, &[b"v1\0", &expires_at.to_be_bytes(), id])
}

/// The expiry of `v1.EXPIRES_AT.MAC`: canonical decimal (no sign, no leading zero) that
/// fits in 63 bits, else `token_format`.
fn expiry(digits: &[u8]) -> Option<u64> {
    let canonical = !digits.is_empty()
        && digits.iter().all(u8::is_ascii_digit)
        && (digits == b"0" || digits[0] != b'0');
    let value: u64 = std::str::from_utf8(digits).ok()?.parse().ok()?;
    (canonical && value <= i64::MAX as u64).then_some(value)
}

/// The (outcome, reason) the spec gives a presented token.
fn expected(
    secret: &[u8],
    id: &[u8],
    token: &[u8],
    now: i64,
    leeway: u64,
) -> (&'static str, Option<&'static str>) {
    let malformed = |reason| ("malformed", Some(reason));
    if token.is_empty() {
        return ("missing", None);
    }
    let Some(rest) = token.strip_prefix(b"v1.") else {
        return malformed("token_version");
    };
    if token.len() > MAX_TOKEN_LEN {
        return malformed("token_format");
    }
    let Some(dot) = rest.iter().position(|&b| b == b'.') else {
        return malformed("token_format");
    };
    let (digits, given) = (&rest[..dot], &rest[dot + 1..]);
    let Some(expires_at) = expiry(digits) else {
        return malformed("token_format");
    };
    if given.len() != 64 {
        return malformed("hash_wrong_length");
    }
    let Ok(given) = hex::decode(given) else {
        return malformed("hash_not_hex");
    };
    // The format says EXPIRES_AT < 10^11; the core names this reason after the timestamp
    // rule rather than token_format.
    if expires_at >= MILLISECONDS_FROM as u64 {
        return malformed("timestamp_in_milliseconds");
    }
    if given[..] != mac(secret, expires_at, id)[..] {
        return ("mismatch", None);
    }
    if i128::from(now) < i128::from(expires_at) + i128::from(leeway) {
        ("verified", None)
    } else {
        ("expired", None)
    }
}

/// The code `issue_token_at` must give: the expiry is checked, then the id.
fn issue_error(id: &[u8], expires_at: i64) -> Option<&'static str> {
    if expires_at < 0 {
        Some("invalid_timestamp")
    } else if expires_at >= MILLISECONDS_FROM {
        Some("timestamp_in_milliseconds")
    } else if id.is_empty() {
        Some("empty_user_id")
    } else {
        None
    }
}

/// A presented token: the right one (MAC in any case), with a MAC digit changed, with
/// other expiry digits, cut or extended, or arbitrary bytes.
fn presented(u: &mut Unstructured, secret: &[u8], id: &[u8], expires_at: i64) -> Result<Vec<u8>> {
    let right_mac = |at: u64| mac(secret, at, id);
    let mac_hex = hex_with_case(&right_mac(expires_at.unsigned_abs()), u.arbitrary()?);
    let right = [format!("v1.{expires_at}.").as_bytes(), &mac_hex].concat();
    Ok(match u.int_in_range(0..=6u8)? {
        0 => u.arbitrary::<&[u8]>()?.to_vec(),
        1 => {
            let position = right.len() - 64 + u.int_in_range(0..=63)?;
            change_digit(&right, position, u.arbitrary()?)
        }
        2 => {
            // Digits of any form, with the MAC of the value they would have.
            let digits: &str = u.arbitrary()?;
            let at = digits.parse::<u64>().unwrap_or(0);
            format!("v1.{digits}.{}", hex::encode(right_mac(at))).into_bytes()
        }
        3 => right[..u.int_in_range(0..=right.len())?].to_vec(),
        4 => [&right[..], u.arbitrary::<&[u8]>()?].concat(),
        _ => right,
    })
}

fn run(u: &mut Unstructured) -> Result<()> {
    let secret: &[u8] = u.arbitrary()?;
    let Ok(key) = Secret::from_bytes(secret) else {
        return Ok(());
    };
    let keyring = Keyring::new("k", &key).expect("a valid key id");
    let id: &[u8] = u.arbitrary()?;
    let expires_at = timestamp(u, BASE)?;
    match keyring.issue_token_at(id, expires_at) {
        Ok(token) => {
            assert_eq!(issue_error(id, expires_at), None);
            let mac = hex::encode(mac(secret, expires_at.unsigned_abs(), id));
            assert_eq!(token, format!("v1.{expires_at}.{mac}"));
        }
        Err(e) => assert_eq!(Some(e.code()), issue_error(id, expires_at)),
    }
    let token = presented(u, secret, id, expires_at)?;
    let now = timestamp(u, BASE)?;
    let leeway = if u.arbitrary()? { u.arbitrary()? } else { u.int_in_range(0..=3)? };
    let Ok(result) = keyring.verify_token_at(id, &token, now, leeway) else {
        assert!(id.is_empty(), "only an empty id is an error");
        return Ok(());
    };
    assert!(!id.is_empty());
    let (outcome, reason) = expected(secret, id, &token, now, leeway);
    assert_eq!(
        (result.outcome(), result.reason()),
        (outcome, reason),
        "token {:?}, now {now}, leeway {leeway}",
        String::from_utf8_lossy(&token)
    );
    let key_id = ["verified", "expired"].contains(&outcome).then_some("k");
    assert_eq!(result.key_id(), key_id);
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
