//! Vendor JWTs (docs/spec.md section 6): any bytes presented to any JWT profile's verifier
//! and explain never panic, and a token userhash issues for an arbitrary user verifies at
//! its iat with exactly the claims it signed, its MAC being the `hmac` crate's HMAC-SHA256
//! of the first two parts under the secret; one byte changed in the signature is never
//! verified.
#![no_main]

use arbitrary::Unstructured;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use libfuzzer_sys::fuzz_target;
use userhash::{Keyring, Preset, Secret, WidgetUser};
use userhash_fuzz::hmac_sha256;

const JWT_PRESETS: [Preset; 4] =
    [Preset::IntercomJwt, Preset::Zendesk, Preset::Canny, Preset::Featurebase];
const BASE: i64 = 1_767_225_600;

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let (Ok(preset), Ok(token), Ok(offset), Ok(leeway), Ok(id), Ok(name), Ok(email)) = (
        u.choose(&JWT_PRESETS),
        u.arbitrary::<&[u8]>(),
        u.int_in_range(-100_000i64..=100_000),
        u.int_in_range(0u64..=3_600),
        u.arbitrary::<String>(),
        u.arbitrary::<Option<String>>(),
        u.arbitrary::<Option<String>>(),
    ) else {
        return;
    };
    let secret = b"fuzz-secret";
    let keyring = Keyring::new("k1", &Secret::from_bytes(secret).unwrap()).unwrap();
    let now = BASE + offset;

    let presented = keyring.check_jwt(*preset, token, now, leeway).unwrap();
    assert_eq!(presented.claims.is_some(), presented.verification.key_id().is_some());
    keyring.explain_jwt_at(*preset, token, now, leeway).unwrap();

    let user = WidgetUser { id, name, email, ..WidgetUser::default() };
    let expires_at = (*preset != Preset::Featurebase).then_some(BASE + 60);
    let Ok(issued) = keyring.issue_jwt_at(*preset, &user, BASE, expires_at) else {
        return;
    };
    let (signing_input, signature) = issued.rsplit_once('.').unwrap();
    let mac = URL_SAFE_NO_PAD.decode(signature).unwrap();
    assert_eq!(
        mac,
        hmac_sha256(secret, &[signing_input.as_bytes()]),
        "the MAC is HMAC-SHA256 of the first two parts"
    );
    let checked = keyring.check_jwt(*preset, issued.as_bytes(), BASE, 0).unwrap();
    assert!(checked.verification.is_verified(), "{issued}: {:?}", checked.verification);
    let claims_part = signing_input.split('.').nth(1).unwrap();
    let signed = String::from_utf8(URL_SAFE_NO_PAD.decode(claims_part).unwrap()).unwrap();
    assert_eq!(checked.claims.as_deref(), Some(signed.as_str()));
    let claims: serde_json::Value = serde_json::from_str(&signed).unwrap();
    assert_eq!(claims["iat"], BASE);

    let mut tampered = issued.into_bytes();
    let at = tampered.len() - 2;
    tampered[at] = if tampered[at] == b'A' { b'B' } else { b'A' };
    assert!(!keyring.check_jwt(*preset, &tampered, BASE, 0).unwrap().verification.is_verified());
});
