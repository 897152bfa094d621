//! `userhash`: sign and verify widget identity hashes from the command line.

mod jwt;
mod secret_source;
mod snippet;

use std::ffi::OsString;
use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use userhash::{Error, HASH_HEX_LEN, Signer, Verification};

use secret_source::{KeyringSource, SecretSource};
use snippet::SnippetArgs;

/// Exit status for a hash that does not verify.
pub(crate) const EXIT_INVALID: u8 = 1;
/// Exit status for usage errors and bad input (clap uses it too).
const EXIT_ERROR: u8 = 2;

#[derive(Parser)]
#[command(
    name = "userhash",
    version,
    about = "Identity-verification hashes for chat widgets: hex(HMAC-SHA256(secret, user_id)).",
    after_help = "The secret is read from an environment variable (default USERHASH_SECRET) or a \
file, never from an argument: the command line of a process is visible to every local user \
(ps, /proc/PID/cmdline).\n\nExit status: 0 success (for verify: the hash is valid), 1 the hash is \
not valid, 2 usage error or bad input."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the hash of each USER_ID, one per line, in order.
    Sign {
        #[command(flatten)]
        secret: SecretSource,
        /// User ids, hashed as their exact bytes. `-` reads one id per line from stdin
        /// (the line ending, `\n` or `\r\n`, is not part of the id). Put ids that start
        /// with `-` after `--`: `userhash sign -- -42`.
        #[arg(required = true, value_name = "USER_ID")]
        user_ids: Vec<OsString>,
    },
    /// Check that HASH is the hash of USER_ID (exit 0 valid, 1 invalid).
    ///
    /// Prints the outcome: verified (with the key id), missing, malformed (with the reason
    /// code), mismatch or expired.
    Verify(HashCheck),
    /// Tell why HASH does not verify for USER_ID, by trying the usual mistakes.
    ///
    /// Prints a stable finding code and a sentence; never the secret. Exit 0 when the hash
    /// is right, 1 otherwise. A debugging aid for the server's operators: never wire it to
    /// an endpoint end users can reach unauthenticated.
    Explain {
        #[command(flatten)]
        check: HashCheck,
        /// The user's email, to detect an email hashed instead of the id.
        #[arg(long)]
        email: Option<OsString>,
    },
    /// Print an expiring v1 token for USER_ID (docs/spec.md).
    Token {
        #[command(flatten)]
        secret: SecretSource,
        #[arg(value_name = "USER_ID")]
        user_id: OsString,
        /// Seconds from now until the token expires.
        #[arg(
            long,
            value_name = "SECONDS",
            conflicts_with = "expires_at",
            required_unless_present = "expires_at"
        )]
        ttl: Option<u64>,
        /// Unix second at which the token expires.
        #[arg(long, value_name = "UNIX_SECONDS", allow_negative_numbers = true)]
        expires_at: Option<i64>,
    },
    /// Check a v1 token for USER_ID (exit 0 verified, 1 otherwise).
    VerifyToken {
        #[command(flatten)]
        keys: KeyringSource,
        #[arg(value_name = "USER_ID")]
        user_id: OsString,
        #[arg(value_name = "TOKEN")]
        token: OsString,
        /// Seconds of clock skew tolerated after the expiry.
        #[arg(long, default_value_t = 0)]
        leeway: u64,
        /// Check as if at this Unix second instead of now.
        #[arg(long, value_name = "UNIX_SECONDS", allow_negative_numbers = true)]
        now: Option<i64>,
    },
    /// Print the widget configuration for a user as a script-safe <script> element (or
    /// JSON with --json). The hash is computed from --user-id.
    Snippet(Box<SnippetArgs>),
    /// Issue, verify or explain a vendor's HS256 JWT (intercom-jwt, zendesk, canny,
    /// featurebase).
    #[command(subcommand)]
    Jwt(jwt::JwtCommand),
    /// List the presets (vendor profiles): what each signs, how its secret is read, hash
    /// or JWT, and the vendor's page.
    Presets,
    /// Print a new random secret: 32 bytes from the OS CSPRNG as 64 hex characters.
    ///
    /// No newline is added when the output is not a terminal, so
    /// `userhash keygen > secret.txt` gives a file that --secret-file accepts.
    Keygen,
}

/// The keys, the id and the hash a page sent: what `verify` and `explain` look at.
#[derive(clap::Args)]
struct HashCheck {
    #[command(flatten)]
    keys: KeyringSource,
    #[arg(value_name = "USER_ID")]
    user_id: OsString,
    /// 64 hex characters, either case.
    #[arg(value_name = "HASH")]
    hash: OsString,
}

/// Why a command stopped early.
pub(crate) enum Failure {
    /// Reported on stderr, exit status 2.
    Message(String),
    /// The reader went away (`userhash sign - | head`): nothing to report.
    BrokenPipe,
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Message(format!("{e} [{}]", e.code()))
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        match e.kind() {
            std::io::ErrorKind::BrokenPipe => Failure::BrokenPipe,
            _ => Failure::Message(format!("I/O error: {e}")),
        }
    }
}

fn main() -> ExitCode {
    match run(Cli::parse().command) {
        Ok(code) => code,
        Err(Failure::BrokenPipe) => ExitCode::SUCCESS,
        Err(Failure::Message(msg)) => {
            eprintln!("userhash: error: {msg}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn run(command: Command) -> Result<ExitCode, Failure> {
    match command {
        Command::Sign { secret, user_ids } => sign(&secret, user_ids),
        Command::Verify(check) => {
            let keyring = check.keys.load()?;
            let (user_id, hash) = (check.user_id.as_encoded_bytes(), check.hash.as_encoded_bytes());
            report(&keyring.verify_detailed(user_id, hash)?)
        }
        Command::Explain { check, email } => explain(&check, email),
        Command::Token { secret, user_id, ttl, expires_at } => {
            let keyring = userhash::Keyring::new("current", &secret.load()?)?;
            let user_id = user_id.as_encoded_bytes();
            let token = match (ttl, expires_at) {
                (Some(ttl), _) => keyring.issue_token(user_id, ttl)?,
                (None, Some(at)) => keyring.issue_token_at(user_id, at)?,
                (None, None) => unreachable!("clap requires --ttl or --expires-at"),
            };
            println!("{token}");
            Ok(ExitCode::SUCCESS)
        }
        Command::VerifyToken { keys, user_id, token, leeway, now } => {
            let keyring = keys.load()?;
            let now = now.unwrap_or_else(userhash::unix_now);
            let (user_id, token) = (user_id.as_encoded_bytes(), token.as_encoded_bytes());
            report(&keyring.verify_token_at(user_id, token, now, leeway)?)
        }
        Command::Snippet(args) => {
            println!("{}", args.run()?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Jwt(command) => jwt::run(command),
        Command::Presets => Ok(jwt::presets()),
        Command::Keygen => keygen(),
    }
}

fn sign(secret: &SecretSource, user_ids: Vec<OsString>) -> Result<ExitCode, Failure> {
    let signer = Signer::new(&secret.load()?);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, stdout.lock());
    let mut emit = |id: &[u8]| -> Result<(), Failure> {
        let mut hex = [0u8; HASH_HEX_LEN];
        out.write_all(signer.sign_into(id, &mut hex)?.as_bytes())?;
        out.write_all(b"\n")?;
        Ok(())
    };
    for id in user_ids {
        if id == "-" {
            sign_lines(std::io::stdin().lock(), &mut emit)?;
        } else {
            emit(id.as_encoded_bytes())?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Streams ids from `input`, one per line, without collecting them.
fn sign_lines(
    mut input: impl BufRead,
    emit: &mut impl FnMut(&[u8]) -> Result<(), Failure>,
) -> Result<(), Failure> {
    let mut line = Vec::new();
    let mut number = 0u64;
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        number += 1;
        let id = line.strip_suffix(b"\n").unwrap_or(&line);
        let id = id.strip_suffix(b"\r").unwrap_or(id);
        emit(id).map_err(|failure| match failure {
            Failure::Message(msg) => Failure::Message(format!("stdin line {number}: {msg}")),
            other => other,
        })?;
    }
}

/// Prints a verification outcome, e.g. `verified (key current)` or
/// `malformed [hash_not_hex]`; exit 0 only when verified.
pub(crate) fn report(result: &Verification) -> Result<ExitCode, Failure> {
    let mut line = result.outcome().to_owned();
    if let Some(reason) = result.reason() {
        line += &format!(" [{reason}]");
    }
    if let Some(key_id) = result.key_id() {
        line += &format!(" (key {key_id})");
    }
    println!("{line}");
    Ok(if result.is_verified() { ExitCode::SUCCESS } else { ExitCode::from(EXIT_INVALID) })
}

fn explain(check: &HashCheck, email: Option<OsString>) -> Result<ExitCode, Failure> {
    let keyring = check.keys.load()?;
    let email = email.as_ref().map(|e| e.as_encoded_bytes());
    let (user_id, hash) = (check.user_id.as_encoded_bytes(), check.hash.as_encoded_bytes());
    let finding = keyring.explain(user_id, hash, email)?;
    println!("{}: {}", finding.code, finding.message);
    Ok(if finding.code == "verified" { ExitCode::SUCCESS } else { ExitCode::from(EXIT_INVALID) })
}

fn keygen() -> Result<ExitCode, Failure> {
    let secret = zeroize::Zeroizing::new(userhash::generate_secret()?);
    let mut out = std::io::stdout().lock();
    out.write_all(secret.as_bytes())?;
    if out.is_terminal() {
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
