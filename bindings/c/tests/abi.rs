//! Every `extern "C"` function, called as C would call it: valid inputs, NULL pointers,
//! short buffers, bad inputs and impossible sizes, with every result, every output and the
//! last error message asserted. Plain `cargo test` runs it; its purpose is Miri, which
//! checks the unsafe code under each call (`scripts/miri`). Expected hashes are RFC 4231's
//! HMAC-SHA256 test cases 1 and 2, or computed here with the `hmac` crate.

use std::ffi::{CStr, c_char};
use std::ptr::{dangling_mut, null, null_mut};

use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Value, json};
use sha2::Sha256;
use userhash::userhash_outcome as O;
use userhash::userhash_result as R;
use userhash::*;

/// RFC 4231 test case 2: a text secret and an id with spaces.
const JEFE: &[u8] = b"Jefe";
const WHAT: &[u8] = b"what do ya want for nothing?";
const WHAT_HASH: &[u8] = b"5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
/// RFC 4231 test case 1: a binary key.
const HI_KEY: &[u8] = &[0x0b; 20];
const HI: &[u8] = b"Hi There";
const HI_HASH: &[u8] = b"b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7";

const T0: i64 = 1_767_225_600;
const DAY: i64 = 86_400;
/// Lengths no object can have: `(size_t)-1` and `PTRDIFF_MAX + 1`.
const HUGE: usize = usize::MAX;
const PAST_ISIZE: usize = isize::MAX as usize + 1;

fn p(bytes: &[u8]) -> *const c_char {
    bytes.as_ptr().cast()
}

fn buf(bytes: &mut [u8]) -> *mut c_char {
    bytes.as_mut_ptr().cast()
}

/// A static string the library returned.
fn text(ptr: *const c_char) -> &'static str {
    assert!(!ptr.is_null());
    // SAFETY: every string the library returns is static and NUL-terminated.
    unsafe { CStr::from_ptr(ptr) }.to_str().unwrap()
}

/// The message of the last failed call on this thread.
fn last_error() -> String {
    // SAFETY: a NUL-terminated string, valid until the next failing call on this thread.
    unsafe { CStr::from_ptr(userhash_last_error_message()) }.to_str().unwrap().to_owned()
}

/// Lowercase hex HMAC-SHA256 by the `hmac` crate (not the library under test).
fn hmac_hex(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(message);
    mac.finalize().into_bytes().iter().flat_map(|b| format!("{b:02x}").into_bytes()).collect()
}

/// A hash buffer filled with `Z`, to see that a failure leaves it untouched.
fn fresh() -> [u8; USERHASH_HASH_BUF_LEN] {
    [b'Z'; USERHASH_HASH_BUF_LEN]
}

fn hash_of(out: &[u8]) -> &[u8] {
    assert_eq!(out[64], 0, "a hash ends with a NUL");
    &out[..64]
}

/// An owned-string output the library has not written.
fn unwritten() -> userhash_string {
    userhash_string { ptr: dangling_mut(), len: usize::MAX }
}

fn is_unwritten(s: &userhash_string) -> bool {
    s.ptr == dangling_mut() && s.len == usize::MAX
}

/// Copies an owned string the library wrote (checking its NUL, that the text has none,
/// and UTF-8), then frees it, which sets it to `{NULL, 0}`, and frees it again (a no-op).
fn take(mut s: userhash_string) -> String {
    assert!(!s.ptr.is_null() && !is_unwritten(&s));
    // SAFETY: the library wrote `len` bytes and a NUL at `ptr`.
    let bytes = unsafe { std::slice::from_raw_parts(s.ptr.cast::<u8>(), s.len + 1) };
    assert_eq!(bytes[s.len], 0, "NUL-terminated");
    assert!(!bytes[..s.len].contains(&0), "no NUL inside the text");
    let copy = String::from_utf8(bytes[..s.len].to_vec()).unwrap();
    // SAFETY: a string the library wrote, unchanged; then the {NULL, 0} it left.
    unsafe {
        userhash_string_free(&mut s);
        assert!(s.ptr.is_null() && s.len == 0);
        userhash_string_free(&mut s);
    }
    copy
}

fn signer(secret: &[u8]) -> *mut userhash_signer {
    let mut signer = null_mut();
    // SAFETY: valid pointers and lengths.
    assert_eq!(unsafe { userhash_signer_new(p(secret), secret.len(), &mut signer) }, R::Ok);
    signer
}

fn keyring(id: &[u8], secret: &[u8]) -> *mut userhash_keyring {
    let mut keyring = null_mut();
    // SAFETY: valid pointers and lengths.
    assert_eq!(
        unsafe { userhash_keyring_new(p(id), id.len(), p(secret), secret.len(), &mut keyring) },
        R::Ok
    );
    keyring
}

fn sign_with(signer: *const userhash_signer, id: &[u8]) -> Vec<u8> {
    let mut out = fresh();
    // SAFETY: a live signer and valid buffers.
    let rc = unsafe { userhash_signer_sign(signer, p(id), id.len(), buf(&mut out), out.len()) };
    assert_eq!(rc, R::Ok);
    hash_of(&out).to_vec()
}

/// The id of key `index`, a view into the keyring (checked NUL-terminated).
fn key_id(keyring: *const userhash_keyring, index: usize) -> Result<&'static [u8], R> {
    let (mut id, mut len) = (null(), 0);
    // SAFETY: a live keyring (never freed while the caller uses the view) and valid outputs.
    let rc = unsafe { userhash_keyring_key_id(keyring, index, &mut id, &mut len) };
    if rc != R::Ok {
        assert!(id.is_null() && len == 0, "a failed call writes nothing");
        return Err(rc);
    }
    // SAFETY: the library lends `len` bytes and a NUL, valid while the keyring lives.
    let bytes = unsafe { std::slice::from_raw_parts(id.cast::<u8>(), len + 1) };
    assert_eq!(bytes[len], 0);
    Ok(&bytes[..len])
}

/// A result the library has not written.
fn unwritten_verification() -> userhash_verification {
    userhash_verification {
        outcome: O::Verified,
        reason: R::Panic,
        key_index: 99,
        hash_prefix: [b'Z' as c_char; USERHASH_HASH_PREFIX_BUF_LEN],
        hash_prefix_len: 99,
    }
}

/// The failure event data of a result: outcome, reason, key index and hash prefix (checked
/// NUL-terminated).
fn event(v: &userhash_verification) -> (O, R, i64, Vec<u8>) {
    let len = v.hash_prefix_len;
    assert!(len < USERHASH_HASH_PREFIX_BUF_LEN);
    let prefix: Vec<u8> = v.hash_prefix.iter().map(|&c| c as u8).collect();
    assert_eq!(prefix[len], 0, "hash_prefix is NUL-terminated");
    (v.outcome, v.reason, v.key_index, prefix[..len].to_vec())
}

fn check_at(
    keyring: *const userhash_keyring,
    id: &[u8],
    hash: &[u8],
    now: i64,
) -> userhash_verification {
    let mut v = unwritten_verification();
    // SAFETY: a live keyring and valid pointers.
    let rc = unsafe {
        userhash_keyring_verify_detailed(
            keyring,
            p(id),
            id.len(),
            p(hash),
            hash.len(),
            &now,
            &mut v,
        )
    };
    assert_eq!(rc, R::Ok);
    v
}

#[test]
fn one_shot_sign_and_verify() {
    let mut out = fresh();
    // SAFETY (whole test): pointers are valid for the lengths given, or NULL on purpose.
    unsafe {
        let rc = userhash_sign(p(JEFE), 4, p(WHAT), WHAT.len(), buf(&mut out), out.len());
        assert_eq!(rc, R::Ok);
        assert_eq!(hash_of(&out), WHAT_HASH);

        let mut short = fresh();
        for (rc, expected, what) in [
            (
                userhash_sign(null(), 4, p(WHAT), 4, buf(&mut short), 65),
                R::NullParameter,
                "a pointer argument is NULL",
            ),
            (
                userhash_sign(p(JEFE), 4, null(), 1, buf(&mut short), 65),
                R::NullParameter,
                "a pointer argument is NULL",
            ),
            (
                userhash_sign(p(JEFE), 4, p(WHAT), 4, null_mut(), 65),
                R::NullParameter,
                "a pointer argument is NULL",
            ),
            (
                userhash_sign(p(JEFE), 4, p(WHAT), 4, buf(&mut short), 64),
                R::BufferTooSmall,
                "the output buffer is too small",
            ),
            (
                userhash_sign(p(JEFE), 4, p(b""), 0, buf(&mut short), 65),
                R::EmptyUserId,
                "the user id is empty",
            ),
            (
                userhash_sign(p(b"k "), 2, p(WHAT), 4, buf(&mut short), 65),
                R::SecretWhitespace,
                "the secret starts or ends with whitespace",
            ),
            (
                userhash_sign(p(b"\xff"), 1, p(WHAT), 4, buf(&mut short), 65),
                R::SecretNotUtf8,
                "the secret text is not valid UTF-8",
            ),
            (
                userhash_sign(p(JEFE), HUGE, p(WHAT), 4, buf(&mut short), 65),
                R::LengthOutOfRange,
                "above PTRDIFF_MAX",
            ),
            (
                userhash_sign(p(JEFE), 4, p(WHAT), PAST_ISIZE, buf(&mut short), 65),
                R::LengthOutOfRange,
                "above PTRDIFF_MAX",
            ),
            (
                userhash_sign(p(JEFE), 4, p(WHAT), 4, buf(&mut short), HUGE),
                R::LengthOutOfRange,
                "above PTRDIFF_MAX",
            ),
        ] {
            assert_eq!(rc, expected, "{what}");
        }
        assert_eq!(short, fresh(), "failed calls leave the buffer untouched");

        let upper = WHAT_HASH.to_ascii_uppercase();
        for (hash, expected) in
            [(WHAT_HASH, true), (&upper[..], true), (HI_HASH, false), (b"5bdc", false)]
        {
            let mut valid = !expected;
            let rc =
                userhash_verify(p(JEFE), 4, p(WHAT), WHAT.len(), p(hash), hash.len(), &mut valid);
            assert_eq!((rc, valid), (R::Ok, expected));
        }
        let mut valid = true;
        assert_eq!(
            userhash_verify(p(JEFE), 4, p(WHAT), WHAT.len(), p(WHAT_HASH), 64, null_mut()),
            R::NullParameter
        );
        assert_eq!(
            userhash_verify(p(JEFE), 4, p(b""), 0, p(WHAT_HASH), 64, &mut valid),
            R::EmptyUserId
        );
        assert_eq!(
            userhash_verify(p(JEFE), 4, p(WHAT), WHAT.len(), p(WHAT_HASH), HUGE, &mut valid),
            R::LengthOutOfRange
        );
        assert!(valid, "failed verifies leave valid_out untouched");
    }
}

#[test]
fn the_last_error_message_is_the_calling_threads_with_its_details() {
    std::thread::scope(|scope| {
        scope.spawn(|| {
            assert_eq!(last_error(), "", "no call has failed on a new thread");
            let mut out = fresh();
            // SAFETY (thread): pointers are valid for the lengths given, or NULL on purpose.
            unsafe {
                let rc = userhash_sign(p(JEFE), 4, p(b""), 0, buf(&mut out), 65);
                assert_eq!((rc, last_error().as_str()), (R::EmptyUserId, "the user id is empty"));
                let rc = userhash_sign(p(JEFE), 4, p(WHAT), 4, buf(&mut out), 65);
                assert_eq!(rc, R::Ok);
                assert_eq!(last_error(), "the user id is empty", "a success keeps it");
                let rc = userhash_sign(p(JEFE), 4, null(), 4, buf(&mut out), 65);
                assert_eq!(
                    (rc, last_error().as_str()),
                    (R::NullParameter, "a pointer argument is NULL")
                );
                let mut k = null_mut();
                let rc = userhash_keyring_from_values(null(), 0, null(), 0, null(), 0, &mut k);
                assert_eq!(
                    (rc, last_error().as_str()),
                    (R::MissingEnv, "environment variable USERHASH_SECRET is not set")
                );
                let rc = userhash_sign(p(JEFE), 4, p(WHAT), 4, buf(&mut out), 1);
                assert_eq!(
                    (rc, last_error().as_str()),
                    (R::BufferTooSmall, "the output buffer is too small")
                );
            }
        });
        // Another thread's failures do not change this thread's message.
        let mut valid = false;
        // SAFETY: valid pointers.
        let rc = unsafe { userhash_verify(p(b" k"), 2, p(WHAT), 4, p(WHAT_HASH), 64, &mut valid) };
        assert_eq!(rc, R::SecretWhitespace);
        let mine = last_error();
        assert!(mine.starts_with("the secret starts or ends with whitespace"), "{mine}");
        scope.spawn(|| {
            let mut out = fresh();
            // SAFETY: valid pointers.
            let rc = unsafe { userhash_sign(p(JEFE), 4, p(b""), 0, buf(&mut out), 65) };
            assert_eq!(rc, R::EmptyUserId);
        });
        assert_eq!(last_error(), mine);
    });
}

#[test]
fn signers_sign_verify_and_batch() {
    // SAFETY (whole test): pointers are valid for the lengths given, or NULL on purpose.
    unsafe {
        let mut bytes_signer = null_mut();
        let rc = userhash_signer_new_bytes(p(HI_KEY), HI_KEY.len(), &mut bytes_signer);
        assert_eq!(rc, R::Ok);
        assert_eq!(sign_with(bytes_signer, HI), HI_HASH);
        let jefe = signer(JEFE);
        assert_eq!(sign_with(jefe, WHAT), WHAT_HASH);

        let mut sentinel = dangling_mut::<userhash_signer>();
        for (rc, expected) in [
            (userhash_signer_new(null(), 4, &mut sentinel), R::NullParameter),
            (userhash_signer_new(p(JEFE), 4, null_mut()), R::NullParameter),
            (userhash_signer_new(p(b""), 0, &mut sentinel), R::EmptySecret),
            (userhash_signer_new(p(b"Jefe\n"), 5, &mut sentinel), R::SecretWhitespace),
            (userhash_signer_new(p(JEFE), HUGE, &mut sentinel), R::LengthOutOfRange),
            (userhash_signer_new_bytes(p(b""), 0, &mut sentinel), R::EmptySecret),
            (userhash_signer_new_bytes(p(HI_KEY), HUGE, &mut sentinel), R::LengthOutOfRange),
        ] {
            assert_eq!(rc, expected);
        }
        assert_eq!(sentinel, dangling_mut(), "failed constructors leave the handle untouched");

        let mut out = fresh();
        for (rc, expected) in [
            (userhash_signer_sign(null(), p(HI), 8, buf(&mut out), 65), R::NullParameter),
            (userhash_signer_sign(jefe, null(), 8, buf(&mut out), 65), R::NullParameter),
            (userhash_signer_sign(jefe, p(HI), 8, buf(&mut out), 0), R::BufferTooSmall),
            (userhash_signer_sign(jefe, p(HI), HUGE, buf(&mut out), 65), R::LengthOutOfRange),
        ] {
            assert_eq!(rc, expected);
        }
        assert_eq!(out, fresh());

        let mut valid = false;
        let rc = userhash_signer_verify(bytes_signer, p(HI), 8, p(HI_HASH), 64, &mut valid);
        assert_eq!((rc, valid), (R::Ok, true));
        let rc = userhash_signer_verify(bytes_signer, p(HI), 8, p(WHAT_HASH), 64, &mut valid);
        assert_eq!((rc, valid), (R::Ok, false));
        let rc = userhash_signer_verify(bytes_signer, p(HI), 8, p(b""), 0, &mut valid);
        assert_eq!((rc, valid), (R::Ok, false));
        valid = true;
        for (rc, expected) in [
            (
                userhash_signer_verify(null(), p(HI), 8, p(HI_HASH), 64, &mut valid),
                R::NullParameter,
            ),
            (userhash_signer_verify(jefe, p(HI), 8, null(), 64, &mut valid), R::NullParameter),
            (userhash_signer_verify(jefe, p(HI), 8, p(HI_HASH), 64, null_mut()), R::NullParameter),
            (userhash_signer_verify(jefe, p(b""), 0, p(HI_HASH), 64, &mut valid), R::EmptyUserId),
            (
                userhash_signer_verify(jefe, p(HI), HUGE, p(HI_HASH), 64, &mut valid),
                R::LengthOutOfRange,
            ),
        ] {
            assert_eq!(rc, expected);
        }
        assert!(valid);

        userhash_signer_free(bytes_signer);
        userhash_signer_free(jefe);
        userhash_signer_free(null_mut());
    }
}

#[test]
fn sign_many_is_all_or_nothing_and_refuses_impossible_sizes() {
    let jefe = signer(JEFE);
    let ids = [WHAT, HI, WHAT].concat();
    let lengths = [WHAT.len(), HI.len(), WHAT.len()];
    let mut out = vec![b'Z'; 3 * 64 + 1];
    // SAFETY (whole test): pointers are valid for the lengths given, or NULL on purpose.
    unsafe {
        let sign_many = |ids: *const c_char, lengths: *const usize, count, out: &mut [u8], len| {
            userhash_signer_sign_many(jefe, ids, lengths, count, buf(out), len)
        };
        assert_eq!(sign_many(p(&ids), lengths.as_ptr(), 3, &mut out, 193), R::Ok);
        assert_eq!(&out[..64], WHAT_HASH);
        assert_eq!(&out[64..128], &hmac_hex(JEFE, HI)[..]);
        assert_eq!((&out[128..192], out[192]), (WHAT_HASH, 0));

        let mut untouched = vec![b'Z'; 3 * 64 + 1];
        let with_empty = [WHAT.len(), 0, WHAT.len()];
        let huge_second = [WHAT.len(), HUGE];
        let past_isize = [isize::MAX as usize / 2 + 1; 2];
        let wrapping = [isize::MAX as usize, isize::MAX as usize, 9];
        for (rc, expected, what) in [
            (
                sign_many(p(&ids), with_empty.as_ptr(), 3, &mut untouched, 193),
                R::EmptyUserId,
                "empty id",
            ),
            (
                sign_many(p(&ids), lengths.as_ptr(), 3, &mut untouched, 192),
                R::BufferTooSmall,
                "no NUL room",
            ),
            (
                sign_many(null(), lengths.as_ptr(), 3, &mut untouched, 193),
                R::NullParameter,
                "NULL ids",
            ),
            (sign_many(p(&ids), null(), 3, &mut untouched, 193), R::NullParameter, "NULL lengths"),
            (
                sign_many(p(&ids), lengths.as_ptr(), HUGE, &mut untouched, 193),
                R::LengthOutOfRange,
                "huge count",
            ),
            (
                sign_many(
                    p(&ids),
                    lengths.as_ptr(),
                    isize::MAX as usize / 64 + 1,
                    &mut untouched,
                    193,
                ),
                R::LengthOutOfRange,
                "output past isize::MAX",
            ),
            (
                sign_many(p(&ids), huge_second.as_ptr(), 2, &mut untouched, 193),
                R::LengthOutOfRange,
                "huge length",
            ),
            (
                sign_many(p(&ids), past_isize.as_ptr(), 2, &mut untouched, 193),
                R::LengthOutOfRange,
                "total past isize::MAX",
            ),
            (
                sign_many(p(&ids), wrapping.as_ptr(), 3, &mut untouched, 193),
                R::LengthOutOfRange,
                "total wraps",
            ),
            (
                sign_many(p(&ids), lengths.as_ptr(), 3, &mut untouched, HUGE),
                R::LengthOutOfRange,
                "huge out_len",
            ),
        ] {
            assert_eq!(rc, expected, "{what}");
        }
        assert!(untouched.iter().all(|&b| b == b'Z'), "failed batches write nothing");
        let rc =
            userhash_signer_sign_many(null(), p(&ids), lengths.as_ptr(), 3, buf(&mut out), 193);
        assert_eq!(rc, R::NullParameter);
        assert_eq!(sign_many(p(&ids), lengths.as_ptr(), 0, &mut out, 1), R::Ok);
        assert_eq!(out[0], 0, "no id: an empty string");
        userhash_signer_free(jefe);
    }
}

#[test]
fn secrets_integer_ids_codes_names_and_version() {
    // SAFETY (whole test): pointers are valid for the lengths given, or NULL on purpose.
    unsafe {
        let mut secret = [b'Z'; USERHASH_SECRET_BUF_LEN];
        let mut other = [b'Z'; USERHASH_SECRET_BUF_LEN];
        assert_eq!(userhash_generate_secret(buf(&mut secret), 64), R::BufferTooSmall);
        assert_eq!(secret, [b'Z'; USERHASH_SECRET_BUF_LEN]);
        assert_eq!(userhash_generate_secret(null_mut(), 65), R::NullParameter);
        assert_eq!(userhash_generate_secret(buf(&mut secret), HUGE), R::LengthOutOfRange);
        assert_eq!(userhash_generate_secret(buf(&mut secret), 65), R::Ok);
        assert_eq!(userhash_generate_secret(buf(&mut other), 65), R::Ok);
        assert!(
            secret[..64].iter().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) && secret[64] == 0
        );
        assert_ne!(secret, other, "two secrets differ");
        userhash_signer_free(signer(&secret[..64])); // a generated secret is a valid text secret

        let mut id = [b'Z'; USERHASH_INTEGER_ID_BUF_LEN];
        let mut len = 99;
        assert_eq!(userhash_integer_id(42, buf(&mut id), 2, &mut len), R::BufferTooSmall);
        assert_eq!((id[0], len), (b'Z', 99));
        assert_eq!(userhash_integer_id(42, buf(&mut id), 21, null_mut()), R::NullParameter);
        assert_eq!(userhash_integer_id(42, null_mut(), 21, &mut len), R::NullParameter);
        assert_eq!(userhash_integer_id(42, buf(&mut id), HUGE, &mut len), R::LengthOutOfRange);
        // USERHASH_INTEGER_ID_BUF_LEN fits the longest id.
        assert_eq!(userhash_integer_id(i64::MIN, buf(&mut id), id.len(), &mut len), R::Ok);
        assert_eq!(&id[..len + 1], b"-9223372036854775808\0");
    }

    assert_eq!(text(userhash_version()), userhash_core::VERSION);
    for (value, code) in [
        (0, "ok"),
        (7, "empty_user_id"),
        (29, "timestamp_in_milliseconds"),
        (30, "invalid_widget_config"),
        (100, "null_parameter"),
        (105, "length_out_of_range"),
    ] {
        assert_eq!(text(userhash_result_code(value)), code);
    }
    let results: Vec<u32> = (0..=200).filter(|&v| !userhash_result_code(v).is_null()).collect();
    let expected: Vec<u32> = (0..=38).chain(100..=105).collect();
    assert_eq!(results, expected, "the values that have a code");
    for value in [39, 99, 106, u32::MAX] {
        assert!(userhash_result_code(value).is_null());
    }
    let names: Vec<_> = (1..=5).map(|o| text(userhash_outcome_name(o))).collect();
    assert_eq!(names, ["verified", "missing", "malformed", "mismatch", "expired"]);
    assert!(userhash_outcome_name(0).is_null() && userhash_outcome_name(6).is_null());
}

#[test]
fn keyrings_rotate_and_report_which_key_matched() {
    // SAFETY (whole test): pointers are valid for the lengths given, or NULL on purpose.
    unsafe {
        let k = keyring(b"new", JEFE);
        let retire = T0 + DAY;
        let rc = userhash_keyring_add_bytes(k, p(b"old"), 3, p(HI_KEY), 20, null(), &retire);
        assert_eq!(rc, R::Ok);
        let mut count = 0;
        assert_eq!(userhash_keyring_key_count(k, &mut count), R::Ok);
        assert_eq!(count, 2);

        let mut out = fresh();
        let rc = userhash_keyring_sign(k, p(WHAT), WHAT.len(), buf(&mut out), 65);
        assert_eq!((rc, hash_of(&out)), (R::Ok, WHAT_HASH));

        let v = check_at(k, WHAT, WHAT_HASH, T0);
        assert_eq!(event(&v), (O::Verified, R::Ok, 0, vec![]));
        let v = check_at(k, HI, HI_HASH, retire - 1);
        assert_eq!(event(&v), (O::Verified, R::Ok, 1, vec![]));
        let v = check_at(k, HI, HI_HASH, retire);
        assert_eq!(event(&v), (O::Expired, R::Ok, 1, HI_HASH[..8].to_vec()));
        let v = check_at(k, WHAT, HI_HASH, T0);
        assert_eq!(event(&v), (O::Mismatch, R::Ok, -1, HI_HASH[..8].to_vec()));
        let v = check_at(k, WHAT, b"", T0);
        assert_eq!(event(&v), (O::Missing, R::Ok, -1, vec![]));
        let v = check_at(k, WHAT, b"zz", T0);
        assert_eq!(event(&v), (O::Malformed, R::HashWrongLength, -1, b"zz".to_vec()));
        // The longest prefix: 8 bytes that are not UTF-8, each U+FFFD (3 bytes) in the text.
        let v = check_at(k, WHAT, &[0xff; 64], T0);
        assert_eq!(event(&v), (O::Malformed, R::HashNotHex, -1, "\u{fffd}".repeat(8).into_bytes()));
        assert_eq!(v.hash_prefix_len, USERHASH_HASH_PREFIX_BUF_LEN - 1);

        // NULL now: the current time, long after T0 + 1 day.
        let mut v = unwritten_verification();
        let rc = userhash_keyring_verify_detailed(k, p(HI), 8, p(HI_HASH), 64, null(), &mut v);
        assert_eq!((rc, v.outcome, v.key_index), (R::Ok, O::Expired, 1));

        // Key ids are views into the keyring, valid while it lives, whatever is added.
        let primary = key_id(k, 0).unwrap();
        assert_eq!((primary, key_id(k, 1)), (&b"new"[..], Ok(&b"old"[..])));
        assert_eq!(key_id(k, 2), Err(R::IndexOutOfRange));
        assert_eq!(last_error(), "the keyring has no key at this index");
        assert_eq!(key_id(null(), 0), Err(R::NullParameter));
        let (mut id, mut len) = (p(b"untouched"), 99);
        for (rc, expected) in [
            (userhash_keyring_key_id(k, 0, null_mut(), &mut len), R::NullParameter),
            (userhash_keyring_key_id(k, 0, &mut id, null_mut()), R::NullParameter),
            (userhash_keyring_key_id(k, 5, &mut id, &mut len), R::IndexOutOfRange),
            (userhash_keyring_key_count(null(), &mut count), R::NullParameter),
            (userhash_keyring_key_count(k, null_mut()), R::NullParameter),
        ] {
            assert_eq!(rc, expected);
        }
        assert_eq!((id, len), (p(b"untouched"), 99), "failed calls write nothing");

        let mut v = unwritten_verification();
        for (rc, expected) in [
            (userhash_keyring_sign(null(), p(HI), 8, buf(&mut out), 65), R::NullParameter),
            (userhash_keyring_sign(k, p(b""), 0, buf(&mut out), 65), R::EmptyUserId),
            (userhash_keyring_sign(k, p(HI), HUGE, buf(&mut out), 65), R::LengthOutOfRange),
            (
                userhash_keyring_verify_detailed(null(), p(HI), 8, p(HI), 8, null(), &mut v),
                R::NullParameter,
            ),
            (
                userhash_keyring_verify_detailed(k, p(HI), 8, null(), 0, null(), &mut v),
                R::NullParameter,
            ),
            (
                userhash_keyring_verify_detailed(k, p(HI), 8, p(HI), 8, null(), null_mut()),
                R::NullParameter,
            ),
            (
                userhash_keyring_verify_detailed(k, p(b""), 0, p(HI), 8, null(), &mut v),
                R::EmptyUserId,
            ),
            (
                userhash_keyring_verify_detailed(k, p(HI), 8, p(HI), HUGE, null(), &mut v),
                R::LengthOutOfRange,
            ),
        ] {
            assert_eq!(rc, expected);
        }
        assert_eq!(v, unwritten_verification(), "failed calls leave the result untouched");

        let (a, b, ms, negative) = (T0, T0, T0 * 1000, -1);
        let mut sentinel = dangling_mut::<userhash_keyring>();
        for (rc, expected, what) in [
            (
                userhash_keyring_add(k, p(b"old"), 3, p(b"x"), 1, null(), null()),
                R::DuplicateKeyId,
                "the keyring already has a key with id \"old\"",
            ),
            (
                userhash_keyring_add(k, p(b""), 0, p(b"x"), 1, null(), null()),
                R::EmptyKeyId,
                "a key id must not be empty",
            ),
            (
                userhash_keyring_add(k, p(b"w"), 1, p(b"x"), 1, &a, &b),
                R::InvalidKeyWindow,
                "a key's not_before must be earlier than its not_after",
            ),
            (
                userhash_keyring_add(k, p(b"w"), 1, p(b"x"), 1, &ms, null()),
                R::TimestampInMilliseconds,
                "not_before is 10^11 or more",
            ),
            (
                userhash_keyring_add(k, p(b"w"), 1, p(b"x"), 1, null(), &negative),
                R::InvalidTimestamp,
                "not_after must be a whole number of Unix seconds, not negative",
            ),
            (
                userhash_keyring_add(k, p(b"\xff"), 1, p(b"x"), 1, null(), null()),
                R::TextNotUtf8,
                "a text argument",
            ),
            (
                userhash_keyring_add(k, p(b"w"), 1, p(b"x\n"), 2, null(), null()),
                R::SecretWhitespace,
                "the secret starts or ends with whitespace",
            ),
            (
                userhash_keyring_add(k, p(b"w"), HUGE, p(b"x"), 1, null(), null()),
                R::LengthOutOfRange,
                "above PTRDIFF_MAX",
            ),
            (
                userhash_keyring_add(null_mut(), p(b"w"), 1, p(b"x"), 1, null(), null()),
                R::NullParameter,
                "a pointer argument is NULL",
            ),
            (
                userhash_keyring_add_bytes(k, p(b"w"), 1, null(), 1, null(), null()),
                R::NullParameter,
                "a pointer argument is NULL",
            ),
            (
                userhash_keyring_add_bytes(k, p(b"w"), 1, p(b"x"), HUGE, null(), null()),
                R::LengthOutOfRange,
                "above PTRDIFF_MAX",
            ),
            (
                userhash_keyring_new(null(), 1, p(JEFE), 4, &mut sentinel),
                R::NullParameter,
                "a pointer argument is NULL",
            ),
            (
                userhash_keyring_new(p(b"k"), 1, p(JEFE), 4, null_mut()),
                R::NullParameter,
                "a pointer argument is NULL",
            ),
            (
                userhash_keyring_new(p(b""), 0, p(JEFE), 4, &mut sentinel),
                R::EmptyKeyId,
                "a key id must not be empty",
            ),
            (
                userhash_keyring_new(p(b"k"), 1, p(b" Jefe"), 5, &mut sentinel),
                R::SecretWhitespace,
                "the secret starts or ends with whitespace",
            ),
            (
                userhash_keyring_new(p(b"k"), HUGE, p(JEFE), 4, &mut sentinel),
                R::LengthOutOfRange,
                "above PTRDIFF_MAX",
            ),
            (
                userhash_keyring_new_bytes(p(b"k"), 1, p(b""), 0, &mut sentinel),
                R::EmptySecret,
                "the secret is empty",
            ),
            (
                userhash_keyring_new_bytes(p(b"k"), 1, p(HI_KEY), HUGE, &mut sentinel),
                R::LengthOutOfRange,
                "above PTRDIFF_MAX",
            ),
        ] {
            assert_eq!(rc, expected, "{what}");
        }
        assert_eq!(sentinel, dangling_mut());
        assert_eq!(userhash_keyring_key_count(k, &mut count), R::Ok);
        assert_eq!(count, 2, "failed adds added nothing");

        // The messages, one call at a time (each is the last failure when read).
        let rc = userhash_keyring_add(k, p(b"old"), 3, p(b"x"), 1, null(), null());
        assert_eq!(
            (rc, last_error().as_str()),
            (R::DuplicateKeyId, "the keyring already has a key with id \"old\"")
        );
        let rc = userhash_keyring_add(k, p(b"w"), 1, p(b"x"), 1, &ms, null());
        assert_eq!(rc, R::TimestampInMilliseconds);
        assert!(last_error().starts_with("not_before is 10^11 or more"));
        let rc = userhash_keyring_add(k, p(b"w"), 1, p(b"x"), 1, null(), &negative);
        assert_eq!(
            (rc, last_error().as_str()),
            (R::InvalidTimestamp, "not_after must be a whole number of Unix seconds, not negative")
        );

        // Adding a key moves no id: the view taken before still reads the primary's.
        assert_eq!(userhash_keyring_add(k, p(b"next"), 4, p(b"x"), 1, null(), null()), R::Ok);
        assert_eq!((primary, key_id(k, 2)), (&b"new"[..], Ok(&b"next"[..])));

        let mut bytes_keyring = null_mut();
        let rc = userhash_keyring_new_bytes(p(b"k"), 1, p(HI_KEY), 20, &mut bytes_keyring);
        assert_eq!(rc, R::Ok);
        assert_eq!(check_at(bytes_keyring, HI, HI_HASH, T0).outcome, O::Verified);
        userhash_keyring_free(bytes_keyring);
        userhash_keyring_free(k);
        userhash_keyring_free(null_mut());
    }
}

fn verify_token(
    k: *const userhash_keyring,
    token: &[u8],
    now: i64,
    leeway: i64,
) -> userhash_verification {
    let mut v = unwritten_verification();
    // SAFETY: a live keyring and valid pointers.
    let rc = unsafe {
        userhash_keyring_verify_token(k, p(HI), 8, p(token), token.len(), &now, leeway, &mut v)
    };
    assert_eq!(rc, R::Ok);
    v
}

#[test]
fn tokens_expire_and_refuse_negative_and_millisecond_values() {
    let k = keyring(b"k", JEFE);
    let mut token = [b'Z'; USERHASH_TOKEN_BUF_LEN];
    // SAFETY (whole test): pointers are valid for the lengths given, or NULL on purpose.
    unsafe {
        let rc = userhash_keyring_issue_token_at(k, p(HI), 8, T0 + 60, buf(&mut token), 88);
        assert_eq!(rc, R::Ok);
        let len = token.iter().position(|&b| b == 0).unwrap();
        let issued = token[..len].to_vec();
        assert!(issued.starts_with(b"v1.1767225660.") && issued.len() == 14 + 64);

        let at = |now, leeway| event(&verify_token(k, &issued, now, leeway));
        assert_eq!(at(T0 + 59, 0), (O::Verified, R::Ok, 0, vec![]));
        assert_eq!(at(T0 + 60, 0), (O::Expired, R::Ok, 0, b"v1.17672".to_vec()));
        assert_eq!(at(T0 + 89, 30).0, O::Verified);
        assert_eq!(at(T0 + 90, 30).0, O::Expired);
        let mut tampered = issued.clone();
        tampered[len - 1] ^= 1;
        assert_eq!(
            event(&verify_token(k, &tampered, T0, 0)),
            (O::Mismatch, R::Ok, -1, b"v1.17672".to_vec())
        );
        assert_eq!(
            event(&verify_token(k, b"v9.1.x", T0, 0)),
            (O::Malformed, R::TokenVersion, -1, b"v9.1.x".to_vec())
        );
        let ms_token = [b"v1.1767225600000.", WHAT_HASH].concat();
        assert_eq!(
            event(&verify_token(k, &ms_token, T0, 0)),
            (O::Malformed, R::TimestampInMilliseconds, -1, b"v1.17672".to_vec())
        );
        assert_eq!(event(&verify_token(k, b"", T0, 0)), (O::Missing, R::Ok, -1, vec![]));

        // A ttl from now, checked at the current time (NULL now).
        let rc = userhash_keyring_issue_token(k, p(HI), 8, 60, buf(&mut token), 88);
        assert_eq!(rc, R::Ok);
        let len = token.iter().position(|&b| b == 0).unwrap();
        let mut v = unwritten_verification();
        let rc = userhash_keyring_verify_token(k, p(HI), 8, p(&token), len, null(), 0, &mut v);
        assert_eq!((rc, v.outcome), (R::Ok, O::Verified));

        let mut out = [b'Z'; USERHASH_TOKEN_BUF_LEN];
        for (rc, expected) in [
            (
                userhash_keyring_issue_token(k, p(HI), 8, i64::MAX, buf(&mut out), 88),
                R::TimestampInMilliseconds,
            ),
            (userhash_keyring_issue_token(k, p(HI), 8, -1, buf(&mut out), 88), R::InvalidTimestamp),
            (
                userhash_keyring_issue_token(k, p(HI), 8, i64::MIN, buf(&mut out), 88),
                R::InvalidTimestamp,
            ),
            (userhash_keyring_issue_token(k, p(HI), 8, 60, buf(&mut out), 87), R::BufferTooSmall),
            (userhash_keyring_issue_token(k, p(b""), 0, 60, buf(&mut out), 88), R::EmptyUserId),
            (
                userhash_keyring_issue_token(null(), p(HI), 8, 60, buf(&mut out), 88),
                R::NullParameter,
            ),
            (
                userhash_keyring_issue_token(k, p(HI), HUGE, 60, buf(&mut out), 88),
                R::LengthOutOfRange,
            ),
            (
                userhash_keyring_issue_token_at(k, p(HI), 8, -1, buf(&mut out), 88),
                R::InvalidTimestamp,
            ),
            (
                userhash_keyring_issue_token_at(k, p(HI), 8, T0 * 1000, buf(&mut out), 88),
                R::TimestampInMilliseconds,
            ),
            (userhash_keyring_issue_token_at(k, p(HI), 8, T0, null_mut(), 88), R::NullParameter),
            (
                userhash_keyring_issue_token_at(k, p(HI), 8, T0, buf(&mut out), HUGE),
                R::LengthOutOfRange,
            ),
        ] {
            assert_eq!(rc, expected);
        }
        assert_eq!(out, [b'Z'; USERHASH_TOKEN_BUF_LEN]);
        let rc = userhash_keyring_issue_token(k, p(HI), 8, -1, buf(&mut out), 88);
        assert_eq!(
            (rc, last_error().as_str()),
            (R::InvalidTimestamp, "the ttl must be a whole number of Unix seconds, not negative")
        );

        let mut v = unwritten_verification();
        for (rc, expected) in [
            (
                userhash_keyring_verify_token(k, p(HI), 8, p(&token), len, null(), -1, &mut v),
                R::InvalidTimestamp,
            ),
            (
                userhash_keyring_verify_token(
                    k,
                    p(HI),
                    8,
                    p(&token),
                    len,
                    null(),
                    i64::MIN,
                    &mut v,
                ),
                R::InvalidTimestamp,
            ),
            (
                userhash_keyring_verify_token(k, p(b""), 0, p(&token), len, null(), 0, &mut v),
                R::EmptyUserId,
            ),
            (
                userhash_keyring_verify_token(k, p(HI), 8, p(&token), len, null(), 0, null_mut()),
                R::NullParameter,
            ),
            (
                userhash_keyring_verify_token(null(), p(HI), 8, p(&token), len, null(), 0, &mut v),
                R::NullParameter,
            ),
            (
                userhash_keyring_verify_token(k, p(HI), 8, null(), len, null(), 0, &mut v),
                R::NullParameter,
            ),
            (
                userhash_keyring_verify_token(k, p(HI), 8, p(&token), HUGE, null(), 0, &mut v),
                R::LengthOutOfRange,
            ),
        ] {
            assert_eq!(rc, expected);
        }
        assert_eq!(v, unwritten_verification(), "failed calls write no result");
        let rc = userhash_keyring_verify_token(k, p(HI), 8, p(&token), len, null(), -1, &mut v);
        assert_eq!(
            (rc, last_error().as_str()),
            (
                R::InvalidTimestamp,
                "the leeway must be a whole number of Unix seconds, not negative"
            )
        );
        userhash_keyring_free(k);
    }
}

/// Explain at `now` through the keyring, parsed (the call must succeed).
fn explain(k: *const userhash_keyring, id: &[u8], hash: &[u8], email: Option<&[u8]>) -> Value {
    serde_json::from_str(&explain_text(k, id, hash, email)).unwrap()
}

/// Explain at `now` through the keyring, its JSON text, checked to hold code, message and
/// event in that order (the order is documented, so it must not depend on the build).
fn explain_text(
    k: *const userhash_keyring,
    id: &[u8],
    hash: &[u8],
    email: Option<&[u8]>,
) -> String {
    let mut out = unwritten();
    let (email, email_len) = email.map_or((null(), 0), |e| (p(e), e.len()));
    // SAFETY: a live keyring and valid pointers.
    let rc = unsafe {
        userhash_keyring_explain(
            k,
            p(id),
            id.len(),
            p(hash),
            hash.len(),
            email,
            email_len,
            &T0,
            &mut out,
        )
    };
    assert_eq!(rc, R::Ok);
    let text = take(out);
    // Neither key can appear inside a string value: its quotes would be escaped there.
    let (message, event) = (text.find(",\"message\":\""), text.rfind(",\"event\":"));
    assert!(
        text.starts_with("{\"code\":\"") && message < event && message.is_some(),
        "code, message, event: {text}"
    );
    text
}

/// The failure event of an explanation as JSON.
fn explain_event(outcome: &str, reason: Option<&str>, key: Option<&str>, prefix: &[u8]) -> Value {
    json!({
        "outcome": outcome,
        "reason": reason,
        "key_id": key,
        "hash_prefix": std::str::from_utf8(prefix).unwrap(),
    })
}

#[test]
fn explain_returns_the_finding_and_the_failure_event_as_json() {
    let k = keyring(b"new", JEFE);
    // SAFETY: a live keyring and valid pointers.
    let rc = unsafe { userhash_keyring_add_bytes(k, p(b"old"), 3, p(HI_KEY), 20, null(), &T0) };
    assert_eq!(rc, R::Ok);

    let verified = explain(k, WHAT, WHAT_HASH, None);
    assert_eq!((&verified["code"], &verified["event"]), (&json!("verified"), &Value::Null));
    assert!(!verified["message"].as_str().unwrap().is_empty());
    assert_eq!(
        verified.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["code", "event", "message"],
        "exactly code, message and event"
    );
    let upper = WHAT_HASH.to_ascii_uppercase();
    let found = explain(k, WHAT, &upper, None);
    assert_eq!((&found["code"], &found["event"]), (&json!("uppercase_hash"), &Value::Null));
    let found = explain(k, b"someone", &hmac_hex(JEFE, b"jo@example.com"), Some(b"jo@example.com"));
    assert_eq!(found["code"], "email_instead_of_id");
    assert_eq!(
        found["event"],
        explain_event("mismatch", None, None, &hmac_hex(JEFE, b"jo@example.com")[..8])
    );
    let text = explain_text(k, WHAT, HI_HASH, None);
    assert!(
        text.ends_with(
            r#","event":{"outcome":"mismatch","reason":null,"key_id":null,"hash_prefix":"b0344c61"}}"#
        ),
        "the event's fields in their documented order: {text}"
    );
    let found: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(found["code"], "unknown");
    assert!(!found.to_string().contains("Jefe"), "{found}");
    assert_eq!(found["event"], explain_event("mismatch", None, None, &HI_HASH[..8]));
    let found = explain(k, HI, HI_HASH, None);
    assert_eq!(found["code"], "retired_key");
    assert_eq!(found["event"], explain_event("expired", None, Some("old"), &HI_HASH[..8]));
    let found = explain(k, WHAT, b"zz", None);
    assert_eq!(found["code"], "malformed_hash");
    assert_eq!(found["event"], explain_event("malformed", Some("hash_wrong_length"), None, b"zz"));
    let found = explain(k, WHAT, b"", None);
    assert_eq!(found["code"], "missing_hash");
    assert_eq!(found["event"], explain_event("missing", None, None, b""));
    let found = explain(k, WHAT, &WHAT_HASH[..40], None);
    assert_eq!(found["code"], "truncated_hash");

    // SAFETY (rest of the test): pointers are valid for the lengths given, or NULL on purpose.
    unsafe {
        let mut out = unwritten();
        // NULL now: the current time.
        let rc =
            userhash_keyring_explain(k, p(WHAT), 28, p(WHAT_HASH), 64, null(), 0, null(), &mut out);
        assert_eq!(rc, R::Ok);
        assert!(take(out).contains("\"code\":\"verified\""));

        let mut out = unwritten();
        let explain_with = |k, id: &[u8], hash: *const c_char, email, email_len, out| {
            userhash_keyring_explain(k, p(id), id.len(), hash, 64, email, email_len, null(), out)
        };
        for (rc, expected) in [
            (explain_with(k, WHAT, p(WHAT_HASH), null(), 0, null_mut()), R::NullParameter),
            (explain_with(null(), WHAT, p(WHAT_HASH), null(), 0, &mut out), R::NullParameter),
            (explain_with(k, WHAT, null(), null(), 0, &mut out), R::NullParameter),
            (explain_with(k, b"", p(WHAT_HASH), null(), 0, &mut out), R::EmptyUserId),
            (explain_with(k, WHAT, p(WHAT_HASH), p(WHAT), HUGE, &mut out), R::LengthOutOfRange),
            (
                explain_with(k, WHAT, p(WHAT_HASH), p(WHAT), PAST_ISIZE, &mut out),
                R::LengthOutOfRange,
            ),
        ] {
            assert_eq!(rc, expected);
        }
        let rc = userhash_keyring_explain(
            k,
            p(WHAT),
            HUGE,
            p(WHAT_HASH),
            64,
            null(),
            0,
            null(),
            &mut out,
        );
        assert_eq!(rc, R::LengthOutOfRange);
        assert!(is_unwritten(&out), "failed calls write no string");

        // The one-shot form, with a text secret and no keyring: the same JSON.
        let one_shot =
            |secret: &[u8], hash: &[u8], email: Option<&[u8]>, out: &mut userhash_string| {
                let (email, email_len) = email.map_or((null(), 0), |e| (p(e), e.len()));
                userhash_explain(
                    p(secret),
                    secret.len(),
                    p(WHAT),
                    WHAT.len(),
                    p(hash),
                    hash.len(),
                    email,
                    email_len,
                    out,
                )
            };
        let mut out = unwritten();
        assert_eq!(one_shot(JEFE, &upper, None, &mut out), R::Ok);
        let found: Value = serde_json::from_str(&take(out)).unwrap();
        assert_eq!((&found["code"], &found["event"]), (&json!("uppercase_hash"), &Value::Null));
        let mut out = unwritten();
        assert_eq!(one_shot(JEFE, HI_HASH, None, &mut out), R::Ok);
        let found: Value = serde_json::from_str(&take(out)).unwrap();
        assert_eq!(found["code"], "unknown");
        assert_eq!(found["event"], explain_event("mismatch", None, None, &HI_HASH[..8]));

        let mut out = unwritten();
        for (rc, expected) in [
            (one_shot(b"k\n", WHAT_HASH, None, &mut out), R::SecretWhitespace),
            (one_shot(b"", WHAT_HASH, None, &mut out), R::EmptySecret),
            (one_shot(JEFE, WHAT_HASH, Some(b"\0"), &mut out), R::Ok),
        ] {
            assert_eq!(rc, expected);
            if rc == R::Ok {
                take(std::mem::replace(&mut out, unwritten()));
            }
        }
        for (rc, expected) in [
            (
                userhash_explain(null(), 2, p(WHAT), 4, p(WHAT_HASH), 64, null(), 0, &mut out),
                R::NullParameter,
            ),
            (
                userhash_explain(p(JEFE), 4, p(WHAT), 4, p(WHAT_HASH), 64, null(), 0, null_mut()),
                R::NullParameter,
            ),
            (
                userhash_explain(p(JEFE), 4, p(b""), 0, p(WHAT_HASH), 64, null(), 0, &mut out),
                R::EmptyUserId,
            ),
            (
                userhash_explain(p(JEFE), 4, p(WHAT), 4, p(WHAT_HASH), 64, p(WHAT), HUGE, &mut out),
                R::LengthOutOfRange,
            ),
            (
                userhash_explain(p(JEFE), HUGE, p(WHAT), 4, p(WHAT_HASH), 64, null(), 0, &mut out),
                R::LengthOutOfRange,
            ),
        ] {
            assert_eq!(rc, expected);
        }
        assert!(is_unwritten(&out));
        userhash_keyring_free(k);
    }
}

#[test]
fn string_free_takes_null_and_a_released_string() {
    // SAFETY: NULL, and a {NULL, 0} string, are the documented no-ops.
    unsafe {
        userhash_string_free(null_mut());
        let mut empty = userhash_string { ptr: null_mut(), len: 0 };
        userhash_string_free(&mut empty);
        assert!(empty.ptr.is_null() && empty.len == 0);
    }
    // take() frees each string twice: Miri reports a double free or a leak if either is one.
    let s = signer(JEFE);
    let config = r#"{"preset":"hal","app_id":"app"}"#;
    assert_eq!(widget_json(s, config.as_bytes()), Ok("{\"appId\":\"app\"}".into()));
    // SAFETY: a live signer, freed once.
    unsafe { userhash_signer_free(s) };
}

#[test]
fn from_env_reads_the_secrets_and_the_deadline() {
    // The only test that touches the environment.
    let set = |name, value: Option<&str>| match value {
        // SAFETY: no other test reads or writes the environment.
        Some(value) => unsafe { std::env::set_var(name, value) },
        // SAFETY: as above.
        None => unsafe { std::env::remove_var(name) },
    };
    let from_env = || {
        let mut k = dangling_mut::<userhash_keyring>();
        // SAFETY: a writable handle pointer.
        let rc = unsafe { userhash_keyring_from_env(&mut k) };
        (rc, k)
    };
    set("USERHASH_SECRET", None);
    set("USERHASH_PREVIOUS_SECRET", None);
    assert_eq!(from_env(), (R::MissingEnv, dangling_mut()));
    assert_eq!(last_error(), "environment variable USERHASH_SECRET is not set");
    set("USERHASH_SECRET", Some("Jefe"));
    set("USERHASH_PREVIOUS_SECRET", Some("old-secret"));
    set("USERHASH_PREVIOUS_SECRET_NOT_AFTER", None);
    assert_eq!(from_env(), (R::MissingEnv, dangling_mut()));
    assert_eq!(last_error(), "environment variable USERHASH_PREVIOUS_SECRET_NOT_AFTER is not set");
    for (deadline, expected) in
        [("soon", R::InvalidTimestamp), ("1767225600000", R::TimestampInMilliseconds)]
    {
        set("USERHASH_PREVIOUS_SECRET_NOT_AFTER", Some(deadline));
        assert_eq!(from_env().0, expected, "{deadline}");
        assert!(last_error().starts_with("USERHASH_PREVIOUS_SECRET_NOT_AFTER "));
    }
    set("USERHASH_PREVIOUS_SECRET_NOT_AFTER", Some("1767225600"));
    let (rc, k) = from_env();
    assert_eq!(rc, R::Ok);
    assert_eq!(check_at(k, WHAT, WHAT_HASH, T0).key_index, 0);
    let old_hash = hmac_hex(b"old-secret", WHAT);
    assert_eq!(check_at(k, WHAT, &old_hash, T0 - 1).key_index, 1);
    assert_eq!(check_at(k, WHAT, &old_hash, T0).outcome, O::Expired);
    assert_eq!((key_id(k, 0), key_id(k, 1)), (Ok(&b"current"[..]), Ok(&b"previous"[..])));
    // SAFETY: a live keyring, freed once; a NULL output on purpose.
    unsafe {
        assert_eq!(userhash_keyring_from_env(null_mut()), R::NullParameter);
        userhash_keyring_free(k);
    }
    for name in
        ["USERHASH_SECRET", "USERHASH_PREVIOUS_SECRET", "USERHASH_PREVIOUS_SECRET_NOT_AFTER"]
    {
        set(name, None);
    }
}

/// `userhash_keyring_from_values` with `None` as NULL; the handle, or the result and the
/// message (the output checked untouched).
fn from_values(
    secret: Option<&[u8]>,
    previous: Option<&[u8]>,
    not_after: Option<&[u8]>,
) -> Result<*mut userhash_keyring, (R, String)> {
    let arg = |v: Option<&[u8]>| v.map_or((null(), 0), |v| (p(v), v.len()));
    let ((s, s_len), (pr, pr_len), (na, na_len)) = (arg(secret), arg(previous), arg(not_after));
    let mut k = dangling_mut();
    // SAFETY: each pointer is NULL or valid for its length; the output is writable.
    let rc = unsafe { userhash_keyring_from_values(s, s_len, pr, pr_len, na, na_len, &mut k) };
    if rc == R::Ok {
        Ok(k)
    } else {
        assert_eq!(k, dangling_mut(), "a failed call writes no handle");
        Err((rc, last_error()))
    }
}

#[test]
fn from_values_applies_the_rules_of_the_environment() {
    let missing =
        |name: &str| Err((R::MissingEnv, format!("environment variable {name} is not set")));
    assert_eq!(from_values(None, None, None), missing("USERHASH_SECRET"));
    assert_eq!(from_values(None, Some(b"old"), Some(b"1")), missing("USERHASH_SECRET"));
    assert_eq!(
        from_values(Some(JEFE), Some(b"old-secret"), None),
        missing("USERHASH_PREVIOUS_SECRET_NOT_AFTER")
    );
    let refused = |secret: &[u8], previous: &[u8], not_after: &[u8]| {
        from_values(Some(secret), Some(previous), Some(not_after)).map_err(|(rc, _)| rc)
    };
    // The secret, the previous secret, its not_after, and the result.
    type Case = (&'static [u8], &'static [u8], &'static [u8], R);
    let cases: [Case; 8] = [
        (JEFE, b"old-secret", b"soon", R::InvalidTimestamp),
        (JEFE, b"old-secret", b"-1", R::InvalidTimestamp),
        (JEFE, b"old-secret", b" 1767225600", R::InvalidTimestamp),
        (JEFE, b"old-secret", b"1767225600000", R::TimestampInMilliseconds),
        (b"Jefe\n", b"old-secret", b"1", R::SecretWhitespace),
        (b"\xff", b"old-secret", b"1", R::SecretNotUtf8),
        (JEFE, b"", b"1", R::EmptySecret),
        (JEFE, b"old-secret", b"\xff", R::InvalidTimestamp),
    ];
    for (secret, previous, not_after, expected) in cases {
        assert_eq!(refused(secret, previous, not_after), Err(expected));
    }
    let (rc, message) = from_values(Some(JEFE), Some(b"old-secret"), Some(b"-1")).unwrap_err();
    assert_eq!(
        (rc, message.as_str()),
        (
            R::InvalidTimestamp,
            "USERHASH_PREVIOUS_SECRET_NOT_AFTER must be a whole number of Unix seconds, not negative"
        )
    );

    let k = from_values(Some(JEFE), Some(b"old-secret"), Some(b"1767225600")).unwrap();
    let old_hash = hmac_hex(b"old-secret", WHAT);
    assert_eq!(event(&check_at(k, WHAT, WHAT_HASH, T0)), (O::Verified, R::Ok, 0, vec![]));
    assert_eq!(event(&check_at(k, WHAT, &old_hash, T0 - 1)), (O::Verified, R::Ok, 1, vec![]));
    assert_eq!(event(&check_at(k, WHAT, &old_hash, T0)).0, O::Expired);
    assert_eq!((key_id(k, 0), key_id(k, 1)), (Ok(&b"current"[..]), Ok(&b"previous"[..])));
    // SAFETY: a live keyring, freed once.
    unsafe { userhash_keyring_free(k) };

    // A deadline without a previous secret is not read.
    let k = from_values(Some(JEFE), None, Some(b"soon")).unwrap();
    assert_eq!((key_id(k, 0), key_id(k, 1)), (Ok(&b"current"[..]), Err(R::IndexOutOfRange)));
    // SAFETY (rest): a live keyring, freed once; lengths and NULL outputs on purpose.
    unsafe {
        userhash_keyring_free(k);
        let mut k = dangling_mut();
        for (rc, expected) in [
            (
                userhash_keyring_from_values(p(JEFE), 4, null(), 0, null(), 0, null_mut()),
                R::NullParameter,
            ),
            (
                userhash_keyring_from_values(p(JEFE), HUGE, null(), 0, null(), 0, &mut k),
                R::LengthOutOfRange,
            ),
            (
                userhash_keyring_from_values(p(JEFE), 4, p(JEFE), PAST_ISIZE, p(b"1"), 1, &mut k),
                R::LengthOutOfRange,
            ),
            (
                userhash_keyring_from_values(p(JEFE), 4, p(JEFE), 4, p(b"1"), HUGE, &mut k),
                R::LengthOutOfRange,
            ),
        ] {
            assert_eq!(rc, expected);
        }
        assert_eq!(k, dangling_mut());
    }
}

/// The widget JSON of a configuration, or the result and the message (the output checked
/// untouched).
fn widget_json(signer: *const userhash_signer, config: &[u8]) -> Result<String, (R, String)> {
    let mut out = unwritten();
    // SAFETY: a live signer (or NULL on purpose) and a valid config.
    let rc = unsafe { userhash_widget_json(signer, p(config), config.len(), &mut out) };
    if rc == R::Ok {
        Ok(take(out))
    } else {
        assert!(is_unwritten(&out), "a failed call writes no string");
        Err((rc, last_error()))
    }
}

/// The widget script of a configuration, or the result and the message.
fn widget_script(
    signer: *const userhash_signer,
    config: &[u8],
    nonce: Option<&[u8]>,
) -> Result<String, (R, String)> {
    let mut out = unwritten();
    let (nonce, nonce_len) = nonce.map_or((null(), 0), |n| (p(n), n.len()));
    // SAFETY: a live signer (or NULL on purpose) and valid inputs.
    let rc = unsafe {
        userhash_widget_script(signer, p(config), config.len(), nonce, nonce_len, &mut out)
    };
    if rc == R::Ok {
        Ok(take(out))
    } else {
        assert!(is_unwritten(&out), "a failed call writes no string");
        Err((rc, last_error()))
    }
}

/// A configuration with every user field, `change` applied to its JSON value.
fn full_config(preset: &str, change: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut config = json!({
        "preset": preset,
        "app_id": "app",
        "user": {
            "id": "what do ya want for nothing?",
            "name": "Jo",
            "email": "jo@example.com",
            "phone": "+15551234567",
            "profile_picture_url": "https://example.com/jo.png",
            "created_at": T0,
            "metadata": {"plan": "pro", "age": -5, "vip": true, "note": null},
        },
    });
    if preset == "generic" {
        config["global"] = json!("window.chat");
    } else {
        config["user"].as_object_mut().unwrap().remove("metadata");
    }
    change(&mut config);
    config.to_string().into_bytes()
}

#[test]
fn widget_snippets_follow_the_spec() {
    let s = signer(JEFE);
    let hash = std::str::from_utf8(WHAT_HASH).unwrap();
    let tau_json = format!(
        "{{\"appId\":\"app\",\"user\":{{\"id\":\"what do ya want for nothing?\",\"hash\":\"{hash}\",\
         \"name\":\"Jo\",\"email\":\"jo@example.com\",\"phone\":\"+15551234567\",\
         \"profile_picture_url\":\"https://example.com/jo.png\",\"created_at\":1767225600}}}}"
    );
    assert_eq!(widget_json(s, &full_config("tau", |_| ())), Ok(tau_json.clone()));
    let generic_json = format!(
        "{{\"appId\":\"app\",\"userId\":\"what do ya want for nothing?\",\"userHash\":\"{hash}\",\
         \"name\":\"Jo\",\"email\":\"jo@example.com\",\"phone\":\"+15551234567\",\
         \"profilePictureUrl\":\"https://example.com/jo.png\",\"createdAt\":1767225600,\
         \"metadata\":{{\"age\":-5,\"note\":null,\"plan\":\"pro\",\"vip\":true}}}}"
    );
    let generic = full_config("generic", |_| ());
    assert_eq!(widget_json(s, &generic), Ok(generic_json.clone()));
    assert_eq!(
        widget_script(s, &generic, Some(b"abc")),
        Ok(format!("<script nonce=\"abc\">window.chat = {generic_json};</script>"))
    );
    assert_eq!(
        widget_script(s, &full_config("tau", |_| ()), None),
        Ok(format!("<script>window.taubotConfig = {tau_json};</script>"))
    );
    // null is a field left out; no user is an anonymous visitor.
    let anonymous = br#"{"preset":"hal","app_id":"app","global":null,"user":null}"#;
    assert_eq!(widget_json(s, anonymous), Ok("{\"appId\":\"app\"}".into()));
    assert_eq!(
        widget_json(s, br#"{"preset":"hal","app_id":"app"}"#),
        Ok("{\"appId\":\"app\"}".into())
    );
    let no_name = full_config("tau", |c| c["user"]["name"] = Value::Null);
    assert_eq!(widget_json(s, &no_name), Ok(tau_json.replace("\"name\":\"Jo\",", "")));
    let no_metadata = full_config("generic", |c| c["user"]["metadata"] = json!({}));
    assert!(widget_json(s, &no_metadata).unwrap().ends_with("\"metadata\":{}}"));
    // An integer id is hashed in its decimal form.
    let integer = full_config("tau", |c| c["user"] = json!({"id": 42}));
    let hash_42 = String::from_utf8(hmac_hex(JEFE, b"42")).unwrap();
    assert_eq!(
        widget_json(s, &integer),
        Ok(format!("{{\"appId\":\"app\",\"user\":{{\"id\":\"42\",\"hash\":\"{hash_42}\"}}}}"))
    );
    // HTML-safe: no NUL or < reaches the output text.
    let escaped = full_config("tau", |c| c["user"]["name"] = json!("a\u{0}</script>"));
    assert!(widget_json(s, &escaped).unwrap().contains(r#""name":"a\u0000\u003c/script\u003e""#));
    // SAFETY: a live signer, freed once.
    unsafe { userhash_signer_free(s) };
}

#[test]
fn widget_configs_are_parsed_strictly() {
    let s = signer(JEFE);
    let code = |config: &[u8]| widget_json(s, config).map_err(|(rc, _)| rc);
    let message = |config: &[u8]| widget_json(s, config).unwrap_err().1;

    // Not the schema: invalid_widget_config, with serde's detail in the message.
    for config in [
        &b"{"[..],
        b"",
        b"null",
        b"[]",
        b"{\"preset\":\"hal\",\"app_id\":\"app\"} x",
        b"{\"app_id\":\"app\"}",
        b"{\"preset\":\"hal\",\"app_id\":5}",
        b"{\"preset\":\"hal\",\"app_id\":\"app\",\"global\":7}",
        b"{\"preset\":\"hal\",\"app_id\":\"app\",\"user\":\"u\"}",
        b"{\"preset\":\"hal\",\"app_id\":\"app\",\"user\":{}}",
        b"{\"preset\":\"hal\",\"app_id\":\"app\",\"user\":{\"id\":null}}",
        b"{\"preset\":\"hal\",\"app_id\":\"app\",\"user\":{\"id\":true}}",
        b"{\"preset\":\"hal\",\"app_id\":\"app\",\"user\":{\"id\":1.5}}",
        b"{\"preset\":\"hal\",\"app_id\":\"app\",\"user\":{\"id\":18446744073709551615}}",
        b"{\"preset\":\"hal\",\"app_id\":\"app\",\"user\":{\"id\":\"\\ud800\"}}",
        b"{\"preset\":\"hal\",\"app_id\":\"app\",\"user\":{\"id\":\"u\",\"metadata\":[]}}",
        b"{\"preset\":\"hal\",\"app_id\":\"app\",\"user\":{\"id\":\"u\",\"id\":\"v\"}}",
    ] {
        assert_eq!(
            code(config),
            Err(R::InvalidWidgetConfig),
            "{}",
            String::from_utf8_lossy(config)
        );
    }
    // A creation time of the wrong kind gets the timestamp rule's code, as in Node and Python.
    for created_at in [json!("soon"), json!(1.5)] {
        let config = json!({"preset": "tau", "app_id": "app", "user": {"id": "u", "created_at": created_at}});
        assert_eq!(code(config.to_string().as_bytes()), Err(R::InvalidTimestamp));
    }
    let unknown = full_config("hal", |c| c["colour"] = json!("red"));
    assert_eq!(code(&unknown), Err(R::InvalidWidgetConfig));
    assert!(
        message(&unknown)
            .starts_with("the widget configuration is not valid: unknown field `colour`")
    );
    let unknown_in_user = full_config("hal", |c| c["user"]["nickname"] = json!("J"));
    assert!(message(&unknown_in_user).contains("unknown field `nickname`"));
    let twice = br#"{"preset":"tau","app_id":"app","preset":"hal"}"#;
    assert_eq!(code(twice), Err(R::InvalidWidgetConfig));
    assert!(message(twice).contains("duplicate field `preset`"));
    assert!(message(b"{\"preset\":\"hal\",\"app_id\":5}").contains("invalid type"));

    // The schema, but not the rules: each field's own code.
    let with = |preset: &str, change: fn(&mut Value)| code(&full_config(preset, change));
    assert_eq!(
        code(br#"{"preset":"generic","app_id":"app","user":{"id":"u","metadata":{"plan":"a","plan":2}}}"#),
        Err(R::InvalidMetadata)
    );
    assert!(
        message(
            br#"{"preset":"generic","app_id":"app","user":{"id":"u","metadata":{"k":1,"k":1}}}"#
        )
        .starts_with("the metadata must be a flat object")
    );
    assert_eq!(
        with("generic", |c| c["user"]["metadata"]["list"] = json!([1])),
        Err(R::InvalidMetadata)
    );
    assert_eq!(
        with("generic", |c| c["user"]["metadata"]["obj"] = json!({})),
        Err(R::InvalidMetadata)
    );
    assert_eq!(
        with("generic", |c| c["user"]["metadata"]["f"] = json!(1.5)),
        Err(R::InvalidMetadata)
    );
    assert_eq!(
        with("generic", |c| c["user"]["metadata"]["big"] = json!(u64::MAX)),
        Err(R::InvalidMetadata)
    );
    assert_eq!(with("generic", |c| c["user"]["id"] = json!("")), Err(R::EmptyUserId));
    assert_eq!(with("generic", |c| c["user"]["email"] = json!("jo")), Err(R::InvalidEmail));
    assert_eq!(with("generic", |c| c["user"]["phone"] = json!("+155")), Err(R::InvalidPhone));
    assert_eq!(
        with("generic", |c| c["user"]["profile_picture_url"] = json!("https:/")),
        Err(R::InvalidUrl)
    );
    assert_eq!(
        with("generic", |c| c["user"]["created_at"] = json!(T0 * 1000)),
        Err(R::TimestampInMilliseconds)
    );
    assert_eq!(with("generic", |c| c["user"]["created_at"] = json!(-1)), Err(R::InvalidTimestamp));
    assert_eq!(with("chat", |_| ()), Err(R::UnknownPreset));
    assert_eq!(
        message(&full_config("chat", |_| ())),
        "unknown preset \"chat\" (expected tau, hal, generic, intercom, intercom-jwt, chatwoot, \
         crisp, helpscout, front, pylon, zendesk, canny or featurebase)"
    );
    assert_eq!(
        with("tau", |c| c["user"]["metadata"] = json!({"plan": "pro"})),
        Err(R::FieldNotInPreset)
    );
    assert_eq!(with("hal", |c| c["app_id"] = json!("")), Err(R::EmptyAppId));
    assert_eq!(with("generic", |c| c["global"] = json!("location")), Err(R::InvalidGlobalName));

    let generic = full_config("generic", |_| ());
    let script = |nonce: &[u8]| widget_script(s, &generic, Some(nonce)).map_err(|(rc, _)| rc);
    assert_eq!(script(b"a b"), Err(R::InvalidNonce));
    assert_eq!(script(b""), Err(R::InvalidNonce));
    assert_eq!(script(b"\xff"), Err(R::TextNotUtf8));
    let mut not_utf8 = full_config("hal", |c| c["user"]["name"] = json!("Jo"));
    let at = not_utf8.windows(2).position(|w| w == b"Jo").unwrap();
    not_utf8[at] = 0xff;
    assert_eq!(code(&not_utf8), Err(R::TextNotUtf8));

    // SAFETY (rest): pointers are valid for the lengths given, or NULL on purpose.
    unsafe {
        let mut out = unwritten();
        let json_with = |signer, config: *const c_char, len, out| {
            userhash_widget_json(signer, config, len, out)
        };
        let script_with =
            |signer, config: *const c_char, len, nonce: *const c_char, nonce_len, out| {
                userhash_widget_script(signer, config, len, nonce, nonce_len, out)
            };
        let n = generic.len();
        for (rc, expected) in [
            (json_with(null(), p(&generic), n, &mut out), R::NullParameter),
            (json_with(s, null(), n, &mut out), R::NullParameter),
            (json_with(s, p(&generic), n, null_mut()), R::NullParameter),
            (json_with(s, p(&generic), HUGE, &mut out), R::LengthOutOfRange),
            (json_with(s, p(&generic), PAST_ISIZE, &mut out), R::LengthOutOfRange),
            (script_with(null(), p(&generic), n, null(), 0, &mut out), R::NullParameter),
            (script_with(s, null(), n, null(), 0, &mut out), R::NullParameter),
            (script_with(s, p(&generic), n, null(), 0, null_mut()), R::NullParameter),
            (script_with(s, p(&generic), HUGE, null(), 0, &mut out), R::LengthOutOfRange),
            (script_with(s, p(&generic), n, p(b"abc"), HUGE, &mut out), R::LengthOutOfRange),
            (script_with(s, p(&generic), n, p(b"abc"), PAST_ISIZE, &mut out), R::LengthOutOfRange),
        ] {
            assert_eq!(rc, expected);
        }
        assert!(is_unwritten(&out));
        userhash_signer_free(s);
    }
}

/// Handles as C threads share them: the library says both may be used from many threads.
struct Shared(*mut userhash_signer, *mut userhash_keyring);
// SAFETY: a signer is immutable, and the keyring is configured before it is shared.
unsafe impl Sync for Shared {}

impl Shared {
    /// The handles, for a thread that borrows the whole `Shared` (not its fields).
    fn handles(&self) -> (*mut userhash_signer, *mut userhash_keyring) {
        (self.0, self.1)
    }
}

#[test]
fn one_signer_and_one_keyring_shared_by_threads() {
    let shared = Shared(signer(JEFE), keyring(b"k", JEFE));
    let failures = std::thread::scope(|scope| {
        let threads: Vec<_> = (0..2)
            .map(|_| {
                scope.spawn(|| {
                    let (s, k) = shared.handles();
                    assert_eq!(sign_with(s, WHAT), WHAT_HASH);
                    assert_eq!(check_at(k, WHAT, WHAT_HASH, T0).outcome, O::Verified);
                    let missing = check_at(k, WHAT, b"", T0);
                    assert_eq!(event(&missing), (O::Missing, R::Ok, -1, vec![]));
                    assert_eq!(key_id(k, 0), Ok(&b"k"[..]));
                    usize::from(missing.outcome != O::Verified)
                })
            })
            .collect();
        threads.into_iter().map(|t| t.join().unwrap()).sum::<usize>()
    });
    assert_eq!(failures, 2, "each thread reports its own failure event");
    // SAFETY: the threads have ended; each handle is freed once.
    unsafe {
        userhash_signer_free(shared.0);
        userhash_keyring_free(shared.1);
    }
}

/// A buffer of `size` bytes that starts with `input`.
fn holding(input: &[u8], size: usize) -> Vec<u8> {
    let mut bytes = vec![0; size];
    bytes[..input.len()].copy_from_slice(input);
    bytes
}

#[test]
fn an_output_may_be_the_buffer_of_an_input() {
    let s = signer(JEFE);
    let k = keyring(b"k", JEFE);
    // SAFETY (whole test): each buffer is valid for every length given, as input and output.
    unsafe {
        let mut b = holding(WHAT, 65);
        let both = buf(&mut b);
        assert_eq!(userhash_sign(p(JEFE), 4, both, WHAT.len(), both, 65), R::Ok);
        assert_eq!(hash_of(&b), WHAT_HASH, "one-shot, id in the output");
        let mut b = holding(JEFE, 65);
        let both = buf(&mut b);
        assert_eq!(userhash_sign(both, 4, p(WHAT), WHAT.len(), both, 65), R::Ok);
        assert_eq!(hash_of(&b), WHAT_HASH, "one-shot, secret in the output");
        let mut b = holding(WHAT, 65);
        let both = buf(&mut b);
        assert_eq!(userhash_signer_sign(s, both, WHAT.len(), both, 65), R::Ok);
        assert_eq!(hash_of(&b), WHAT_HASH, "signer");
        let mut b = holding(WHAT, 65);
        let both = buf(&mut b);
        assert_eq!(userhash_keyring_sign(k, both, WHAT.len(), both, 65), R::Ok);
        assert_eq!(hash_of(&b), WHAT_HASH, "keyring");

        let mut b = holding(&[WHAT, WHAT].concat(), 129);
        let both = buf(&mut b);
        let lengths = [WHAT.len(); 2];
        assert_eq!(userhash_signer_sign_many(s, both, lengths.as_ptr(), 2, both, 129), R::Ok);
        assert_eq!((&b[..64], &b[64..128], b[128]), (WHAT_HASH, WHAT_HASH, 0), "sign_many");

        let mut expected = [0u8; USERHASH_TOKEN_BUF_LEN];
        let rc =
            userhash_keyring_issue_token_at(k, p(WHAT), WHAT.len(), T0, buf(&mut expected), 88);
        assert_eq!(rc, R::Ok);
        let mut b = holding(WHAT, 88);
        let both = buf(&mut b);
        let rc = userhash_keyring_issue_token_at(k, both, WHAT.len(), T0, both, 88);
        assert_eq!((rc, b.as_slice()), (R::Ok, &expected[..]), "token");

        let mut b = holding(b"42", USERHASH_INTEGER_ID_BUF_LEN);
        let mut len = 0;
        let rc = userhash_integer_id(-7, buf(&mut b), b.len(), &mut len);
        assert_eq!((rc, &b[..len + 1]), (R::Ok, &b"-7\0"[..]), "integer id");

        userhash_signer_free(s);
        userhash_keyring_free(k);
    }
}

#[test]
fn a_signer_from_an_env_value_the_caller_read() {
    let name = b"MY_WIDGET_SECRET";
    let mut signer = null_mut();
    // SAFETY: valid pointers and lengths; a NULL value is the variable not being set.
    let result =
        unsafe { userhash_signer_from_env_value(p(name), name.len(), null(), 0, &mut signer) };
    assert_eq!(result, R::MissingEnv);
    assert!(signer.is_null(), "no handle on failure");
    assert_eq!(last_error(), "environment variable MY_WIDGET_SECRET is not set");
    // SAFETY: as above.
    let result = unsafe {
        userhash_signer_from_env_value(p(name), name.len(), p(b"Jefe\n"), 5, &mut signer)
    };
    assert_eq!(result, R::SecretWhitespace);
    // SAFETY: as above.
    let result = unsafe {
        userhash_signer_from_env_value(p(name), name.len(), p(JEFE), JEFE.len(), &mut signer)
    };
    assert_eq!(result, R::Ok);
    let mut hash = [0u8; USERHASH_HASH_BUF_LEN];
    // SAFETY: a live handle, the id and a buffer of USERHASH_HASH_BUF_LEN bytes.
    let result =
        unsafe { userhash_signer_sign(signer, p(WHAT), WHAT.len(), buf(&mut hash), hash.len()) };
    assert_eq!(result, R::Ok);
    assert_eq!(&hash[..64], WHAT_HASH);
    // SAFETY: the handle from above, freed once.
    unsafe { userhash_signer_free(signer) };
    // SAFETY: NULL pointers and impossible lengths are refused before anything is read.
    unsafe {
        let mut sentinel = dangling_mut::<userhash_signer>();
        let from = |name: &[u8], name_len, value: *const c_char, value_len, out| {
            userhash_signer_from_env_value(p(name), name_len, value, value_len, out)
        };
        for (rc, expected) in [
            (
                userhash_signer_from_env_value(null(), 3, p(JEFE), 4, &mut sentinel),
                R::NullParameter,
            ),
            (from(name, name.len(), p(JEFE), 4, null_mut()), R::NullParameter),
            (from(b"\xff", 1, p(JEFE), 4, &mut sentinel), R::TextNotUtf8),
            (from(b"\xff", 1, null(), 0, &mut sentinel), R::TextNotUtf8),
            (from(name, HUGE, p(JEFE), 4, &mut sentinel), R::LengthOutOfRange),
            (from(name, name.len(), p(JEFE), PAST_ISIZE, &mut sentinel), R::LengthOutOfRange),
            (from(name, name.len(), p(b"\xff"), 1, &mut sentinel), R::SecretNotUtf8),
        ] {
            assert_eq!(rc, expected);
        }
        assert_eq!(sentinel, dangling_mut(), "failed calls write no handle");
    }
}
