//! `explain` names each known mistake (table-driven). The "wrong" hashes are made the way
//! the mistaken code would make them, with Python-equivalent stdlib semantics: HMAC of the
//! mistaken bytes.

use userhash::{Finding, KeyWindow, Keyring, Secret, Signer};

fn hash(secret: &[u8], id: &[u8]) -> String {
    Signer::new(&Secret::from_bytes(secret).unwrap()).sign(id).unwrap()
}

fn explain_vectors() -> Vec<serde_json::Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/vectors/vectors.json");
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    doc["explain"]["cases"].as_array().unwrap().clone()
}

/// The vendor-profile cases (tests/vendors.rs runs them); they cover the JWT and email findings.
fn vendor_explain_vectors() -> Vec<serde_json::Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/vectors/vectors.json");
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    doc["explain_vendor"]["cases"].as_array().unwrap().clone()
}

/// The case's keyring: its keys in order, each from its secret bytes.
fn case_keyring(case: &serde_json::Value) -> Keyring {
    let keys = case["keys"].as_array().unwrap();
    let secret = |key: &serde_json::Value| {
        Secret::from_bytes(&hex::decode(key["secret_hex"].as_str().unwrap()).unwrap()).unwrap()
    };
    let mut keyring = Keyring::new(keys[0]["id"].as_str().unwrap(), &secret(&keys[0])).unwrap();
    for key in &keys[1..] {
        let window = KeyWindow { not_before: None, not_after: key["not_after"].as_i64() };
        keyring.add(key["id"].as_str().unwrap(), &secret(key), window).unwrap();
    }
    keyring
}

#[test]
fn each_known_mistake_is_named() {
    let cases = explain_vectors();
    for case in &cases {
        let email = case["email"].as_str().map(str::as_bytes);
        let finding = case_keyring(case)
            .explain_at(
                case["user_id_text"].as_str().unwrap(),
                case["hash"].as_str().unwrap(),
                email,
                case["now"].as_i64().unwrap(),
            )
            .unwrap();
        assert_eq!(finding.code, case["finding"], "{}: {}", case["name"], finding.message);
        for key in case["keys"].as_array().unwrap() {
            let secret = key["secret_text"].as_str().unwrap_or("\u{0}");
            assert!(!finding.message.contains(secret), "{}", finding.message);
        }
    }
    let vendor_cases = vendor_explain_vectors();
    let covered: Vec<&str> =
        cases.iter().chain(&vendor_cases).map(|c| c["finding"].as_str().unwrap()).collect();
    for code in Finding::CODES {
        assert!(covered.contains(code), "no vector for {code}");
    }
}

#[test]
fn one_shot_explain_is_the_single_key_keyring() {
    for case in explain_vectors() {
        let keys = case["keys"].as_array().unwrap();
        if keys.len() != 1 {
            continue;
        }
        let secret =
            Secret::from_bytes(&hex::decode(keys[0]["secret_hex"].as_str().unwrap()).unwrap());
        let email = case["email"].as_str().map(str::as_bytes);
        let finding = userhash::explain(
            &secret.unwrap(),
            case["user_id_text"].as_str().unwrap(),
            case["hash"].as_str().unwrap(),
            email,
        )
        .unwrap();
        assert_eq!(finding.code, case["finding"], "{}", case["name"]);
    }
}

#[test]
fn readme_documents_every_finding_code() {
    let readme = include_str!("../../../README.md");
    let section = readme.split("## Debugging a mismatch").nth(1).unwrap();
    let section = section.split("\n## ").next().unwrap();
    for code in Finding::CODES {
        assert!(section.contains(&format!("`{code}`")), "README lacks {code}");
    }
}

#[test]
fn a_right_hash_with_characters_added_is_malformed_not_truncated() {
    let key = b"your_secret_key";
    let right = hash(key, b"user123");
    let keyring = Keyring::new("current", &Secret::from_bytes(key).unwrap()).unwrap();
    for longer in [format!("{right}0"), right.repeat(2)] {
        let finding = keyring.explain_at("user123", &longer, None, 0).unwrap();
        assert_eq!(finding.code, "malformed_hash", "{longer}");
    }
}
