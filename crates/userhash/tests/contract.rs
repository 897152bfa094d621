//! `contract.json` is generated from the core's declarations and committed; this test
//! fails when it is stale (`UPDATE_CONTRACT=1 cargo test -p userhash --test contract`
//! rewrites it, then `scripts/contract` regenerates every language's constants).

use userhash::contract::{self, Category};
use userhash::{Error, Finding, Verification};

#[test]
fn contract_json_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../contract.json");
    let generated = contract::to_json();
    if std::env::var_os("UPDATE_CONTRACT").is_some() {
        std::fs::write(path, &generated).expect("write contract.json");
        return;
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == generated,
        "contract.json is stale: run `UPDATE_CONTRACT=1 cargo test -p userhash --test contract`"
    );
}

#[test]
fn values_and_codes_are_unique_and_core_values_are_dense_from_one() {
    let errors: Vec<_> = contract::errors().collect();
    for (i, a) in errors.iter().enumerate() {
        for b in &errors[i + 1..] {
            assert_ne!(a.value, b.value, "{} and {}", a.code, b.code);
            assert_ne!(a.code, b.code);
        }
    }
    for (i, spec) in Error::CONTRACT.iter().enumerate() {
        assert_eq!(spec.value as usize, i + 1, "{}", spec.code);
        assert!(spec.value < 100 && spec.category != Category::Interface);
    }
    assert!(
        contract::INTERFACE_ERRORS
            .iter()
            .all(|e| e.value >= 100 && e.category == Category::Interface)
    );
}

#[test]
fn an_error_reports_its_own_row() {
    let err = Error::DuplicateKeyId("k1".into());
    assert_eq!(err.code(), "duplicate_key_id");
    assert_eq!(err.spec().value, 15);
    assert_eq!(err.spec().category, Category::Keyring);
    assert_eq!(err.to_string(), "the keyring already has a key with id \"k1\"");
    assert_eq!(err.spec().message, "the keyring already has a key with id {0:?}");
}

#[test]
fn outcomes_and_findings_are_listed() {
    let json: serde_json::Value = serde_json::from_str(&contract::to_json()).unwrap();
    let outcomes: Vec<(&str, u64)> = json["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["name"].as_str().unwrap(), o["value"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        outcomes,
        [("verified", 1), ("missing", 2), ("malformed", 3), ("mismatch", 4), ("expired", 5)]
    );
    assert_eq!(Verification::Mismatch.outcome_value(), 4);
    let findings: Vec<&str> =
        json["findings"].as_array().unwrap().iter().map(|f| f.as_str().unwrap()).collect();
    assert_eq!(findings, Finding::CODES);
}
