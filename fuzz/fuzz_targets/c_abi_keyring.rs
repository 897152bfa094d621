//! The C keyring, token and explain entry points with NULL or real pointers, arbitrary
//! bytes and output buffers of any size: never the PANIC result; on failure nothing is
//! written (a buffer too small gets only the length it needs); results, findings and
//! failure-callback events agree with a Rust keyring built by the same calls.
#![no_main]

use std::cell::RefCell;
use std::ffi::{CStr, c_char, c_void};
use std::ptr;
use std::sync::{Arc, Mutex};

use arbitrary::{Result, Unstructured};
use cabi::{
    USERHASH_HASH_BUF_LEN, USERHASH_TOKEN_BUF_LEN, userhash_explain, userhash_failure_event,
    userhash_keyring, userhash_keyring_add, userhash_keyring_add_bytes, userhash_keyring_explain,
    userhash_keyring_free, userhash_keyring_issue_token, userhash_keyring_issue_token_at,
    userhash_keyring_key_count, userhash_keyring_key_id, userhash_keyring_new,
    userhash_keyring_new_bytes, userhash_keyring_on_failure, userhash_keyring_sign,
    userhash_keyring_verify_detailed, userhash_keyring_verify_token, userhash_outcome,
    userhash_outcome_name, userhash_result, userhash_verification,
};
use libfuzzer_sys::fuzz_target;
use userhash::{FailureEvent, Finding, KeyWindow, Keyring, Secret, Verification, unix_now};
use userhash_fuzz::{
    CBytes, OutBuf, UNWRITTEN_LEN, change_digit, check_sized, checked, expect, hex_with_case,
    hmac_sha256, null_error, null_or, result_code, text_errors, timestamp,
};

const BASE: i64 = 1_767_225_600;
/// The user data given with the failure callback, which must come back unchanged.
static USER_DATA: u8 = 0;

/// A failure event with its texts NUL-terminated, as C receives them.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Event {
    outcome: String,
    reason: String,
    key_id: Option<Vec<u8>>,
    user_id: Vec<u8>,
    hash_prefix: Vec<u8>,
}

fn nul_terminated(text: &str) -> Vec<u8> {
    [text.as_bytes(), b"\0"].concat()
}

impl From<&FailureEvent> for Event {
    fn from(e: &FailureEvent) -> Self {
        Event {
            outcome: e.outcome.to_owned(),
            reason: e.reason.unwrap_or("ok").to_owned(),
            key_id: e.key_id.as_deref().map(nul_terminated),
            user_id: nul_terminated(&e.user_id),
            hash_prefix: nul_terminated(&e.hash_prefix),
        }
    }
}

thread_local! {
    /// Events the C callback received, with whether the user data came back unchanged.
    static C_EVENTS: RefCell<Vec<(Event, bool)>> = const { RefCell::new(Vec::new()) };
}

fn outcome_name(outcome: u32) -> &'static str {
    let name = userhash_outcome_name(outcome);
    assert!(!name.is_null(), "outcome {outcome} has no name");
    // SAFETY: a static NUL-terminated string.
    unsafe { CStr::from_ptr(name) }.to_str().unwrap()
}

/// Reads `len` bytes and the NUL after them.
///
/// # Safety
/// `ptr` points to `len + 1` readable bytes.
unsafe fn with_nul(ptr: *const c_char, len: usize) -> Vec<u8> {
    // SAFETY: forwarded from the caller.
    unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), len + 1) }.to_vec()
}

unsafe extern "C" fn record(event: *const userhash_failure_event, user_data: *mut c_void) {
    // SAFETY: the keyring passes an event valid during the call, with NUL-terminated texts.
    let event = unsafe { &*event };
    let key_id =
        (!event.key_id.is_null()).then(|| unsafe { with_nul(event.key_id, event.key_id_len) });
    let recorded = Event {
        outcome: outcome_name(event.outcome as u32).to_owned(),
        reason: result_code(event.reason).to_owned(),
        key_id,
        user_id: unsafe { with_nul(event.user_id, event.user_id_len) },
        hash_prefix: unsafe { with_nul(event.hash_prefix, event.hash_prefix_len) },
    };
    let same_data = ptr::eq(user_data.cast_const(), (&raw const USER_DATA).cast());
    C_EVENTS.with_borrow_mut(|events| events.push((recorded, same_data)));
}

/// The C keyring under test and the Rust keyring built by the same calls.
struct Pair {
    c: *mut userhash_keyring,
    rust: Keyring,
    /// The secret bytes of every key, to make right hashes.
    secrets: Vec<Vec<u8>>,
    /// Events the Rust keyring's hook received.
    rust_events: Arc<Mutex<Vec<Event>>>,
    /// Whether the C keyring has a callback.
    hooked: bool,
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
        let text = std::str::from_utf8(bytes).map_err(|_| userhash::Error::SecretNotUtf8)?;
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

fn new_pair(u: &mut Unstructured) -> Result<Option<Pair>> {
    let (id, secret, as_text) = (key_id_bytes(u, 0)?, secret_bytes(u, 0)?, u.arbitrary()?);
    let sentinel = ptr::NonNull::<userhash_keyring>::dangling().as_ptr();
    let mut handle = sentinel;
    let out = null_or(u, &mut handle)?;
    let new = if as_text {
        userhash_keyring_new
    } else {
        userhash_keyring_new_bytes
    };
    // SAFETY: every pointer is NULL or valid for its length.
    let result = checked(unsafe { new(id.ptr(), id.len(), secret.ptr(), secret.len(), out) });
    let mut errors = Vec::new();
    if out.is_null() {
        errors.push(userhash_result::NullParameter);
    }
    let text = text_errors(&id, &mut errors);
    null_error(&secret, &mut errors);
    let rust = || {
        let key = read_secret(secret.get().unwrap(), as_text)?;
        Keyring::new(&text.unwrap(), &key)
    };
    let Some(rust) = expect(result, &errors, rust) else {
        assert_eq!(handle, sentinel, "keyring_out written on failure");
        return Ok(None);
    };
    Ok(Some(Pair {
        c: handle,
        rust,
        secrets: vec![secret.get().unwrap().to_vec()],
        rust_events: Arc::default(),
        hooked: false,
    }))
}

fn add_key(u: &mut Unstructured, pair: &mut Pair, index: usize) -> Result<()> {
    let (id, secret, as_text) = (
        key_id_bytes(u, index)?,
        secret_bytes(u, index)?,
        u.arbitrary()?,
    );
    let mut bound = || -> Result<Option<i64>> {
        Ok(if u.arbitrary()? {
            Some(timestamp(u, BASE)?)
        } else {
            None
        })
    };
    let window = KeyWindow {
        not_before: bound()?,
        not_after: bound()?,
    };
    let keyring = if u.ratio(1, 32)? {
        ptr::null_mut()
    } else {
        pair.c
    };
    let add = if as_text {
        userhash_keyring_add
    } else {
        userhash_keyring_add_bytes
    };
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

/// Sets, replaces or removes the failure callback, in C and in Rust alike.
fn set_callback(u: &mut Unstructured, pair: &mut Pair) -> Result<()> {
    let on = u.int_in_range(0..=3u8)? > 0;
    let keyring = if u.ratio(1, 32)? {
        ptr::null_mut()
    } else {
        pair.c
    };
    let callback = on.then_some(record as unsafe extern "C" fn(_, _));
    let user_data = (&raw const USER_DATA).cast_mut().cast::<c_void>();
    // SAFETY: `record` may be called from this thread for as long as the keyring lives.
    let result = checked(unsafe { userhash_keyring_on_failure(keyring, callback, user_data) });
    if keyring.is_null() {
        assert_eq!(result, userhash_result::NullParameter);
        return Ok(());
    }
    assert_eq!(result, userhash_result::Ok);
    pair.hooked = on;
    if on {
        let sink = Arc::clone(&pair.rust_events);
        pair.rust.on_failure(Arc::new(move |e: &FailureEvent| {
            sink.lock().unwrap().push(e.into())
        }));
    } else {
        pair.rust.remove_failure_hook();
    }
    Ok(())
}

/// Checks that C told its callback exactly what Rust told its hook, and clears both.
fn same_events(pair: &Pair) {
    let c = C_EVENTS.take();
    let rust = std::mem::take(&mut *pair.rust_events.lock().unwrap());
    assert!(
        c.iter().all(|(_, same_data)| *same_data),
        "user data changed"
    );
    let c: Vec<Event> = c.into_iter().map(|(e, _)| e).collect();
    if pair.hooked {
        assert_eq!(c, rust);
    } else {
        assert!(c.is_empty(), "callback called after it was removed");
    }
}

/// The interface errors of a fixed-size output buffer.
fn fixed_out_errors(out: &OutBuf, needed: usize, errors: &mut Vec<userhash_result>) {
    if out.is_null() {
        errors.push(userhash_result::NullParameter);
    } else if out.len() < needed {
        errors.push(userhash_result::BufferTooSmall);
    }
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
    let mut out = OutBuf::new(u, 8)?;
    let mut len = UNWRITTEN_LEN;
    let len_out = null_or(u, &mut len)?;
    // SAFETY: a live handle; out and len_out are NULL or writable for their lengths.
    let result =
        checked(unsafe { userhash_keyring_key_id(pair.c, index, out.ptr(), out.len(), len_out) });
    match ids.get(index) {
        Some(id) => check_sized(result, &out, len, len_out.is_null(), id.as_bytes()),
        None => {
            assert_eq!(result, userhash_result::IndexOutOfRange);
            assert!(out.untouched() && len == UNWRITTEN_LEN);
        }
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
    Ok(if u.ratio(1, 8)? {
        None
    } else {
        Some(timestamp(u, BASE)?)
    })
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

/// The key index C reports for a Rust verification.
fn same_verification(pair: &Pair, c: &userhash_verification, rust: &Verification) {
    assert_eq!(outcome_name(c.outcome as u32), rust.outcome());
    assert_eq!(result_code(c.reason), rust.reason().unwrap_or("ok"));
    let index = rust.key_id().map_or(-1, |id| {
        pair.rust.key_ids().position(|k| k == id).unwrap() as i64
    });
    assert_eq!(c.key_index, index);
}

/// A `userhash_verification` no call writes.
const UNWRITTEN_RESULT: userhash_verification = userhash_verification {
    outcome: userhash_outcome::Mismatch,
    reason: userhash_result::Panic,
    key_index: 777,
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
        C_EVENTS.take();
        return Ok(());
    };
    let mut errors = Vec::new();
    if out_ptr.is_null() {
        errors.push(userhash_result::NullParameter);
    }
    null_error(id, &mut errors);
    null_error(&hash, &mut errors);
    let rust = || {
        pair.rust
            .verify_detailed_at(id.get().unwrap(), hash.get().unwrap(), at)
    };
    match expect(result, &errors, rust) {
        Some(rust) => same_verification(pair, &out, &rust),
        None => assert_eq!(out, UNWRITTEN_RESULT, "result written on failure"),
    }
    same_events(pair);
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
        let token = expect(result, &errors, || {
            pair.rust.issue_token_at(id.get().unwrap(), expires_at)
        });
        if let Some(token) = &token {
            assert!(out.holds(token.as_bytes()));
        }
        token.is_some()
    } else {
        let ttl = if u.arbitrary()? {
            u.arbitrary()?
        } else {
            u.int_in_range(0..=100)?
        };
        // SAFETY: as above.
        let result = checked(unsafe {
            userhash_keyring_issue_token(pair.c, id.ptr(), id.len(), ttl, out.ptr(), out.len())
        });
        // The clock may tick between the C call and this one: compare results, not tokens.
        expect(result, &errors, || {
            pair.rust.issue_token(id.get().unwrap(), ttl)
        })
        .is_some()
    };
    if !issued {
        assert!(out.untouched(), "token written on failure");
        return Ok(None);
    }
    let token = out.text().expect("a NUL-terminated token").to_vec();
    // The primary key signed it, and it is valid at the earliest second.
    let check = pair
        .rust
        .verify_token_at(id.get().unwrap(), &token, i64::MIN, 0);
    assert_eq!(check.unwrap().key_id(), pair.rust.key_ids().next());
    same_events(pair);
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
    let leeway = if u.arbitrary()? {
        u.arbitrary()?
    } else {
        u.int_in_range(0..=3)?
    };
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
        C_EVENTS.take();
        return Ok(());
    };
    let mut errors = Vec::new();
    if out_ptr.is_null() {
        errors.push(userhash_result::NullParameter);
    }
    null_error(id, &mut errors);
    null_error(&token, &mut errors);
    let rust = || {
        pair.rust
            .verify_token_at(id.get().unwrap(), token.get().unwrap(), at, leeway)
    };
    match expect(result, &errors, rust) {
        Some(rust) => same_verification(pair, &out, &rust),
        None => assert_eq!(out, UNWRITTEN_RESULT, "result written on failure"),
    }
    same_events(pair);
    Ok(())
}

/// The outputs of an explain call.
struct ExplainOut {
    code: *const c_char,
    code_null: bool,
    message: OutBuf,
    len: usize,
    len_null: bool,
}

/// A code pointer no call writes.
const UNWRITTEN_CODE: &CStr = c"unwritten";

impl ExplainOut {
    fn new(u: &mut Unstructured) -> Result<Self> {
        Ok(ExplainOut {
            code: UNWRITTEN_CODE.as_ptr(),
            code_null: u.ratio(1, 32)?,
            message: OutBuf::new(u, 400)?,
            len: UNWRITTEN_LEN,
            len_null: u.ratio(1, 32)?,
        })
    }

    /// The pointers to pass: code_out, message_out, message_out_len, message_len_out.
    fn ptrs(&mut self) -> (*mut *const c_char, *mut c_char, usize, *mut usize) {
        let code = if self.code_null {
            ptr::null_mut()
        } else {
            &raw mut self.code
        };
        let len = if self.len_null {
            ptr::null_mut()
        } else {
            &raw mut self.len
        };
        (code, self.message.ptr(), self.message.len(), len)
    }

    fn errors(&self) -> Vec<userhash_result> {
        let nulls = [self.code_null, self.message.is_null(), self.len_null];
        let count = nulls.into_iter().filter(|&n| n).count();
        vec![userhash_result::NullParameter; count]
    }

    /// Checks the outputs against the finding Rust gave.
    fn check(&self, result: userhash_result, finding: Option<Finding>) {
        let Some(finding) = finding else {
            assert!(self.code == UNWRITTEN_CODE.as_ptr() && self.message.untouched());
            assert_eq!(self.len, UNWRITTEN_LEN);
            return;
        };
        let message = finding.message.as_bytes();
        check_sized(result, &self.message, self.len, self.len_null, message);
        if result == userhash_result::Ok {
            // SAFETY: a static NUL-terminated string.
            let code = unsafe { CStr::from_ptr(self.code) };
            assert_eq!(code.to_str().unwrap(), finding.code);
        } else {
            assert_eq!(
                self.code,
                UNWRITTEN_CODE.as_ptr(),
                "code written on failure"
            );
        }
    }
}

fn check_explain(u: &mut Unstructured, pair: &Pair, id: &CBytes) -> Result<()> {
    let hash = hash_input(u, pair, id)?;
    let email = CBytes::any(u)?;
    let now = now_input(u)?;
    let mut out = ExplainOut::new(u)?;
    let (code_out, message_out, message_out_len, len_out) = out.ptrs();
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
                code_out,
                message_out,
                message_out_len,
                len_out,
            )
        })
    });
    let Some(at) = at else {
        C_EVENTS.take();
        return Ok(());
    };
    let mut errors = out.errors();
    null_error(id, &mut errors);
    null_error(&hash, &mut errors);
    let rust = || {
        pair.rust
            .explain_at(id.get().unwrap(), hash.get().unwrap(), email.get(), at)
    };
    check_finding(result, &errors, rust, &out);
    same_events(pair);
    Ok(())
}

/// Checks an explain call: the message's buffer is checked once the message is known.
fn check_finding(
    result: userhash_result,
    interface_errors: &[userhash_result],
    rust: impl FnOnce() -> userhash::Result<Finding>,
    out: &ExplainOut,
) {
    if !interface_errors.is_empty() {
        assert!(interface_errors.contains(&result), "{result:?}");
        return out.check(result, None);
    }
    match rust() {
        Ok(finding) => out.check(result, Some(finding)),
        Err(e) => {
            assert_eq!(result_code(result), e.code());
            out.check(result, None);
        }
    }
}

/// The one-off explain with a text secret, at the current time.
fn check_one_off_explain(u: &mut Unstructured) -> Result<()> {
    let (secret, id) = (secret_bytes(u, 0)?, CBytes::any(u)?);
    let right = hmac_sha256(
        secret.get().unwrap_or_default(),
        &[id.get().unwrap_or_default()],
    );
    let hash = CBytes::new(u, |u| {
        let right = hex_with_case(&right, u.arbitrary()?);
        Ok(match u.int_in_range(0..=2u8)? {
            0 => u.arbitrary::<&[u8]>()?.to_vec(),
            1 => right[..u.int_in_range(0..=64)?].to_vec(),
            _ => right,
        })
    })?;
    let email = CBytes::any(u)?;
    let mut out = ExplainOut::new(u)?;
    let (code_out, message_out, message_out_len, len_out) = out.ptrs();
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
            code_out,
            message_out,
            message_out_len,
            len_out,
        )
    });
    let mut errors = out.errors();
    for input in [&secret, &id, &hash] {
        null_error(input, &mut errors);
    }
    let rust = || {
        let secret = read_secret(secret.get().unwrap(), true)?;
        userhash::explain(&secret, id.get().unwrap(), hash.get().unwrap(), email.get())
    };
    check_finding(result, &errors, rust, &out);
    Ok(())
}

fn run(u: &mut Unstructured) -> Result<()> {
    if u.ratio(1, 4)? {
        return check_one_off_explain(u);
    }
    let Some(mut pair) = new_pair(u)? else {
        return Ok(());
    };
    for index in 1..=u.int_in_range(0..=3)? {
        add_key(u, &mut pair, index)?;
    }
    set_callback(u, &mut pair)?;
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
    C_EVENTS.take();
    let _ = run(&mut Unstructured::new(data));
    // SAFETY: NULL is a no-op.
    unsafe { userhash_keyring_free(ptr::null_mut()) };
});
