//! Widget snippets reproduce the generator's (Python json + hmac) byte for byte.

use serde_json::Value;
use userhash::{MetaValue, Preset, Secret, Signer, WidgetConfig, WidgetUser};

fn widget_vectors() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/vectors/vectors.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    doc["widget"].clone()
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn meta_value(v: &Value) -> MetaValue {
    match v {
        Value::String(s) => MetaValue::Text(s.clone()),
        Value::Bool(b) => MetaValue::Bool(*b),
        Value::Null => MetaValue::Null,
        Value::Number(n) => MetaValue::Integer(n.as_i64().expect("integer metadata")),
        other => panic!("unexpected metadata value {other}"),
    }
}

fn user(v: &Value) -> Option<WidgetUser> {
    let v = v.as_object()?;
    let v = Value::Object(v.clone());
    Some(WidgetUser {
        id: text(&v, "id").unwrap(),
        name: text(&v, "name"),
        email: text(&v, "email"),
        phone: text(&v, "phone"),
        profile_picture_url: text(&v, "profile_picture_url"),
        created_at: v.get("created_at").map(|n| n.as_i64().unwrap()),
        metadata: v.get("metadata").map(|m| {
            m.as_object().unwrap().iter().map(|(k, v)| (k.clone(), meta_value(v))).collect()
        }),
    })
}

/// The case's configuration built field by field.
fn built(case: &Value) -> userhash::Result<WidgetConfig> {
    Ok(WidgetConfig {
        preset: Preset::from_name(&text(case, "preset").unwrap())?,
        app_id: text(case, "app_id").unwrap(),
        global: text(case, "global"),
        user: user(&case["user"]),
        ttl: case.get("ttl").and_then(Value::as_u64),
    })
}

/// The case's configuration read from the JSON the C ABI's wrappers send.
fn from_json(case: &Value) -> userhash::Result<WidgetConfig> {
    let mut config = serde_json::Map::new();
    for key in ["preset", "app_id", "global", "user", "ttl"] {
        if let Some(value) = case.get(key) {
            config.insert(key.into(), value.clone());
        }
    }
    WidgetConfig::from_json(&Value::Object(config).to_string())
}

type Read = fn(&Value) -> userhash::Result<WidgetConfig>;

/// Builds the case's snippet: Ok((json, script)) or the error code.
fn build(case: &Value, read: Read) -> Result<(String, String), &'static str> {
    let signer = Signer::new(&Secret::from_text(&text(case, "secret_text").unwrap()).unwrap());
    let config = read(case).map_err(|e| e.code())?;
    let nonce = text(case, "nonce");
    let json = config.to_json(&signer).map_err(|e| e.code())?;
    let script = config.to_script(&signer, nonce.as_deref()).map_err(|e| e.code())?;
    Ok((json, script))
}

#[test]
fn every_snippet_case_byte_for_byte() {
    let cases = widget_vectors()["cases"].as_array().unwrap().clone();
    assert!(cases.len() >= 14);
    for (case, read) in cases.iter().flat_map(|c| [(c, built as Read), (c, from_json)]) {
        let (json, script) =
            build(case, read).unwrap_or_else(|code| panic!("{}: {code}", case["name"]));
        assert_eq!(json, text(case, "json").unwrap(), "{}", case["name"]);
        assert_eq!(script, text(case, "script").unwrap(), "{}", case["name"]);
    }
}

#[test]
fn every_snippet_error_case_gives_its_code() {
    for case in widget_vectors()["errors"].as_array().unwrap() {
        for read in [built as Read, from_json] {
            assert_eq!(
                build(case, read).unwrap_err(),
                text(case, "error").unwrap(),
                "{}",
                case["name"]
            );
        }
    }
}

#[test]
fn snippets_never_contain_markup_from_user_fields() {
    for case in widget_vectors()["cases"].as_array().unwrap() {
        let (_, script) = build(case, built).unwrap();
        let inner = script.split_once('>').unwrap().1.rsplit_once("</script>").unwrap().0;
        assert!(!inner.contains('<') && !inner.contains('\u{2028}'), "{}", case["name"]);
    }
}

/// The code of the first error, reading the configuration or writing its snippet.
fn from_json_code(json: &str) -> &'static str {
    let signer = Signer::new(&Secret::from_text("s").unwrap());
    WidgetConfig::from_json(json).and_then(|config| config.to_json(&signer)).expect_err(json).code()
}

#[test]
fn a_json_configuration_is_parsed_strictly() {
    for (json, code) in [
        ("", "invalid_widget_config"),
        ("{", "invalid_widget_config"),
        ("[]", "invalid_widget_config"),
        // app_id may be left out (Chatwoot takes none); TAU needs one.
        (r#"{"preset":"tau"}"#, "empty_app_id"),
        (r#"{"preset":"tau","app_id":"a","colour":"red"}"#, "invalid_widget_config"),
        (r#"{"preset":"tau","app_id":7}"#, "invalid_widget_config"),
        (r#"{"preset":"tau","app_id":"a","app_id":"b"}"#, "invalid_widget_config"),
        (r#"{"preset":"tau","app_id":"a","user":{"id":"u","id":"v"}}"#, "invalid_widget_config"),
        (r#"{"preset":"tau","app_id":"a","user":{"id":"u","nick":"x"}}"#, "invalid_widget_config"),
        (r#"{"preset":"tau","app_id":"a","user":{"id":true}}"#, "invalid_widget_config"),
        (r#"{"preset":"tau","app_id":"a","user":{"id":1.5}}"#, "invalid_widget_config"),
        (
            r#"{"preset":"tau","app_id":"a","user":{"id":"u","created_at":1.5}}"#,
            "invalid_timestamp",
        ),
        (
            r#"{"preset":"tau","app_id":"a","user":{"id":"u","created_at":"1767225600"}}"#,
            "invalid_timestamp",
        ),
        (
            r#"{"preset":"tau","app_id":"a","user":{"id":"u","created_at":18446744073709551615}}"#,
            "timestamp_in_milliseconds",
        ),
        (
            r#"{"preset":"hal","app_id":"a","user":{"id":"u","metadata":[]}}"#,
            "invalid_widget_config",
        ),
        (
            r#"{"preset":"hal","app_id":"a","user":{"id":"u","metadata":{"k":1,"k":2}}}"#,
            "invalid_metadata",
        ),
        (
            r#"{"preset":"hal","app_id":"a","user":{"id":"u","metadata":{"k":{}}}}"#,
            "invalid_metadata",
        ),
        (
            r#"{"preset":"hal","app_id":"a","user":{"id":"u","metadata":{"k":[1]}}}"#,
            "invalid_metadata",
        ),
        (
            r#"{"preset":"hal","app_id":"a","user":{"id":"u","metadata":{"k":0.5}}}"#,
            "invalid_metadata",
        ),
        (r#"{"preset":"chat","app_id":"a"}"#, "unknown_preset"),
    ] {
        assert_eq!(from_json_code(json), code, "{json}");
    }
    let err =
        WidgetConfig::from_json(r#"{"preset":"tau","app_id":"a","colour":"red"}"#).unwrap_err();
    assert!(err.to_string().contains("unknown field `colour`"), "{err}");
}

#[test]
fn in_a_json_configuration_null_is_a_field_left_out_and_an_integer_id_is_its_decimal_text() {
    use hmac::{KeyInit, Mac};
    let signer = Signer::new(&Secret::from_text("s3cret").unwrap());
    let config = WidgetConfig::from_json(
        r#"{"preset":"tau","app_id":"a","global":null,"user":{"id":-42,"name":null}}"#,
    )
    .unwrap();
    assert_eq!(config.user.as_ref().unwrap().id, "-42");
    assert_eq!(config.user.as_ref().unwrap().name, None);
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(b"s3cret").unwrap();
    mac.update(b"-42");
    let expected = hex::encode(mac.finalize().into_bytes());
    assert!(config.to_json(&signer).unwrap().contains(&expected));
}
