//! `explain` names each known mistake (table-driven). The "wrong" hashes are made the way
//! the mistaken code would make them, with Python-equivalent stdlib semantics: HMAC of the
//! mistaken bytes.

use userhash::{Finding, KeyWindow, Keyring, Secret, Signer};

fn hash(secret: &[u8], id: &[u8]) -> String {
    Signer::new(&Secret::from_bytes(secret).unwrap())
        .sign(id)
        .unwrap()
}

/// Expected finding code, the id the page sends, the hash it sends, the email if known.
type Case = (&'static str, &'static [u8], String, Option<&'static [u8]>);

#[test]
fn each_known_mistake_is_named() {
    let key = b"your_secret_key";
    let right = hash(key, b"user123");
    let cases: Vec<Case> = vec![
        ("verified", b"user123", right.clone(), None),
        ("missing_hash", b"user123", String::new(), None),
        ("hash_whitespace", b"user123", format!("{right}\n"), None),
        ("uppercase_hash", b"user123", right.to_uppercase(), None),
        ("truncated_hash", b"user123", right[..40].to_owned(), None),
        ("malformed_hash", b"user123", "not a hash".into(), None),
        ("id_whitespace", b"user123", hash(key, b"user123\n"), None),
        ("id_whitespace", b"user123", hash(key, b" user123"), None),
        ("id_whitespace", b" user123 ", hash(key, b"user123"), None),
        ("id_case", b"User123", hash(key, b"user123"), None),
        ("id_case", b"abc", hash(key, b"ABC"), None),
        ("id_number_format", b"42", hash(key, b"42.0"), None),
        ("id_number_format", b"42.0", hash(key, b"42"), None),
        ("id_number_format", b"42", hash(key, b"042"), None),
        (
            "email_instead_of_id",
            b"user123",
            hash(key, b"jo@example.com"),
            Some(b"jo@example.com"),
        ),
        (
            "secret_whitespace",
            b"user123",
            hash(b"your_secret_key\n", b"user123"),
            None,
        ),
        (
            "secret_whitespace",
            b"user123",
            hash(b"your_secret_key\r\n", b"user123"),
            None,
        ),
        (
            "unknown",
            b"user123",
            hash(b"another key", b"user123"),
            None,
        ),
    ];
    let keyring = Keyring::new("current", &Secret::from_bytes(key).unwrap()).unwrap();
    for (code, id, presented, email) in cases {
        let finding = keyring.explain(id, &presented, email).unwrap();
        assert_eq!(
            finding.code, code,
            "{id:?} / {presented:?}: {}",
            finding.message
        );
        assert!(Finding::CODES.contains(&finding.code));
        assert!(
            !finding.message.contains("your_secret_key"),
            "{}",
            finding.message
        );
    }
}

#[test]
fn secret_meant_as_hex_or_base64() {
    let hex_text = b"deadbeefcafe0123";
    let decoded = hex::decode(hex_text).unwrap();
    let f = userhash::explain(
        &Secret::from_bytes(hex_text).unwrap(),
        "u",
        hash(&decoded, b"u"),
        None,
    );
    assert_eq!(f.unwrap().code, "secret_encoding");
    // The server decoded nothing but the vendor meant the bytes: the reverse direction.
    let secret = Secret::from_hex("deadbeefcafe0123").unwrap();
    let f = userhash::explain(&secret, "u", hash(hex_text, b"u"), None).unwrap();
    assert_eq!(f.code, "secret_encoding");
    let b64_text = b"c2VjcmV0LWtleS1ieXRlcw==";
    let f = userhash::explain(
        &Secret::from_bytes(b64_text).unwrap(),
        "u",
        hash(b"secret-key-bytes", b"u"),
        None,
    );
    assert_eq!(f.unwrap().code, "secret_encoding");
}

#[test]
fn other_and_retired_keys_of_a_keyring() {
    let mut keyring = Keyring::new("new", &Secret::from_text("new").unwrap()).unwrap();
    keyring
        .add(
            "old",
            &Secret::from_text("old").unwrap(),
            KeyWindow {
                not_before: None,
                not_after: Some(100),
            },
        )
        .unwrap();
    let old_hash = hash(b"old", b"u");
    assert_eq!(
        keyring.explain_at("u", &old_hash, None, 99).unwrap().code,
        "other_key"
    );
    assert_eq!(
        keyring.explain_at("u", &old_hash, None, 100).unwrap().code,
        "retired_key"
    );
    // A mistake under the old key is found too.
    let f = keyring
        .explain_at("u", hash(b"old", b"U"), None, 99)
        .unwrap();
    assert_eq!(f.code, "id_case");
}

#[test]
fn readme_documents_every_finding_code() {
    let readme = include_str!("../../../README.md");
    let section = readme.split("## Debugging a mismatch").nth(1).unwrap();
    let section = section.split("\n## ").next().unwrap();
    for code in Finding::CODES {
        assert!(
            section.contains(&format!("`{code}`")),
            "README lacks {code}"
        );
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
