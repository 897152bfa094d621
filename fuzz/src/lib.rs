//! What the fuzz targets share: the reference HMAC (the `hmac` crate, never our own code)
//! and generators for the inputs that matter most: timestamps near the rules' edges,
//! hashes that are right or nearly right, and widget fields well-formed by construction.

use std::ffi::{CStr, c_char};
use std::ptr;

use arbitrary::{Result, Unstructured};
use cabi::{userhash_result, userhash_string};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// The first timestamp the core refuses as milliseconds (10^11), restated from the spec
/// rather than read from the crate under test.
pub const MILLISECONDS_FROM: i64 = 100_000_000_000;

/// HMAC-SHA256 of the concatenation of `parts` under `key`, by the `hmac` crate.
pub fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    for part in parts {
        mac.update(part);
    }
    let mut out = [0u8; 32];
    out.copy_from_slice(&mac.finalize().into_bytes());
    out
}

/// A Unix timestamp: mostly a few seconds around `base`, sometimes at an edge of the
/// timestamp rule (negative, 0, 10^11 - 1, 10^11, the extremes), sometimes anything.
pub fn timestamp(u: &mut Unstructured, base: i64) -> Result<i64> {
    const EDGES: [i64; 7] =
        [-1, 0, 1, MILLISECONDS_FROM - 1, MILLISECONDS_FROM, i64::MIN, i64::MAX];
    Ok(match u.int_in_range(0..=7u8)? {
        0 => *u.choose(&EDGES)?,
        1 => u.arbitrary()?,
        _ => base.saturating_add(i64::from(u.int_in_range(-3..=3i8)?)),
    })
}

/// Lowercase hex of `mac`, with each letter uppercased where `case_mask` has a bit.
pub fn hex_with_case(mac: &[u8; 32], case_mask: u64) -> Vec<u8> {
    let mut hex = [0u8; 64];
    hex::encode_to_slice(mac, &mut hex).expect("64 bytes for 32");
    for (i, digit) in hex.iter_mut().enumerate() {
        if case_mask >> i & 1 == 1 {
            digit.make_ascii_uppercase();
        }
    }
    hex.to_vec()
}

/// `hex` with the digit at `position` replaced by another hex digit of the same case.
pub fn change_digit(hex: &[u8], position: usize, delta: u8) -> Vec<u8> {
    const LOWER: &[u8; 16] = b"0123456789abcdef";
    const UPPER: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = hex.to_vec();
    let digit = out[position];
    let table = if digit.is_ascii_uppercase() { UPPER } else { LOWER };
    let value = table.iter().position(|&d| d == digit).expect("a hex digit");
    // A step of 1 to 15 never maps a digit to itself.
    out[position] = table[(value + usize::from(delta % 15) + 1) % 16];
    out
}

/// Text of characters from `chars`, `min` to `min + 12` of them.
pub fn text_of(u: &mut Unstructured, chars: &[char], min: usize) -> Result<String> {
    let len = min + u.int_in_range(0..=12)?;
    (0..len).map(|_| u.choose(chars).copied()).collect()
}

/// Characters without whitespace or controls (emails, URL paths), with ones the JSON
/// must escape.
pub const PRINTABLE: &[char] =
    &['a', 'Z', '0', '9', '.', '-', '_', '+', '<', '>', '&', '"', '\\', '/', 'é', '€', '😀'];
/// Metadata key characters: any, here the ones the JSON treats specially.
pub const WORD: &[char] = &[
    'a', 'Z', '<', '&', '"', '\\', 'é', '😀', '\u{2028}', '\u{2029}', '\u{7f}', '\n', '\u{1}',
    '\u{8}', '\u{c}', '\r', '\t',
];
const HOST: &[char] = &['a', 'z', '0', '9', '.', '-', 'é'];
const IDENT: &[char] = &['a', 'Z', '0', '9', '_', '$'];
const NONCE: &[char] = &['a', 'Z', '0', '9', '+', '/', '=', '_', '-'];

/// A well-formed email: one `@` between two non-empty texts without whitespace.
pub fn email(u: &mut Unstructured) -> Result<String> {
    Ok(format!("{}@{}", text_of(u, PRINTABLE, 1)?, text_of(u, PRINTABLE, 1)?))
}

/// A well-formed E.164 phone number: `+`, then 7 to 15 digits, the first not 0.
pub fn phone(u: &mut Unstructured) -> Result<String> {
    let first = u.int_in_range(1..=9u8)?;
    let rest: String = (0..u.int_in_range(6..=14)?)
        .map(|_| u.int_in_range(0..=9u8).map(|d| char::from(b'0' + d)))
        .collect::<Result<_>>()?;
    Ok(format!("+{first}{rest}"))
}

/// A well-formed http(s) URL with a host, sometimes a user and a port.
pub fn url(u: &mut Unstructured) -> Result<String> {
    let scheme = *u.choose(&["https://", "http://", "HTTPS://", "http://user@"])?;
    let port = *u.choose(&["", ":8443"])?;
    let (host, path) = (text_of(u, HOST, 1)?, text_of(u, PRINTABLE, 0)?);
    Ok(format!("{scheme}{host}{port}/{path}"))
}

/// A global: `window.` and one to three identifiers, or one identifier alone. Each
/// starts with `x`, which no reserved word, prototype name or built-in of window does.
pub fn global(u: &mut Unstructured) -> Result<String> {
    let ident = |u: &mut Unstructured| text_of(u, IDENT, 0).map(|s| format!("x{s}"));
    if u.arbitrary()? {
        return ident(u);
    }
    let segments = (0..=u.int_in_range(0..=2)?).map(|_| ident(u)).collect::<Result<Vec<_>>>()?;
    Ok(format!("window.{}", segments.join(".")))
}

/// A well-formed CSP nonce.
pub fn nonce(u: &mut Unstructured) -> Result<String> {
    text_of(u, NONCE, 1)
}

/// A C input: bytes behind a pointer, or NULL with any claimed length (which the callee
/// must not read).
pub struct CBytes {
    bytes: Option<Vec<u8>>,
    null_len: usize,
}

// `len` is the length argument C receives, which may be anything beside a NULL pointer:
// there is no emptiness to ask about.
#[allow(clippy::len_without_is_empty)]
impl CBytes {
    /// NULL about one time in 16, else the bytes `make` gives.
    pub fn new(
        u: &mut Unstructured,
        make: impl FnOnce(&mut Unstructured) -> Result<Vec<u8>>,
    ) -> Result<Self> {
        Ok(if u.ratio(1, 16)? {
            CBytes { bytes: None, null_len: u.arbitrary()? }
        } else {
            CBytes { bytes: Some(make(u)?), null_len: 0 }
        })
    }

    /// An optional argument: NULL half of the time, else the bytes `make` gives.
    pub fn optional(
        u: &mut Unstructured,
        make: impl FnOnce(&mut Unstructured) -> Result<Vec<u8>>,
    ) -> Result<Self> {
        Ok(if u.arbitrary()? {
            CBytes { bytes: None, null_len: u.arbitrary()? }
        } else {
            CBytes { bytes: Some(make(u)?), null_len: 0 }
        })
    }

    /// Arbitrary bytes, or NULL.
    pub fn any(u: &mut Unstructured) -> Result<Self> {
        Self::new(u, |u| Ok(u.arbitrary::<&[u8]>()?.to_vec()))
    }

    /// The bytes, `None` for NULL.
    pub fn get(&self) -> Option<&[u8]> {
        self.bytes.as_deref()
    }

    /// The pointer to pass.
    pub fn ptr(&self) -> *const c_char {
        self.bytes.as_ref().map_or(ptr::null(), |b| b.as_ptr().cast())
    }

    /// The length to pass.
    pub fn len(&self) -> usize {
        self.bytes.as_ref().map_or(self.null_len, Vec::len)
    }

    /// Whether the pointer is NULL.
    pub fn is_null(&self) -> bool {
        self.bytes.is_none()
    }
}

/// The byte every output buffer is filled with before a call, to see what was written.
pub const UNWRITTEN: u8 = 0xAA;

/// A caller's output buffer: NULL with any claimed length, or `len` bytes of UNWRITTEN.
pub struct OutBuf {
    buf: Option<Vec<u8>>,
    null_len: usize,
}

#[allow(clippy::len_without_is_empty)]
impl OutBuf {
    /// NULL about one time in 16, else a buffer of 0 to `max` bytes, mostly `max`.
    pub fn new(u: &mut Unstructured, max: usize) -> Result<Self> {
        Ok(match u.int_in_range(0..=15u8)? {
            0 => OutBuf { buf: None, null_len: u.arbitrary()? },
            1..=4 => OutBuf { buf: Some(vec![UNWRITTEN; u.int_in_range(0..=max)?]), null_len: 0 },
            _ => OutBuf { buf: Some(vec![UNWRITTEN; max]), null_len: 0 },
        })
    }

    /// The pointer to pass.
    pub fn ptr(&mut self) -> *mut c_char {
        self.buf.as_mut().map_or(ptr::null_mut(), |b| b.as_mut_ptr().cast())
    }

    /// The length to pass.
    pub fn len(&self) -> usize {
        self.buf.as_ref().map_or(self.null_len, Vec::len)
    }

    /// Whether the pointer is NULL.
    pub fn is_null(&self) -> bool {
        self.buf.is_none()
    }

    /// Whether nothing was written.
    pub fn untouched(&self) -> bool {
        self.buf.as_ref().is_none_or(|b| b.iter().all(|&x| x == UNWRITTEN))
    }

    /// The bytes before the first NUL, when there is one.
    pub fn text(&self) -> Option<&[u8]> {
        let buf = self.buf.as_ref()?;
        buf.iter().position(|&b| b == 0).map(|end| &buf[..end])
    }

    /// Whether the buffer holds exactly `text`, a NUL, and nothing written after them.
    pub fn holds(&self, text: &[u8]) -> bool {
        self.buf.as_ref().is_some_and(|b| {
            b.len() > text.len()
                && &b[..text.len()] == text
                && b[text.len()] == 0
                && b[text.len() + 1..].iter().all(|&x| x == UNWRITTEN)
        })
    }
}

/// The stable code string of a C result, from the C ABI's own table.
pub fn result_code(result: userhash_result) -> &'static str {
    let code = cabi::userhash_result_code(result as u32);
    assert!(!code.is_null(), "every result has a code");
    // SAFETY: userhash_result_code returns NULL or a static NUL-terminated string.
    unsafe { CStr::from_ptr(code) }.to_str().expect("ASCII")
}

/// A length no output has: a `*len_out` still equal to it was not written.
pub const UNWRITTEN_LEN: usize = usize::MAX - 7;

/// Asserts a C result is never PANIC, and returns it.
pub fn checked(result: userhash_result) -> userhash_result {
    assert_ne!(result, userhash_result::Panic, "a panic reached the C boundary");
    result
}

/// The interface errors of a text argument (NULL, not UTF-8), or the text.
pub fn text_errors(input: &CBytes, errors: &mut Vec<userhash_result>) -> Option<String> {
    match input.get().map(std::str::from_utf8) {
        None => errors.push(userhash_result::NullParameter),
        Some(Err(_)) => errors.push(userhash_result::TextNotUtf8),
        Some(Ok(text)) => return Some(text.to_owned()),
    }
    None
}

/// `value`'s address, or NULL one time in 32.
pub fn null_or<T>(u: &mut Unstructured, value: &mut T) -> Result<*mut T> {
    Ok(if u.ratio(1, 32)? { ptr::null_mut() } else { value })
}

/// Asserts that a C call returned what the interface checks and the Rust call say: one of
/// the interface's own errors when there is any, else the Rust result's code. Returns the
/// Rust value when both succeeded.
pub fn expect<T>(
    result: userhash_result,
    interface_errors: &[userhash_result],
    rust: impl FnOnce() -> userhash::Result<T>,
) -> Option<T> {
    if !interface_errors.is_empty() {
        assert!(interface_errors.contains(&result), "{result:?} not among {interface_errors:?}");
        assert!(!last_error().is_empty(), "a failure has a message");
        return None;
    }
    let rust = rust();
    let code = rust.as_ref().err().map_or("ok", userhash::Error::code);
    assert_eq!(result_code(result), code);
    if let Err(e) = &rust {
        assert_eq!(last_error(), e.to_string(), "the message is the core's, details included");
    }
    rust.ok()
}

/// The message of the last failed call on this thread.
pub fn last_error() -> String {
    // SAFETY: a NUL-terminated string, valid until the next failing call on this thread.
    let message = unsafe { CStr::from_ptr(cabi::userhash_last_error_message()) };
    message.to_str().expect("UTF-8").to_owned()
}

/// An owned-string output (`userhash_string *`): NULL one time in 32, else a string that no
/// call has written yet.
pub struct StringOut {
    string: userhash_string,
    null: bool,
}

/// The pointer of a `userhash_string` no call wrote.
const UNWRITTEN_PTR: *mut c_char = ptr::dangling_mut();

impl StringOut {
    pub fn new(u: &mut Unstructured) -> Result<Self> {
        Ok(StringOut {
            string: userhash_string { ptr: UNWRITTEN_PTR, len: UNWRITTEN_LEN },
            null: u.ratio(1, 32)?,
        })
    }

    /// The pointer to pass.
    pub fn ptr(&mut self) -> *mut userhash_string {
        if self.null { ptr::null_mut() } else { &raw mut self.string }
    }

    /// The interface error of this output, if NULL.
    pub fn errors(&self, errors: &mut Vec<userhash_result>) {
        if self.null {
            errors.push(userhash_result::NullParameter);
        }
    }

    /// Whether no call wrote it.
    pub fn untouched(&self) -> bool {
        self.string.ptr == UNWRITTEN_PTR && self.string.len == UNWRITTEN_LEN
    }

    /// The text the library wrote, checked (NUL-terminated at its length, no NUL inside,
    /// UTF-8), then released twice: `{NULL, 0}` after the first, the second a no-op.
    pub fn take(&mut self) -> String {
        assert!(!self.untouched() && !self.string.ptr.is_null(), "no string written");
        let (ptr, len) = (self.string.ptr, self.string.len);
        // SAFETY: the library wrote `len` bytes and a NUL at `ptr`.
        let bytes = unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), len + 1) };
        assert_eq!(bytes[len], 0, "NUL-terminated");
        assert!(!bytes[..len].contains(&0), "no NUL inside");
        let text = String::from_utf8(bytes[..len].to_vec()).expect("UTF-8");
        // SAFETY: the string the library wrote, then the {NULL, 0} it leaves.
        unsafe {
            cabi::userhash_string_free(&mut self.string);
            assert!(self.string.ptr.is_null() && self.string.len == 0);
            cabi::userhash_string_free(&mut self.string);
        }
        text
    }
}

/// Checks a call that writes an owned string against the interface errors and what Rust
/// gave: on failure nothing is written; on success the text, which is returned.
pub fn expect_string(
    result: userhash_result,
    interface_errors: &[userhash_result],
    rust: impl FnOnce() -> userhash::Result<String>,
    out: &mut StringOut,
) -> Option<String> {
    match expect(result, interface_errors, rust) {
        Some(expected) => {
            assert_eq!(out.take(), expected);
            Some(expected)
        }
        None => {
            assert!(out.untouched(), "output written on failure");
            None
        }
    }
}

/// The interface error of a required argument that is NULL.
pub fn null_error(input: &CBytes, errors: &mut Vec<userhash_result>) {
    if input.is_null() {
        errors.push(userhash_result::NullParameter);
    }
}
