// Generated from the core's contract (userhash_core::contract) by tests/headers.rs; do not
// edit.

use std::ffi::CStr;

/// The result of every fallible `userhash_` function.
///
/// Values are part of the ABI and never change: a retired value is never reused. Values
/// 1-99 are the core library's errors, one per stable code string (see
/// `userhash_result_code`); values from 100 are errors of the C interface itself. On
/// failure, `userhash_last_error_message` gives the message with its details.
///
/// A plain C enum (`repr(C)`, so C and PHP's `FFI::cdef` read it without preprocessor
/// lines). It is only ever returned to C; functions that take a result as an argument
/// take a `uint32_t`, so no out-of-range value can reach this type.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum userhash_result {
    /// Success; outputs have been written.
    Ok = 0,
    /// `empty_secret`: the secret is empty.
    EmptySecret = 1,
    /// `secret_whitespace`: the secret starts or ends with whitespace; remove it (it is never trimmed silently) or pass the secret as raw bytes if it really belongs to the key.
    SecretWhitespace = 2,
    /// `secret_not_utf8`: the secret text is not valid UTF-8.
    SecretNotUtf8 = 3,
    /// `invalid_secret_hex`: the secret is not valid hex: {0}.
    InvalidSecretHex = 4,
    /// `invalid_secret_base64`: the secret is not valid base64: {0}.
    InvalidSecretBase64 = 5,
    /// `missing_env`: environment variable {0} is not set.
    MissingEnv = 6,
    /// `empty_user_id`: the user id is empty.
    EmptyUserId = 7,
    /// `invalid_user_id_type`: the user id must be a string, bytes or an integer, not {0}.
    InvalidUserIdType = 8,
    /// `user_id_not_unicode`: the user id is not valid Unicode (it contains a lone surrogate) and has no UTF-8 form.
    UserIdNotUnicode = 9,
    /// `user_id_out_of_range`: the integer user id is out of range (it must fit in a signed 128-bit integer).
    UserIdOutOfRange = 10,
    /// `hash_wrong_length`: the hash must be 64 hex characters, got {0}.
    HashWrongLength = 11,
    /// `hash_not_hex`: the hash contains a character that is not hex.
    HashNotHex = 12,
    /// `rng_failure`: the operating system's random number generator failed.
    RngFailure = 13,
    /// `empty_key_id`: a key id must not be empty.
    EmptyKeyId = 14,
    /// `duplicate_key_id`: the keyring already has a key with id {0}.
    DuplicateKeyId = 15,
    /// `invalid_key_window`: a key's not_before must be earlier than its not_after.
    InvalidKeyWindow = 16,
    /// `invalid_timestamp`: {0} must be a whole number of Unix seconds, not negative.
    InvalidTimestamp = 17,
    /// `token_version`: the token does not start with a known version (expected "v1.").
    TokenVersion = 18,
    /// `token_format`: the token is not of the form v1.EXPIRES_AT.MAC.
    TokenFormat = 19,
    /// `unknown_preset`: unknown widget preset {0} (expected tau, hal or generic).
    UnknownPreset = 20,
    /// `empty_app_id`: the widget app id is empty.
    EmptyAppId = 21,
    /// `invalid_email`: the email is not of the form name@domain (without whitespace).
    InvalidEmail = 22,
    /// `invalid_phone`: the phone number must be in international form: + and 7 to 15 digits, e.g. +15551234567.
    InvalidPhone = 23,
    /// `invalid_url`: the URL must start with http:// or https://, have a host and no whitespace.
    InvalidUrl = 24,
    /// `invalid_metadata`: the metadata must be a flat object of text, integer, boolean or null values: {0}.
    InvalidMetadata = 25,
    /// `invalid_global_name`: the global must be window. and dot-separated JavaScript identifiers, or one identifier, e.g. window.myWidget; no reserved words, __proto__, prototype, constructor or built-ins of window such as location.
    InvalidGlobalName = 26,
    /// `invalid_nonce`: the nonce must be 1 to 256 characters of A-Z a-z 0-9 + / = _ -.
    InvalidNonce = 27,
    /// `field_not_in_preset`: the {1} preset has no field {0}.
    FieldNotInPreset = 28,
    /// `timestamp_in_milliseconds`: {0} is 10^11 or more, which can only be milliseconds (10^11 seconds is the year 5138): pass Unix seconds, not milliseconds.
    TimestampInMilliseconds = 29,
    /// `invalid_widget_config`: the widget configuration is not valid: {0}.
    InvalidWidgetConfig = 30,
    /// `null_parameter`: a pointer argument is NULL.
    NullParameter = 100,
    /// `buffer_too_small`: the output buffer is too small.
    BufferTooSmall = 101,
    /// `panic`: userhash panicked (a bug, please report it); the call had no effect.
    Panic = 102,
    /// `text_not_utf8`: a text argument (key id, preset, app id, widget field, global or nonce) is not valid UTF-8.
    TextNotUtf8 = 103,
    /// `index_out_of_range`: the keyring has no key at this index.
    IndexOutOfRange = 104,
    /// `length_out_of_range`: a length, count or total size is larger than any buffer can be (above PTRDIFF_MAX, or overflowing size_t); nothing was read.
    LengthOutOfRange = 105,
}

/// The outcome of a detailed verification (docs/spec.md, section 4). Values start at 1,
/// so that a zeroed `userhash_verification` never reads as verified;
/// `userhash_outcome_name` gives the stable name every binding uses.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum userhash_outcome {
    /// `verified`.
    Verified = 1,
    /// `missing`.
    Missing = 2,
    /// `malformed`.
    Malformed = 3,
    /// `mismatch`.
    Mismatch = 4,
    /// `expired`.
    Expired = 5,
}

impl userhash_result {
    /// The result whose C value is `value`.
    pub(crate) fn from_value(value: u32) -> Option<Self> {
        Some(match value {
            0 => Self::Ok,
            1 => Self::EmptySecret,
            2 => Self::SecretWhitespace,
            3 => Self::SecretNotUtf8,
            4 => Self::InvalidSecretHex,
            5 => Self::InvalidSecretBase64,
            6 => Self::MissingEnv,
            7 => Self::EmptyUserId,
            8 => Self::InvalidUserIdType,
            9 => Self::UserIdNotUnicode,
            10 => Self::UserIdOutOfRange,
            11 => Self::HashWrongLength,
            12 => Self::HashNotHex,
            13 => Self::RngFailure,
            14 => Self::EmptyKeyId,
            15 => Self::DuplicateKeyId,
            16 => Self::InvalidKeyWindow,
            17 => Self::InvalidTimestamp,
            18 => Self::TokenVersion,
            19 => Self::TokenFormat,
            20 => Self::UnknownPreset,
            21 => Self::EmptyAppId,
            22 => Self::InvalidEmail,
            23 => Self::InvalidPhone,
            24 => Self::InvalidUrl,
            25 => Self::InvalidMetadata,
            26 => Self::InvalidGlobalName,
            27 => Self::InvalidNonce,
            28 => Self::FieldNotInPreset,
            29 => Self::TimestampInMilliseconds,
            30 => Self::InvalidWidgetConfig,
            100 => Self::NullParameter,
            101 => Self::BufferTooSmall,
            102 => Self::Panic,
            103 => Self::TextNotUtf8,
            104 => Self::IndexOutOfRange,
            105 => Self::LengthOutOfRange,
            _ => return None,
        })
    }

    /// The stable code string (`"ok"` for `Ok`).
    pub(crate) fn code(self) -> &'static CStr {
        match self {
            Self::Ok => c"ok",
            Self::EmptySecret => c"empty_secret",
            Self::SecretWhitespace => c"secret_whitespace",
            Self::SecretNotUtf8 => c"secret_not_utf8",
            Self::InvalidSecretHex => c"invalid_secret_hex",
            Self::InvalidSecretBase64 => c"invalid_secret_base64",
            Self::MissingEnv => c"missing_env",
            Self::EmptyUserId => c"empty_user_id",
            Self::InvalidUserIdType => c"invalid_user_id_type",
            Self::UserIdNotUnicode => c"user_id_not_unicode",
            Self::UserIdOutOfRange => c"user_id_out_of_range",
            Self::HashWrongLength => c"hash_wrong_length",
            Self::HashNotHex => c"hash_not_hex",
            Self::RngFailure => c"rng_failure",
            Self::EmptyKeyId => c"empty_key_id",
            Self::DuplicateKeyId => c"duplicate_key_id",
            Self::InvalidKeyWindow => c"invalid_key_window",
            Self::InvalidTimestamp => c"invalid_timestamp",
            Self::TokenVersion => c"token_version",
            Self::TokenFormat => c"token_format",
            Self::UnknownPreset => c"unknown_preset",
            Self::EmptyAppId => c"empty_app_id",
            Self::InvalidEmail => c"invalid_email",
            Self::InvalidPhone => c"invalid_phone",
            Self::InvalidUrl => c"invalid_url",
            Self::InvalidMetadata => c"invalid_metadata",
            Self::InvalidGlobalName => c"invalid_global_name",
            Self::InvalidNonce => c"invalid_nonce",
            Self::FieldNotInPreset => c"field_not_in_preset",
            Self::TimestampInMilliseconds => c"timestamp_in_milliseconds",
            Self::InvalidWidgetConfig => c"invalid_widget_config",
            Self::NullParameter => c"null_parameter",
            Self::BufferTooSmall => c"buffer_too_small",
            Self::Panic => c"panic",
            Self::TextNotUtf8 => c"text_not_utf8",
            Self::IndexOutOfRange => c"index_out_of_range",
            Self::LengthOutOfRange => c"length_out_of_range",
        }
    }
}

impl userhash_outcome {
    /// The outcome whose C value is `value`, with its stable name.
    pub(crate) fn from_value(value: u32) -> Option<(Self, &'static CStr)> {
        Some(match value {
            1 => (Self::Verified, c"verified"),
            2 => (Self::Missing, c"missing"),
            3 => (Self::Malformed, c"malformed"),
            4 => (Self::Mismatch, c"mismatch"),
            5 => (Self::Expired, c"expired"),
            _ => return None,
        })
    }
}
