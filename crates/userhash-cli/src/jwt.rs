//! `userhash jwt` and `userhash presets`: vendor JWTs, and what each vendor profile signs.

use std::ffi::OsString;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use userhash::{Keyring, Preset, SecretEncoding, WidgetUser};

use crate::secret_source::{KeyringSource, SecretSource};
use crate::{EXIT_INVALID, Failure, report};

#[derive(Subcommand)]
pub enum JwtCommand {
    /// Print a JWT of the vendor's profile for a user, signed with the secret.
    Issue(Box<IssueArgs>),
    /// Check a JWT of the vendor's profile (exit 0 verified, 1 otherwise); prints the
    /// outcome, then the claims of an authentic token.
    Verify(TokenCheck),
    /// Tell why a JWT does not verify (exit 0 when it does).
    Explain(TokenCheck),
}

#[derive(Args)]
pub struct IssueArgs {
    #[command(flatten)]
    secret: SecretSource,
    /// intercom-jwt, zendesk, canny or featurebase.
    #[arg(long)]
    preset: String,
    /// The secret's key id, put in the header for the vendors that name keys (zendesk).
    #[arg(long, value_name = "ID", default_value = "current")]
    key_id: String,
    #[arg(long, value_name = "USER_ID")]
    user_id: String,
    #[arg(long)]
    name: Option<String>,
    #[arg(long)]
    email: Option<String>,
    /// http(s) URL (canny, featurebase).
    #[arg(long)]
    profile_picture_url: Option<String>,
    /// Seconds from now (or --now) until the token expires; without it or --expires-at
    /// the token has no exp.
    #[arg(long, value_name = "SECONDS", conflicts_with = "expires_at")]
    ttl: Option<u64>,
    /// Unix second at which the token expires.
    #[arg(long, value_name = "UNIX_SECONDS", allow_negative_numbers = true)]
    expires_at: Option<i64>,
    /// Issue as if at this Unix second (the iat) instead of now.
    #[arg(long, value_name = "UNIX_SECONDS", allow_negative_numbers = true)]
    now: Option<i64>,
}

#[derive(Args)]
pub struct TokenCheck {
    #[command(flatten)]
    keys: KeyringSource,
    #[arg(long)]
    preset: String,
    #[arg(value_name = "TOKEN")]
    token: OsString,
    /// Seconds of clock skew tolerated around exp, nbf and iat.
    #[arg(long, default_value_t = 0)]
    leeway: u64,
    /// Check as if at this Unix second instead of now.
    #[arg(long, value_name = "UNIX_SECONDS", allow_negative_numbers = true)]
    now: Option<i64>,
}

pub fn run(command: JwtCommand) -> Result<ExitCode, Failure> {
    match command {
        JwtCommand::Issue(args) => {
            let preset = Preset::from_name(&args.preset)?;
            let keyring = Keyring::new(&args.key_id, &args.secret.load_for(Some(preset))?)?;
            let user = WidgetUser {
                id: args.user_id,
                name: args.name,
                email: args.email,
                profile_picture_url: args.profile_picture_url,
                ..WidgetUser::default()
            };
            let now = args.now.unwrap_or_else(userhash::unix_now);
            let expires_at =
                args.expires_at.or(args.ttl.map(|ttl| now.saturating_add_unsigned(ttl)));
            println!("{}", keyring.issue_jwt_at(preset, &user, now, expires_at)?);
            Ok(ExitCode::SUCCESS)
        }
        JwtCommand::Verify(check) => {
            let (preset, keyring, now) = check.load()?;
            let token = check.token.as_encoded_bytes();
            let result = keyring.verify_jwt_at(preset, token, now, check.leeway)?;
            let status = report(&result.verification)?;
            if let Some(claims) = &result.claims {
                println!("{claims}");
            }
            Ok(status)
        }
        JwtCommand::Explain(check) => {
            let (preset, keyring, now) = check.load()?;
            let token = check.token.as_encoded_bytes();
            let (finding, _) = keyring.explain_jwt_at(preset, token, now, check.leeway)?;
            println!("{}: {}", finding.code, finding.message);
            let verified = finding.code == "verified";
            Ok(if verified { ExitCode::SUCCESS } else { ExitCode::from(EXIT_INVALID) })
        }
    }
}

impl TokenCheck {
    fn load(&self) -> Result<(Preset, Keyring, i64), Failure> {
        let preset = Preset::from_name(&self.preset)?;
        let keyring = self.keys.load_for(Some(preset))?;
        Ok((preset, keyring, self.now.unwrap_or_else(userhash::unix_now)))
    }
}

/// One line per profile: name, what it signs, how its secret is read, hash or JWT, and the
/// vendor's page.
pub fn presets() -> ExitCode {
    for name in Preset::NAMES {
        let preset = Preset::from_name(name).expect("every listed name is a preset");
        let signs = if preset.signs_email() { "email" } else { "id" };
        let secret = match preset.secret_encoding() {
            SecretEncoding::Hex => "hex",
            _ => "text",
        };
        let token = if preset.uses_jwt() { "jwt" } else { "hash" };
        println!(
            "{name:<13} signs {signs:<5} secret {secret:<4} {token:<4} {}",
            preset.documentation_url()
        );
    }
    ExitCode::SUCCESS
}
