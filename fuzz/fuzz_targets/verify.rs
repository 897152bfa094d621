//! Hash decoding and verify: never panics; the keyed HMAC agrees with the `hmac` crate
//! and decoding with the `hex` crate; a hash made by sign always verifies, in either
//! case, and any change to it never does.
#![no_main]

use arbitrary::Unstructured;
use hmac::{Hmac, KeyInit, Mac};
use libfuzzer_sys::fuzz_target;
use sha2::Sha256;
use userhash::{Secret, Signer};

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let (Ok(key), Ok(id), Ok(candidate)) =
        (u.arbitrary::<&[u8]>(), u.arbitrary::<&[u8]>(), u.arbitrary::<&[u8]>())
    else {
        return;
    };
    let decoded = userhash::decode_hash(candidate).ok();
    let reference = (candidate.len() == 64).then(|| hex::decode(candidate).ok()).flatten();
    assert_eq!(decoded.map(|d| d.to_vec()), reference);

    let Ok(secret) = Secret::from_bytes(key) else {
        return;
    };
    let signer = Signer::new(&secret);
    let Ok(hash) = signer.sign(id) else {
        assert!(id.is_empty());
        return;
    };
    let mut reference = Hmac::<Sha256>::new_from_slice(key).unwrap();
    reference.update(id);
    assert_eq!(hash, hex::encode(reference.finalize().into_bytes()));
    assert!(signer.verify(id, &hash).unwrap());
    assert!(signer.verify(id, hash.to_uppercase()).unwrap());
    let matches = signer.verify(id, candidate).unwrap();
    assert_eq!(matches, candidate.eq_ignore_ascii_case(hash.as_bytes()));
});
