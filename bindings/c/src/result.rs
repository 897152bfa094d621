//! The result codes and the one mapping from `userhash::Error` to them.

use std::ffi::{CStr, c_char};

/// The result of every fallible `userhash_` function.
///
/// Values are part of the ABI and never change: a retired value is never reused. Values
/// 1-99 are the core library's errors, one per stable code string (see
/// `userhash_result_code`); values from 100 are errors of the C interface itself.
///
/// A plain C enum (`repr(C)`, so C and PHP's `FFI::cdef` read it without preprocessor
/// lines). It is only ever returned to C; functions that take a result as an argument
/// take a `uint32_t`, so no out-of-range value can reach this type.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum userhash_result {
    /// Success; outputs have been written.
    Ok = 0,
    /// `empty_secret`: the secret has no bytes.
    EmptySecret = 1,
    /// `secret_whitespace`: a text secret starts or ends with whitespace.
    SecretWhitespace = 2,
    /// `secret_not_utf8`: a text secret is not valid UTF-8.
    SecretNotUtf8 = 3,
    /// `invalid_secret_hex`: a hex secret is not valid hex.
    InvalidSecretHex = 4,
    /// `invalid_secret_base64`: a base64 secret is not valid base64.
    InvalidSecretBase64 = 5,
    /// `missing_env`: the environment variable holding the secret is not set.
    MissingEnv = 6,
    /// `empty_user_id`: the user id has no bytes.
    EmptyUserId = 7,
    /// `invalid_user_id_type`: a binding got a user id of a type it cannot hash.
    InvalidUserIdType = 8,
    /// `user_id_not_unicode`: a user id string has no UTF-8 form.
    UserIdNotUnicode = 9,
    /// `user_id_out_of_range`: an integer user id is out of range.
    UserIdOutOfRange = 10,
    /// `hash_wrong_length`: a hash is not 64 characters long.
    HashWrongLength = 11,
    /// `hash_not_hex`: a hash contains a character that is not hex.
    HashNotHex = 12,
    /// `rng_failure`: the operating system's random number generator failed.
    RngFailure = 13,
    /// `empty_key_id`: a keyring key id is empty.
    EmptyKeyId = 14,
    /// `duplicate_key_id`: two keys of a keyring share an id.
    DuplicateKeyId = 15,
    /// `invalid_key_window`: a key's `not_before` is not before its `not_after`.
    InvalidKeyWindow = 16,
    /// `invalid_timestamp`: a timestamp is negative or not a decimal integer.
    InvalidTimestamp = 17,
    /// `token_version`: a token does not start with a known version.
    TokenVersion = 18,
    /// `token_format`: a token is not of the form `v1.EXPIRES_AT.MAC`.
    TokenFormat = 19,
    /// `unknown_preset`: a widget preset name other than tau, hal or generic.
    UnknownPreset = 20,
    /// `empty_app_id`: a widget configuration without an app id.
    EmptyAppId = 21,
    /// `invalid_email`: an email that is not name@domain without whitespace.
    InvalidEmail = 22,
    /// `invalid_phone`: a phone number not in international E.164 form.
    InvalidPhone = 23,
    /// `invalid_url`: a profile picture URL that is not http(s) with a host.
    InvalidUrl = 24,
    /// `invalid_metadata`: metadata that is not a flat object of text, integer, boolean or null values.
    InvalidMetadata = 25,
    /// `invalid_global_name`: a generic-preset global that is not `window.` and dotted
    /// identifiers (or one identifier), or names a reserved word, prototype or built-in.
    InvalidGlobalName = 26,
    /// `invalid_nonce`: a CSP nonce with characters outside base64 / base64url.
    InvalidNonce = 27,
    /// `field_not_in_preset`: a field the chosen widget preset does not have.
    FieldNotInPreset = 28,
    /// `timestamp_in_milliseconds`: a timestamp of 10^11 or more, which can only be
    /// milliseconds.
    TimestampInMilliseconds = 29,
    /// `null_parameter`: a pointer argument was NULL.
    NullParameter = 100,
    /// `buffer_too_small`: an output buffer is shorter than the function needs.
    BufferTooSmall = 101,
    /// `panic`: a bug in userhash; the call had no effect.
    Panic = 102,
    /// `text_not_utf8`: a text argument (key id, preset, app id, widget field, global or
    /// nonce) is not valid UTF-8.
    TextNotUtf8 = 103,
    /// `index_out_of_range`: the keyring has no key at this index.
    IndexOutOfRange = 104,
    /// `length_out_of_range`: a length, count or total size above `PTRDIFF_MAX`, or one
    /// that overflows `size_t`: no buffer is that large, so nothing was read.
    LengthOutOfRange = 105,
}

/// One row per result: its stable code string and a message without secret material.
struct Entry {
    result: userhash_result,
    code: &'static CStr,
    message: &'static CStr,
}

const fn entry(result: userhash_result, code: &'static CStr, message: &'static CStr) -> Entry {
    Entry {
        result,
        code,
        message,
    }
}

use userhash_result as R;

/// The only table of codes: `From<userhash::Error>`, `userhash_result_code` and
/// `userhash_error_message` all read it. Core codes are listed in `Error::ALL_CODES` order.
const TABLE: &[Entry] = &[
    entry(R::Ok, c"ok", c"success"),
    entry(R::EmptySecret, c"empty_secret", c"the secret is empty"),
    entry(
        R::SecretWhitespace,
        c"secret_whitespace",
        c"the secret starts or ends with whitespace; remove it (it is never trimmed silently) \
          or pass the secret as raw bytes if it really belongs to the key",
    ),
    entry(
        R::SecretNotUtf8,
        c"secret_not_utf8",
        c"the secret text is not valid UTF-8",
    ),
    entry(
        R::InvalidSecretHex,
        c"invalid_secret_hex",
        c"the secret is not valid hex",
    ),
    entry(
        R::InvalidSecretBase64,
        c"invalid_secret_base64",
        c"the secret is not valid base64",
    ),
    entry(
        R::MissingEnv,
        c"missing_env",
        c"the environment variable that should hold the secret is not set",
    ),
    entry(R::EmptyUserId, c"empty_user_id", c"the user id is empty"),
    entry(
        R::InvalidUserIdType,
        c"invalid_user_id_type",
        c"the user id must be a string, bytes or an integer",
    ),
    entry(
        R::UserIdNotUnicode,
        c"user_id_not_unicode",
        c"the user id is not valid Unicode (it contains a lone surrogate) and has no UTF-8 form",
    ),
    entry(
        R::UserIdOutOfRange,
        c"user_id_out_of_range",
        c"the integer user id is out of range (it must fit in a signed 128-bit integer)",
    ),
    entry(
        R::HashWrongLength,
        c"hash_wrong_length",
        c"the hash must be 64 hex characters",
    ),
    entry(
        R::HashNotHex,
        c"hash_not_hex",
        c"the hash contains a character that is not hex",
    ),
    entry(
        R::RngFailure,
        c"rng_failure",
        c"the operating system's random number generator failed",
    ),
    entry(
        R::EmptyKeyId,
        c"empty_key_id",
        c"a key id must not be empty",
    ),
    entry(
        R::DuplicateKeyId,
        c"duplicate_key_id",
        c"the keyring already has a key with this id",
    ),
    entry(
        R::InvalidKeyWindow,
        c"invalid_key_window",
        c"a key's not_before must be earlier than its not_after",
    ),
    entry(
        R::InvalidTimestamp,
        c"invalid_timestamp",
        c"a timestamp must be a whole number of Unix seconds, not negative",
    ),
    entry(
        R::TokenVersion,
        c"token_version",
        c"the token does not start with a known version (expected \"v1.\")",
    ),
    entry(
        R::TokenFormat,
        c"token_format",
        c"the token is not of the form v1.EXPIRES_AT.MAC",
    ),
    entry(
        R::UnknownPreset,
        c"unknown_preset",
        c"unknown widget preset (expected tau, hal or generic)",
    ),
    entry(
        R::EmptyAppId,
        c"empty_app_id",
        c"the widget app id is empty",
    ),
    entry(
        R::InvalidEmail,
        c"invalid_email",
        c"the email is not of the form name@domain (without whitespace)",
    ),
    entry(
        R::InvalidPhone,
        c"invalid_phone",
        c"the phone number must be in international form: + and 7 to 15 digits, e.g. +15551234567",
    ),
    entry(
        R::InvalidUrl,
        c"invalid_url",
        c"the URL must start with http:// or https://, have a host and no whitespace",
    ),
    entry(
        R::InvalidMetadata,
        c"invalid_metadata",
        c"the metadata must be a flat object of text, integer, boolean or null values",
    ),
    entry(
        R::InvalidGlobalName,
        c"invalid_global_name",
        c"the global must be window. and dot-separated JavaScript identifiers, or one \
          identifier, e.g. window.myWidget; no reserved words, __proto__, prototype, \
          constructor or built-ins of window such as location",
    ),
    entry(
        R::InvalidNonce,
        c"invalid_nonce",
        c"the nonce must be 1 to 256 characters of A-Z a-z 0-9 + / = _ -",
    ),
    entry(
        R::FieldNotInPreset,
        c"field_not_in_preset",
        c"the chosen widget preset has no such field",
    ),
    entry(
        R::TimestampInMilliseconds,
        c"timestamp_in_milliseconds",
        c"a timestamp of 10^11 or more can only be milliseconds (10^11 seconds is the year \
          5138): pass Unix seconds, not milliseconds",
    ),
    entry(
        R::NullParameter,
        c"null_parameter",
        c"a pointer argument is NULL",
    ),
    entry(
        R::BufferTooSmall,
        c"buffer_too_small",
        c"the output buffer is too small",
    ),
    entry(
        R::Panic,
        c"panic",
        c"userhash panicked (a bug, please report it); the call had no effect",
    ),
    entry(
        R::TextNotUtf8,
        c"text_not_utf8",
        c"a text argument (key id, preset, app id, widget field, global or nonce) is not valid UTF-8",
    ),
    entry(
        R::IndexOutOfRange,
        c"index_out_of_range",
        c"the keyring has no key at this index",
    ),
    entry(
        R::LengthOutOfRange,
        c"length_out_of_range",
        c"a length, count or total size is larger than any buffer can be (above PTRDIFF_MAX, \
          or overflowing size_t); nothing was read",
    ),
];

fn lookup(value: u32) -> Option<&'static Entry> {
    TABLE.iter().find(|e| e.result as u32 == value)
}

/// The result whose stable code is `code` (a core error code, such as the reason of a
/// malformed hash).
pub(crate) fn for_code(code: &str) -> userhash_result {
    TABLE
        .iter()
        .find(|e| e.code.to_bytes() == code.as_bytes())
        .map(|e| e.result)
        // Unreachable while `every_core_code_has_a_result` passes: the core's error
        // enum is non-exhaustive, and a code added there needs a row here.
        .unwrap_or(R::Panic)
}

impl From<userhash::Error> for userhash_result {
    /// Matches on the stable code string, so a core error can only reach C with its own code.
    fn from(err: userhash::Error) -> Self {
        for_code(err.code())
    }
}

/// The stable code string of `result` (such as `"empty_user_id"`), the same string every
/// userhash binding reports; `"ok"` for `USERHASH_RESULT_OK`. A static NUL-terminated
/// string, never to be freed; NULL when `result` is not a `userhash_result` value.
#[unsafe(no_mangle)]
pub extern "C" fn userhash_result_code(result: u32) -> *const c_char {
    crate::boundary::guard_ptr(|| lookup(result).map(|e| e.code))
}

/// An English description of `result` for logs and exceptions. It never contains secret
/// material. A static NUL-terminated string, never to be freed; NULL when `result` is not
/// a `userhash_result` value.
#[unsafe(no_mangle)]
pub extern "C" fn userhash_error_message(result: u32) -> *const c_char {
    crate::boundary::guard_ptr(|| lookup(result).map(|e| e.message))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code_of(result: userhash_result) -> &'static str {
        lookup(result as u32).unwrap().code.to_str().unwrap()
    }

    #[test]
    fn every_core_code_has_a_result() {
        let core: Vec<&str> = TABLE[1..]
            .iter()
            .filter(|e| (e.result as u32) < 100)
            .map(|e| e.code.to_str().unwrap())
            .collect();
        assert_eq!(core, userhash::Error::ALL_CODES);
    }

    #[test]
    fn core_errors_map_to_the_result_with_their_code() {
        use userhash::Error as E;
        for err in [
            E::EmptySecret,
            E::SecretWhitespace,
            E::SecretNotUtf8,
            E::InvalidSecretHex("x"),
            E::InvalidSecretBase64("x"),
            E::MissingEnv("NAME".into()),
            E::EmptyUserId,
            E::InvalidUserIdType("float".into()),
            E::UserIdNotUnicode,
            E::UserIdOutOfRange,
            E::HashWrongLength(3),
            E::HashNotHex,
            E::RngFailure,
            E::EmptyKeyId,
            E::DuplicateKeyId("k1".into()),
            E::InvalidKeyWindow,
            E::InvalidTimestamp("expires_at"),
            E::TokenVersion,
            E::TokenFormat,
        ] {
            let code = err.code();
            assert_eq!(code_of(userhash_result::from(err)), code);
        }
    }

    #[test]
    fn messages_of_errors_without_details_are_the_core_messages() {
        use userhash::Error as E;
        for err in [
            E::EmptySecret,
            E::SecretWhitespace,
            E::SecretNotUtf8,
            E::EmptyUserId,
            E::UserIdNotUnicode,
            E::UserIdOutOfRange,
            E::HashNotHex,
            E::RngFailure,
            E::EmptyKeyId,
            E::InvalidKeyWindow,
            E::TokenVersion,
            E::TokenFormat,
        ] {
            let message = lookup(userhash_result::from(err.clone()) as u32)
                .unwrap()
                .message;
            assert_eq!(message.to_str().unwrap(), err.to_string());
        }
    }

    #[test]
    fn values_and_codes_are_unique() {
        for (i, a) in TABLE.iter().enumerate() {
            for b in &TABLE[i + 1..] {
                assert_ne!(a.result, b.result);
                assert_ne!(a.code, b.code);
            }
        }
    }

    #[test]
    fn readme_table_lists_every_result() {
        let rows: Vec<String> = include_str!("../README.md")
            .lines()
            .filter(|line| line.starts_with("| ") && line.contains("`USERHASH_RESULT_"))
            .map(str::to_owned)
            .collect();
        let expected: Vec<String> = TABLE
            .iter()
            .map(|e| {
                let code = e.code.to_str().unwrap();
                let name = format!("USERHASH_RESULT_{}", code.to_uppercase());
                format!("| {} | `{name}` | `{code}` |", e.result as u32)
            })
            .collect();
        assert_eq!(rows, expected);
    }

    #[test]
    fn unknown_values_have_no_code() {
        assert!(userhash_result_code(99).is_null());
        assert!(userhash_result_code(106).is_null());
        assert!(userhash_error_message(99).is_null());
        assert!(!userhash_error_message(R::Panic as u32).is_null());
    }
}
