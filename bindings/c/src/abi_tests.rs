//! Every `extern "C"` function, called as C would call it: valid inputs, NULL pointers,
//! short buffers, bad inputs and impossible sizes, with every result asserted. Plain
//! `cargo test` runs it; its purpose is Miri, which checks the unsafe code under each call
//! (`scripts/miri`). Expected hashes are RFC 4231's HMAC-SHA256 test cases 1 and 2.

use std::ffi::{CStr, c_char, c_void};
use std::ptr::{dangling_mut, null, null_mut};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::result::userhash_result as R;
use crate::*;

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
/// A length no object can have.
const HUGE: usize = usize::MAX;

fn p(bytes: &[u8]) -> *const c_char {
    bytes.as_ptr().cast()
}

fn buf(bytes: &mut [u8]) -> *mut c_char {
    bytes.as_mut_ptr().cast()
}

fn text(ptr: *const c_char) -> &'static str {
    assert!(!ptr.is_null());
    // SAFETY: every string the library returns is static and NUL-terminated.
    unsafe { CStr::from_ptr(ptr) }.to_str().unwrap()
}

/// A hash buffer filled with `Z`, to see that a failure leaves it untouched.
fn fresh() -> [u8; USERHASH_HASH_BUF_LEN] {
    [b'Z'; USERHASH_HASH_BUF_LEN]
}

fn hash_of(out: &[u8]) -> &[u8] {
    assert_eq!(out[64], 0, "a hash ends with a NUL");
    &out[..64]
}

fn signer(secret: &[u8]) -> *mut userhash_signer {
    let mut signer = null_mut();
    // SAFETY: valid pointers and lengths.
    assert_eq!(
        unsafe { userhash_signer_new(p(secret), secret.len(), &mut signer) },
        R::Ok
    );
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

fn check_at(
    keyring: *const userhash_keyring,
    id: &[u8],
    hash: &[u8],
    now: i64,
) -> userhash_verification {
    let mut v = userhash_verification {
        outcome: userhash_outcome::Verified,
        reason: R::Panic,
        key_index: 99,
    };
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
                "NULL secret",
            ),
            (
                userhash_sign(p(JEFE), 4, null(), 1, buf(&mut short), 65),
                R::NullParameter,
                "NULL id",
            ),
            (
                userhash_sign(p(JEFE), 4, p(WHAT), 4, null_mut(), 65),
                R::NullParameter,
                "NULL out",
            ),
            (
                userhash_sign(p(JEFE), 4, p(WHAT), 4, buf(&mut short), 64),
                R::BufferTooSmall,
                "64 bytes",
            ),
            (
                userhash_sign(p(JEFE), 4, p(b""), 0, buf(&mut short), 65),
                R::EmptyUserId,
                "empty id",
            ),
            (
                userhash_sign(p(b"k "), 2, p(WHAT), 4, buf(&mut short), 65),
                R::SecretWhitespace,
                "space",
            ),
            (
                userhash_sign(p(b"\xff"), 1, p(WHAT), 4, buf(&mut short), 65),
                R::SecretNotUtf8,
                "not UTF-8",
            ),
            (
                userhash_sign(p(JEFE), HUGE, p(WHAT), 4, buf(&mut short), 65),
                R::LengthOutOfRange,
                "huge secret",
            ),
            (
                userhash_sign(p(JEFE), 4, p(WHAT), HUGE, buf(&mut short), 65),
                R::LengthOutOfRange,
                "huge id",
            ),
            (
                userhash_sign(p(JEFE), 4, p(WHAT), 4, buf(&mut short), HUGE),
                R::LengthOutOfRange,
                "huge out",
            ),
        ] {
            assert_eq!(rc, expected, "{what}");
        }
        assert_eq!(short, fresh(), "failed calls leave the buffer untouched");

        let upper = WHAT_HASH.to_ascii_uppercase();
        for (hash, expected) in [
            (WHAT_HASH, true),
            (&upper[..], true),
            (HI_HASH, false),
            (b"5bdc", false),
        ] {
            let mut valid = !expected;
            let rc = userhash_verify(
                p(JEFE),
                4,
                p(WHAT),
                WHAT.len(),
                p(hash),
                hash.len(),
                &mut valid,
            );
            assert_eq!((rc, valid), (R::Ok, expected));
        }
        let mut valid = true;
        assert_eq!(
            userhash_verify(
                p(JEFE),
                4,
                p(WHAT),
                WHAT.len(),
                p(WHAT_HASH),
                64,
                null_mut()
            ),
            R::NullParameter
        );
        assert_eq!(
            userhash_verify(p(JEFE), 4, p(b""), 0, p(WHAT_HASH), 64, &mut valid),
            R::EmptyUserId
        );
        assert_eq!(
            userhash_verify(
                p(JEFE),
                4,
                p(WHAT),
                WHAT.len(),
                p(WHAT_HASH),
                HUGE,
                &mut valid
            ),
            R::LengthOutOfRange
        );
        assert!(valid, "failed verifies leave valid_out untouched");
    }
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
            (
                userhash_signer_new(null(), 4, &mut sentinel),
                R::NullParameter,
            ),
            (
                userhash_signer_new(p(JEFE), 4, null_mut()),
                R::NullParameter,
            ),
            (
                userhash_signer_new(p(b""), 0, &mut sentinel),
                R::EmptySecret,
            ),
            (
                userhash_signer_new(p(b"Jefe\n"), 5, &mut sentinel),
                R::SecretWhitespace,
            ),
            (
                userhash_signer_new(p(JEFE), HUGE, &mut sentinel),
                R::LengthOutOfRange,
            ),
            (
                userhash_signer_new_bytes(p(b""), 0, &mut sentinel),
                R::EmptySecret,
            ),
            (
                userhash_signer_new_bytes(p(HI_KEY), HUGE, &mut sentinel),
                R::LengthOutOfRange,
            ),
        ] {
            assert_eq!(rc, expected);
        }
        assert_eq!(
            sentinel,
            dangling_mut(),
            "failed constructors leave the handle untouched"
        );

        let mut out = fresh();
        for (rc, expected) in [
            (
                userhash_signer_sign(null(), p(HI), 8, buf(&mut out), 65),
                R::NullParameter,
            ),
            (
                userhash_signer_sign(jefe, null(), 8, buf(&mut out), 65),
                R::NullParameter,
            ),
            (
                userhash_signer_sign(jefe, p(HI), 8, buf(&mut out), 0),
                R::BufferTooSmall,
            ),
            (
                userhash_signer_sign(jefe, p(HI), HUGE, buf(&mut out), 65),
                R::LengthOutOfRange,
            ),
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
            (
                userhash_signer_verify(jefe, p(HI), 8, null(), 64, &mut valid),
                R::NullParameter,
            ),
            (
                userhash_signer_verify(jefe, p(HI), 8, p(HI_HASH), 64, null_mut()),
                R::NullParameter,
            ),
            (
                userhash_signer_verify(jefe, p(b""), 0, p(HI_HASH), 64, &mut valid),
                R::EmptyUserId,
            ),
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
        assert_eq!(
            sign_many(p(&ids), lengths.as_ptr(), 3, &mut out, 193),
            R::Ok
        );
        let hi_under_jefe = sign_with(jefe, HI);
        assert_eq!(&out[..64], WHAT_HASH);
        assert_eq!(&out[64..128], &hi_under_jefe[..]);
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
            (
                sign_many(p(&ids), null(), 3, &mut untouched, 193),
                R::NullParameter,
                "NULL lengths",
            ),
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
        assert!(
            untouched.iter().all(|&b| b == b'Z'),
            "failed batches write nothing"
        );
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
        assert_eq!(
            userhash_generate_secret(buf(&mut secret), 64),
            R::BufferTooSmall
        );
        assert_eq!(secret, [b'Z'; USERHASH_SECRET_BUF_LEN]);
        assert_eq!(userhash_generate_secret(null_mut(), 65), R::NullParameter);
        assert_eq!(
            userhash_generate_secret(buf(&mut secret), HUGE),
            R::LengthOutOfRange
        );
        assert_eq!(userhash_generate_secret(buf(&mut secret), 65), R::Ok);
        assert_eq!(userhash_generate_secret(buf(&mut other), 65), R::Ok);
        assert!(
            secret[..64]
                .iter()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
                && secret[64] == 0
        );
        assert_ne!(secret, other, "two secrets differ");
        userhash_signer_free(signer(&secret[..64])); // a generated secret is a valid text secret

        let mut id = [b'Z'; USERHASH_INTEGER_ID_BUF_LEN];
        let mut len = 99;
        assert_eq!(
            userhash_integer_id(42, buf(&mut id), 2, &mut len),
            R::BufferTooSmall
        );
        assert_eq!((id[0], len), (b'Z', 99));
        assert_eq!(
            userhash_integer_id(42, buf(&mut id), 21, null_mut()),
            R::NullParameter
        );
        assert_eq!(
            userhash_integer_id(42, null_mut(), 21, &mut len),
            R::NullParameter
        );
        assert_eq!(
            userhash_integer_id(42, buf(&mut id), HUGE, &mut len),
            R::LengthOutOfRange
        );
        assert_eq!(
            userhash_integer_id(i64::MIN, buf(&mut id), 21, &mut len),
            R::Ok
        );
        assert_eq!(&id[..len + 1], b"-9223372036854775808\0");
    }

    assert_eq!(text(userhash_version()), env!("CARGO_PKG_VERSION"));
    for (value, code) in [
        (0, "ok"),
        (7, "empty_user_id"),
        (29, "timestamp_in_milliseconds"),
    ] {
        assert_eq!(text(userhash_result_code(value)), code);
    }
    assert_eq!(text(userhash_result_code(105)), "length_out_of_range");
    for value in 0..=200 {
        let (code, message) = (userhash_result_code(value), userhash_error_message(value));
        assert_eq!(code.is_null(), message.is_null(), "{value}");
        if !code.is_null() {
            assert!(!text(message).is_empty());
        }
    }
    for value in [30, 99, 106, u32::MAX] {
        assert!(userhash_result_code(value).is_null() && userhash_error_message(value).is_null());
    }
    let names: Vec<_> = (1..=5).map(|o| text(userhash_outcome_name(o))).collect();
    assert_eq!(
        names,
        ["verified", "missing", "malformed", "mismatch", "expired"]
    );
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
        assert_eq!(
            (v.outcome, v.reason, v.key_index),
            (userhash_outcome::Verified, R::Ok, 0)
        );
        let v = check_at(k, HI, HI_HASH, retire - 1);
        assert_eq!((v.outcome, v.key_index), (userhash_outcome::Verified, 1));
        let v = check_at(k, HI, HI_HASH, retire);
        assert_eq!((v.outcome, v.key_index), (userhash_outcome::Expired, 1));
        let v = check_at(k, WHAT, HI_HASH, T0);
        assert_eq!((v.outcome, v.key_index), (userhash_outcome::Mismatch, -1));
        let v = check_at(k, WHAT, b"", T0);
        assert_eq!((v.outcome, v.key_index), (userhash_outcome::Missing, -1));
        let v = check_at(k, WHAT, b"zz", T0);
        assert_eq!(
            (v.outcome, v.reason),
            (userhash_outcome::Malformed, R::HashWrongLength)
        );

        // NULL now: the current time, long after T0 + 1 day.
        let mut v = check_at(k, WHAT, b"", T0);
        let rc = userhash_keyring_verify_detailed(k, p(HI), 8, p(HI_HASH), 64, null(), &mut v);
        assert_eq!((rc, v.outcome), (R::Ok, userhash_outcome::Expired));

        let mut id = [b'Z'; 8];
        let mut len = 0;
        assert_eq!(
            userhash_keyring_key_id(k, 1, buf(&mut id), 8, &mut len),
            R::Ok
        );
        assert_eq!(&id[..len + 1], b"old\0");
        let mut short = [b'Z'; 3];
        assert_eq!(
            userhash_keyring_key_id(k, 0, buf(&mut short), 3, &mut len),
            R::BufferTooSmall
        );
        assert_eq!((short, len), ([b'Z'; 3], 3));
        for (rc, expected) in [
            (
                userhash_keyring_key_id(k, 2, buf(&mut id), 8, &mut len),
                R::IndexOutOfRange,
            ),
            (
                userhash_keyring_key_id(null(), 0, buf(&mut id), 8, &mut len),
                R::NullParameter,
            ),
            (
                userhash_keyring_key_id(k, 0, null_mut(), 8, &mut len),
                R::NullParameter,
            ),
            (
                userhash_keyring_key_id(k, 0, buf(&mut id), 8, null_mut()),
                R::NullParameter,
            ),
            (
                userhash_keyring_key_id(k, 0, buf(&mut id), HUGE, &mut len),
                R::LengthOutOfRange,
            ),
            (
                userhash_keyring_key_count(null(), &mut count),
                R::NullParameter,
            ),
            (userhash_keyring_key_count(k, null_mut()), R::NullParameter),
        ] {
            assert_eq!(rc, expected);
        }

        let mut v = check_at(k, WHAT, b"", T0);
        for (rc, expected) in [
            (
                userhash_keyring_sign(null(), p(HI), 8, buf(&mut out), 65),
                R::NullParameter,
            ),
            (
                userhash_keyring_sign(k, p(b""), 0, buf(&mut out), 65),
                R::EmptyUserId,
            ),
            (
                userhash_keyring_sign(k, p(HI), HUGE, buf(&mut out), 65),
                R::LengthOutOfRange,
            ),
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
        assert_eq!(
            v.outcome,
            userhash_outcome::Missing,
            "failed calls leave the result untouched"
        );

        let (a, b, ms, negative) = (T0, T0, T0 * 1000, -1);
        let mut sentinel = dangling_mut::<userhash_keyring>();
        for (rc, expected) in [
            (
                userhash_keyring_add(k, p(b"old"), 3, p(b"x"), 1, null(), null()),
                R::DuplicateKeyId,
            ),
            (
                userhash_keyring_add(k, p(b""), 0, p(b"x"), 1, null(), null()),
                R::EmptyKeyId,
            ),
            (
                userhash_keyring_add(k, p(b"w"), 1, p(b"x"), 1, &a, &b),
                R::InvalidKeyWindow,
            ),
            (
                userhash_keyring_add(k, p(b"w"), 1, p(b"x"), 1, &ms, null()),
                R::TimestampInMilliseconds,
            ),
            (
                userhash_keyring_add(k, p(b"w"), 1, p(b"x"), 1, null(), &negative),
                R::InvalidTimestamp,
            ),
            (
                userhash_keyring_add(k, p(b"\xff"), 1, p(b"x"), 1, null(), null()),
                R::TextNotUtf8,
            ),
            (
                userhash_keyring_add(k, p(b"w"), 1, p(b"x\n"), 2, null(), null()),
                R::SecretWhitespace,
            ),
            (
                userhash_keyring_add(k, p(b"w"), HUGE, p(b"x"), 1, null(), null()),
                R::LengthOutOfRange,
            ),
            (
                userhash_keyring_add(null_mut(), p(b"w"), 1, p(b"x"), 1, null(), null()),
                R::NullParameter,
            ),
            (
                userhash_keyring_add_bytes(k, p(b"w"), 1, null(), 1, null(), null()),
                R::NullParameter,
            ),
            (
                userhash_keyring_add_bytes(k, p(b"w"), 1, p(b"x"), HUGE, null(), null()),
                R::LengthOutOfRange,
            ),
            (
                userhash_keyring_new(null(), 1, p(JEFE), 4, &mut sentinel),
                R::NullParameter,
            ),
            (
                userhash_keyring_new(p(b"k"), 1, p(JEFE), 4, null_mut()),
                R::NullParameter,
            ),
            (
                userhash_keyring_new(p(b""), 0, p(JEFE), 4, &mut sentinel),
                R::EmptyKeyId,
            ),
            (
                userhash_keyring_new(p(b"k"), 1, p(b" Jefe"), 5, &mut sentinel),
                R::SecretWhitespace,
            ),
            (
                userhash_keyring_new(p(b"k"), HUGE, p(JEFE), 4, &mut sentinel),
                R::LengthOutOfRange,
            ),
            (
                userhash_keyring_new_bytes(p(b"k"), 1, p(b""), 0, &mut sentinel),
                R::EmptySecret,
            ),
            (
                userhash_keyring_new_bytes(p(b"k"), 1, p(HI_KEY), HUGE, &mut sentinel),
                R::LengthOutOfRange,
            ),
        ] {
            assert_eq!(rc, expected);
        }
        assert_eq!(sentinel, dangling_mut());
        assert_eq!(userhash_keyring_key_count(k, &mut count), R::Ok);
        assert_eq!(count, 2, "failed adds added nothing");

        let mut bytes_keyring = null_mut();
        let rc = userhash_keyring_new_bytes(p(b"k"), 1, p(HI_KEY), 20, &mut bytes_keyring);
        assert_eq!(rc, R::Ok);
        assert_eq!(
            check_at(bytes_keyring, HI, HI_HASH, T0).outcome,
            userhash_outcome::Verified
        );
        userhash_keyring_free(bytes_keyring);
        userhash_keyring_free(k);
        userhash_keyring_free(null_mut());
    }
}

fn verify_token(
    k: *const userhash_keyring,
    token: &[u8],
    now: i64,
    leeway: u64,
) -> userhash_verification {
    let mut v = userhash_verification {
        outcome: userhash_outcome::Verified,
        reason: R::Panic,
        key_index: 99,
    };
    // SAFETY: a live keyring and valid pointers.
    let rc = unsafe {
        userhash_keyring_verify_token(k, p(HI), 8, p(token), token.len(), &now, leeway, &mut v)
    };
    assert_eq!(rc, R::Ok);
    v
}

#[test]
fn tokens_expire_and_refuse_millisecond_expiries() {
    let k = keyring(b"k", JEFE);
    let mut token = [b'Z'; USERHASH_TOKEN_BUF_LEN];
    // SAFETY (whole test): pointers are valid for the lengths given, or NULL on purpose.
    unsafe {
        let rc = userhash_keyring_issue_token_at(k, p(HI), 8, T0 + 60, buf(&mut token), 88);
        assert_eq!(rc, R::Ok);
        let len = token.iter().position(|&b| b == 0).unwrap();
        let issued = token[..len].to_vec();
        assert!(issued.starts_with(b"v1.1767225660.") && issued.len() == 14 + 64);

        let at = |now, leeway| verify_token(k, &issued, now, leeway);
        assert_eq!(
            (at(T0 + 59, 0).outcome, at(T0 + 59, 0).key_index),
            (userhash_outcome::Verified, 0)
        );
        assert_eq!(at(T0 + 60, 0).outcome, userhash_outcome::Expired);
        assert_eq!(at(T0 + 89, 30).outcome, userhash_outcome::Verified);
        assert_eq!(at(T0 + 90, 30).outcome, userhash_outcome::Expired);
        let mut tampered = issued.clone();
        tampered[len - 1] ^= 1;
        assert_eq!(
            verify_token(k, &tampered, T0, 0).outcome,
            userhash_outcome::Mismatch
        );
        let v = verify_token(k, b"v9.1.x", T0, 0);
        assert_eq!(
            (v.outcome, v.reason),
            (userhash_outcome::Malformed, R::TokenVersion)
        );
        let ms_token = [b"v1.1767225600000.", WHAT_HASH].concat();
        let v = verify_token(k, &ms_token, T0, 0);
        assert_eq!(
            (v.outcome, v.reason),
            (userhash_outcome::Malformed, R::TimestampInMilliseconds)
        );
        assert_eq!(
            verify_token(k, b"", T0, 0).outcome,
            userhash_outcome::Missing
        );

        // A ttl from now, checked at the current time (NULL now).
        let rc = userhash_keyring_issue_token(k, p(HI), 8, 60, buf(&mut token), 88);
        assert_eq!(rc, R::Ok);
        let len = token.iter().position(|&b| b == 0).unwrap();
        let mut v = verify_token(k, b"", T0, 0);
        let rc = userhash_keyring_verify_token(k, p(HI), 8, p(&token), len, null(), 0, &mut v);
        assert_eq!((rc, v.outcome), (R::Ok, userhash_outcome::Verified));

        let mut out = [b'Z'; USERHASH_TOKEN_BUF_LEN];
        for (rc, expected) in [
            (
                userhash_keyring_issue_token(k, p(HI), 8, u64::MAX, buf(&mut out), 88),
                R::TimestampInMilliseconds,
            ),
            (
                userhash_keyring_issue_token(k, p(HI), 8, 60, buf(&mut out), 87),
                R::BufferTooSmall,
            ),
            (
                userhash_keyring_issue_token(k, p(b""), 0, 60, buf(&mut out), 88),
                R::EmptyUserId,
            ),
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
            (
                userhash_keyring_issue_token_at(k, p(HI), 8, T0, null_mut(), 88),
                R::NullParameter,
            ),
            (
                userhash_keyring_issue_token_at(k, p(HI), 8, T0, buf(&mut out), HUGE),
                R::LengthOutOfRange,
            ),
        ] {
            assert_eq!(rc, expected);
        }
        assert_eq!(out, [b'Z'; USERHASH_TOKEN_BUF_LEN]);
        for (rc, expected) in [
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
                userhash_keyring_verify_token(k, p(HI), 8, p(&token), HUGE, null(), 0, &mut v),
                R::LengthOutOfRange,
            ),
        ] {
            assert_eq!(rc, expected);
        }
        userhash_keyring_free(k);
    }
}

/// What the failure callback saw, copied out of the event.
#[derive(Debug, PartialEq)]
struct Seen {
    outcome: userhash_outcome,
    reason: R,
    key_id: Option<Vec<u8>>,
    user_id: Vec<u8>,
    hash_prefix: Vec<u8>,
}

/// Copies a text of the event, checking its NUL terminator.
///
/// # Safety
/// `ptr` points to `len` bytes and a NUL.
unsafe fn event_text(ptr: *const c_char, len: usize) -> Vec<u8> {
    // SAFETY: forwarded from the caller's contract.
    let with_nul = unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), len + 1) };
    assert_eq!(with_nul[len], 0);
    with_nul[..len].to_vec()
}

unsafe extern "C" fn record(event: *const userhash_failure_event, seen: *mut c_void) {
    // SAFETY: the library passes a live event; user_data is the Mutex the test registered.
    let (event, seen) = unsafe { (&*event, &*seen.cast::<Mutex<Vec<Seen>>>()) };
    // SAFETY: the event's texts are valid during the call.
    let copy = unsafe {
        Seen {
            outcome: event.outcome,
            reason: event.reason,
            key_id: (!event.key_id.is_null()).then(|| event_text(event.key_id, event.key_id_len)),
            user_id: event_text(event.user_id, event.user_id_len),
            hash_prefix: event_text(event.hash_prefix, event.hash_prefix_len),
        }
    };
    seen.lock().unwrap().push(copy);
}

fn explain(
    k: *const userhash_keyring,
    id: &[u8],
    hash: &[u8],
    email: Option<&[u8]>,
) -> (R, &'static str, String) {
    let mut code = c"none".as_ptr();
    let mut message = [b'Z'; 512];
    let mut len = 0;
    let (email, email_len) = email.map_or((null(), 0), |e| (p(e), e.len()));
    let now = T0;
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
            &now,
            &mut code,
            buf(&mut message),
            message.len(),
            &mut len,
        )
    };
    (
        rc,
        text(code),
        String::from_utf8(message[..len].to_vec()).unwrap(),
    )
}

#[test]
fn explain_and_the_failure_callback() {
    let seen = Mutex::new(Vec::<Seen>::new());
    let user_data = (&raw const seen).cast_mut().cast::<c_void>();
    let k = keyring(b"new", JEFE);
    let retire = T0;
    // SAFETY (whole test): pointers are valid for the lengths given, or NULL on purpose; the
    // callback and `seen` outlive every verification of `k`.
    unsafe {
        assert_eq!(
            userhash_keyring_add_bytes(k, p(b"old"), 3, p(HI_KEY), 20, null(), &retire),
            R::Ok
        );
        assert_eq!(
            userhash_keyring_on_failure(k, Some(record), user_data),
            R::Ok
        );
        assert_eq!(
            userhash_keyring_on_failure(null_mut(), Some(record), user_data),
            R::NullParameter
        );

        check_at(k, WHAT, WHAT_HASH, T0);
        assert!(
            seen.lock().unwrap().is_empty(),
            "no event for a verified hash"
        );
        check_at(k, WHAT, HI_HASH, T0);
        check_at(k, HI, HI_HASH, T0);
        verify_token(k, b"v9.x", T0, 0);
        let expected = [
            Seen {
                outcome: userhash_outcome::Mismatch,
                reason: R::Ok,
                key_id: None,
                user_id: WHAT.to_vec(),
                hash_prefix: HI_HASH[..8].to_vec(),
            },
            Seen {
                outcome: userhash_outcome::Expired,
                reason: R::Ok,
                key_id: Some(b"old".to_vec()),
                user_id: HI.to_vec(),
                hash_prefix: HI_HASH[..8].to_vec(),
            },
            Seen {
                outcome: userhash_outcome::Malformed,
                reason: R::TokenVersion,
                key_id: None,
                user_id: HI.to_vec(),
                hash_prefix: b"v9.x".to_vec(),
            },
        ];
        assert_eq!(*seen.lock().unwrap(), expected);

        let (rc, code, message) = explain(k, WHAT, WHAT_HASH, None);
        assert_eq!((rc, code), (R::Ok, "verified"));
        assert!(!message.is_empty());
        assert_eq!(
            seen.lock().unwrap().len(),
            3,
            "no event for an explain that verifies"
        );
        let upper = WHAT_HASH.to_ascii_uppercase();
        assert_eq!(explain(k, WHAT, &upper, None).1, "uppercase_hash");
        assert_eq!(
            explain(k, b"someone", WHAT_HASH, Some(WHAT)).1,
            "email_instead_of_id"
        );
        let (_, code, message) = explain(k, WHAT, HI_HASH, None);
        assert_eq!(code, "unknown");
        assert!(!message.contains("Jefe"), "{message}");
        assert_eq!(
            seen.lock().unwrap().len(),
            5,
            "each explain that does not verify is reported"
        );

        let (mut code, mut short, mut len) = (c"none".as_ptr(), [b'Z'; 4], 0);
        let now = T0;
        let rc = userhash_keyring_explain(
            k,
            p(WHAT),
            WHAT.len(),
            p(WHAT_HASH),
            64,
            null(),
            0,
            &now,
            &mut code,
            buf(&mut short),
            4,
            &mut len,
        );
        assert_eq!(
            (rc, text(code), short),
            (R::BufferTooSmall, "none", [b'Z'; 4])
        );
        assert!(len > 4, "the length to allocate is reported");
        let mut message = [0u8; 512];
        let explain_with =
            |id: &[u8], hash: *const c_char, email_len, code, out: &mut [u8], out_len, len| {
                userhash_keyring_explain(
                    k,
                    p(id),
                    id.len(),
                    hash,
                    64,
                    p(WHAT),
                    email_len,
                    null(),
                    code,
                    buf(out),
                    out_len,
                    len,
                )
            };
        for (rc, expected) in [
            (
                explain_with(
                    WHAT,
                    p(WHAT_HASH),
                    0,
                    null_mut(),
                    &mut message,
                    512,
                    &mut len,
                ),
                R::NullParameter,
            ),
            (
                explain_with(
                    WHAT,
                    p(WHAT_HASH),
                    0,
                    &mut code,
                    &mut message,
                    512,
                    null_mut(),
                ),
                R::NullParameter,
            ),
            (
                explain_with(WHAT, null(), 0, &mut code, &mut message, 512, &mut len),
                R::NullParameter,
            ),
            (
                explain_with(b"", p(WHAT_HASH), 0, &mut code, &mut message, 512, &mut len),
                R::EmptyUserId,
            ),
            (
                explain_with(
                    WHAT,
                    p(WHAT_HASH),
                    HUGE,
                    &mut code,
                    &mut message,
                    512,
                    &mut len,
                ),
                R::LengthOutOfRange,
            ),
            (
                explain_with(
                    WHAT,
                    p(WHAT_HASH),
                    0,
                    &mut code,
                    &mut message,
                    HUGE,
                    &mut len,
                ),
                R::LengthOutOfRange,
            ),
        ] {
            assert_eq!(rc, expected);
        }
        let rc = userhash_keyring_explain(
            null(),
            p(WHAT),
            4,
            p(WHAT_HASH),
            64,
            null(),
            0,
            null(),
            &mut code,
            buf(&mut message),
            512,
            &mut len,
        );
        assert_eq!(rc, R::NullParameter);
        assert_eq!(text(code), "none");

        // The one-shot form, with a text secret and no keyring (so no callback).
        let rc = userhash_explain(
            p(JEFE),
            4,
            p(WHAT),
            WHAT.len(),
            p(&upper),
            64,
            null(),
            0,
            &mut code,
            buf(&mut message),
            512,
            &mut len,
        );
        assert_eq!((rc, text(code)), (R::Ok, "uppercase_hash"));
        for (rc, expected) in [
            (
                userhash_explain(
                    p(b"k\n"),
                    2,
                    p(WHAT),
                    4,
                    p(WHAT_HASH),
                    64,
                    null(),
                    0,
                    &mut code,
                    buf(&mut message),
                    512,
                    &mut len,
                ),
                R::SecretWhitespace,
            ),
            (
                userhash_explain(
                    null(),
                    2,
                    p(WHAT),
                    4,
                    p(WHAT_HASH),
                    64,
                    null(),
                    0,
                    &mut code,
                    buf(&mut message),
                    512,
                    &mut len,
                ),
                R::NullParameter,
            ),
            (
                userhash_explain(
                    p(JEFE),
                    4,
                    p(WHAT),
                    4,
                    p(WHAT_HASH),
                    64,
                    p(WHAT),
                    HUGE,
                    &mut code,
                    buf(&mut message),
                    512,
                    &mut len,
                ),
                R::LengthOutOfRange,
            ),
            (
                userhash_explain(
                    p(JEFE),
                    4,
                    p(WHAT),
                    4,
                    p(WHAT_HASH),
                    64,
                    null(),
                    0,
                    &mut code,
                    buf(&mut message),
                    4,
                    &mut len,
                ),
                R::BufferTooSmall,
            ),
        ] {
            assert_eq!(rc, expected);
        }

        assert_eq!(userhash_keyring_on_failure(k, None, null_mut()), R::Ok);
        check_at(k, WHAT, HI_HASH, T0);
        assert_eq!(
            seen.lock().unwrap().len(),
            5,
            "no event once the callback is removed"
        );
        userhash_keyring_free(k);
    }
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
    set("USERHASH_SECRET", Some("Jefe"));
    set("USERHASH_PREVIOUS_SECRET", Some("old-secret"));
    for (deadline, expected) in [
        ("soon", R::InvalidTimestamp),
        ("1767225600000", R::TimestampInMilliseconds),
    ] {
        set("USERHASH_PREVIOUS_SECRET_NOT_AFTER", Some(deadline));
        assert_eq!(from_env().0, expected, "{deadline}");
    }
    set("USERHASH_PREVIOUS_SECRET_NOT_AFTER", Some("1767225600"));
    let (rc, k) = from_env();
    assert_eq!(rc, R::Ok);
    assert_eq!(check_at(k, WHAT, WHAT_HASH, T0).key_index, 0);
    let mut id = [0u8; 16];
    let mut len = 0;
    // SAFETY: a live keyring and valid buffers.
    unsafe {
        assert_eq!(
            userhash_keyring_key_id(k, 1, buf(&mut id), 16, &mut len),
            R::Ok
        );
        assert_eq!(&id[..len], b"previous");
        assert_eq!(userhash_keyring_from_env(null_mut()), R::NullParameter);
        userhash_keyring_free(k);
    }
    for name in [
        "USERHASH_SECRET",
        "USERHASH_PREVIOUS_SECRET",
        "USERHASH_PREVIOUS_SECRET_NOT_AFTER",
    ] {
        set(name, None);
    }
}

/// A widget configuration built from Rust values.
struct Widget {
    metadata: Vec<userhash_widget_meta>,
    created_at: i64,
}

fn meta(key: &'static [u8], kind: userhash_meta_kind) -> userhash_widget_meta {
    userhash_widget_meta {
        key: p(key),
        key_len: key.len(),
        kind: kind as u32,
        text: p(b"pro"),
        text_len: 3,
        integer: -5,
        boolean: 2,
    }
}

impl Widget {
    fn user(&self, id: &'static [u8]) -> userhash_widget_user {
        userhash_widget_user {
            id: p(id),
            id_len: id.len(),
            name: p(b"Jo"),
            name_len: 2,
            email: p(b"jo@example.com"),
            email_len: 14,
            phone: p(b"+15551234567"),
            phone_len: 12,
            profile_picture_url: p(b"https://example.com/jo.png"),
            profile_picture_url_len: 26,
            created_at: &self.created_at,
            metadata: self.metadata.as_ptr(),
            metadata_len: self.metadata.len(),
        }
    }
}

fn config(preset: &'static [u8], user: *const userhash_widget_user) -> userhash_widget_config {
    userhash_widget_config {
        preset: p(preset),
        preset_len: preset.len(),
        app_id: p(b"app"),
        app_id_len: 3,
        global: null(),
        global_len: 0,
        user,
    }
}

/// The JSON of `config` (asserting that the length-only call agrees), or the error.
fn json(signer: *const userhash_signer, config: &userhash_widget_config) -> Result<String, R> {
    let mut needed = 0;
    let mut none = [b'Z'; 1];
    // SAFETY: a live signer, a valid config and buffers.
    let rc = unsafe { userhash_widget_json(signer, config, buf(&mut none), 1, &mut needed) };
    if rc != R::BufferTooSmall {
        assert_eq!(none, [b'Z'], "a refused call leaves the buffer untouched");
        return Err(rc);
    }
    let mut out = vec![b'Z'; needed + 1];
    let mut len = 0;
    // SAFETY: as above.
    let rc = unsafe { userhash_widget_json(signer, config, buf(&mut out), needed + 1, &mut len) };
    assert_eq!((rc, len, out[len]), (R::Ok, needed, 0));
    out.truncate(len);
    Ok(String::from_utf8(out).unwrap())
}

#[test]
fn widget_snippets_follow_the_spec_and_refuse_bad_fields() {
    let s = signer(JEFE);
    let hash = std::str::from_utf8(WHAT_HASH).unwrap();
    let widget = Widget {
        metadata: vec![
            meta(b"plan", userhash_meta_kind::Text),
            meta(b"age", userhash_meta_kind::Integer),
            meta(b"vip", userhash_meta_kind::Bool),
            meta(b"note", userhash_meta_kind::Null),
        ],
        created_at: T0,
    };
    let user = widget.user(WHAT);
    let mut tau_user = widget.user(WHAT);
    tau_user.metadata = null();
    let tau = config(b"tau", &tau_user);
    assert_eq!(
        json(s, &tau).unwrap(),
        format!(
            "{{\"appId\":\"app\",\"user\":{{\"id\":\"what do ya want for nothing?\",\"hash\":\"{hash}\",\
             \"name\":\"Jo\",\"email\":\"jo@example.com\",\"phone\":\"+15551234567\",\
             \"profile_picture_url\":\"https://example.com/jo.png\",\"created_at\":1767225600}}}}"
        )
    );
    let mut generic = config(b"generic", &user);
    generic.global = p(b"window.chat");
    generic.global_len = 11;
    let generic_json = format!(
        "{{\"appId\":\"app\",\"userId\":\"what do ya want for nothing?\",\"userHash\":\"{hash}\",\
         \"name\":\"Jo\",\"email\":\"jo@example.com\",\"phone\":\"+15551234567\",\
         \"profilePictureUrl\":\"https://example.com/jo.png\",\"createdAt\":1767225600,\
         \"metadata\":{{\"age\":-5,\"note\":null,\"plan\":\"pro\",\"vip\":true}}}}"
    );
    assert_eq!(json(s, &generic).unwrap(), generic_json);
    assert_eq!(
        json(s, &config(b"hal", null())).unwrap(),
        "{\"appId\":\"app\"}"
    );

    let mut script = [b'Z'; 1024];
    let mut len = 0;
    // SAFETY (rest of the test): pointers are valid for the lengths given, or NULL on purpose.
    unsafe {
        let rc =
            userhash_widget_script(s, &generic, p(b"abc"), 3, buf(&mut script), 1024, &mut len);
        assert_eq!(rc, R::Ok);
        let expected = format!("<script nonce=\"abc\">window.chat = {generic_json};</script>\0");
        assert_eq!(&script[..len + 1], expected.as_bytes());
        let mut short = [b'Z'; 8];
        let rc = userhash_widget_script(s, &tau, null(), 0, buf(&mut short), 8, &mut len);
        assert_eq!((rc, short), (R::BufferTooSmall, [b'Z'; 8]));
        let tau_script_len =
            "<script>window.taubotConfig = ;</script>".len() + json(s, &tau).unwrap().len();
        assert_eq!(len, tau_script_len);
        for (rc, expected) in [
            (
                userhash_widget_script(s, &generic, p(b"a b"), 3, buf(&mut script), 1024, &mut len),
                R::InvalidNonce,
            ),
            (
                userhash_widget_script(
                    s,
                    &generic,
                    p(b"abc"),
                    HUGE,
                    buf(&mut script),
                    1024,
                    &mut len,
                ),
                R::LengthOutOfRange,
            ),
            (
                userhash_widget_script(s, &generic, null(), 0, buf(&mut script), HUGE, &mut len),
                R::LengthOutOfRange,
            ),
            (
                userhash_widget_script(
                    null(),
                    &generic,
                    null(),
                    0,
                    buf(&mut script),
                    1024,
                    &mut len,
                ),
                R::NullParameter,
            ),
            (
                userhash_widget_script(s, null(), null(), 0, buf(&mut script), 1024, &mut len),
                R::NullParameter,
            ),
            (
                userhash_widget_script(s, &generic, null(), 0, null_mut(), 1024, &mut len),
                R::NullParameter,
            ),
            (
                userhash_widget_script(s, &generic, null(), 0, buf(&mut script), 1024, null_mut()),
                R::NullParameter,
            ),
            (
                userhash_widget_json(s, &generic, buf(&mut script), HUGE, &mut len),
                R::LengthOutOfRange,
            ),
            (
                userhash_widget_json(null(), &generic, buf(&mut script), 1024, &mut len),
                R::NullParameter,
            ),
            (
                userhash_widget_json(s, null(), buf(&mut script), 1024, &mut len),
                R::NullParameter,
            ),
        ] {
            assert_eq!(rc, expected);
        }
    }

    // Bad fields, one at a time.
    let bad_user = |change: &dyn Fn(&mut userhash_widget_user)| {
        let mut user = widget.user(WHAT);
        change(&mut user);
        json(s, &config(b"generic", &user))
    };
    assert_eq!(bad_user(&|u| u.name = p(b"\xff\xff")), Err(R::TextNotUtf8));
    let not_utf8 = b"what do ya want for nothing\xff";
    assert_eq!(bad_user(&|u| u.id = p(not_utf8)), Err(R::UserIdNotUnicode));
    assert_eq!(bad_user(&|u| u.id = null()), Err(R::NullParameter));
    assert_eq!(bad_user(&|u| u.id_len = 0), Err(R::EmptyUserId));
    assert_eq!(bad_user(&|u| u.email_len = 2), Err(R::InvalidEmail));
    assert_eq!(bad_user(&|u| u.phone_len = 4), Err(R::InvalidPhone));
    assert_eq!(
        bad_user(&|u| u.profile_picture_url_len = 8),
        Err(R::InvalidUrl)
    );
    assert_eq!(bad_user(&|u| u.name_len = HUGE), Err(R::LengthOutOfRange));
    assert_eq!(
        bad_user(&|u| u.metadata_len = HUGE),
        Err(R::LengthOutOfRange)
    );
    let past_isize = isize::MAX as usize / size_of::<userhash_widget_meta>() + 1;
    assert_eq!(
        bad_user(&|u| u.metadata_len = past_isize),
        Err(R::LengthOutOfRange)
    );
    let ms = T0 * 1000;
    assert_eq!(
        bad_user(&|u| u.created_at = &ms),
        Err(R::TimestampInMilliseconds)
    );
    let negative = -1;
    assert_eq!(
        bad_user(&|u| u.created_at = &negative),
        Err(R::InvalidTimestamp)
    );
    let bad_meta = |entries: &[userhash_widget_meta]| {
        bad_user(&|u| {
            u.metadata = entries.as_ptr();
            u.metadata_len = entries.len();
        })
    };
    let plan = || meta(b"plan", userhash_meta_kind::Text);
    let twice = [plan(), meta(b"plan", userhash_meta_kind::Integer)];
    assert_eq!(bad_meta(&twice), Err(R::InvalidMetadata));
    let unknown_kind = userhash_widget_meta { kind: 9, ..plan() };
    assert_eq!(bad_meta(&[unknown_kind]), Err(R::InvalidMetadata));
    let null_text = userhash_widget_meta {
        text: null(),
        ..plan()
    };
    assert_eq!(bad_meta(&[null_text]), Err(R::NullParameter));
    let huge_key = userhash_widget_meta {
        key_len: HUGE,
        ..plan()
    };
    assert_eq!(bad_meta(&[huge_key]), Err(R::LengthOutOfRange));
    let huge_text = userhash_widget_meta {
        text_len: HUGE,
        ..plan()
    };
    assert_eq!(bad_meta(&[huge_text]), Err(R::LengthOutOfRange));
    assert_eq!(
        bad_meta(&[]).map(|j| j.ends_with("\"metadata\":{}}")),
        Ok(true)
    );

    let with_preset = |preset: &'static [u8]| json(s, &config(preset, &user));
    assert_eq!(with_preset(b"chat"), Err(R::UnknownPreset));
    assert_eq!(
        with_preset(b"tau"),
        Err(R::FieldNotInPreset),
        "tau has no metadata"
    );
    let mut no_app = config(b"hal", null());
    no_app.app_id_len = 0;
    assert_eq!(json(s, &no_app), Err(R::EmptyAppId));
    let mut bad_global = generic;
    bad_global.global = p(b"location");
    bad_global.global_len = 8;
    assert_eq!(json(s, &bad_global), Err(R::InvalidGlobalName));
    let mut null_preset = config(b"hal", null());
    null_preset.preset = null();
    assert_eq!(json(s, &null_preset), Err(R::NullParameter));
    // SAFETY: a live signer, freed once.
    unsafe { userhash_signer_free(s) };
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
    let failures = AtomicUsize::new(0);
    unsafe extern "C" fn count(_: *const userhash_failure_event, failures: *mut c_void) {
        // SAFETY: user_data is the AtomicUsize registered below, alive during the threads.
        unsafe { &*failures.cast::<AtomicUsize>() }.fetch_add(1, Ordering::Relaxed);
    }
    let user_data = (&raw const failures).cast_mut().cast::<c_void>();
    // SAFETY: a live keyring, configured before it is shared.
    let rc = unsafe { userhash_keyring_on_failure(shared.1, Some(count), user_data) };
    assert_eq!(rc, R::Ok);
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                let (s, k) = shared.handles();
                assert_eq!(sign_with(s, WHAT), WHAT_HASH);
                assert_eq!(
                    check_at(k, WHAT, WHAT_HASH, T0).outcome,
                    userhash_outcome::Verified
                );
                assert_eq!(
                    check_at(k, WHAT, b"", T0).outcome,
                    userhash_outcome::Missing
                );
            });
        }
    });
    assert_eq!(failures.load(Ordering::Relaxed), 2);
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
        assert_eq!(
            userhash_signer_sign_many(s, both, lengths.as_ptr(), 2, both, 129),
            R::Ok
        );
        assert_eq!(
            (&b[..64], &b[64..128], b[128]),
            (WHAT_HASH, WHAT_HASH, 0),
            "sign_many"
        );

        let mut expected = [0u8; USERHASH_TOKEN_BUF_LEN];
        let rc =
            userhash_keyring_issue_token_at(k, p(WHAT), WHAT.len(), T0, buf(&mut expected), 88);
        assert_eq!(rc, R::Ok);
        let mut b = holding(WHAT, 88);
        let both = buf(&mut b);
        let rc = userhash_keyring_issue_token_at(k, both, WHAT.len(), T0, both, 88);
        assert_eq!((rc, b.as_slice()), (R::Ok, &expected[..]), "token");

        let mut b = holding(&WHAT_HASH.to_ascii_uppercase(), 512);
        let both = buf(&mut b);
        let (mut code, mut len) = (null(), 0);
        let rc = userhash_keyring_explain(
            k,
            p(WHAT),
            WHAT.len(),
            both,
            64,
            null(),
            0,
            null(),
            &mut code,
            both,
            512,
            &mut len,
        );
        assert_eq!((rc, text(code)), (R::Ok, "uppercase_hash"), "explain");
        assert_eq!(b[len], 0);

        let widget = Widget {
            metadata: Vec::new(),
            created_at: T0,
        };
        let user = |id| userhash_widget_user {
            id,
            metadata: null(),
            ..widget.user(WHAT)
        };
        let separate = user(p(WHAT));
        let expected = json(s, &config(b"tau", &separate)).unwrap();
        let mut b = holding(WHAT, 512);
        let both = buf(&mut b);
        let in_output = user(both);
        let rc = userhash_widget_json(s, &config(b"tau", &in_output), both, 512, &mut len);
        assert_eq!((rc, &b[..len]), (R::Ok, expected.as_bytes()), "widget");

        userhash_signer_free(s);
        userhash_keyring_free(k);
    }
}
