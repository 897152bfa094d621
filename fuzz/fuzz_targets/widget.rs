//! The widget builder against docs/spec.md section 5, with every user field and text,
//! integer, boolean and null metadata, each absent, well-formed by construction or any
//! text. Never panics; a configuration whose every field is well-formed and in its preset
//! is accepted, and one with a field outside its preset is refused; whatever is accepted
//! parses (serde_json) to exactly the inputs, keys in the spec's order and the hash an
//! independent HMAC of the id, and its text is byte for byte the HTML-safe compact JSON.
#![no_main]

use arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value, json};
use userhash::{MetaValue, Preset, Secret, Signer, WidgetConfig, WidgetUser};
use userhash_fuzz::{
    MILLISECONDS_FROM, WORD, email, global, hmac_sha256, nonce, phone, text_of, url,
};

const KEY: &[u8] = b"fuzz-key";

/// A generated input and whether it is well-formed by construction (`false`: unknown).
struct Gen<T> {
    value: T,
    valid: bool,
}

/// An optional text: absent, made by `make`, or any text.
fn field(
    u: &mut Unstructured,
    make: fn(&mut Unstructured) -> Result<String>,
) -> Result<Gen<Option<String>>> {
    Ok(match u.int_in_range(0..=3u8)? {
        0 => Gen { value: None, valid: true },
        1 => Gen { value: Some(u.arbitrary()?), valid: false },
        _ => Gen { value: Some(make(u)?), valid: true },
    })
}

fn created_at(u: &mut Unstructured) -> Result<Gen<Option<i64>>> {
    let value = match u.int_in_range(0..=3u8)? {
        0 => None,
        1 => Some(u.arbitrary()?),
        _ => Some(u.int_in_range(0..=MILLISECONDS_FROM - 1)?),
    };
    let valid = value.is_none_or(|t| (0..MILLISECONDS_FROM).contains(&t));
    Ok(Gen { value, valid })
}

fn meta_value(u: &mut Unstructured) -> Result<MetaValue> {
    Ok(match u.int_in_range(0..=3u8)? {
        0 => MetaValue::Text(u.arbitrary()?),
        1 => MetaValue::Integer(u.arbitrary()?),
        2 => MetaValue::Bool(u.arbitrary()?),
        _ => MetaValue::Null,
    })
}

type Metadata = Vec<(String, MetaValue)>;

/// Metadata: absent, or up to five entries whose keys are made from WORD or any text
/// (valid when every key is non-empty and appears once).
fn metadata(u: &mut Unstructured) -> Result<Gen<Option<Metadata>>> {
    if u.arbitrary()? {
        return Ok(Gen { value: None, valid: true });
    }
    let mut entries = Vec::new();
    for _ in 0..u.int_in_range(0..=5)? {
        let key = if u.arbitrary()? { u.arbitrary()? } else { text_of(u, WORD, 1)? };
        entries.push((key, meta_value(u)?));
    }
    let mut keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    let valid = keys.len() == entries.len() && !keys.contains(&"");
    Ok(Gen { value: Some(entries), valid })
}

/// A user, whether every field is well-formed (in whatever preset), and whether some
/// field is outside `preset`.
fn user(u: &mut Unstructured, preset: Preset) -> Result<(WidgetUser, bool, bool)> {
    let id: String = u.arbitrary()?;
    let name = field(u, |u| u.arbitrary())?;
    let email = field(u, email)?;
    let phone = field(u, phone)?;
    let url = field(u, url)?;
    let created_at = created_at(u)?;
    let metadata = metadata(u)?;
    let contact = [phone.value.is_some(), url.value.is_some(), created_at.value.is_some()];
    let outside = (preset == Preset::Hal && contact.contains(&true))
        || (preset == Preset::Tau && metadata.value.is_some());
    // Any name is well-formed.
    let valid = !id.is_empty()
        && email.valid
        && phone.valid
        && url.valid
        && created_at.valid
        && metadata.valid;
    let user = WidgetUser {
        id,
        name: name.value,
        email: email.value,
        phone: phone.value,
        profile_picture_url: url.value,
        created_at: created_at.value,
        metadata: metadata.value,
    };
    Ok((user, valid, outside))
}

/// The object the spec gives the configuration, keys in its order.
fn expected(config: &WidgetConfig) -> Value {
    let mut object = Map::new();
    object.insert("appId".into(), json!(config.app_id));
    let Some(user) = &config.user else {
        return Value::Object(object);
    };
    let hash = json!(hex::encode(hmac_sha256(KEY, &[user.id.as_bytes()])));
    let profile = |keys: [&str; 5]| {
        let mut fields = Map::new();
        let values = [
            user.name.as_ref().map(|v| json!(v)),
            user.email.as_ref().map(|v| json!(v)),
            user.phone.as_ref().map(|v| json!(v)),
            user.profile_picture_url.as_ref().map(|v| json!(v)),
            user.created_at.map(|v| json!(v)),
        ];
        for (key, value) in keys.into_iter().zip(values) {
            if let Some(value) = value {
                fields.insert(key.into(), value);
            }
        }
        fields
    };
    let tau = ["name", "email", "phone", "profile_picture_url", "created_at"];
    let generic = ["name", "email", "phone", "profilePictureUrl", "createdAt"];
    match config.preset {
        Preset::Tau => {
            let mut fields = Map::new();
            fields.insert("id".into(), json!(user.id));
            fields.insert("hash".into(), hash);
            fields.extend(profile(tau));
            object.insert("user".into(), Value::Object(fields));
        }
        Preset::Hal => {
            object.insert("visitorId".into(), json!(user.id));
            for (key, value) in [("name", &user.name), ("email", &user.email)] {
                if let Some(value) = value {
                    object.insert(key.into(), json!(value));
                }
            }
            object.insert("userHash".into(), hash);
        }
        Preset::Generic => {
            object.insert("userId".into(), json!(user.id));
            object.insert("userHash".into(), hash);
            object.extend(profile(generic));
        }
        other => unreachable!("this target chooses TAU, Hal or generic, not {other:?}"),
    }
    if let Some(metadata) = &user.metadata {
        let mut entries: Vec<&(String, MetaValue)> = metadata.iter().collect();
        entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        let entries = entries.into_iter().map(|(key, value)| {
            let value = match value {
                MetaValue::Text(text) => json!(text),
                MetaValue::Integer(n) => json!(n),
                MetaValue::Bool(b) => json!(b),
                MetaValue::Null => Value::Null,
            };
            (key.clone(), value)
        });
        object.insert("metadata".into(), Value::Object(entries.collect()));
    }
    Value::Object(object)
}

/// serde_json's compact text is Python's `json.dumps(separators=(",", ":"),
/// ensure_ascii=False)` for these values; the spec then escapes five characters.
fn html_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

fn run(u: &mut Unstructured) -> Result<()> {
    let preset = *u.choose(&[Preset::Tau, Preset::Hal, Preset::Generic])?;
    let app_id: String = u.arbitrary()?;
    let global = field(u, global)?;
    let anonymous = u.ratio(1, 8)?;
    let (user, user_valid, outside) = match anonymous {
        true => (None, true, false),
        false => {
            let (user, valid, outside) = user(u, preset)?;
            (Some(user), valid, outside)
        }
    };
    let outside = outside || global.value.is_some() && preset != Preset::Generic;
    let nonce = field(u, nonce)?;
    let config = WidgetConfig { preset, app_id, global: global.value, user, ttl: None };
    let signer = Signer::new(&Secret::from_bytes(KEY).unwrap());
    let script = config.to_script(&signer, nonce.value.as_deref());
    let valid = !config.app_id.is_empty() && global.valid && user_valid && nonce.valid;
    match (outside, valid) {
        (true, true) => {
            assert_eq!(script.as_ref().err().map(|e| e.code()), Some("field_not_in_preset"))
        }
        (true, false) => assert!(script.is_err(), "a field outside its preset accepted"),
        (false, true) => assert!(script.is_ok(), "well-formed configuration refused: {script:?}"),
        (false, false) => {}
    }
    let Ok(script) = script else {
        return Ok(());
    };
    let json = config.to_json(&signer).expect("to_script accepted it");
    let parsed: Value = serde_json::from_str(&json).expect("valid JSON");
    let expected = expected(&config);
    // With preserve_order, the text of a Value shows its keys in order.
    assert_eq!(parsed.to_string(), expected.to_string());
    assert_eq!(json, html_safe(&expected.to_string()));

    let global = match config.global.as_deref() {
        Some(g) if g.starts_with("window.") => g.to_owned(),
        Some(g) => format!("window.{g}"),
        None => match preset {
            Preset::Tau => "window.taubotConfig".to_owned(),
            Preset::Hal => "window.HalSettings".to_owned(),
            Preset::Generic => "window.userhashConfig".to_owned(),
            other => unreachable!("this target chooses TAU, Hal or generic, not {other:?}"),
        },
    };
    let nonce_attr = nonce.value.map_or(String::new(), |n| format!(" nonce=\"{n}\""));
    assert_eq!(script, format!("<script{nonce_attr}>{global} = {json};</script>"));
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
