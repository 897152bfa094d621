//! Every time a caller gives is whole Unix seconds: negatives are `invalid_timestamp`, and
//! values of 10^11 or more, which can only be milliseconds, are `timestamp_in_milliseconds`.

use userhash::{KeyWindow, Keyring, MetaValue, Preset, Secret, Signer, WidgetConfig, WidgetUser};

const MILLIS: i64 = 1_767_225_600_000; // Date.now() on 2026-01-01

fn keyring() -> Keyring {
    Keyring::new("current", &Secret::from_text("new-secret").unwrap()).unwrap()
}

fn add_code(window: KeyWindow) -> &'static str {
    let secret = Secret::from_text("old-secret").unwrap();
    keyring().add("old", &secret, window).unwrap_err().code()
}

#[test]
fn key_windows_refuse_negative_and_millisecond_bounds() {
    let window = |not_before, not_after| KeyWindow { not_before, not_after };
    assert_eq!(add_code(window(None, Some(-1))), "invalid_timestamp");
    assert_eq!(add_code(window(Some(-5), None)), "invalid_timestamp");
    assert_eq!(add_code(window(None, Some(MILLIS))), "timestamp_in_milliseconds");
    assert_eq!(add_code(window(Some(MILLIS), None)), "timestamp_in_milliseconds");
    assert_eq!(add_code(window(None, Some(100_000_000_000))), "timestamp_in_milliseconds");
    let secret = Secret::from_text("old-secret").unwrap();
    let mut keyring = keyring();
    keyring.add("old", &secret, window(Some(0), Some(99_999_999_999))).unwrap();
    assert_eq!(keyring.key_ids().collect::<Vec<_>>(), ["current", "old"]);
}

#[test]
fn token_expiries_refuse_negative_and_millisecond_values() {
    let keyring = keyring();
    assert_eq!(keyring.issue_token_at("u", -1).unwrap_err().code(), "invalid_timestamp");
    let err = keyring.issue_token_at("u", MILLIS).unwrap_err();
    assert_eq!(err.code(), "timestamp_in_milliseconds");
    assert!(err.to_string().contains("seconds, not milliseconds"));
    // A ttl that overflows the clock is refused the same way, not wrapped.
    assert_eq!(keyring.issue_token("u", u64::MAX).unwrap_err().code(), "timestamp_in_milliseconds");
    let token = keyring.issue_token("u", 60).unwrap();
    let expires_at: i64 = token.split('.').nth(1).unwrap().parse().unwrap();
    let now = userhash::unix_now();
    assert!((now + 59..=now + 60).contains(&expires_at), "{token}");
    assert_eq!(keyring.verify_token("u", &token, 0).unwrap().outcome(), "verified");
}

#[test]
fn the_previous_key_deadline_from_the_environment_follows_the_same_rule() {
    // One test touches the process environment, so nothing else races with it.
    unsafe {
        std::env::set_var(userhash::ENV_SECRET, "new-secret");
        std::env::set_var(userhash::ENV_PREVIOUS_SECRET, "old-secret");
    }
    for (value, code) in [
        ("-1", Some("invalid_timestamp")),
        ("1767225600000", Some("timestamp_in_milliseconds")),
        ("soon", Some("invalid_timestamp")),
        ("1767225600", None),
    ] {
        unsafe { std::env::set_var(userhash::ENV_PREVIOUS_NOT_AFTER, value) };
        let result = Keyring::from_env();
        assert_eq!(result.as_ref().err().map(userhash::Error::code), code, "{value}");
    }
    unsafe {
        for name in
            [userhash::ENV_SECRET, userhash::ENV_PREVIOUS_SECRET, userhash::ENV_PREVIOUS_NOT_AFTER]
        {
            std::env::remove_var(name);
        }
    }
}

#[test]
fn widget_creation_times_and_metadata_keys() {
    let signer = Signer::new(&Secret::from_text("your_secret_key").unwrap());
    let config = |user: WidgetUser| WidgetConfig {
        preset: Preset::Generic,
        app_id: "app".into(),
        global: None,
        user: Some(user),
        ttl: None,
    };
    let user = |created_at, metadata| WidgetUser {
        id: "u".into(),
        created_at,
        metadata,
        ..WidgetUser::default()
    };
    let code = |u| config(u).to_json(&signer).unwrap_err().code();
    assert_eq!(code(user(Some(MILLIS), None)), "timestamp_in_milliseconds");
    assert_eq!(code(user(Some(-1), None)), "invalid_timestamp");
    let duplicated = vec![
        ("a".to_owned(), MetaValue::Text("1".into())),
        ("a".to_owned(), MetaValue::Text("2".into())),
    ];
    let err = config(user(None, Some(duplicated))).to_json(&signer).unwrap_err();
    assert_eq!(err.code(), "invalid_metadata");
    assert!(err.to_string().contains("twice"), "{err}");
}
