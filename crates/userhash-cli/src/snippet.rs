//! `userhash snippet`: the widget configuration for a user, as JSON or a script element.

use clap::Args;
use userhash::{MetaValue, Preset, Signer, WidgetConfig, WidgetUser};

use crate::Failure;
use crate::secret_source::SecretSource;

#[derive(Args)]
pub struct SnippetArgs {
    #[command(flatten)]
    secret: SecretSource,
    /// tau (window.taubotConfig), hal (window.HalSettings) or generic.
    #[arg(long)]
    preset: String,
    /// The app id the widget vendor gave you.
    #[arg(long)]
    app_id: String,
    /// The logged-in user's id (the hash is computed from it).
    #[arg(long, required_unless_present = "anonymous", conflicts_with = "anonymous")]
    user_id: Option<String>,
    /// An anonymous visitor: no id and no hash at all.
    #[arg(long)]
    anonymous: bool,
    #[arg(long)]
    name: Option<String>,
    #[arg(long)]
    email: Option<String>,
    /// International E.164 form, e.g. +15551234567 (tau, generic).
    #[arg(long)]
    phone: Option<String>,
    /// http(s) URL (tau, generic).
    #[arg(long)]
    profile_picture_url: Option<String>,
    /// Unix seconds (tau, generic).
    #[arg(long, allow_negative_numbers = true)]
    created_at: Option<i64>,
    /// Metadata entry KEY=VALUE, as text (hal, generic); repeat for more.
    #[arg(long = "meta", value_name = "KEY=VALUE")]
    metadata: Vec<String>,
    /// The global to assign (generic only).
    #[arg(long)]
    global: Option<String>,
    /// CSP nonce for the script element.
    #[arg(long)]
    nonce: Option<String>,
    /// Print only the JSON object instead of the script element.
    #[arg(long, conflicts_with = "nonce")]
    json: bool,
}

impl SnippetArgs {
    pub fn run(self) -> Result<String, Failure> {
        let signer = Signer::new(&self.secret.load()?);
        let metadata = (!self.metadata.is_empty())
            .then(|| self.metadata.iter().map(|entry| parse_meta(entry)).collect())
            .transpose()?;
        let user = self.user_id.map(|id| WidgetUser {
            id,
            name: self.name,
            email: self.email,
            phone: self.phone,
            profile_picture_url: self.profile_picture_url,
            created_at: self.created_at,
            metadata,
        });
        let config = WidgetConfig {
            preset: Preset::from_name(&self.preset)?,
            app_id: self.app_id,
            global: self.global,
            user,
            ttl: None,
        };
        Ok(if self.json {
            config.to_json(&signer)?
        } else {
            config.to_script(&signer, self.nonce.as_deref())?
        })
    }
}

fn parse_meta(entry: &str) -> Result<(String, MetaValue), Failure> {
    let (key, value) = entry
        .split_once('=')
        .ok_or_else(|| Failure::Message(format!("--meta {entry:?} is not KEY=VALUE")))?;
    Ok((key.to_owned(), MetaValue::Text(value.to_owned())))
}
