//! Vendor profiles and JWTs against the generator's vectors: snippets from Python's json and
//! hmac, tokens from PyJWT (tests/vectors/vendors.py).

use serde_json::Value;
use userhash::{KeyWindow, Keyring, Preset, Secret, Signer, WidgetConfig, WidgetUser};

fn section(name: &str) -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/vectors/vectors.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    doc[name].clone()
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn user(v: &Value) -> Option<WidgetUser> {
    v.as_object()?;
    Some(WidgetUser {
        id: text(v, "id").unwrap(),
        name: text(v, "name"),
        email: text(v, "email"),
        phone: text(v, "phone"),
        profile_picture_url: text(v, "profile_picture_url"),
        ..WidgetUser::default()
    })
}

fn preset(case: &Value) -> Preset {
    Preset::from_name(case["preset"].as_str().unwrap()).unwrap()
}

/// The case's keyring: one key `key_id` with the dashboard secret read as the profile reads it.
fn keyring(case: &Value) -> userhash::Result<Keyring> {
    let secret = Preset::from_name(case["preset"].as_str().unwrap())
        .unwrap_or(Preset::Generic)
        .secret(case["secret_text"].as_str().unwrap())?;
    Keyring::new(case["key_id"].as_str().unwrap(), &secret)
}

fn config(case: &Value) -> userhash::Result<WidgetConfig> {
    Ok(WidgetConfig {
        ttl: case.get("ttl").and_then(Value::as_u64),
        ..WidgetConfig::new(
            Preset::from_name(case["preset"].as_str().unwrap())?,
            case["app_id"].as_str().unwrap(),
            user(&case["user"]),
        )
    })
}

#[test]
fn vendor_snippets_match_the_generator() {
    let vectors = section("vendors");
    for case in vectors["cases"].as_array().unwrap() {
        let (keyring, config, now) = (keyring(case).unwrap(), config(case).unwrap(), 1_767_225_600);
        let nonce = text(case, "nonce");
        assert_eq!(config.to_json_at(&keyring, now).unwrap(), case["json"], "{}", case["name"]);
        let script = config.to_script_at(&keyring, nonce.as_deref(), now).unwrap();
        assert_eq!(script, case["script"], "{}", case["name"]);
        // The same through the JSON the C ABI's wrappers send.
        let mut json = serde_json::Map::new();
        for key in ["preset", "app_id", "user", "ttl"] {
            if let Some(value) = case.get(key) {
                json.insert(key.into(), value.clone());
            }
        }
        let parsed = WidgetConfig::from_json(&Value::Object(json).to_string()).unwrap();
        assert_eq!(parsed, config, "{}", case["name"]);
    }
}

#[test]
fn vendor_snippet_errors_have_their_codes() {
    for case in section("vendors")["errors"].as_array().unwrap() {
        let result = config(case).and_then(|config| {
            let keyring = keyring(case)?;
            match case.get("bare_secret") {
                Some(_) => config.to_script_at(keyring.primary_signer(), None, 0),
                None => config.to_script_at(&keyring, None, 0),
            }
        });
        assert_eq!(result.unwrap_err().code(), case["error"], "{}", case["name"]);
    }
}

#[test]
fn issued_jwts_are_pyjwts_bytes() {
    for case in section("jwt")["issue"].as_array().unwrap() {
        let keyring = keyring(case).unwrap();
        let user = user(&case["user"]).unwrap();
        let (iat, exp) = (case["iat"].as_i64().unwrap(), case["exp"].as_i64());
        let token = keyring.issue_jwt_at(preset(case), &user, iat, exp).unwrap();
        assert_eq!(token, case["token"], "{}", case["name"]);
        let checked = keyring.verify_jwt_at(preset(case), &token, iat, 0).unwrap();
        assert!(checked.verification.is_verified(), "{}", case["name"]);
        let claims: Value = serde_json::from_str(checked.claims.as_deref().unwrap()).unwrap();
        assert_eq!(claims, case["claims"], "{}", case["name"]);
    }
}

#[test]
fn jwts_verify_with_the_outcomes_of_the_vectors() {
    for case in section("jwt")["verify"].as_array().unwrap() {
        let keys = case["keys"].as_array().unwrap();
        let secret = |key: &Value| Secret::from_text(key["secret_text"].as_str().unwrap()).unwrap();
        let mut keyring = Keyring::new(keys[0]["id"].as_str().unwrap(), &secret(&keys[0])).unwrap();
        for key in &keys[1..] {
            let window = KeyWindow { not_before: None, not_after: key["not_after"].as_i64() };
            keyring.add(key["id"].as_str().unwrap(), &secret(key), window).unwrap();
        }
        let (now, leeway) = (case["now"].as_i64().unwrap(), case["leeway"].as_u64().unwrap());
        let token = case["token"].as_str().unwrap();
        let checked = keyring.verify_jwt_at(preset(case), token, now, leeway).unwrap();
        let v = &checked.verification;
        assert_eq!(v.outcome(), case["outcome"], "{}", case["name"]);
        assert_eq!(v.reason(), case["reason"].as_str(), "{}", case["name"]);
        assert_eq!(v.key_id(), case["key_id"].as_str(), "{}", case["name"]);
        assert_eq!(checked.claims.is_some(), v.key_id().is_some(), "{}", case["name"]);
    }
}

#[test]
fn explain_names_the_vendor_mistakes() {
    let vectors = section("explain_vendor");
    let cases = vectors["cases"].as_array().unwrap();
    for case in cases {
        let secret = match text(case, "secret_text") {
            Some(text) => Secret::from_text(&text).unwrap(),
            None => preset(case).secret(case["profile_secret"].as_str().unwrap()).unwrap(),
        };
        let keyring = Keyring::new("current", &secret).unwrap();
        let now = case["now"].as_i64().unwrap();
        let (finding, event) = match text(case, "token") {
            Some(token) => keyring.explain_jwt_at(preset(case), token.as_bytes(), now, 0),
            None => keyring.explain_preset_at(
                preset(case),
                case["user_id_text"].as_str().unwrap().as_bytes(),
                case["hash"].as_str().unwrap().as_bytes(),
                case["email"].as_str().map(str::as_bytes),
                now,
            ),
        }
        .unwrap();
        assert_eq!(finding.code, case["finding"], "{}: {}", case["name"], finding.message);
        assert!(!finding.message.contains("your_secret_key"), "{}", finding.message);
        assert_eq!(event.is_none(), case["verifies"], "{}", case["name"]);
    }
}

#[test]
fn profiles_read_their_secret_and_name_their_pages() {
    let hex = "00ff";
    let signs = |secret: Secret| Signer::new(&secret).sign("u").unwrap();
    assert_eq!(
        signs(Preset::Pylon.secret(hex).unwrap()),
        signs(Secret::from_bytes(&[0, 255]).unwrap())
    );
    assert_eq!(Preset::Pylon.secret("zz").unwrap_err().code(), "invalid_secret_hex");
    assert_eq!(signs(Preset::Crisp.secret(hex).unwrap()), signs(Secret::from_text(hex).unwrap()));
    // from_name searches the table by name, name() indexes it by the variant: they agree
    // only if the table is in the enum's order.
    for name in Preset::NAMES {
        let preset = Preset::from_name(name).unwrap();
        assert_eq!(preset.name(), *name);
        assert!(preset.documentation_url().starts_with("https://") || !preset.uses_jwt());
    }
    assert!(Preset::Crisp.signs_email() && !Preset::Front.signs_email());
    let signer = Signer::new(&Secret::from_text("k").unwrap());
    let user = WidgetUser { id: "u".into(), ..WidgetUser::default() };
    let keyring = Keyring::new("k", &Secret::from_text("k").unwrap()).unwrap();
    assert_eq!(
        keyring.issue_jwt(Preset::Tau, &user, None).unwrap_err().code(),
        "not_a_jwt_profile"
    );
    let zendesk = WidgetConfig::new(Preset::Zendesk, "", Some(user));
    assert_eq!(zendesk.to_json(&signer).unwrap_err().code(), "missing_key_id");
}

#[test]
fn a_user_given_as_json_is_read_as_strictly_as_in_a_configuration() {
    let user = WidgetUser::from_json(r#"{"id":42,"email":"jo@example.com","name":null}"#).unwrap();
    assert_eq!(
        (user.id.as_str(), user.email.as_deref(), user.name),
        ("42", Some("jo@example.com"), None)
    );
    for bad in [
        r#"{"email":"jo@example.com"}"#,
        r#"{"id":"u","colour":1}"#,
        r#"{"id":"u","id":"v"}"#,
        "[]",
    ] {
        assert_eq!(
            WidgetUser::from_json(bad).unwrap_err().code(),
            "invalid_widget_config",
            "{bad}"
        );
    }
}
