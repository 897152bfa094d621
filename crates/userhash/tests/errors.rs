//! Bad input gives the documented error code, never a panic and never a leaked secret.

use userhash::{Error, Secret, SecretEncoding, Signer};

fn code<T: std::fmt::Debug>(result: Result<T, Error>) -> &'static str {
    result.expect_err("expected an error").code()
}

#[test]
fn empty_secret_in_every_form() {
    assert_eq!(code(Secret::from_bytes(b"")), "empty_secret");
    assert_eq!(code(Secret::from_text("")), "empty_secret");
    assert_eq!(code(Secret::from_hex("")), "empty_secret");
    assert_eq!(code(Secret::from_base64("")), "empty_secret");
}

#[test]
fn surrounding_whitespace_in_a_text_secret_is_refused_not_trimmed() {
    for text in ["secret\n", " secret", "secret\r\n", "\tsecret", "secret\u{a0}", "\u{3000}secret"]
    {
        assert_eq!(code(Secret::from_text(text)), "secret_whitespace", "{text:?}");
    }
    for (text, encoding) in [("abcd\n", SecretEncoding::Hex), ("YWJj\n", SecretEncoding::Base64)] {
        assert_eq!(code(Secret::decode(text, encoding)), "secret_whitespace");
    }
    // Inner whitespace is part of the key; raw bytes are taken as they are.
    assert!(Secret::from_text("two words").is_ok());
    assert!(Secret::from_bytes(b"secret\n").is_ok());
}

#[test]
fn hex_secrets_are_strict() {
    assert_eq!(code(Secret::from_hex("abc")), "invalid_secret_hex");
    assert_eq!(code(Secret::from_hex("zz")), "invalid_secret_hex");
    assert_eq!(code(Secret::from_hex("0x00")), "invalid_secret_hex");
    let mixed_case = Signer::new(&Secret::from_hex("DEADbeef").unwrap());
    let raw = Signer::new(&Secret::from_bytes(&[0xde, 0xad, 0xbe, 0xef]).unwrap());
    assert_eq!(mixed_case.sign("u").unwrap(), raw.sign("u").unwrap());
}

#[test]
fn base64_secrets_are_strict_about_alphabet_padding_and_stray_bits() {
    let raw = Signer::new(&Secret::from_bytes(&[0xfb, 0xff, 0xbf]).unwrap()).sign("u").unwrap();
    for good in ["+/+/", "-_-_"] {
        let signer = Signer::new(&Secret::from_base64(good).unwrap());
        assert_eq!(signer.sign("u").unwrap(), raw, "{good}");
    }
    let ab = Signer::new(&Secret::from_bytes(b"ab").unwrap()).sign("u").unwrap();
    for good in ["YWI=", "YWI"] {
        assert_eq!(Signer::new(&Secret::from_base64(good).unwrap()).sign("u").unwrap(), ab);
    }
    for bad in ["+/-_", "YWI==", "YW=I", "YWJ=", "Y", "YWI!", "YW I="] {
        assert_eq!(code(Secret::from_base64(bad)), "invalid_secret_base64", "{bad}");
    }
}

#[test]
fn missing_and_present_env_vars() {
    let name = "USERHASH_TEST_ENV_THAT_IS_NEVER_SET";
    let err = Secret::from_env(name).unwrap_err();
    assert_eq!(err.code(), "missing_env");
    assert!(err.to_string().contains(name));
}

#[test]
fn empty_user_id_is_an_error_for_sign_and_verify() {
    let signer = Signer::new(&Secret::from_text("k").unwrap());
    assert_eq!(code(signer.sign("")), "empty_user_id");
    assert_eq!(code(signer.sign_many(["a", ""])), "empty_user_id");
    assert_eq!(code(signer.verify("", "0".repeat(64))), "empty_user_id");
}

#[test]
fn malformed_hashes_decode_to_the_right_code_and_verify_false() {
    assert_eq!(code(userhash::decode_hash(b"abc")), "hash_wrong_length");
    assert_eq!(code(userhash::decode_hash(&[b'g'; 64])), "hash_not_hex");
    let signer = Signer::new(&Secret::from_text("k").unwrap());
    assert!(!signer.verify("u", "g".repeat(64)).unwrap());
    assert!(!signer.verify("u", "").unwrap());
    assert!(!signer.verify("u", [0xffu8; 64]).unwrap());
}

#[test]
fn every_code_is_listed_once() {
    let mut codes = Error::ALL_CODES.to_vec();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), Error::ALL_CODES.len());
    let samples = [
        Error::EmptySecret,
        Error::SecretWhitespace,
        Error::SecretNotUtf8,
        Error::InvalidSecretHex("x"),
        Error::InvalidSecretBase64("x"),
        Error::MissingEnv("X".into()),
        Error::EmptyUserId,
        Error::InvalidUserIdType("float".into()),
        Error::UserIdNotUnicode,
        Error::UserIdOutOfRange,
        Error::HashWrongLength(3),
        Error::HashNotHex,
        Error::RngFailure,
        Error::EmptyKeyId,
        Error::DuplicateKeyId("k".into()),
        Error::InvalidKeyWindow,
        Error::InvalidTimestamp("expires_at"),
        Error::TokenVersion,
        Error::TokenFormat,
        Error::UnknownPreset("x".into()),
        Error::EmptyAppId,
        Error::InvalidEmail,
        Error::InvalidPhone,
        Error::InvalidUrl,
        Error::InvalidMetadata("x"),
        Error::InvalidGlobalName,
        Error::InvalidNonce,
        Error::FieldNotInPreset("phone", "hal"),
        Error::TimestampInMilliseconds("not_after"),
        Error::InvalidWidgetConfig("x".into()),
        Error::JwtFormat("x"),
        Error::JwtHeader("x"),
        Error::JwtClaims("x".into()),
        Error::JwtNotYetValid,
        Error::MissingEmail("crisp"),
        Error::MissingKeyId("zendesk"),
        Error::NotAJwtProfile("tau"),
        Error::NoSnippet("canny"),
    ];
    let sample_codes: Vec<_> = samples.iter().map(Error::code).collect();
    assert_eq!(sample_codes, Error::ALL_CODES);
}

#[test]
fn secrets_never_show_in_debug_or_errors() {
    let secret = Secret::from_text("hunter2-very-secret").unwrap();
    let signer = Signer::new(&secret);
    for shown in [format!("{secret:?}"), format!("{signer:?}"), format!("{:#?}", signer)] {
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("redacted"), "{shown}");
    }
    let err = Secret::from_text("hunter2-very-secret\n").unwrap_err();
    assert!(!err.to_string().contains("hunter2"));
}

#[test]
fn generated_secrets_are_64_hex_chars_and_differ() {
    let a = userhash::generate_secret().unwrap();
    let b = userhash::generate_secret().unwrap();
    assert_eq!(a.len(), 64);
    assert!(a.bytes().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
    assert_ne!(a, b);
    assert!(Secret::from_text(&a).is_ok());
}

#[test]
fn signer_is_shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Signer>();
    let signer = Signer::new(&Secret::from_text("k").unwrap());
    let serial: Vec<String> = (0..200).map(|i| signer.sign(i.to_string()).unwrap()).collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| {
                    (0..200).map(|i| signer.sign(i.to_string()).unwrap()).collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            assert_eq!(h.join().unwrap(), serial);
        }
    });
}

#[test]
fn readme_error_table_lists_exactly_the_codes() {
    let readme = include_str!("../../../README.md");
    let table = readme.split("## Error codes").nth(1).unwrap().split("\n## ").next().unwrap();
    let listed: Vec<&str> = table
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .map(|rest| rest.split('`').next().unwrap())
        .collect();
    assert_eq!(listed, Error::ALL_CODES);
}

#[test]
fn signers_from_text_and_bytes_follow_the_secret_rules() {
    for text in ["", " key", "key\n"] {
        assert_eq!(
            Signer::from_text(text).unwrap_err().code(),
            Secret::from_text(text).unwrap_err().code()
        );
    }
    assert_eq!(Signer::from_bytes(b"").unwrap_err().code(), "empty_secret");
    let via_secret = Signer::new(&Secret::from_text("your_secret_key").unwrap());
    let direct = Signer::from_text("your_secret_key").unwrap();
    assert_eq!(direct.sign("u").unwrap(), via_secret.sign("u").unwrap());
    assert_eq!(
        Signer::from_bytes(b"key\n").unwrap().sign("u").unwrap(),
        Signer::new(&Secret::from_bytes(b"key\n").unwrap()).sign("u").unwrap()
    );
}

#[test]
fn a_secret_from_an_env_value_the_caller_read() {
    let err = Secret::from_env_value("MY_SECRET", None).unwrap_err();
    assert_eq!(err.code(), "missing_env");
    assert_eq!(err.to_string(), "environment variable MY_SECRET is not set");
    assert_eq!(code(Secret::from_env_value("S", Some(b"k\n"))), "secret_whitespace");
    assert_eq!(code(Secret::from_env_value("S", Some(b"\xff"))), "secret_not_utf8");
    let from_value = Signer::new(&Secret::from_env_value("S", Some(b"Jefe")).unwrap());
    let from_text = Signer::new(&Secret::from_text("Jefe").unwrap());
    assert_eq!(from_value.sign("u").unwrap(), from_text.sign("u").unwrap());
}
