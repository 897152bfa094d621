//! Messages and debug forms name what went wrong: the preset and field, the kind of bad hex,
//! the email that was hashed, an integer id's text.

use userhash::{IntegerId, Keyring, Preset, Secret, Signer, WidgetConfig, WidgetUser};

#[test]
fn a_field_the_preset_lacks_is_named_with_the_preset() {
    let signer = Signer::from_text("k").unwrap();
    let user =
        WidgetUser { id: "u".into(), phone: Some("+15551234567".into()), ..WidgetUser::default() };
    for (preset, global, user, message) in [
        (Preset::Hal, None, Some(user), "the hal preset has no field phone"),
        (Preset::Tau, Some("window.x".to_owned()), None, "the tau preset has no field global"),
    ] {
        let config = WidgetConfig { preset, app_id: "app".into(), global, user, ttl: None };
        let err = config.to_json(&signer).unwrap_err();
        assert_eq!(err.code(), "field_not_in_preset");
        assert_eq!(err.to_string(), message);
    }
}

#[test]
fn bad_hex_secrets_say_whether_a_digit_is_missing_or_wrong() {
    let message = |text| Secret::from_hex(text).unwrap_err().to_string();
    assert!(message("abc").contains("odd number of digits"), "{}", message("abc"));
    assert!(message("zz").contains("character outside"), "{}", message("zz"));
}

#[test]
fn the_email_finding_says_the_email_was_hashed_instead_of_the_id() {
    let keyring = Keyring::new("k", &Secret::from_text("k").unwrap()).unwrap();
    let email_hash = keyring.sign("jo@example.com").unwrap();
    let finding = keyring.explain_at("user123", &email_hash, Some(b"jo@example.com"), 0).unwrap();
    assert_eq!(finding.code, "email_instead_of_id");
    assert!(
        finding.message.starts_with("the hash is of the email \"jo@example.com\", not of the id"),
        "{}",
        finding.message
    );
}

#[test]
fn an_integer_id_debugs_as_its_text() {
    assert_eq!(format!("{:?}", IntegerId::new(-42)), r#"IntegerId("-42")"#);
}
