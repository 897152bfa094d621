//! Keyrings, detailed verification, tokens and the failure hook (docs/spec.md).

use std::sync::{Arc, Mutex};

use userhash::{FailureEvent, KeyWindow, Keyring, Secret, Verification};

const T0: i64 = 1_767_225_600;
const DAY: i64 = 24 * 60 * 60;

fn secret(text: &str) -> Secret {
    Secret::from_text(text).unwrap()
}

#[test]
fn a_rotation_walked_end_to_end() {
    // Before: only the old key.
    let before = Keyring::new("old", &secret("old-secret")).unwrap();
    let old_hash = before.sign("user123").unwrap();

    // Rotate: the new key signs; the old one verifies for 24 more hours.
    let mut during = Keyring::new("new", &secret("new-secret")).unwrap();
    let retire = KeyWindow { not_before: None, not_after: Some(T0 + DAY) };
    during.add("old", &secret("old-secret"), retire).unwrap();
    let new_hash = during.sign("user123").unwrap();
    assert_eq!(during.primary_signer().sign("user123").unwrap(), new_hash);
    assert_ne!(new_hash, old_hash);
    assert_eq!(new_hash, userhash::sign(&secret("new-secret"), "user123").unwrap());

    let at = |hash: &str, t| during.verify_detailed_at("user123", hash, t).unwrap();
    assert_eq!(at(&new_hash, T0), Verification::Verified { key_id: "new".into() });
    assert_eq!(at(&old_hash, T0), Verification::Verified { key_id: "old".into() });
    assert_eq!(at(&old_hash, T0 + DAY - 1), Verification::Verified { key_id: "old".into() });
    assert_eq!(at(&old_hash, T0 + DAY), Verification::Expired { key_id: "old".into() });
    assert_eq!(at(&new_hash, T0 + 365 * DAY), Verification::Verified { key_id: "new".into() });
    assert_eq!(at(&before.sign("user124").unwrap(), T0), Verification::Mismatch);
}

#[test]
fn not_before_delays_a_key() {
    let mut keyring = Keyring::new("a", &secret("a")).unwrap();
    keyring.add("b", &secret("b"), KeyWindow { not_before: Some(T0), not_after: None }).unwrap();
    let b_hash = userhash::sign(&secret("b"), "u").unwrap();
    assert_eq!(keyring.verify_detailed_at("u", &b_hash, T0 - 1).unwrap().outcome(), "expired");
    assert!(keyring.verify_detailed_at("u", &b_hash, T0).unwrap().is_verified());
}

#[test]
fn keyring_construction_errors() {
    let mut keyring = Keyring::new("a", &secret("a")).unwrap();
    let code = |r: Result<&mut Keyring, userhash::Error>| r.unwrap_err().code();
    assert_eq!(code(keyring.add("a", &secret("b"), KeyWindow::default())), "duplicate_key_id");
    assert_eq!(code(keyring.add("", &secret("b"), KeyWindow::default())), "empty_key_id");
    let backwards = KeyWindow { not_before: Some(T0), not_after: Some(T0) };
    assert_eq!(code(keyring.add("c", &secret("c"), backwards)), "invalid_key_window");
    assert_eq!(Keyring::new("", &secret("a")).unwrap_err().code(), "empty_key_id");
}

#[test]
fn detailed_outcomes_for_missing_and_malformed_hashes() {
    let keyring = Keyring::new("k", &secret("k")).unwrap();
    let check = |hash: &str| keyring.verify_detailed_at("u", hash, T0).unwrap();
    assert_eq!(check(""), Verification::Missing);
    assert_eq!(check("   "), Verification::Malformed { reason: "hash_wrong_length" });
    assert_eq!(check(&"z".repeat(64)), Verification::Malformed { reason: "hash_not_hex" });
    assert_eq!(check(&"0".repeat(64)), Verification::Mismatch);
    assert!(!keyring.verify("u", "").unwrap(), "a blank hash never passes");
    assert_eq!(keyring.verify_detailed("", "x").unwrap_err().code(), "empty_user_id");
    let outcomes: Vec<_> =
        [check(&keyring.sign("u").unwrap()), check(""), check("x"), check(&"0".repeat(64))]
            .iter()
            .map(Verification::outcome)
            .collect();
    assert_eq!(outcomes, &Verification::OUTCOMES[..4]);
}

#[test]
fn tokens_expire_exactly_at_the_documented_second() {
    let keyring = Keyring::new("k", &secret("k")).unwrap();
    let token = keyring.issue_token_at("user123", T0).unwrap();
    assert!(token.starts_with(&format!("v1.{T0}.")));
    let at = |t, leeway| keyring.verify_token_at("user123", &token, t, leeway).unwrap().outcome();
    assert_eq!(at(T0 - 1, 0), "verified");
    assert_eq!(at(T0, 0), "expired");
    assert_eq!(at(T0 + 29, 30), "verified");
    assert_eq!(at(T0 + 30, 30), "expired");
    assert_eq!(
        keyring.verify_token_at("user124", &token, T0 - 1, 0).unwrap().outcome(),
        "mismatch"
    );
    let forged = token.replace(&format!("v1.{T0}."), &format!("v1.{}.", T0 + DAY));
    assert_eq!(keyring.verify_token_at("user123", &forged, T0, 0).unwrap().outcome(), "mismatch");
    assert_eq!(keyring.verify_token_at("user123", "", T0, 0).unwrap().outcome(), "missing");
    assert_eq!(keyring.issue_token_at("u", -1).unwrap_err().code(), "invalid_timestamp");
}

#[test]
fn tokens_and_widget_hashes_never_verify_as_each_other() {
    let keyring = Keyring::new("k", &secret("k")).unwrap();
    let hash = keyring.sign("user123").unwrap();
    let token = keyring.issue_token_at("user123", T0).unwrap();
    let mac = token.rsplit('.').next().unwrap();
    assert_eq!(keyring.verify_detailed_at("user123", mac, T0 - 1).unwrap().outcome(), "mismatch");
    assert_eq!(
        keyring.verify_token_at("user123", &hash, T0 - 1, 0).unwrap(),
        Verification::Malformed { reason: "token_version" }
    );
    let as_token = format!("v1.{T0}.{hash}");
    assert_eq!(
        keyring.verify_token_at("user123", &as_token, T0 - 1, 0).unwrap().outcome(),
        "mismatch"
    );
}

#[test]
fn tokens_rotate_like_hashes() {
    let old = Keyring::new("old", &secret("old")).unwrap();
    let token = old.issue_token_at("u", T0 + DAY).unwrap();
    let mut new = Keyring::new("new", &secret("new")).unwrap();
    new.add("old", &secret("old"), KeyWindow { not_before: None, not_after: Some(T0 + 10) })
        .unwrap();
    assert_eq!(new.verify_token_at("u", &token, T0, 0).unwrap().key_id(), Some("old"));
    assert_eq!(new.verify_token_at("u", &token, T0 + 10, 0).unwrap().outcome(), "expired");
}

#[test]
fn the_failure_hook_sees_failures_without_secret_or_whole_hash() {
    let seen: Arc<Mutex<Vec<FailureEvent>>> = Arc::default();
    let mut keyring = Keyring::new("k", &secret("hunter2-secret")).unwrap();
    let sink = Arc::clone(&seen);
    keyring.on_failure(Arc::new(move |e: &FailureEvent| sink.lock().unwrap().push(e.clone())));
    let good = keyring.sign("user123").unwrap();
    let wrong = keyring.sign("user124").unwrap();
    keyring.verify_detailed_at("user123", &good, T0).unwrap();
    keyring.verify_detailed_at("user123", &wrong, T0).unwrap();
    keyring.verify_detailed_at("user123", "", T0).unwrap();
    keyring.verify_token_at("user123", "v9.x", T0, 0).unwrap();
    keyring.remove_failure_hook();
    keyring.verify_detailed_at("user123", &wrong, T0).unwrap();
    let events = seen.lock().unwrap();
    let outcomes: Vec<_> = events.iter().map(|e| (e.outcome, e.reason)).collect();
    assert_eq!(
        outcomes,
        [("mismatch", None), ("missing", None), ("malformed", Some("token_version"))]
    );
    assert_eq!(events[0].hash_prefix, wrong[..8]);
    assert_eq!(events[0].user_id, "user123");
    let shown = format!("{events:?}");
    assert!(!shown.contains(&wrong) && !shown.contains("hunter2"));
}

#[test]
fn keyring_debug_names_keys_but_no_secret() {
    let mut keyring = Keyring::new("current", &secret("hunter2-current")).unwrap();
    keyring.add("previous", &secret("hunter2-previous"), KeyWindow::default()).unwrap();
    let shown = format!("{keyring:?}");
    assert!(shown.contains("current") && shown.contains("previous") && !shown.contains("hunter2"));
}

#[test]
fn from_env_reads_the_previous_secret_with_its_expiry() {
    // One test touches these variables, so the process-wide environment is not raced.
    let set = |k, v| unsafe { std::env::set_var(k, v) };
    let unset = |k| unsafe { std::env::remove_var(k) };
    set("USERHASH_SECRET", "new-secret");
    set("USERHASH_PREVIOUS_SECRET", "old-secret");
    unset("USERHASH_PREVIOUS_SECRET_NOT_AFTER");
    let err = Keyring::from_env().unwrap_err();
    assert_eq!(err.code(), "missing_env");
    assert!(err.to_string().contains("USERHASH_PREVIOUS_SECRET_NOT_AFTER"));
    set("USERHASH_PREVIOUS_SECRET_NOT_AFTER", "soon");
    assert_eq!(Keyring::from_env().unwrap_err().code(), "invalid_timestamp");
    set("USERHASH_PREVIOUS_SECRET_NOT_AFTER", &(T0 + DAY).to_string());
    let keyring = Keyring::from_env().unwrap();
    assert_eq!(keyring.key_ids().collect::<Vec<_>>(), ["current", "previous"]);
    let old_hash = userhash::sign(&secret("old-secret"), "u").unwrap();
    assert!(keyring.verify_detailed_at("u", &old_hash, T0).unwrap().is_verified());
    assert!(!keyring.verify_detailed_at("u", &old_hash, T0 + DAY).unwrap().is_verified());
    unset("USERHASH_PREVIOUS_SECRET");
    assert_eq!(Keyring::from_env().unwrap().key_ids().count(), 1);
    unset("USERHASH_SECRET");
    assert_eq!(Keyring::from_env().unwrap_err().code(), "missing_env");
}

#[test]
fn from_values_follows_the_rules_of_from_env_for_values_read_elsewhere() {
    let from = |secret: Option<&str>, previous: Option<&str>, not_after: Option<&str>| {
        Keyring::from_values(
            secret.map(str::as_bytes),
            previous.map(str::as_bytes),
            not_after.map(str::as_bytes),
        )
    };
    let message = |err: userhash::Error| (err.code(), err.to_string());
    let (code, text) = message(from(None, None, None).unwrap_err());
    assert_eq!(code, "missing_env");
    assert!(text.contains("USERHASH_SECRET"), "{text}");
    let (code, text) = message(from(Some("new"), Some("old"), None).unwrap_err());
    assert_eq!(code, "missing_env");
    assert!(text.contains("USERHASH_PREVIOUS_SECRET_NOT_AFTER"), "{text}");
    for bad in ["soon", "-1", " 5", "1.5", ""] {
        let err = from(Some("new"), Some("old"), Some(bad)).unwrap_err();
        assert_eq!(err.code(), "invalid_timestamp", "{bad:?}");
    }
    let err = from(Some("new"), Some("old"), Some("1767225600000")).unwrap_err();
    assert_eq!(err.code(), "timestamp_in_milliseconds");
    assert_eq!(from(Some("new\n"), None, None).unwrap_err().code(), "secret_whitespace");
    assert_eq!(
        Keyring::from_values(Some(b"\xff"), None, None).unwrap_err().code(),
        "secret_not_utf8"
    );
    // A NOT_AFTER without a previous secret is ignored, as from_env ignores it.
    assert_eq!(from(Some("new"), None, Some("soon")).unwrap().key_ids().count(), 1);
    let keyring = from(Some("new"), Some("old"), Some(&(T0 + DAY).to_string())).unwrap();
    let old_hash = userhash::sign(&secret("old"), "u").unwrap();
    let at = |t| keyring.verify_detailed_at("u", &old_hash, t).unwrap();
    assert!(at(T0).is_verified());
    assert_eq!(at(T0 + DAY).outcome(), "expired");
}

#[test]
fn a_ttl_or_leeway_is_whole_seconds_not_negative() {
    assert_eq!(userhash::check_duration(0, "the ttl"), Ok(0));
    assert_eq!(userhash::check_duration(i64::MAX, "the ttl"), Ok(i64::MAX as u64));
    let err = userhash::check_duration(-1, "the leeway").unwrap_err();
    assert_eq!(err.code(), "invalid_timestamp");
    assert!(err.to_string().starts_with("the leeway "), "{err}");
}
