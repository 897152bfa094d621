//! Runs every case of the shared vectors file (expected values from Python's stdlib hmac).

use serde_json::Value;
use userhash::{IntegerId, Secret, Signer};

fn vectors() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/vectors/vectors.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("vectors file")).expect("valid JSON")
}

fn field<'a>(case: &'a Value, key: &str) -> Option<&'a str> {
    case.get(key).map(|v| v.as_str().expect("string field"))
}

fn bytes(case: &Value, key: &str) -> Vec<u8> {
    hex::decode(field(case, key).expect(key)).expect("hex field")
}

fn cases(section: &str) -> Vec<Value> {
    let cases = vectors()[section].as_array().expect("array").clone();
    assert!(cases.len() > 10, "suspiciously few {section} cases");
    cases
}

#[test]
fn every_sign_case_from_raw_bytes() {
    for case in cases("sign") {
        let signer = Signer::new(&Secret::from_bytes(&bytes(&case, "secret_hex")).unwrap());
        let id = bytes(&case, "user_id_hex");
        assert_eq!(signer.sign(&id).unwrap(), field(&case, "hash").unwrap(), "{}", case["name"]);
    }
}

#[test]
fn every_sign_case_through_every_entry_point() {
    for case in cases("sign") {
        let name = &case["name"];
        let expected = field(&case, "hash").unwrap();
        let secret = Secret::from_bytes(&bytes(&case, "secret_hex")).unwrap();
        let id = bytes(&case, "user_id_hex");
        let signer = Signer::new(&secret);

        assert_eq!(userhash::sign(&secret, &id).unwrap(), expected, "{name}");
        let mut out = [0u8; 64];
        assert_eq!(signer.sign_into(&id, &mut out).unwrap(), expected, "{name}");
        assert_eq!(hex::encode(signer.sign_raw(&id).unwrap()), expected, "{name}");
        assert_eq!(signer.sign_many([&id, &id]).unwrap(), [expected, expected], "{name}");
        assert!(signer.verify(&id, expected).unwrap(), "{name}");
        assert!(userhash::verify(&secret, &id, expected.to_uppercase()).unwrap(), "{name}");

        if let Some(text) = field(&case, "secret_text") {
            let from_text = Signer::new(&Secret::from_text(text).unwrap());
            assert_eq!(from_text.sign(&id).unwrap(), expected, "{name}");
        }
        if let Some(text) = field(&case, "user_id_text") {
            assert_eq!(signer.sign(text).unwrap(), expected, "{name}");
        }
        if let Some(int) = field(&case, "user_id_int") {
            let id = IntegerId::new(int.parse::<i128>().unwrap());
            assert_eq!(id.as_str(), int, "{name}");
            assert_eq!(signer.sign(id).unwrap(), expected, "{name}");
        }
    }
}

#[test]
fn every_verify_case() {
    for case in cases("verify") {
        let signer = Signer::new(&Secret::from_bytes(&bytes(&case, "secret_hex")).unwrap());
        let id = bytes(&case, "user_id_hex");
        let valid = case["valid"].as_bool().unwrap();
        let hash = field(&case, "hash").unwrap();
        assert_eq!(signer.verify(&id, hash).unwrap(), valid, "{}", case["name"]);
    }
}

#[test]
fn sign_many_keeps_input_order() {
    let by_id: Vec<(Vec<u8>, String)> = cases("sign")
        .iter()
        .filter(|c| field(c, "secret_text") == Some("your_secret_key"))
        .map(|c| (bytes(c, "user_id_hex"), field(c, "hash").unwrap().to_owned()))
        .collect();
    let signer = Signer::new(&Secret::from_text("your_secret_key").unwrap());
    let hashes = signer.sign_many(by_id.iter().map(|(id, _)| id)).unwrap();
    let expected: Vec<&String> = by_id.iter().map(|(_, h)| h).collect();
    assert_eq!(hashes.iter().collect::<Vec<_>>(), expected);
}

#[test]
fn every_token_case_and_rejection() {
    let doc = vectors();
    let tokens = &doc["token"];
    let cases = tokens["cases"].as_array().unwrap();
    assert!(cases.len() >= 7);
    for case in cases {
        let name = &case["name"];
        let secret = Secret::from_bytes(&bytes(case, "secret_hex")).unwrap();
        let keyring = userhash::Keyring::new("k", &secret).unwrap();
        let id = bytes(case, "user_id_hex");
        let expires_at: i64 = field(case, "expires_at").unwrap().parse().unwrap();
        let token = field(case, "token").unwrap();
        assert_eq!(keyring.issue_token_at(&id, expires_at).unwrap(), token, "{name}");
        for check in case["checks"].as_array().unwrap() {
            let now: i64 = field(check, "now").unwrap().parse().unwrap();
            let leeway = check["leeway"].as_u64().unwrap();
            let result = keyring.verify_token_at(&id, token, now, leeway).unwrap();
            assert_eq!(result.outcome(), field(check, "outcome").unwrap(), "{name} at {now}");
        }
    }
    let keyring =
        userhash::Keyring::new("k", &Secret::from_text("your_secret_key").unwrap()).unwrap();
    for case in tokens["rejections"].as_array().unwrap() {
        let token = field(case, "token").unwrap();
        let result = keyring.verify_token_at("user123", token, 1_767_225_599, 0).unwrap();
        assert_eq!(result.outcome(), field(case, "outcome").unwrap(), "{}", case["name"]);
        assert_eq!(result.reason(), case["reason"].as_str(), "{}", case["name"]);
    }
}
