//! The one error type, declared once: each error's variant, stable code, value in the C
//! ABI, category and message are one row of `errors!` below. `Error::CONTRACT` lists the
//! rows for `contract.json`, from which every binding's constants are generated.

use crate::contract::{Category, ErrorSpec};

/// Declares `Error` and the contract of each variant. A row reads
/// `Variant(fields) = C value, "stable_code", Category, "message with {0} details";`.
macro_rules! errors {
    ($(
        $(#[doc = $doc:tt])+
        $variant:ident $(($($field:ty),+))? = $value:tt, $code:tt, $category:ident, $message:tt;
    )+) => {
        /// Everything that can go wrong when building a secret, reading an id or checking a
        /// hash.
        ///
        /// Messages never contain secret material; at most they name an environment
        /// variable or describe the shape of the input.
        #[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
        #[non_exhaustive]
        pub enum Error {
            $( $(#[doc = $doc])+ #[error($message)] $variant $(($($field),+))?, )+
        }

        impl Error {
            /// Every core error's contract, in order of C value.
            pub const CONTRACT: &'static [ErrorSpec] = &[$(
                ErrorSpec { code: $code, value: $value, category: Category::$category, message: $message },
            )+];

            /// Every code, in order of C value.
            pub const ALL_CODES: &'static [&'static str] = &[$($code),+];

            /// This error's row of the contract.
            pub fn spec(&self) -> &'static ErrorSpec {
                let index = match self { $(Error::$variant { .. } => $value,)+ };
                &Self::CONTRACT[index - 1]
            }
        }
    };
}

errors! {
    /// The secret has no bytes.
    EmptySecret = 1, "empty_secret", Secret, "the secret is empty";
    /// A text secret starts or ends with whitespace (typically the newline of a secret file).
    SecretWhitespace = 2, "secret_whitespace", Secret,
        "the secret starts or ends with whitespace; remove it (it is never trimmed silently) \
         or pass the secret as raw bytes if it really belongs to the key";
    /// A secret read as text (environment variable, file) is not valid UTF-8.
    SecretNotUtf8 = 3, "secret_not_utf8", Secret, "the secret text is not valid UTF-8";
    /// `Secret::from_hex` got something that is not an even-length hex string.
    InvalidSecretHex(&'static str) = 4, "invalid_secret_hex", Secret,
        "the secret is not valid hex: {0}";
    /// `Secret::from_base64` got something that is not strict base64 (standard or URL-safe).
    InvalidSecretBase64(&'static str) = 5, "invalid_secret_base64", Secret,
        "the secret is not valid base64: {0}";
    /// The environment variable that should hold the secret is not set.
    MissingEnv(String) = 6, "missing_env", Secret, "environment variable {0} is not set";
    /// The user id has no bytes.
    EmptyUserId = 7, "empty_user_id", UserId, "the user id is empty";
    /// A binding was handed a user id of a type it cannot hash (`None`, a float, a boolean…).
    InvalidUserIdType(String) = 8, "invalid_user_id_type", UserIdType,
        "the user id must be a string, bytes or an integer, not {0}";
    /// A user id string that has no UTF-8 form (a lone UTF-16 surrogate).
    UserIdNotUnicode = 9, "user_id_not_unicode", UserId,
        "the user id is not valid Unicode (it contains a lone surrogate) and has no UTF-8 form";
    /// An integer id outside the range the canonical form supports (i128).
    UserIdOutOfRange = 10, "user_id_out_of_range", UserId,
        "the integer user id is out of range (it must fit in a signed 128-bit integer)";
    /// A hash that is not 64 characters long.
    HashWrongLength(usize) = 11, "hash_wrong_length", Hash,
        "the hash must be 64 hex characters, got {0}";
    /// A 64-character hash with a character outside `0-9a-fA-F`.
    HashNotHex = 12, "hash_not_hex", Hash, "the hash contains a character that is not hex";
    /// The operating system's random number generator failed.
    RngFailure = 13, "rng_failure", System,
        "the operating system's random number generator failed";
    /// A keyring key id is empty.
    EmptyKeyId = 14, "empty_key_id", Keyring, "a key id must not be empty";
    /// Two keys of a keyring share an id.
    DuplicateKeyId(String) = 15, "duplicate_key_id", Keyring,
        "the keyring already has a key with id {0:?}";
    /// A key's `not_before` is not before its `not_after`.
    InvalidKeyWindow = 16, "invalid_key_window", Keyring,
        "a key's not_before must be earlier than its not_after";
    /// A timestamp or duration (token expiry, ttl, leeway, key window, creation time) is
    /// negative or not a decimal integer.
    InvalidTimestamp(&'static str) = 17, "invalid_timestamp", Timestamp,
        "{0} must be a whole number of Unix seconds, not negative";
    /// A token does not start with a known version (`v1.`).
    TokenVersion = 18, "token_version", Token,
        "the token does not start with a known version (expected \"v1.\")";
    /// A `v1.` token whose parts are not `v1.EXPIRES_AT.MAC`.
    TokenFormat = 19, "token_format", Token, "the token is not of the form v1.EXPIRES_AT.MAC";
    /// A preset (vendor profile) name that is not one of `Preset::NAMES`.
    UnknownPreset(String) = 20, "unknown_preset", Widget,
        "unknown preset {0:?} (expected tau, hal, generic, intercom, intercom-jwt, chatwoot, \
         crisp, helpscout, front, pylon, zendesk, canny or featurebase)";
    /// A widget configuration without an app id.
    EmptyAppId = 21, "empty_app_id", Widget, "the widget app id is empty";
    /// An email that is not `local@domain` without whitespace.
    InvalidEmail = 22, "invalid_email", Widget,
        "the email is not of the form name@domain (without whitespace)";
    /// A phone number not in international E.164 form.
    InvalidPhone = 23, "invalid_phone", Widget,
        "the phone number must be in international form: + and 7 to 15 digits, e.g. +15551234567";
    /// A profile picture URL that is not http(s) with a host.
    InvalidUrl = 24, "invalid_url", Widget,
        "the URL must start with http:// or https://, have a host and no whitespace";
    /// Metadata that is not a flat object of text, integer, boolean or null values.
    InvalidMetadata(&'static str) = 25, "invalid_metadata", Widget,
        "the metadata must be a flat object of text, integer, boolean or null values: {0}";
    /// A generic-preset global that is not `window.` and dot-separated identifiers (or one
    /// identifier), or that names a reserved word, a prototype or a built-in of `window`.
    InvalidGlobalName = 26, "invalid_global_name", Widget,
        "the global must be window. and dot-separated JavaScript identifiers, or one \
         identifier, e.g. window.myWidget; no reserved words, __proto__, prototype, \
         constructor or built-ins of window such as location";
    /// A CSP nonce with characters outside base64 / base64url.
    InvalidNonce = 27, "invalid_nonce", Widget,
        "the nonce must be 1 to 256 characters of A-Z a-z 0-9 + / = _ -";
    /// A field the chosen widget preset does not have: (field, preset).
    FieldNotInPreset(&'static str, &'static str) = 28, "field_not_in_preset", Widget,
        "the {1} preset has no field {0}";
    /// A timestamp of 10^11 or more: Unix seconds that far away (the year 5138) can only be a
    /// millisecond value such as JavaScript's `Date.now()`.
    TimestampInMilliseconds(&'static str) = 29, "timestamp_in_milliseconds", Timestamp,
        "{0} is 10^11 or more, which can only be milliseconds (10^11 seconds is the year \
         5138): pass Unix seconds, not milliseconds";
    /// A widget configuration given as JSON that is not JSON, has a field the configuration
    /// does not have, a value of the wrong type or a key given twice.
    InvalidWidgetConfig(String) = 30, "invalid_widget_config", Widget,
        "the widget configuration is not valid: {0}";
    /// Text given as a JWT that is not three base64url parts without padding, each of JSON,
    /// the header and claims being objects without a key given twice.
    JwtFormat(&'static str) = 31, "jwt_format", Token,
        "the token is not a compact JWT (three base64url parts without padding, JSON objects \
         without a key given twice): {0}";
    /// A JWT header other than exactly `alg` HS256, `typ` JWT and, where the profile wants
    /// one, `kid`: `alg: none` and every other algorithm are refused.
    JwtHeader(&'static str) = 32, "jwt_header", Token,
        "the JWT header is not one userhash accepts (alg HS256, typ JWT, kid where the vendor \
         uses one, nothing else): {0}";
    /// A JWT whose claims do not fit its profile: a required claim missing or of the wrong
    /// type, a fixed claim with another value.
    JwtClaims(String) = 33, "jwt_claims", Token, "the JWT claims do not fit the profile: {0}";
    /// A JWT whose `nbf` or `iat` is later than now plus the leeway.
    JwtNotYetValid = 34, "jwt_not_yet_valid", Token,
        "the JWT is not valid yet: its nbf or iat is later than now plus the leeway";
    /// A profile that signs the email, given a user without one.
    MissingEmail(&'static str) = 35, "missing_email", Widget,
        "the {0} profile signs the email, and the user has none";
    /// A profile that names its key in the JWT header (`kid`), given a signer without a key id.
    MissingKeyId(&'static str) = 36, "missing_key_id", Widget,
        "the {0} profile puts the key id in the JWT header (kid): sign with a keyring whose \
         key id is the vendor's key id, not a bare secret or signer";
    /// A JWT asked of a profile that signs a hash.
    NotAJwtProfile(&'static str) = 37, "not_a_jwt_profile", Token,
        "the {0} profile signs a hash, not a JWT; the JWT profiles are intercom-jwt, zendesk, \
         canny and featurebase";
    /// A snippet asked of a profile whose page form could not be confirmed.
    NoSnippet(&'static str) = 38, "no_snippet", Widget,
        "the {0} profile has no snippet (its widget call is not confirmed by the vendor's own \
         documentation): issue the token and pass it to the widget yourself";
}

impl Error {
    /// The stable, language-independent code of this error.
    pub fn code(&self) -> &'static str {
        self.spec().code
    }
}

/// Shorthand used throughout the crate.
pub type Result<T, E = Error> = core::result::Result<T, E>;
