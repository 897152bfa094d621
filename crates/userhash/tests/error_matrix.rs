//! tests/vectors/errors.json: every case Rust's types can express gives its stable code
//! (or, for huge inputs, the stdlib hash).

use serde_json::Value;
use userhash::{Error, Secret, Signer};

fn text_of(input: &Value) -> Option<String> {
    if let Some(text) = input.get("text") {
        return Some(text.as_str()?.to_owned());
    }
    let count = input.get("count")?.as_u64()? as usize;
    Some(input.get("repeat")?.as_str()?.repeat(count))
}

fn bytes_of(input: &Value) -> Option<Vec<u8>> {
    match input.get("bytes_hex") {
        Some(h) => Some(hex::decode(h.as_str()?).unwrap()),
        None => text_of(input).map(String::into_bytes),
    }
}

fn secret(case: &Value) -> Result<Secret, Error> {
    let input = &case["secret"];
    match (case["call"].as_str().unwrap(), input.get("env")) {
        (_, Some(name)) => Secret::from_env(name.as_str().unwrap()),
        ("secret_from_hex", _) => Secret::from_hex(&text_of(input).unwrap()),
        ("secret_from_base64", _) => Secret::from_base64(&text_of(input).unwrap()),
        (_, _) if input.get("bytes_hex").is_some() => Secret::from_bytes(&bytes_of(input).unwrap()),
        _ => Secret::from_text(&text_of(input).unwrap()),
    }
}

/// The outcome of a case: Ok(hash) when it signs, Err(code) otherwise.
fn run(case: &Value) -> Result<String, &'static str> {
    let signer = Signer::new(&secret(case).map_err(|e| e.code())?);
    let id = bytes_of(&case["user_id"]).expect("a text or bytes id");
    match case.get("hash").and_then(Value::as_str) {
        Some(hash) if case["call"] == "verify" => {
            signer.verify(&id, hash).map(|ok| ok.to_string()).map_err(|e| e.code())
        }
        _ => signer.sign(&id).map_err(|e| e.code()),
    }
}

#[test]
fn every_case_rust_can_express() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/vectors/errors.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut ran = 0;
    for case in doc["cases"].as_array().unwrap() {
        if case.get("applies_to").is_some() {
            continue; // wrong-type and lone-surrogate ids: dynamic languages only
        }
        let outcome = run(case);
        match case.get("code").and_then(Value::as_str) {
            Some(code) => assert_eq!(outcome, Err(code), "{}", case["name"]),
            None => assert_eq!(
                outcome.as_deref(),
                Ok(case["hash"].as_str().unwrap()),
                "{}",
                case["name"]
            ),
        }
        ran += 1;
    }
    assert!(ran >= 15, "only {ran} cases ran");
    let signer = Signer::new(&Secret::from_text("k").unwrap());
    for case in doc["verify_false"].as_array().unwrap() {
        assert!(
            !signer.verify("user123", case["hash"].as_str().unwrap()).unwrap(),
            "{}",
            case["name"]
        );
    }
}
