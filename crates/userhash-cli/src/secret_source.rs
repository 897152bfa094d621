//! Where the CLI reads the secret from: an environment variable or a file, never argv.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use userhash::{Error, KeyWindow, Keyring, Secret, SecretEncoding};
use zeroize::Zeroizing;

use crate::Failure;

#[derive(Args)]
pub struct SecretSource {
    /// Environment variable holding the secret.
    #[arg(long, value_name = "NAME", default_value = "USERHASH_SECRET")]
    secret_env: String,
    /// File holding the secret (used instead of --secret-env). Its whole content is the
    /// secret: a trailing newline is refused, not trimmed (write it with `printf %s`).
    #[arg(long, value_name = "PATH")]
    secret_file: Option<PathBuf>,
    /// How the secret text is read: `text` uses its UTF-8 bytes (what widget vendors
    /// expect), `hex` and `base64` decode it.
    #[arg(long, value_enum, default_value_t = Encoding::Text)]
    pub(crate) secret_encoding: Encoding,
}

/// The secret plus, during a rotation, the previous one (verifying commands only).
#[derive(Args)]
pub struct KeyringSource {
    #[command(flatten)]
    current: SecretSource,
    /// Environment variable holding the previous secret during a rotation: hashes made
    /// with it still verify until --previous-not-after. Same encoding as the secret.
    #[arg(long, value_name = "NAME", requires = "previous_not_after")]
    previous_secret_env: Option<String>,
    /// Unix second from which the previous secret no longer verifies.
    #[arg(long, value_name = "UNIX_SECONDS", requires = "previous_secret_env")]
    previous_not_after: Option<i64>,
}

impl KeyringSource {
    /// Key "current" from the secret source, and key "previous" when one is given.
    pub fn load(&self) -> Result<Keyring, Failure> {
        let mut keyring = Keyring::new("current", &self.current.load()?)?;
        if let (Some(name), Some(not_after)) = (&self.previous_secret_env, self.previous_not_after)
        {
            let previous = Secret::from_env_with(name, self.current.secret_encoding.into())?;
            let window = KeyWindow { not_before: None, not_after: Some(not_after) };
            keyring.add("previous", &previous, window)?;
        }
        Ok(keyring)
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum Encoding {
    Text,
    Hex,
    Base64,
}

impl From<Encoding> for SecretEncoding {
    fn from(e: Encoding) -> Self {
        match e {
            Encoding::Text => SecretEncoding::Text,
            Encoding::Hex => SecretEncoding::Hex,
            Encoding::Base64 => SecretEncoding::Base64,
        }
    }
}

impl SecretSource {
    pub fn load(&self) -> Result<Secret, Failure> {
        let encoding = self.secret_encoding.into();
        let Some(path) = &self.secret_file else {
            return Ok(Secret::from_env_with(&self.secret_env, encoding)?);
        };
        let bytes = Zeroizing::new(std::fs::read(path).map_err(|e| {
            Failure::Message(format!("cannot read secret file {}: {e}", path.display()))
        })?);
        let text = std::str::from_utf8(&bytes).map_err(|_| Error::SecretNotUtf8)?;
        Ok(Secret::decode(text, encoding)?)
    }
}
