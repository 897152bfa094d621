//! `Keyring::explain_at` is no oracle (issue 13): a prefix shorter than
//! `MIN_PREFIX_HEX` of any right hash (under the primary key, another valid key or a
//! retired one, of the id or of an id or secret variant explain tries) gets exactly the
//! finding of the same string with one digit changed. Longer right prefixes of the id's
//! hash are `truncated_hash` and wrong ones are not; a full hash under a key gets the
//! finding that key calls for. Explain never panics, every code is one of
//! `Finding::CODES`, and a diagnosis that does not verify goes to the failure hook.
#![no_main]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use userhash::{Finding, KeyWindow, Keyring, MIN_PREFIX_HEX, Secret};
use userhash_fuzz::{change_digit, hex_with_case, hmac_sha256};

const NOW: i64 = 1_767_225_600;

/// A key of the keyring under test, as the model knows it.
struct Key {
    secret: Vec<u8>,
    valid: bool,
}

/// The keyring under test: a counter of failure-hook calls and the keys.
struct Setup {
    keyring: Keyring,
    failures: Arc<AtomicUsize>,
    keys: Vec<Key>,
}

/// A primary key, then up to two more: valid, retired (past `not_after`) or not yet valid.
fn setup(u: &mut Unstructured) -> Result<Option<Setup>> {
    let primary = u.arbitrary::<&[u8]>()?.to_vec();
    let Ok(secret) = Secret::from_bytes(&primary) else {
        return Ok(None);
    };
    let mut keyring = Keyring::new("primary", &secret).expect("a valid key id");
    let mut keys = vec![Key { secret: primary, valid: true }];
    for index in 1..=u.int_in_range(0..=2)? {
        let bytes = u.arbitrary::<&[u8]>()?.to_vec();
        let Ok(secret) = Secret::from_bytes(&bytes) else {
            continue;
        };
        let (window, valid) = match u.int_in_range(0..=2)? {
            0 => (KeyWindow::default(), true),
            1 => (KeyWindow { not_before: None, not_after: Some(NOW) }, false),
            _ => (KeyWindow { not_before: Some(NOW + 1), not_after: None }, false),
        };
        keyring.add(&format!("key{index}"), &secret, window).expect("a valid window");
        keys.push(Key { secret: bytes, valid });
    }
    let failures = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&failures);
    keyring.on_failure(Arc::new(move |_| {
        counter.fetch_add(1, Ordering::Relaxed);
    }));
    Ok(Some(Setup { keyring, failures, keys }))
}

/// The mistakes explain looks for, made here by hand: the id with whitespace, in another
/// case, as another number format, the email instead of the id.
fn id_variant(u: &mut Unstructured, id: &[u8], email: Option<&[u8]>) -> Result<Vec<u8>> {
    let text = String::from_utf8_lossy(id);
    Ok(match u.int_in_range(0..=9u8)? {
        0 => id.trim_ascii().to_vec(),
        1 => [id, b"\n"].concat(),
        2 => [id, b"\r\n"].concat(),
        3 => [id, b" "].concat(),
        4 => [b" ", id].concat(),
        5 => text.to_lowercase().into_bytes(),
        6 => text.to_uppercase().into_bytes(),
        7 => format!("{text}.0").into_bytes(),
        8 => text.strip_suffix(".0").unwrap_or(&text).as_bytes().to_vec(),
        _ => email.unwrap_or(id).to_vec(),
    })
}

/// The secret mistakes explain looks for: whitespace around it, hex or base64 forms.
fn secret_variant(u: &mut Unstructured, secret: &[u8]) -> Result<Vec<u8>> {
    use base64::Engine as _;
    use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
    Ok(match u.int_in_range(0..=7u8)? {
        0 => [secret, b"\n"].concat(),
        1 => [secret, b"\r\n"].concat(),
        2 => [b" ", secret].concat(),
        3 => secret.trim_ascii().to_vec(),
        4 => hex::encode(secret).into_bytes(),
        5 => hex::decode(secret).unwrap_or_default(),
        6 => STANDARD.decode(secret).unwrap_or_default(),
        _ => URL_SAFE_NO_PAD.decode(secret).unwrap_or_default(),
    })
}

/// Explains, checks the code and the failure hook, and returns the finding.
fn explain(s: &Setup, id: &[u8], hash: &[u8], email: Option<&[u8]>) -> Option<Finding> {
    let before = s.failures.load(Ordering::Relaxed);
    let result = s.keyring.explain_at(id, hash, email, NOW);
    let reported = s.failures.load(Ordering::Relaxed) - before;
    let Ok(finding) = result else {
        assert!(id.is_empty(), "only an empty id is an error");
        assert_eq!(reported, 0);
        return None;
    };
    assert!(Finding::CODES.contains(&finding.code), "{}", finding.code);
    let verified = ["verified", "uppercase_hash", "other_key"].contains(&finding.code);
    assert_eq!(reported, usize::from(!verified), "{}", finding.code);
    Some(finding)
}

/// The finding for a full hash that is right for the id under some key: the first valid
/// key that matches names it, else the hash is only right under a retired key.
fn full_hash_code(keys: &[Key], matching: &[bool], hash: &[u8]) -> &'static str {
    match (0..keys.len()).find(|&i| matching[i] && keys[i].valid) {
        Some(0) if hash.iter().any(u8::is_ascii_uppercase) => "uppercase_hash",
        Some(0) => "verified",
        Some(_) => "other_key",
        None => "retired_key",
    }
}

fn run(u: &mut Unstructured) -> Result<()> {
    let Some(s) = setup(u)? else {
        return Ok(());
    };
    let id: &[u8] = u.arbitrary()?;
    let email: Option<&[u8]> = u.arbitrary()?;
    let index = u.choose_index(s.keys.len())?;
    let secret = &s.keys[index].secret;
    let mac = match u.int_in_range(0..=3u8)? {
        0 => hmac_sha256(secret, &[id]),
        1 => hmac_sha256(secret, &[&id_variant(u, id, email)?]),
        2 => match secret_variant(u, secret)? {
            variant if variant.is_empty() => return Ok(()),
            variant => hmac_sha256(&variant, &[id]),
        },
        _ => {
            // Anything at all: explain must not panic.
            let hash: &[u8] = u.arbitrary()?;
            explain(&s, id, hash, email);
            return Ok(());
        }
    };
    // Which keys sign the id itself to this MAC (a variant may be the id, or another
    // key's secret).
    let matching: Vec<bool> = s.keys.iter().map(|k| hmac_sha256(&k.secret, &[id]) == mac).collect();
    let right_for_id = matching.contains(&true);
    let right = hex_with_case(&mac, u.arbitrary()?);
    let len = u.int_in_range(0..=64usize)?;
    let prefix = &right[..len];
    if len == 0 {
        explain(&s, id, prefix, email);
        return Ok(());
    }
    let changed = change_digit(prefix, u.choose_index(len)?, u.arbitrary()?);
    if len < MIN_PREFIX_HEX {
        // The same whitespace around both, so the trimmed forms are tried too.
        let pad: &[u8] = u.choose(&[&b""[..], b" ", b"\n"])?;
        let (right, wrong) = ([prefix, pad].concat(), [changed.as_slice(), pad].concat());
        assert_eq!(
            explain(&s, id, &right, email),
            explain(&s, id, &wrong, email),
            "explain tells a right prefix of {len} characters from a wrong one"
        );
        return Ok(());
    }
    let (Some(right), Some(wrong)) =
        (explain(&s, id, prefix, email), explain(&s, id, &changed, email))
    else {
        return Ok(());
    };
    if len == 64 && right_for_id {
        assert_eq!(right.code, full_hash_code(&s.keys, &matching, prefix));
    } else if len < 64 {
        let expected = if right_for_id { "truncated_hash" } else { "malformed_hash" };
        assert_eq!(right.code, expected, "{len} characters");
        assert_eq!(wrong.code, "malformed_hash", "{len} characters, one changed");
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
