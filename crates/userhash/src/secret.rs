//! The HMAC key, with strict constructors and no way to print it.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD_PAD_INDIFFERENT, URL_SAFE_PAD_INDIFFERENT};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// A widget secret. Built once, never printed, wiped from memory on drop.
///
/// `Debug` shows `Secret(<redacted>)`; there is no `Display` and no accessor that
/// returns the bytes outside this crate.
#[derive(Clone)]
pub struct Secret(Zeroizing<Vec<u8>>);

/// How the text of a secret (in an env var, a file, a config value) is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SecretEncoding {
    /// The UTF-8 bytes of the text are the key: what every widget vendor's snippet does.
    #[default]
    Text,
    /// The text is hex; the decoded bytes are the key.
    Hex,
    /// The text is base64 (standard or URL-safe); the decoded bytes are the key.
    Base64,
}

impl Secret {
    /// Takes raw key bytes exactly as they are. Only emptiness is refused.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        check_key_bytes(bytes)?;
        Ok(Secret(Zeroizing::new(bytes.to_vec())))
    }

    /// Uses the UTF-8 bytes of `text` as the key, as the vendors' snippets do.
    ///
    /// Leading or trailing whitespace is an error (`secret_whitespace`), never trimmed:
    /// a newline copied from a secret file would otherwise silently change every hash.
    pub fn from_text(text: &str) -> Result<Self> {
        check_key_text(text)?;
        Self::from_bytes(text.as_bytes())
    }

    /// Decodes a hex key (either case, even length, nothing else).
    pub fn from_hex(text: &str) -> Result<Self> {
        reject_surrounding_whitespace(text)?;
        let bytes = Zeroizing::new(hex::decode(text).map_err(|e| {
            Error::InvalidSecretHex(match e {
                hex::FromHexError::OddLength => "it has an odd number of digits",
                _ => "it contains a character outside 0-9, a-f, A-F",
            })
        })?);
        Self::from_bytes(&bytes)
    }

    /// Decodes a base64 key: the standard or the URL-safe alphabet (not a mix), padding
    /// optional but correct when present, and no stray bits in the last character.
    pub fn from_base64(text: &str) -> Result<Self> {
        reject_surrounding_whitespace(text)?;
        let decoded = STANDARD_PAD_INDIFFERENT
            .decode(text)
            .or_else(|_| URL_SAFE_PAD_INDIFFERENT.decode(text))
            .map_err(|_| {
                Error::InvalidSecretBase64(
                    "expected the standard or URL-safe alphabet with correct padding",
                )
            })?;
        Self::from_bytes(&Zeroizing::new(decoded))
    }

    /// Reads `text` with the given encoding.
    pub fn decode(text: &str, encoding: SecretEncoding) -> Result<Self> {
        match encoding {
            SecretEncoding::Text => Self::from_text(text),
            SecretEncoding::Hex => Self::from_hex(text),
            SecretEncoding::Base64 => Self::from_base64(text),
        }
    }

    /// Reads the secret from environment variable `name` as text (`missing_env` when unset).
    pub fn from_env(name: &str) -> Result<Self> {
        Self::from_env_with(name, SecretEncoding::Text)
    }

    /// Reads the secret from environment variable `name` with the given encoding.
    pub fn from_env_with(name: &str, encoding: SecretEncoding) -> Result<Self> {
        let value = std::env::var_os(name).ok_or_else(|| Error::MissingEnv(name.to_owned()))?;
        let value = Zeroizing::new(value.into_encoded_bytes());
        let text = std::str::from_utf8(&value).map_err(|_| Error::SecretNotUtf8)?;
        Self::decode(text, encoding)
    }

    /// A text secret from the value of environment variable `name` as the caller read it
    /// (`None` when it is not set: `missing_env` naming `name`), for runtimes whose
    /// environment is not the process's, such as PHP-FPM's `getenv()`.
    pub fn from_env_value(name: &str, value: Option<&[u8]>) -> Result<Self> {
        let value = value.ok_or_else(|| Error::MissingEnv(name.to_owned()))?;
        Self::from_text(std::str::from_utf8(value).map_err(|_| Error::SecretNotUtf8)?)
    }

    pub(crate) fn bytes(&self) -> &[u8] {
        &self.0
    }
}

impl core::fmt::Debug for Secret {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// The rule for raw key bytes: anything but nothing.
pub(crate) fn check_key_bytes(bytes: &[u8]) -> Result<()> {
    if bytes.is_empty() {
        return Err(Error::EmptySecret);
    }
    Ok(())
}

/// The rules for a text secret: not empty, no surrounding whitespace.
pub(crate) fn check_key_text(text: &str) -> Result<()> {
    reject_surrounding_whitespace(text)?;
    check_key_bytes(text.as_bytes())
}

fn reject_surrounding_whitespace(text: &str) -> Result<()> {
    let starts = text.chars().next().is_some_and(char::is_whitespace);
    let ends = text.chars().next_back().is_some_and(char::is_whitespace);
    if starts || ends {
        return Err(Error::SecretWhitespace);
    }
    Ok(())
}

/// 32 bytes from the operating system's CSPRNG, as 64 lowercase hex characters.
///
/// Use the returned text as a text secret (`Secret::from_text`), the way widget vendors
/// hand out their keys.
pub fn generate_secret() -> Result<String> {
    let mut bytes = Zeroizing::new([0u8; 32]);
    getrandom::fill(bytes.as_mut()).map_err(|_| Error::RngFailure)?;
    Ok(hex::encode(bytes.as_ref()))
}
