//! `Keyring::verify_detailed_at` with up to four keys and windows from the input, against
//! a model built from docs/spec.md sections 3 and 4 and the `hmac` crate: keys are added
//! or refused by the window rules; a key is valid at `t` when `not_before <= t < not_after`;
//! the outcome names the first valid key that matches, else the first matching key as
//! expired; and the failure hook sees exactly the outcomes that are not verified.
#![no_main]

use std::sync::{Arc, Mutex};

use arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use userhash::{FailureEvent, KeyWindow, Keyring, Secret, Verification};
use userhash_fuzz::{MILLISECONDS_FROM, change_digit, hex_with_case, hmac_sha256, timestamp};

const BASE: i64 = 1_767_225_600;

/// A key as the model knows it.
struct ModelKey {
    id: String,
    secret: Vec<u8>,
    not_before: Option<i64>,
    not_after: Option<i64>,
}

impl ModelKey {
    fn valid_at(&self, t: i64) -> bool {
        self.not_before.is_none_or(|b| b <= t) && self.not_after.is_none_or(|a| t < a)
    }
}

/// The error code the spec gives to adding this key, if any: bounds first (not_before,
/// then not_after), then their order, then the id.
fn add_error(keys: &[ModelKey], key: &ModelKey) -> Option<&'static str> {
    for bound in [key.not_before, key.not_after].into_iter().flatten() {
        if bound < 0 {
            return Some("invalid_timestamp");
        }
        if bound >= MILLISECONDS_FROM {
            return Some("timestamp_in_milliseconds");
        }
    }
    if let (Some(b), Some(a)) = (key.not_before, key.not_after)
        && b >= a
    {
        return Some("invalid_key_window");
    }
    if key.id.is_empty() {
        return Some("empty_key_id");
    }
    if keys.iter().any(|k| k.id == key.id) {
        return Some("duplicate_key_id");
    }
    None
}

/// The outcome the spec gives, as (outcome, reason, key id), from each key's MAC of the id.
fn expected(
    keys: &[ModelKey],
    macs: &[[u8; 32]],
    hash: &[u8],
    now: i64,
) -> (&'static str, Option<&'static str>, Option<String>) {
    if hash.is_empty() {
        return ("missing", None, None);
    }
    if hash.len() != 64 {
        return ("malformed", Some("hash_wrong_length"), None);
    }
    let Ok(given) = hex::decode(hash) else {
        return ("malformed", Some("hash_not_hex"), None);
    };
    let matching: Vec<&ModelKey> =
        keys.iter().zip(macs).filter(|(_, mac)| mac[..] == given[..]).map(|(key, _)| key).collect();
    if let Some(key) = matching.iter().find(|k| k.valid_at(now)) {
        return ("verified", None, Some(key.id.clone()));
    }
    match matching.first() {
        Some(key) => ("expired", None, Some(key.id.clone())),
        None => ("mismatch", None, None),
    }
}

fn key_id(u: &mut Unstructured, index: usize, earlier: &[ModelKey]) -> Result<String> {
    Ok(match u.int_in_range(0..=9u8)? {
        0 => String::new(),
        1 if !earlier.is_empty() => u.choose(earlier)?.id.clone(),
        2 => u.arbitrary()?,
        _ => format!("k{index}"),
    })
}

fn secret(u: &mut Unstructured, index: usize, earlier: &[ModelKey]) -> Result<Vec<u8>> {
    Ok(match u.int_in_range(0..=5u8)? {
        // A secret shared with an earlier key: the first valid one must be named.
        0 if !earlier.is_empty() => u.choose(earlier)?.secret.clone(),
        1 => u.arbitrary::<&[u8]>()?.to_vec(),
        _ => format!("secret-{index}").into_bytes(),
    })
}

fn bound(u: &mut Unstructured) -> Result<Option<i64>> {
    Ok(if u.arbitrary()? { Some(timestamp(u, BASE)?) } else { None })
}

/// A hash: right under one key (in any case), right with one digit changed, right under
/// a key not in the keyring, empty, or arbitrary bytes.
fn hash(u: &mut Unstructured, macs: &[[u8; 32]], id: &[u8]) -> Result<Vec<u8>> {
    let right = hex_with_case(u.choose(macs)?, u.arbitrary()?);
    Ok(match u.int_in_range(0..=7u8)? {
        0 => Vec::new(),
        1 => u.arbitrary::<&[u8]>()?.to_vec(),
        2 => change_digit(&right, u.int_in_range(0..=63)?, u.arbitrary()?),
        3 => hex::encode(hmac_sha256(b"not in the keyring", &[id])).into_bytes(),
        _ => right,
    })
}

fn run(u: &mut Unstructured) -> Result<()> {
    let mut model: Vec<ModelKey> = Vec::new();
    let primary = ModelKey {
        id: key_id(u, 0, &model)?,
        secret: secret(u, 0, &model)?,
        not_before: None,
        not_after: None,
    };
    let Ok(primary_secret) = Secret::from_bytes(&primary.secret) else {
        return Ok(());
    };
    let mut keyring = match Keyring::new(&primary.id, &primary_secret) {
        Ok(keyring) => keyring,
        Err(e) => {
            assert_eq!(Some(e.code()), add_error(&model, &primary));
            return Ok(());
        }
    };
    model.push(primary);
    for index in 1..=u.int_in_range(0..=3usize)? {
        let key = ModelKey {
            id: key_id(u, index, &model)?,
            secret: secret(u, index, &model)?,
            not_before: bound(u)?,
            not_after: bound(u)?,
        };
        let Ok(secret) = Secret::from_bytes(&key.secret) else {
            continue;
        };
        let window = KeyWindow { not_before: key.not_before, not_after: key.not_after };
        let result = keyring.add(&key.id, &secret, window).map(|_| ());
        assert_eq!(result.err().map(|e| e.code()), add_error(&model, &key));
        if add_error(&model, &key).is_none() {
            model.push(key);
        }
    }
    let events: Arc<Mutex<Vec<FailureEvent>>> = Arc::default();
    let sink = Arc::clone(&events);
    keyring.on_failure(Arc::new(move |e: &FailureEvent| sink.lock().unwrap().push(e.clone())));
    assert_eq!(
        keyring.key_ids().collect::<Vec<_>>(),
        model.iter().map(|k| k.id.as_str()).collect::<Vec<_>>()
    );

    let id: &[u8] = u.arbitrary()?;
    let macs: Vec<[u8; 32]> = model.iter().map(|k| hmac_sha256(&k.secret, &[id])).collect();
    let hash = hash(u, &macs, id)?;
    let now = timestamp(u, BASE)?;
    // A clone made after the hook is set reports to it too.
    let result = keyring.clone().verify_detailed_at(id, &hash, now);
    let events = std::mem::take(&mut *events.lock().unwrap());
    let Ok(result) = result else {
        assert!(id.is_empty(), "only an empty id is an error");
        assert!(events.is_empty(), "an error is not a verification");
        return Ok(());
    };
    assert!(!id.is_empty());
    let (outcome, reason, key) = expected(&model, &macs, &hash, now);
    assert_eq!(
        (result.outcome(), result.reason(), result.key_id()),
        (outcome, reason, key.as_deref()),
        "now {now}, hash {:?}",
        String::from_utf8_lossy(&hash)
    );
    check_events(&result, &events, id, &hash);
    assert_eq!(keyring.sign(id).unwrap(), hex::encode(macs[0]));
    Ok(())
}

/// The hook is called once for every outcome but verified, with what the result says and
/// at most 8 bytes of the hash.
fn check_events(result: &Verification, events: &[FailureEvent], id: &[u8], hash: &[u8]) {
    if result.is_verified() {
        assert!(events.is_empty(), "a verified hash reported as a failure");
        return;
    }
    let [event] = events else {
        panic!("{} events for one failure", events.len());
    };
    assert_eq!(event.outcome, result.outcome());
    assert_eq!(event.reason, result.reason());
    assert_eq!(event.key_id.as_deref(), result.key_id());
    assert_eq!(event.user_id, String::from_utf8_lossy(id));
    let prefix = &hash[..hash.len().min(8)];
    assert_eq!(event.hash_prefix, String::from_utf8_lossy(prefix));
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
