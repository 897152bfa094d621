//! `explain` is no oracle: no finding depends on a partial match of a right MAC shorter than
//! 128 bits, and every explain that does not verify reaches the failure hook. The right
//! hashes come from the `hmac` crate, not from userhash.

use std::sync::{Arc, Mutex};

use hmac::{Hmac, KeyInit, Mac};
use userhash::{FailureEvent, Finding, KeyWindow, Keyring, Secret};

const NOW: i64 = 1_767_225_600;

fn oracle(secret: &[u8], id: &[u8]) -> String {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret).unwrap();
    mac.update(id);
    hex::encode(mac.finalize().into_bytes())
}

/// A keyring with a primary, a second valid key and a retired one.
fn keyring() -> Keyring {
    let mut keyring =
        Keyring::new("current", &Secret::from_text("current-secret").unwrap()).unwrap();
    let old = KeyWindow { not_before: None, not_after: Some(NOW + 86_400) };
    keyring.add("old", &Secret::from_text("old-secret").unwrap(), old).unwrap();
    let retired = KeyWindow { not_before: None, not_after: Some(NOW - 1) };
    keyring.add("retired", &Secret::from_text("retired-secret").unwrap(), retired).unwrap();
    keyring
}

/// Every hash some finding recognises for id "user123": each key's, the id variants', the
/// secret variants', and the email's.
fn recognised_hashes() -> Vec<String> {
    let mut hashes = Vec::new();
    for secret in ["current-secret", "old-secret", "retired-secret"] {
        let bytes = secret.as_bytes();
        hashes.push(oracle(bytes, b"user123"));
        for id in [&b"user123\n"[..], b" user123", b"USER123", b"jo@example.com"] {
            hashes.push(oracle(bytes, id));
        }
        hashes.push(oracle(format!("{secret}\n").as_bytes(), b"user123"));
        hashes.push(oracle(hex::encode(bytes).as_bytes(), b"user123"));
    }
    hashes
}

fn explain(keyring: &Keyring, hash: &str) -> Finding {
    keyring.explain_at("user123", hash, Some(b"jo@example.com"), NOW).unwrap()
}

/// The same hex string with its last character changed, in the same case.
fn wrong_last_digit(prefix: &str) -> String {
    let (head, last) = prefix.split_at(prefix.len() - 1);
    let other = if last == "0" { "1" } else { "0" };
    format!("{head}{other}")
}

#[test]
fn a_short_prefix_gets_the_same_answer_whether_it_is_right_or_wrong() {
    let keyring = keyring();
    for full in recognised_hashes() {
        for form in [full.clone(), full.to_uppercase()] {
            for len in 1..32 {
                let right = &form[..len];
                let wrong = wrong_last_digit(right);
                assert_eq!(explain(&keyring, right), explain(&keyring, &wrong), "{right}");
                for padded in [format!(" {right}"), format!("{right}\n")] {
                    let wrong_padded = padded.replace(right, &wrong);
                    assert_eq!(explain(&keyring, &padded), explain(&keyring, &wrong_padded));
                }
            }
        }
    }
}

#[test]
fn only_a_prefix_of_128_bits_or_more_is_called_truncated() {
    assert_eq!(userhash::MIN_PREFIX_HEX, 32);
    let keyring = keyring();
    let right = oracle(b"current-secret", b"user123");
    for len in 1..64 {
        let code = explain(&keyring, &right[..len]).code;
        let expected = if len >= 32 { "truncated_hash" } else { "malformed_hash" };
        assert_eq!(code, expected, "prefix of {len}");
        assert_eq!(explain(&keyring, &wrong_last_digit(&right[..len])).code, "malformed_hash");
    }
    // Every key counts, the retired one too, and either case.
    let retired = oracle(b"retired-secret", b"user123");
    assert_eq!(explain(&keyring, &retired[..40]).code, "truncated_hash");
    assert_eq!(explain(&keyring, &retired[..40].to_uppercase()).code, "truncated_hash");
    // Not hex, or not a prefix at all: malformed.
    assert_eq!(explain(&keyring, &"g".repeat(40)).code, "malformed_hash");
    assert_eq!(explain(&keyring, &right[1..41]).code, "malformed_hash");
}

/// The test keyring, with a failure hook that records every event.
fn keyring_with_hook() -> (Keyring, Arc<Mutex<Vec<FailureEvent>>>) {
    let events: Arc<Mutex<Vec<FailureEvent>>> = Arc::default();
    let mut keyring = keyring();
    let seen = Arc::clone(&events);
    keyring.on_failure(Arc::new(move |event| seen.lock().unwrap().push(event.clone())));
    (keyring, events)
}

#[test]
fn an_explain_that_does_not_verify_reaches_the_failure_hook() {
    let (keyring, events) = keyring_with_hook();
    let right = oracle(b"current-secret", b"user123");
    let old = oracle(b"old-secret", b"user123");
    let retired = oracle(b"retired-secret", b"user123");
    let cases = [
        (right.clone(), "verified", None),
        (old, "other_key", None),
        (String::new(), "missing_hash", Some("missing")),
        (right[..10].to_owned(), "malformed_hash", Some("malformed")),
        (format!("{right}\n"), "hash_whitespace", Some("malformed")),
        (oracle(b"current-secret", b"USER123"), "id_case", Some("mismatch")),
        (retired, "retired_key", Some("expired")),
    ];
    for (hash, finding, outcome) in cases {
        events.lock().unwrap().clear();
        assert_eq!(explain(&keyring, &hash).code, finding);
        let outcomes: Vec<&str> = events.lock().unwrap().iter().map(|e| e.outcome).collect();
        assert_eq!(outcomes, outcome.into_iter().collect::<Vec<_>>(), "{finding}");
    }
}

#[test]
fn explain_with_event_returns_the_event_the_hook_would_get_and_calls_no_hook() {
    let (keyring, events) = keyring_with_hook();
    let right = oracle(b"current-secret", b"user123");
    let wrong = oracle(b"current-secret", b"USER123");
    for hash in [right.clone(), wrong, String::new(), right[..10].to_owned()] {
        events.lock().unwrap().clear();
        let hooked = keyring.explain_at("user123", &hash, None, NOW).unwrap();
        let from_hook = events.lock().unwrap().pop();
        let (finding, event) =
            keyring.explain_with_event(b"user123", hash.as_bytes(), None, NOW).unwrap();
        assert!(events.lock().unwrap().is_empty(), "no hook call");
        assert_eq!(finding, hooked);
        assert_eq!(event, from_hook, "{hash}");
        assert_eq!(event.is_none(), hash == right);
    }
}
