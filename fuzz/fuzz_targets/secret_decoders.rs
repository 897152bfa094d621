//! Secret decoders: never panic; whitespace is refused, never trimmed; hex agrees with
//! the hex crate; error messages come from a fixed set, so no secret is ever echoed.
#![no_main]

use std::collections::HashSet;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use userhash::{Secret, Signer};

/// Every message a secret decoder can give, from inputs that trigger each one.
static MESSAGES: LazyLock<HashSet<String>> = LazyLock::new(|| {
    [
        Secret::from_text(""),
        Secret::from_text(" x"),
        Secret::from_hex("abc"),
        Secret::from_hex("zz"),
        Secret::from_base64("!"),
    ]
    .into_iter()
    .map(|r| r.unwrap_err().to_string())
    .collect()
});

fuzz_target!(|text: &str| {
    let trimmed_differs = text.trim() != text;
    for result in [Secret::from_text(text), Secret::from_hex(text), Secret::from_base64(text)] {
        if let Err(e) = &result {
            assert!(MESSAGES.contains(&e.to_string()), "unexpected message {e}");
            if trimmed_differs && !text.trim().is_empty() {
                assert_eq!(e.code(), "secret_whitespace");
            }
        }
    }
    if let Ok(secret) = Secret::from_hex(text) {
        let bytes = hex::decode(text).expect("from_hex accepted what hex rejects");
        let a = Signer::new(&secret).sign_raw("u").unwrap();
        let b = Signer::new(&Secret::from_bytes(&bytes).unwrap()).sign_raw("u").unwrap();
        assert_eq!(a, b);
    }
});
