//! The C keyring, token and explain entry points with NULL or real pointers, arbitrary
//! bytes, any signed ttl and leeway, and output buffers of any size: never the PANIC
//! result; on failure nothing is written and the last error message is the core's; the
//! results (with their failure data: outcome, reason, key, hash prefix), key ids and
//! explain's JSON (finding and failure event) agree with a Rust keyring built by the same
//! calls.
#![no_main]

use std::ffi::{CStr, c_char};
use std::ptr;

use arbitrary::{Result, Unstructured};
use cabi::{
    USERHASH_HASH_BUF_LEN, USERHASH_HASH_PREFIX_BUF_LEN, USERHASH_TOKEN_BUF_LEN, userhash_explain,
    userhash_keyring, userhash_keyring_add, userhash_keyring_add_bytes, userhash_keyring_explain,
    userhash_keyring_free, userhash_keyring_from_values, userhash_keyring_issue_token,
    userhash_keyring_issue_token_at, userhash_keyring_key_count, userhash_keyring_key_id,
    userhash_keyring_new, userhash_keyring_new_bytes, userhash_keyring_sign,
    userhash_keyring_verify_detailed, userhash_keyring_verify_token, userhash_outcome,
    userhash_outcome_name, userhash_result, userhash_verification,
};
use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};
use userhash::{Error, FailureEvent, Finding, KeyWindow, Keyring, Secret, Verification, unix_now};
use userhash_fuzz::{
    CBytes, OutBuf, StringOut, UNWRITTEN_LEN, change_digit, checked, expect, hex_with_case,
    hmac_sha256, null_error, null_or, result_code, text_errors, timestamp,
};

const BASE: i64 = 1_767_225_600;

fn outcome_name(outcome: u32) -> &'static str {
    let name = userhash_outcome_name(outcome);
    assert!(!name.is_null(), "outcome {outcome} has no name");
    // SAFETY: a static NUL-terminated string.
    unsafe { CStr::from_ptr(name) }.to_str().unwrap()
}

/// The C keyring under test and the Rust keyring built by the same calls.
struct Pair {
    c: *mut userhash_keyring,
    rust: Keyring,
    /// The secret bytes of every key, to make right hashes.
    secrets: Vec<Vec<u8>>,
}

impl Drop for Pair {
    fn drop(&mut self) {
        // SAFETY: a live handle, not used afterwards.
        unsafe { userhash_keyring_free(self.c) };
    }
}

/// A secret as the C ABI reads it: a text secret must be UTF-8.
fn read_secret(bytes: &[u8], as_text: bool) -> userhash::Result<Secret> {
    if as_text {
        let text = std::str::from_utf8(bytes).map_err(|_| Error::SecretNotUtf8)?;
        Secret::from_text(text)
    } else {
        Secret::from_bytes(bytes)
    }
}

fn key_id_bytes(u: &mut Unstructured, index: usize) -> Result<CBytes> {
    CBytes::new(u, |u| {
        Ok(match u.int_in_range(0..=7u8)? {
            0 => Vec::new(),
            1 => b"k0".to_vec(),
            2 => u.arbitrary::<&[u8]>()?.to_vec(),
            _ => format!("k{index}").into_bytes(),
        })
    })
}

/// Mostly distinct secrets, sometimes the primary's, sometimes arbitrary bytes.
fn secret_bytes(u: &mut Unstructured, index: usize) -> Result<CBytes> {
    CBytes::new(u, |u| {
        Ok(match u.int_in_range(0..=5u8)? {
            0 => u.arbitrary::<&[u8]>()?.to_vec(),
            1 => b"secret-0".to_vec(),
            _ => format!("secret-{index}").into_bytes(),
        })
    })
}

/// A handle output: NULL one time in 32, else a sentinel no call writes.
struct HandleOut(*mut userhash_keyring, bool);

const SENTINEL: *mut userhash_keyring = ptr::dangling_mut();

impl HandleOut {
    fn new(u: &mut Unstructured) -> Result<Self> {
        Ok(HandleOut(SENTINEL, u.ratio(1, 32)?))
    }

    fn ptr(&mut self) -> *mut *mut userhash_keyring {
        if self.1 { ptr::null_mut() } else { &raw mut self.0 }
    }

    fn errors(&self) -> Vec<userhash_result> {
        if self.1 { vec![userhash_result::NullParameter] } else { Vec::new() }
    }
}

/// A keyring from `userhash_keyring_new` / `_new_bytes`.
fn new_pair(u: &mut Unstructured) -> Result<Option<Pair>> {
    let (id, secret, as_text) = (key_id_bytes(u, 0)?, secret_bytes(u, 0)?, u.arbitrary()?);
    let mut out = HandleOut::new(u)?;
    let new = if as_text { userhash_keyring_new } else { userhash_keyring_new_bytes };
    // SAFETY: every pointer is NULL or valid for its length.
    let result = checked(unsafe { new(id.ptr(), id.len(), secret.ptr(), secret.len(), out.ptr()) });
    let mut errors = out.errors();
    let text = text_errors(&id, &mut errors);
    null_error(&secret, &mut errors);
    let rust = || {
        let key = read_secret(secret.get().unwrap(), as_text)?;
        Keyring::new(&text.unwrap(), &key)
    };
    let Some(rust) = expect(result, &errors, rust) else {
        assert_eq!(out.0, SENTINEL, "keyring_out written on failure");
        return Ok(None);
    };
    Ok(Some(Pair { c: out.0, rust, secrets: vec![secret.get().unwrap().to_vec()] }))
}

/// A value of a rotation variable: unset (NULL), a secret, or a deadline near the rules'
/// edges, in seconds or milliseconds, or any bytes.
fn variable(u: &mut Unstructured, secret: bool) -> Result<CBytes> {
    CBytes::optional(u, |u| {
        Ok(match u.int_in_range(0..=3u8)? {
            0 => u.arbitrary::<&[u8]>()?.to_vec(),
            _ if secret => secret_bytes(u, 1)?.get().unwrap_or(b"secret-1").to_vec(),
            _ => timestamp(u, BASE)?.to_string().into_bytes(),
        })
    })
}

/// A keyring from `userhash_keyring_from_values`, compared with `Keyring::from_values`.
fn from_values_pair(u: &mut Unstructured) -> Result<Option<Pair>> {
    let (secret, previous, not_after) =
        (variable(u, true)?, variable(u, true)?, variable(u, false)?);
    let mut out = HandleOut::new(u)?;
    // SAFETY: every pointer is NULL or valid for its length.
    let result = checked(unsafe {
        userhash_keyring_from_values(
            secret.ptr(),
            secret.len(),
            previous.ptr(),
            previous.len(),
            not_after.ptr(),
            not_after.len(),
            out.ptr(),
        )
    });
    let rust = || Keyring::from_values(secret.get(), previous.get(), not_after.get());
    let Some(rust) = expect(result, &out.errors(), rust) else {
        assert_eq!(out.0, SENTINEL, "keyring_out written on failure");
        return Ok(None);
    };
    let secrets = [secret.get(), previous.get()].into_iter().flatten();
    Ok(Some(Pair {
        c: out.0,
        secrets: secrets.take(rust.key_ids().count()).map(<[u8]>::to_vec).collect(),
        rust,
    }))
}

fn add_key(u: &mut Unstructured, pair: &mut Pair, index: usize) -> Result<()> {
    let (id, secret, as_text) = (key_id_bytes(u, index)?, secret_bytes(u, index)?, u.arbitrary()?);
    let mut bound = || -> Result<Option<i64>> {
        Ok(if u.arbitrary()? { Some(timestamp(u, BASE)?) } else { None })
    };
    let window = KeyWindow { not_before: bound()?, not_after: bound()? };
    let keyring = if u.ratio(1, 32)? { ptr::null_mut() } else { pair.c };
    let add = if as_text { userhash_keyring_add } else { userhash_keyring_add_bytes };
    // SAFETY: every pointer is NULL or valid for its length.
    let result = checked(unsafe {
        add(
            keyring,
            id.ptr(),
            id.len(),
            secret.ptr(),
            secret.len(),
            opt_ptr(&window.not_before),
            opt_ptr(&window.not_after),
        )
    });
    let mut errors = Vec::new();
    if keyring.is_null() {
        errors.push(userhash_result::NullParameter);
    }
    let text = text_errors(&id, &mut errors);
    null_error(&secret, &mut errors);
    let rust = || {
        let key = read_secret(secret.get().unwrap(), as_text)?;
        pair.rust.add(&text.unwrap(), &key, window).map(|_| ())
    };
    if expect(result, &errors, rust).is_some() {
        pair.secrets.push(secret.get().unwrap().to_vec());
    }
    Ok(())
}

/// The interface errors of a fixed-size output buffer.
fn fixed_out_errors(out: &OutBuf, needed: usize, errors: &mut Vec<userhash_result>) {
    if out.is_null() {
        errors.push(userhash_result::NullParameter);
    } else if out.len() < needed {
        errors.push(userhash_result::BufferTooSmall);
    }
}

/// The id of key `index` as C lends it, or its result.
fn c_key_id(pair: &Pair, index: usize) -> std::result::Result<&[u8], userhash_result> {
    let (mut id, mut len) = (ptr::null(), UNWRITTEN_LEN);
    // SAFETY: a live handle; the outputs are writable.
    let result = checked(unsafe { userhash_keyring_key_id(pair.c, index, &mut id, &mut len) });
    if result != userhash_result::Ok {
        assert!(id.is_null() && len == UNWRITTEN_LEN, "key id written on failure");
        return Err(result);
    }
    // SAFETY: the keyring lends `len` bytes and a NUL, valid while it lives.
    let bytes = unsafe { std::slice::from_raw_parts(id.cast::<u8>(), len + 1) };
    assert_eq!(bytes[len], 0, "a key id is NUL-terminated");
    Ok(&bytes[..len])
}

fn check_key_ids(u: &mut Unstructured, pair: &Pair) -> Result<()> {
    let ids: Vec<String> = pair.rust.key_ids().map(str::to_owned).collect();
    let mut count = UNWRITTEN_LEN;
    let count_ptr = null_or(u, &mut count)?;
    // SAFETY: a live handle; count_ptr is NULL or writable.
    let result = checked(unsafe { userhash_keyring_key_count(pair.c, count_ptr) });
    if count_ptr.is_null() {
        assert_eq!(result, userhash_result::NullParameter);
    } else {
        assert_eq!((result, count), (userhash_result::Ok, ids.len()));
    }
    let index = u.int_in_range(0..=ids.len())?;
    match ids.get(index) {
        Some(id) => {
            let lent = c_key_id(pair, index).expect("a key id");
            assert_eq!(lent, id.as_bytes());
            // A view: the same bytes at the same address on every call.
            assert!(ptr::eq(lent, c_key_id(pair, index).unwrap()));
        }
        None => assert_eq!(c_key_id(pair, index), Err(userhash_result::IndexOutOfRange)),
    }
    let (mut id, mut len) = (ptr::null(), UNWRITTEN_LEN);
    let (id_out, len_out) = (null_or(u, &mut id)?, null_or(u, &mut len)?);
    // SAFETY: a live handle; the outputs are NULL or writable.
    let result = checked(unsafe { userhash_keyring_key_id(pair.c, index, id_out, len_out) });
    if id_out.is_null() || len_out.is_null() {
        assert_eq!(result, userhash_result::NullParameter);
        assert!(id.is_null() && len == UNWRITTEN_LEN);
    }
    Ok(())
}

fn check_sign(u: &mut Unstructured, pair: &Pair, id: &CBytes) -> Result<()> {
    let mut out = OutBuf::new(u, USERHASH_HASH_BUF_LEN)?;
    // SAFETY: a live handle; every pointer is NULL or valid for its length.
    let result =
        checked(unsafe { userhash_keyring_sign(pair.c, id.ptr(), id.len(), out.ptr(), out.len()) });
    let mut errors = Vec::new();
    fixed_out_errors(&out, USERHASH_HASH_BUF_LEN, &mut errors);
    null_error(id, &mut errors);
    match expect(result, &errors, || pair.rust.sign(id.get().unwrap())) {
        Some(hash) => assert!(out.holds(hash.as_bytes())),
        None => assert!(out.untouched(), "hash written on failure"),
    }
    Ok(())
}

/// A hash: right for the id under one of the keys (in any case), cut short or with a
/// digit changed, or arbitrary bytes; sometimes NULL.
fn hash_input(u: &mut Unstructured, pair: &Pair, id: &CBytes) -> Result<CBytes> {
    let secret = u.choose(&pair.secrets)?.clone();
    let id = id.get().unwrap_or_default().to_vec();
    CBytes::new(u, move |u| {
        let right = hex_with_case(&hmac_sha256(&secret, &[&id]), u.arbitrary()?);
        Ok(match u.int_in_range(0..=5u8)? {
            0 => u.arbitrary::<&[u8]>()?.to_vec(),
            1 => right[..u.int_in_range(0..=64)?].to_vec(),
            2 => change_digit(&right, u.int_in_range(0..=63)?, u.arbitrary()?),
            _ => right,
        })
    })
}

/// `*now`: NULL (the clock) or a time near the window bounds.
fn now_input(u: &mut Unstructured) -> Result<Option<i64>> {
    Ok(if u.ratio(1, 8)? { None } else { Some(timestamp(u, BASE)?) })
}

/// A ttl or leeway: mostly small, sometimes anything (negative included).
fn seconds(u: &mut Unstructured) -> Result<i64> {
    Ok(if u.arbitrary()? { u.arbitrary()? } else { u.int_in_range(-1..=100)? })
}

/// Runs a C call given `*now` (NULL: the clock) and returns its result with the second it
/// used, or `None` when the clock ticked during the call and C may have read either.
fn clock_during<T>(now: Option<i64>, call: impl FnOnce() -> T) -> (T, Option<i64>) {
    let before = unix_now();
    let result = call();
    let steady = now.is_some() || unix_now() == before;
    (result, steady.then(|| now.unwrap_or(before)))
}

fn opt_ptr(value: &Option<i64>) -> *const i64 {
    value.as_ref().map_or(ptr::null(), ptr::from_ref)
}

/// Checks a C result against the Rust verification and the failure event Rust makes of it.
fn same_verification(
    pair: &Pair,
    c: &userhash_verification,
    rust: &Verification,
    id: &[u8],
    presented: &[u8],
) {
    assert_eq!(outcome_name(c.outcome as u32), rust.outcome());
    assert_eq!(result_code(c.reason), rust.reason().unwrap_or("ok"));
    let index =
        rust.key_id().map_or(-1, |id| pair.rust.key_ids().position(|k| k == id).unwrap() as i64);
    assert_eq!(c.key_index, index);
    let len = c.hash_prefix_len;
    assert!(len < USERHASH_HASH_PREFIX_BUF_LEN, "the prefix fits with its NUL");
    let prefix: Vec<u8> = c.hash_prefix[..=len].iter().map(|&b| b as u8).collect();
    assert_eq!(prefix[len], 0, "the prefix is NUL-terminated");
    let event = FailureEvent::new(rust, id, presented);
    let expected = event.as_ref().map_or("", |e| e.hash_prefix.as_str());
    assert_eq!(&prefix[..len], expected.as_bytes());
    if let Some(event) = event {
        // With key_id(key_index), the C result gives the whole event.
        let key = usize::try_from(c.key_index).ok().map(|i| c_key_id(pair, i).unwrap());
        assert_eq!(key, event.key_id.as_deref().map(str::as_bytes));
    }
}

/// A `userhash_verification` no call writes.
const UNWRITTEN_RESULT: userhash_verification = userhash_verification {
    outcome: userhash_outcome::Mismatch,
    reason: userhash_result::Panic,
    key_index: 777,
    hash_prefix: [b'Z' as c_char; USERHASH_HASH_PREFIX_BUF_LEN],
    hash_prefix_len: 777,
};

fn check_verify(u: &mut Unstructured, pair: &Pair, id: &CBytes) -> Result<()> {
    let hash = hash_input(u, pair, id)?;
    let now = now_input(u)?;
    let mut out = UNWRITTEN_RESULT;
    let out_ptr = null_or(u, &mut out)?;
    let (result, at) = clock_during(now, || {
        // SAFETY: a live handle; every pointer is NULL or valid for its length.
        checked(unsafe {
            userhash_keyring_verify_detailed(
                pair.c,
                id.ptr(),
                id.len(),
                hash.ptr(),
                hash.len(),
                opt_ptr(&now),
                out_ptr,
            )
        })
    });
    let Some(at) = at else {
        return Ok(());
    };
    let mut errors = Vec::new();
    if out_ptr.is_null() {
        errors.push(userhash_result::NullParameter);
    }
    null_error(id, &mut errors);
    null_error(&hash, &mut errors);
    let (id, hash) = (id.get().unwrap_or_default(), hash.get().unwrap_or_default());
    match expect(result, &errors, || pair.rust.verify_detailed_at(id, hash, at)) {
        Some(rust) => same_verification(pair, &out, &rust, id, hash),
        None => assert_eq!(out, UNWRITTEN_RESULT, "result written on failure"),
    }
    Ok(())
}

/// Issues a token (at an expiry, or after a ttl) and returns it when C did.
fn check_issue(u: &mut Unstructured, pair: &Pair, id: &CBytes) -> Result<Option<Vec<u8>>> {
    let mut out = OutBuf::new(u, USERHASH_TOKEN_BUF_LEN)?;
    let mut errors = Vec::new();
    fixed_out_errors(&out, USERHASH_TOKEN_BUF_LEN, &mut errors);
    null_error(id, &mut errors);
    let issued = if u.arbitrary()? {
        let expires_at = timestamp(u, BASE)?;
        // SAFETY: a live handle; every pointer is NULL or valid for its length.
        let result = checked(unsafe {
            userhash_keyring_issue_token_at(
                pair.c,
                id.ptr(),
                id.len(),
                expires_at,
                out.ptr(),
                out.len(),
            )
        });
        let token =
            expect(result, &errors, || pair.rust.issue_token_at(id.get().unwrap(), expires_at));
        if let Some(token) = &token {
            assert!(out.holds(token.as_bytes()));
        }
        token.is_some()
    } else {
        let ttl = seconds(u)?;
        // SAFETY: as above.
        let result = checked(unsafe {
            userhash_keyring_issue_token(pair.c, id.ptr(), id.len(), ttl, out.ptr(), out.len())
        });
        // A negative ttl is refused before anything else the core checks; the clock may
        // tick between the C call and this one: compare results, not tokens.
        expect(result, &errors, || match u64::try_from(ttl) {
            Err(_) => Err(Error::InvalidTimestamp("the ttl")),
            Ok(ttl) => pair.rust.issue_token(id.get().unwrap(), ttl),
        })
        .is_some()
    };
    if !issued {
        assert!(out.untouched(), "token written on failure");
        return Ok(None);
    }
    let token = out.text().expect("a NUL-terminated token").to_vec();
    // The primary key signed it, and it is valid at the earliest second.
    let check = pair.rust.verify_token_at(id.get().unwrap(), &token, i64::MIN, 0);
    assert_eq!(check.unwrap().key_id(), pair.rust.key_ids().next());
    Ok(Some(token))
}

fn check_verify_token(
    u: &mut Unstructured,
    pair: &Pair,
    id: &CBytes,
    issued: Option<Vec<u8>>,
) -> Result<()> {
    let token = CBytes::new(u, |u| {
        Ok(match (issued, u.int_in_range(0..=3u8)?) {
            (Some(token), 0) => {
                let at = token.len() - u.int_in_range(1..=64)?;
                change_digit(&token, at, u.arbitrary()?)
            }
            (Some(token), 1 | 2) => token,
            _ => u.arbitrary::<&[u8]>()?.to_vec(),
        })
    })?;
    let now = now_input(u)?;
    let leeway = seconds(u)?;
    let mut out = UNWRITTEN_RESULT;
    let out_ptr = null_or(u, &mut out)?;
    let (result, at) = clock_during(now, || {
        // SAFETY: a live handle; every pointer is NULL or valid for its length.
        checked(unsafe {
            userhash_keyring_verify_token(
                pair.c,
                id.ptr(),
                id.len(),
                token.ptr(),
                token.len(),
                opt_ptr(&now),
                leeway,
                out_ptr,
            )
        })
    });
    let Some(at) = at else {
        return Ok(());
    };
    let mut errors = Vec::new();
    if out_ptr.is_null() {
        errors.push(userhash_result::NullParameter);
    }
    null_error(id, &mut errors);
    null_error(&token, &mut errors);
    let (id, token) = (id.get().unwrap_or_default(), token.get().unwrap_or_default());
    // A negative leeway is refused before the token is read.
    let rust = || match u64::try_from(leeway) {
        Err(_) => Err(Error::InvalidTimestamp("the leeway")),
        Ok(leeway) => pair.rust.verify_token_at(id, token, at, leeway),
    };
    match expect(result, &errors, rust) {
        Some(rust) => same_verification(pair, &out, &rust, id, token),
        None => assert_eq!(out, UNWRITTEN_RESULT, "result written on failure"),
    }
    Ok(())
}

/// The JSON explain writes for a finding and its failure event (compared as values).
fn explanation(finding: &Finding, event: Option<&FailureEvent>) -> Value {
    let event = event.map(|e| {
        json!({
            "outcome": e.outcome,
            "reason": e.reason,
            "key_id": e.key_id,
            "hash_prefix": e.hash_prefix,
        })
    });
    json!({"code": finding.code, "message": finding.message, "event": event})
}

/// Checks an explain call: on success its JSON is the finding and the event of the Rust
/// diagnosis, and the event is the failure event of the Rust verification.
fn check_explanation(
    result: userhash_result,
    interface_errors: &[userhash_result],
    rust: impl FnOnce() -> userhash::Result<(Finding, Option<FailureEvent>, Verification)>,
    out: &mut StringOut,
    id: &[u8],
    hash: &[u8],
) {
    let expected = expect(result, interface_errors, rust);
    let Some((finding, event, verification)) = expected else {
        assert!(out.untouched(), "explanation written on failure");
        return;
    };
    assert_eq!(event, FailureEvent::new(&verification, id, hash));
    let json: Value = serde_json::from_str(&out.take()).expect("JSON");
    assert_eq!(json, explanation(&finding, event.as_ref()));
}

fn check_explain(u: &mut Unstructured, pair: &Pair, id: &CBytes) -> Result<()> {
    let hash = hash_input(u, pair, id)?;
    let email = CBytes::any(u)?;
    let now = now_input(u)?;
    let mut out = StringOut::new(u)?;
    let out_ptr = out.ptr();
    let (result, at) = clock_during(now, || {
        // SAFETY: a live handle; every pointer is NULL or valid for its length.
        checked(unsafe {
            userhash_keyring_explain(
                pair.c,
                id.ptr(),
                id.len(),
                hash.ptr(),
                hash.len(),
                email.ptr(),
                email.len(),
                opt_ptr(&now),
                out_ptr,
            )
        })
    });
    let Some(at) = at else {
        if result == userhash_result::Ok {
            out.take();
        }
        return Ok(());
    };
    let mut errors = Vec::new();
    out.errors(&mut errors);
    null_error(id, &mut errors);
    null_error(&hash, &mut errors);
    let (id, hash) = (id.get().unwrap_or_default(), hash.get().unwrap_or_default());
    let rust = || {
        let (finding, event) = pair.rust.explain_with_event(id, hash, email.get(), at)?;
        Ok((finding, event, pair.rust.verify_detailed_at(id, hash, at)?))
    };
    check_explanation(result, &errors, rust, &mut out, id, hash);
    Ok(())
}

/// The one-off explain with a text secret, at the current time.
fn check_one_off_explain(u: &mut Unstructured) -> Result<()> {
    let (secret, id) = (secret_bytes(u, 0)?, CBytes::any(u)?);
    let right = hmac_sha256(secret.get().unwrap_or_default(), &[id.get().unwrap_or_default()]);
    let hash = CBytes::new(u, |u| {
        let right = hex_with_case(&right, u.arbitrary()?);
        Ok(match u.int_in_range(0..=2u8)? {
            0 => u.arbitrary::<&[u8]>()?.to_vec(),
            1 => right[..u.int_in_range(0..=64)?].to_vec(),
            _ => right,
        })
    })?;
    let email = CBytes::any(u)?;
    let mut out = StringOut::new(u)?;
    // SAFETY: every pointer is NULL or valid for its length.
    let result = checked(unsafe {
        userhash_explain(
            secret.ptr(),
            secret.len(),
            id.ptr(),
            id.len(),
            hash.ptr(),
            hash.len(),
            email.ptr(),
            email.len(),
            out.ptr(),
        )
    });
    let mut errors = Vec::new();
    out.errors(&mut errors);
    for input in [&secret, &id, &hash] {
        null_error(input, &mut errors);
    }
    let (id, hash) = (id.get().unwrap_or_default(), hash.get().unwrap_or_default());
    // A single key has no window: the second the clock reads does not matter.
    let rust = || {
        let keyring = Keyring::new("default", &read_secret(secret.get().unwrap(), true)?)?;
        let (finding, event) = keyring.explain_with_event(id, hash, email.get(), unix_now())?;
        Ok((finding, event, keyring.verify_detailed_at(id, hash, 0)?))
    };
    check_explanation(result, &errors, rust, &mut out, id, hash);
    Ok(())
}

fn run(u: &mut Unstructured) -> Result<()> {
    if u.ratio(1, 4)? {
        return check_one_off_explain(u);
    }
    let pair = if u.ratio(1, 4)? { from_values_pair(u)? } else { new_pair(u)? };
    let Some(mut pair) = pair else {
        return Ok(());
    };
    for index in 1..=u.int_in_range(0..=3)? {
        add_key(u, &mut pair, index)?;
    }
    let id = CBytes::any(u)?;
    // One group of calls per keyring, not all of them: each run stays short, so that a
    // fuzzing session makes tens of millions.
    match u.int_in_range(0..=3u8)? {
        0 => {
            check_key_ids(u, &pair)?;
            check_sign(u, &pair, &id)?;
        }
        1 => check_verify(u, &pair, &id)?,
        2 => {
            let issued = check_issue(u, &pair, &id)?;
            check_verify_token(u, &pair, &id, issued)?;
        }
        _ => check_explain(u, &pair, &id)?,
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
    // SAFETY: NULL is a no-op.
    unsafe { userhash_keyring_free(ptr::null_mut()) };
});
