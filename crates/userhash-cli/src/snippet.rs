//! `userhash snippet`: the widget configuration for a user, as JSON or a script element.

use clap::Args;
use userhash::{Keyring, MetaValue, Preset, WidgetConfig, WidgetUser};

use crate::Failure;
use crate::secret_source::SecretSource;

#[derive(Args)]
pub struct SnippetArgs {
    #[command(flatten)]
    secret: SecretSource,
    /// The widget: tau, hal, generic, intercom, intercom-jwt, chatwoot, crisp, helpscout,
    /// front, pylon, zendesk, featurebase (`userhash presets` lists what each signs).
    #[arg(long)]
    preset: String,
    /// The app id the widget vendor gave you (none for chatwoot, crisp, helpscout, zendesk).
    #[arg(long, default_value = "")]
    app_id: String,
    /// The secret's key id, named in the JWT header where the vendor uses one (zendesk).
    #[arg(long, value_name = "ID", default_value = "current")]
    key_id: String,
    /// Seconds until a JWT profile's token expires (default 3600).
    #[arg(long, value_name = "SECONDS")]
    ttl: Option<u64>,
    /// Issue a JWT as if at this Unix second instead of now.
    #[arg(long, value_name = "UNIX_SECONDS", allow_negative_numbers = true)]
    now: Option<i64>,
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
    /// Leave out an optional field that fails its rule (a malformed email, say), naming it
    /// on stderr, instead of failing.
    #[arg(long)]
    drop_invalid_fields: bool,
}

impl SnippetArgs {
    pub fn run(self) -> Result<String, Failure> {
        let preset = Preset::from_name(&self.preset)?;
        let keyring = Keyring::new(&self.key_id, &self.secret.load_for(Some(preset))?)?;
        let now = self.now.unwrap_or_else(userhash::unix_now);
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
        let mut config =
            WidgetConfig { preset, app_id: self.app_id, global: self.global, user, ttl: self.ttl };
        if self.drop_invalid_fields {
            for dropped in config.drop_invalid_fields() {
                eprintln!("userhash: left out {}: {}", dropped.field, dropped.error);
            }
        }
        Ok(if self.json {
            config.to_json_at(&keyring, now)?
        } else {
            config.to_script_at(&keyring, self.nonce.as_deref(), now)?
        })
    }
}

fn parse_meta(entry: &str) -> Result<(String, MetaValue), Failure> {
    let (key, value) = entry
        .split_once('=')
        .ok_or_else(|| Failure::Message(format!("--meta {entry:?} is not KEY=VALUE")))?;
    Ok((key.to_owned(), MetaValue::Text(value.to_owned())))
}
