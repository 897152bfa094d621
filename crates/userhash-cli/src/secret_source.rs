//! Where the CLI reads the secret from: an environment variable or a file, never argv.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use userhash::{Error, KeyWindow, Keyring, Preset, Secret, SecretEncoding};
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
    /// The id of the secret's key: what a JWT's kid names (Zendesk shows it with the secret).
    #[arg(long, value_name = "ID", default_value = "current")]
    key_id: String,
    /// Environment variable holding the previous secret during a rotation: hashes made
    /// with it still verify until --previous-not-after. Same encoding as the secret.
    #[arg(long, value_name = "NAME", requires = "previous_not_after")]
    previous_secret_env: Option<String>,
    /// Unix second from which the previous secret no longer verifies.
    #[arg(long, value_name = "UNIX_SECONDS", requires = "previous_secret_env")]
    previous_not_after: Option<i64>,
}

impl KeyringSource {
    /// Key --key-id ("current") from the secret source, and key "previous" when one is
    /// given.
    pub fn load(&self) -> Result<Keyring, Failure> {
        self.load_for(None)
    }

    /// [`KeyringSource::load`], reading text secrets as `preset`'s vendor does.
    pub fn load_for(&self, preset: Option<Preset>) -> Result<Keyring, Failure> {
        let mut keyring = Keyring::new(&self.key_id, &self.current.load_for(preset)?)?;
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
        self.load_for(None)
    }

    /// The secret; with the default `--secret-encoding text` and a preset, read as that
    /// vendor reads its dashboard secret (Pylon's is hex and decoded).
    pub fn load_for(&self, preset: Option<Preset>) -> Result<Secret, Failure> {
        let bytes = match &self.secret_file {
            Some(path) => Zeroizing::new(std::fs::read(path).map_err(|e| {
                Failure::Message(format!("cannot read secret file {}: {e}", path.display()))
            })?),
            None => Zeroizing::new(
                std::env::var_os(&self.secret_env)
                    .ok_or_else(|| Error::MissingEnv(self.secret_env.clone()))?
                    .into_encoded_bytes(),
            ),
        };
        let text = std::str::from_utf8(&bytes).map_err(|_| Error::SecretNotUtf8)?;
        Ok(match (self.secret_encoding, preset) {
            (Encoding::Text, Some(preset)) => preset.secret(text)?,
            (encoding, _) => Secret::decode(text, encoding.into())?,
        })
    }
}
