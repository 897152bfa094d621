//! Runs every case of the shared vectors file (expected values from Python's stdlib hmac).

use serde_json::Value;
use userhash::{IntegerId, Secret, Signer};

fn vectors() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/vectors/vectors.json"
    );
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
        assert_eq!(
            signer.sign(&id).unwrap(),
            field(&case, "hash").unwrap(),
            "{}",
            case["name"]
        );
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
        assert_eq!(
            hex::encode(signer.sign_raw(&id).unwrap()),
            expected,
            "{name}"
        );
        assert_eq!(
            signer.sign_many([&id, &id]).unwrap(),
            [expected, expected],
            "{name}"
        );
        assert!(signer.verify(&id, expected).unwrap(), "{name}");
        assert!(
            userhash::verify(&secret, &id, expected.to_uppercase()).unwrap(),
            "{name}"
        );

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
        .map(|c| {
            (
                bytes(c, "user_id_hex"),
                field(c, "hash").unwrap().to_owned(),
            )
        })
        .collect();
    let signer = Signer::new(&Secret::from_text("your_secret_key").unwrap());
    let hashes = signer.sign_many(by_id.iter().map(|(id, _)| id)).unwrap();
    let expected: Vec<&String> = by_id.iter().map(|(_, h)| h).collect();
    assert_eq!(hashes.iter().collect::<Vec<_>>(), expected);
}
