//! The v1 token parser and verifier: never panic on any input; an issued token always
//! verifies before its expiry and is expired from it on; any other token never verifies
//! unless it only differs in MAC case.
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use userhash::{Keyring, Secret};

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let (Ok(id), Ok(token), Ok(expires_at), Ok(now), Ok(leeway)) = (
        u.arbitrary::<&[u8]>(),
        u.arbitrary::<&[u8]>(),
        u.arbitrary::<i64>(),
        u.arbitrary::<i64>(),
        u.arbitrary::<u32>(),
    ) else {
        return;
    };
    let keyring = Keyring::new("k", &Secret::from_text("fuzz-key").unwrap()).unwrap();
    let Ok(result) = keyring.verify_token_at(id, token, now, leeway.into()) else {
        assert!(id.is_empty());
        return;
    };
    let Ok(issued) = keyring.issue_token_at(id, expires_at) else {
        return;
    };
    if result.is_verified() {
        assert!(issued.as_bytes().eq_ignore_ascii_case(token));
    }
    let check = keyring
        .verify_token_at(id, &issued, now, leeway.into())
        .unwrap();
    let alive = i128::from(now) < i128::from(expires_at) + i128::from(leeway);
    assert_eq!(check.outcome(), if alive { "verified" } else { "expired" });
});
