//! Widget snippets reproduce the generator's (Python json + hmac) byte for byte.

use serde_json::Value;
use userhash::{MetaValue, Preset, Secret, Signer, WidgetConfig, WidgetUser};

fn widget_vectors() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/vectors/vectors.json"
    );
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
            m.as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), meta_value(v)))
                .collect()
        }),
    })
}

/// Builds the case's snippet: Ok((json, script)) or the error code.
fn build(case: &Value) -> Result<(String, String), &'static str> {
    let signer = Signer::new(&Secret::from_text(&text(case, "secret_text").unwrap()).unwrap());
    let config = WidgetConfig {
        preset: Preset::from_name(&text(case, "preset").unwrap()).map_err(|e| e.code())?,
        app_id: text(case, "app_id").unwrap(),
        global: text(case, "global"),
        user: user(&case["user"]),
    };
    let nonce = text(case, "nonce");
    let json = config.to_json(&signer).map_err(|e| e.code())?;
    let script = config
        .to_script(&signer, nonce.as_deref())
        .map_err(|e| e.code())?;
    Ok((json, script))
}

#[test]
fn every_snippet_case_byte_for_byte() {
    let cases = widget_vectors()["cases"].as_array().unwrap().clone();
    assert!(cases.len() >= 14);
    for case in &cases {
        let (json, script) = build(case).unwrap_or_else(|code| panic!("{}: {code}", case["name"]));
        assert_eq!(json, text(case, "json").unwrap(), "{}", case["name"]);
        assert_eq!(script, text(case, "script").unwrap(), "{}", case["name"]);
    }
}

#[test]
fn every_snippet_error_case_gives_its_code() {
    for case in widget_vectors()["errors"].as_array().unwrap() {
        assert_eq!(
            build(case).unwrap_err(),
            text(case, "error").unwrap(),
            "{}",
            case["name"]
        );
    }
}

#[test]
fn snippets_never_contain_markup_from_user_fields() {
    for case in widget_vectors()["cases"].as_array().unwrap() {
        let (_, script) = build(case).unwrap();
        let inner = script
            .split_once('>')
            .unwrap()
            .1
            .rsplit_once("</script>")
            .unwrap()
            .0;
        assert!(
            !inner.contains('<') && !inner.contains('\u{2028}'),
            "{}",
            case["name"]
        );
    }
}
