//! An optional user field that fails its rule is left out on request (`drop_invalid_fields`,
//! `"invalid_fields": "drop"`), so that one malformed email does not fail every page.

use hmac::{Hmac, KeyInit, Mac};
use serde_json::Value;
use userhash::{Preset, Secret, Signer, WidgetConfig, WidgetUser};

const SECRET: &str = "invalid-fields-secret";
const BAD_EMAIL: &str = "not an email";

/// The independent HMAC of `id`, from the `hmac` crate.
fn oracle(id: &str) -> String {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(id.as_bytes());
    mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

fn signer() -> Signer {
    Signer::new(&Secret::from_text(SECRET).unwrap())
}

fn tau_user_with_every_field_wrong() -> WidgetUser {
    WidgetUser {
        id: "user123".into(),
        name: Some("Jo".into()),
        email: Some(BAD_EMAIL.into()),
        phone: Some("12345".into()),
        profile_picture_url: Some("ftp://example.com/a.png".into()),
        created_at: Some(-1),
        metadata: None,
    }
}

#[test]
fn each_field_failing_its_rule_is_dropped_and_named_in_field_order() {
    let mut config = WidgetConfig::new(Preset::Tau, "app", Some(tau_user_with_every_field_wrong()));
    assert!(config.to_json_at(&signer(), 0).is_err(), "raise is the default");

    let dropped = config.drop_invalid_fields();
    let named: Vec<(&str, &str)> = dropped.iter().map(|d| (d.field, d.error.code())).collect();
    assert_eq!(
        named,
        [
            ("email", "invalid_email"),
            ("phone", "invalid_phone"),
            ("profile_picture_url", "invalid_url"),
            ("created_at", "invalid_timestamp"),
        ]
    );
    assert!(dropped.iter().all(|d| !d.error.to_string().contains(BAD_EMAIL)));

    let json: Value = serde_json::from_str(&config.to_json_at(&signer(), 0).unwrap()).unwrap();
    let user = json["user"].as_object().unwrap();
    assert_eq!(user["hash"], oracle("user123"));
    assert_eq!(user["name"], "Jo", "a field without fault stays");
    for gone in ["email", "phone", "profile_picture_url", "created_at"] {
        assert!(!user.contains_key(gone), "{gone} is left out");
    }
}

#[test]
fn valid_fields_and_anonymous_visitors_lose_nothing() {
    let user =
        WidgetUser { id: "u".into(), email: Some("jo@example.com".into()), ..Default::default() };
    let mut config = WidgetConfig::new(Preset::Tau, "app", Some(user.clone()));
    assert!(config.drop_invalid_fields().is_empty());
    assert_eq!(config.user, Some(user));
    assert!(WidgetConfig::new(Preset::Tau, "app", None).drop_invalid_fields().is_empty());
}

#[test]
fn duplicate_metadata_keys_drop_the_metadata() {
    let meta = vec![
        ("plan".into(), userhash::MetaValue::Null),
        ("plan".into(), userhash::MetaValue::Null),
    ];
    let user = WidgetUser { id: "u".into(), metadata: Some(meta), ..Default::default() };
    let mut config = WidgetConfig::new(Preset::Hal, "app", Some(user));
    let dropped = config.drop_invalid_fields();
    assert_eq!((dropped[0].field, dropped[0].error.code()), ("metadata", "invalid_metadata"));
    assert_eq!(config.user.unwrap().metadata, None);
}

#[test]
fn a_field_the_preset_does_not_take_is_still_refused() {
    let user = WidgetUser { id: "u".into(), phone: Some("12345".into()), ..Default::default() };
    let mut config = WidgetConfig::new(Preset::Intercom, "app", Some(user));
    assert!(config.drop_invalid_fields().is_empty());
    assert_eq!(config.to_json_at(&signer(), 0).unwrap_err().code(), "field_not_in_preset");
}

#[test]
fn an_email_the_profile_signs_is_not_optional() {
    let user = WidgetUser { id: "u".into(), email: Some(BAD_EMAIL.into()), ..Default::default() };
    let mut config = WidgetConfig::new(Preset::Crisp, "", Some(user));
    assert!(config.drop_invalid_fields().is_empty());
    assert_eq!(config.to_json_at(&signer(), 0).unwrap_err().code(), "invalid_email");
}

#[test]
fn the_json_member_chooses_drop_or_raise() {
    let config = |policy: &str| {
        format!(
            r#"{{"preset": "tau", "app_id": "app", {policy} "user": {{"id": "user123", "email": "{BAD_EMAIL}"}}}}"#
        )
    };
    let (dropped, gone) =
        WidgetConfig::from_json_dropping(&config(r#""invalid_fields": "drop","#)).unwrap();
    assert_eq!(gone.iter().map(|d| d.field).collect::<Vec<_>>(), ["email"]);
    assert_eq!(dropped.user.as_ref().unwrap().email, None);
    let json: Value = serde_json::from_str(&dropped.to_json_at(&signer(), 0).unwrap()).unwrap();
    assert_eq!(json["user"]["hash"], oracle("user123"));

    for raise in ["", r#""invalid_fields": "raise","#, r#""invalid_fields": null,"#] {
        let (kept, gone) = WidgetConfig::from_json_dropping(&config(raise)).unwrap();
        assert!(gone.is_empty());
        assert_eq!(kept.to_json_at(&signer(), 0).unwrap_err().code(), "invalid_email", "{raise}");
    }
    let unknown = WidgetConfig::from_json(&config(r#""invalid_fields": "ignore","#));
    assert_eq!(unknown.unwrap_err().code(), "invalid_widget_config");
}
