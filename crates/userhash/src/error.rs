//! The one error type. Every variant has a stable `code()`; those strings are the
//! contract that every language binding exposes unchanged.

/// Everything that can go wrong when building a secret, reading an id or checking a hash.
///
/// Messages never contain secret material; at most they name an environment variable
/// or describe the shape of the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The secret has no bytes.
    #[error("the secret is empty")]
    EmptySecret,
    /// A text secret starts or ends with whitespace (typically the newline of a secret file).
    #[error(
        "the secret starts or ends with whitespace; remove it (it is never trimmed silently) \
         or pass the secret as raw bytes if it really belongs to the key"
    )]
    SecretWhitespace,
    /// A secret read as text (environment variable, file) is not valid UTF-8.
    #[error("the secret text is not valid UTF-8")]
    SecretNotUtf8,
    /// `Secret::from_hex` got something that is not an even-length hex string.
    #[error("the secret is not valid hex: {0}")]
    InvalidSecretHex(&'static str),
    /// `Secret::from_base64` got something that is not strict base64 (standard or URL-safe).
    #[error("the secret is not valid base64: {0}")]
    InvalidSecretBase64(&'static str),
    /// The environment variable that should hold the secret is not set.
    #[error("environment variable {0} is not set")]
    MissingEnv(String),
    /// The user id has no bytes.
    #[error("the user id is empty")]
    EmptyUserId,
    /// A binding was handed a user id of a type it cannot hash (`None`, a float, a boolean…).
    #[error("the user id must be a string, bytes or an integer, not {0}")]
    InvalidUserIdType(String),
    /// A user id string that has no UTF-8 form (a lone UTF-16 surrogate).
    #[error(
        "the user id is not valid Unicode (it contains a lone surrogate) and has no UTF-8 form"
    )]
    UserIdNotUnicode,
    /// An integer id outside the range the canonical form supports (i128).
    #[error("the integer user id is out of range (it must fit in a signed 128-bit integer)")]
    UserIdOutOfRange,
    /// A hash that is not 64 characters long.
    #[error("the hash must be 64 hex characters, got {0}")]
    HashWrongLength(usize),
    /// A 64-character hash with a character outside `0-9a-fA-F`.
    #[error("the hash contains a character that is not hex")]
    HashNotHex,
    /// The operating system's random number generator failed.
    #[error("the operating system's random number generator failed")]
    RngFailure,
    /// A keyring key id is empty.
    #[error("a key id must not be empty")]
    EmptyKeyId,
    /// Two keys of a keyring share an id.
    #[error("the keyring already has a key with id {0:?}")]
    DuplicateKeyId(String),
    /// A key's `not_before` is not before its `not_after`.
    #[error("a key's not_before must be earlier than its not_after")]
    InvalidKeyWindow,
    /// A timestamp (token expiry, key window, creation time) is negative or not a decimal
    /// integer.
    #[error("{0} must be a whole number of Unix seconds, not negative")]
    InvalidTimestamp(&'static str),
    /// A timestamp of 10^11 or more: Unix seconds that far away (the year 5138) can only be a
    /// millisecond value such as JavaScript's `Date.now()`.
    #[error(
        "{0} is 10^11 or more, which can only be milliseconds (10^11 seconds is the year \
         5138): pass Unix seconds, not milliseconds"
    )]
    TimestampInMilliseconds(&'static str),
    /// A token does not start with a known version (`v1.`).
    #[error("the token does not start with a known version (expected \"v1.\")")]
    TokenVersion,
    /// A `v1.` token whose parts are not `v1.EXPIRES_AT.MAC`.
    #[error("the token is not of the form v1.EXPIRES_AT.MAC")]
    TokenFormat,
    /// A widget preset name other than `tau`, `hal`, `generic`.
    #[error("unknown widget preset {0:?} (expected tau, hal or generic)")]
    UnknownPreset(String),
    /// A widget configuration without an app id.
    #[error("the widget app id is empty")]
    EmptyAppId,
    /// An email that is not `local@domain` without whitespace.
    #[error("the email is not of the form name@domain (without whitespace)")]
    InvalidEmail,
    /// A phone number not in international E.164 form.
    #[error(
        "the phone number must be in international form: + and 7 to 15 digits, e.g. +15551234567"
    )]
    InvalidPhone,
    /// A profile picture URL that is not http(s) with a host.
    #[error("the URL must start with http:// or https://, have a host and no whitespace")]
    InvalidUrl,
    /// Metadata that is not a flat object of text, integer, boolean or null values.
    #[error("the metadata must be a flat object of text, integer, boolean or null values: {0}")]
    InvalidMetadata(&'static str),
    /// A generic-preset global that is not `window.` and dot-separated identifiers (or one
    /// identifier), or that names a reserved word, a prototype or a built-in of `window`.
    #[error(
        "the global must be window. and dot-separated JavaScript identifiers, or one \
         identifier, e.g. window.myWidget; no reserved words, __proto__, prototype, \
         constructor or built-ins of window such as location"
    )]
    InvalidGlobalName,
    /// A CSP nonce with characters outside base64 / base64url.
    #[error("the nonce must be 1 to 256 characters of A-Z a-z 0-9 + / = _ -")]
    InvalidNonce,
    /// A field the chosen widget preset does not have.
    #[error("the {preset} preset has no field {field}")]
    FieldNotInPreset {
        /// The field given.
        field: &'static str,
        /// The preset's name.
        preset: &'static str,
    },
}

impl Error {
    /// The stable, language-independent code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            Error::EmptySecret => "empty_secret",
            Error::SecretWhitespace => "secret_whitespace",
            Error::SecretNotUtf8 => "secret_not_utf8",
            Error::InvalidSecretHex(_) => "invalid_secret_hex",
            Error::InvalidSecretBase64(_) => "invalid_secret_base64",
            Error::MissingEnv(_) => "missing_env",
            Error::EmptyUserId => "empty_user_id",
            Error::InvalidUserIdType(_) => "invalid_user_id_type",
            Error::UserIdNotUnicode => "user_id_not_unicode",
            Error::UserIdOutOfRange => "user_id_out_of_range",
            Error::HashWrongLength(_) => "hash_wrong_length",
            Error::HashNotHex => "hash_not_hex",
            Error::RngFailure => "rng_failure",
            Error::EmptyKeyId => "empty_key_id",
            Error::DuplicateKeyId(_) => "duplicate_key_id",
            Error::InvalidKeyWindow => "invalid_key_window",
            Error::InvalidTimestamp(_) => "invalid_timestamp",
            Error::TimestampInMilliseconds(_) => "timestamp_in_milliseconds",
            Error::TokenVersion => "token_version",
            Error::TokenFormat => "token_format",
            Error::UnknownPreset(_) => "unknown_preset",
            Error::EmptyAppId => "empty_app_id",
            Error::InvalidEmail => "invalid_email",
            Error::InvalidPhone => "invalid_phone",
            Error::InvalidUrl => "invalid_url",
            Error::InvalidMetadata(_) => "invalid_metadata",
            Error::InvalidGlobalName => "invalid_global_name",
            Error::InvalidNonce => "invalid_nonce",
            Error::FieldNotInPreset { .. } => "field_not_in_preset",
        }
    }

    /// Every code, in a fixed order: bindings and the README table are checked against it.
    pub const ALL_CODES: &'static [&'static str] = &[
        "empty_secret",
        "secret_whitespace",
        "secret_not_utf8",
        "invalid_secret_hex",
        "invalid_secret_base64",
        "missing_env",
        "empty_user_id",
        "invalid_user_id_type",
        "user_id_not_unicode",
        "user_id_out_of_range",
        "hash_wrong_length",
        "hash_not_hex",
        "rng_failure",
        "empty_key_id",
        "duplicate_key_id",
        "invalid_key_window",
        "invalid_timestamp",
        "token_version",
        "token_format",
        "unknown_preset",
        "empty_app_id",
        "invalid_email",
        "invalid_phone",
        "invalid_url",
        "invalid_metadata",
        "invalid_global_name",
        "invalid_nonce",
        "field_not_in_preset",
        "timestamp_in_milliseconds",
    ];
}

/// Shorthand used throughout the crate.
pub type Result<T, E = Error> = core::result::Result<T, E>;
