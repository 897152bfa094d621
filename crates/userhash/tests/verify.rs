//! Every verifying entry point accepts the right hash and refuses a wrong one, with the right
//! hashes from the `hmac` crate; tokens longer than any valid one are refused unread.

use hmac::{Hmac, KeyInit, Mac};
use userhash::{KeyWindow, Keyring, MILLISECONDS_FROM, Secret, Signer};

const KEY: &[u8] = b"your_secret_key";

fn oracle(secret: &[u8], id: &[u8]) -> String {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret).unwrap();
    mac.update(id);
    hex::encode(mac.finalize().into_bytes())
}

/// The right hash of "user123", and wrong ones: another id's, another key's, one digit off.
fn right_and_wrong() -> (String, [String; 3]) {
    let right = oracle(KEY, b"user123");
    let last = if right.ends_with('0') { "1" } else { "0" };
    let one_off = format!("{}{last}", &right[..63]);
    let wrong = [oracle(KEY, b"user124"), oracle(b"other key", b"user123"), one_off];
    (right, wrong)
}

#[test]
fn one_off_verify_and_signer_verify_refuse_a_wrong_hash() {
    let secret = Secret::from_bytes(KEY).unwrap();
    let signer = Signer::new(&secret);
    let (right, wrong) = right_and_wrong();
    for form in [right.clone(), right.to_uppercase()] {
        assert!(userhash::verify(&secret, "user123", &form).unwrap());
        assert!(signer.verify("user123", &form).unwrap());
    }
    for hash in &wrong {
        assert!(!userhash::verify(&secret, "user123", hash).unwrap(), "{hash}");
        assert!(!signer.verify("user123", hash).unwrap(), "{hash}");
    }
}

#[test]
fn keyring_verify_checks_each_key_on_the_clock() {
    let (right, wrong) = right_and_wrong();
    let mut keyring = Keyring::new("current", &Secret::from_text("new-secret").unwrap()).unwrap();
    let secret = Secret::from_bytes(KEY).unwrap();
    keyring.add("previous", &secret, KeyWindow::default()).unwrap();
    assert!(keyring.verify("user123", &right).unwrap());
    assert_eq!(keyring.verify_detailed("user123", &right).unwrap().key_id(), Some("previous"));
    for hash in &wrong {
        assert!(!keyring.verify("user123", hash).unwrap(), "{hash}");
    }
    // Retired at second 1 and valid only from the last second before milliseconds: the
    // current time is outside both windows.
    for window in [
        KeyWindow { not_before: None, not_after: Some(1) },
        KeyWindow { not_before: Some(MILLISECONDS_FROM - 1), not_after: None },
    ] {
        let mut keyring = Keyring::new("current", &Secret::from_text("new").unwrap()).unwrap();
        keyring.add("outside", &secret, window).unwrap();
        assert!(!keyring.verify("user123", &right).unwrap(), "{window:?}");
        let detailed = keyring.verify_detailed("user123", &right).unwrap();
        assert_eq!(detailed.outcome(), "expired", "{window:?}");
    }
}

#[test]
fn a_token_longer_than_the_longest_valid_one_is_refused_before_its_parts_are_read() {
    // The longest token: "v1." (3) + the 19 digits of 2^63 - 1 + "." (1) + 64 hex = 87.
    let keyring = Keyring::new("k", &Secret::from_bytes(KEY).unwrap()).unwrap();
    let reason = |token: &str| keyring.verify_token_at("user123", token, 0, 0).unwrap().reason();
    let longest = format!("v1.{}.{}", i64::MAX, "a".repeat(64));
    assert_eq!(longest.len(), 87);
    assert_eq!(reason(&longest), Some("timestamp_in_milliseconds"));
    // A MAC of the wrong length is hash_wrong_length up to 87 characters in all, and past
    // that the whole token is token_format.
    for (mac_len, expected) in [
        (64, None),
        (65, Some("hash_wrong_length")),
        (82, Some("hash_wrong_length")),
        (83, Some("token_format")),
        (117, Some("token_format")),
        (10_000, Some("token_format")),
    ] {
        let token = format!("v1.1.{}", "a".repeat(mac_len));
        assert_eq!(reason(&token), expected, "{} characters", token.len());
    }
}
