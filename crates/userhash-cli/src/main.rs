//! `userhash`: sign and verify widget identity hashes from the command line.

mod secret_source;

use std::ffi::OsString;
use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use userhash::{Error, HASH_HEX_LEN, Signer};

use secret_source::SecretSource;

/// Exit status for a hash that does not verify.
const EXIT_INVALID: u8 = 1;
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
    Verify {
        #[command(flatten)]
        secret: SecretSource,
        #[arg(value_name = "USER_ID")]
        user_id: OsString,
        /// 64 hex characters, either case.
        #[arg(value_name = "HASH")]
        hash: OsString,
    },
    /// Print a new random secret: 32 bytes from the OS CSPRNG as 64 hex characters.
    ///
    /// No newline is added when the output is not a terminal, so
    /// `userhash keygen > secret.txt` gives a file that --secret-file accepts.
    Keygen,
}

/// Why a command stopped early.
enum Failure {
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
    let outcome = match Cli::parse().command {
        Command::Sign { secret, user_ids } => sign(&secret, user_ids),
        Command::Verify {
            secret,
            user_id,
            hash,
        } => verify(&secret, user_id, hash),
        Command::Keygen => keygen(),
    };
    match outcome {
        Ok(code) => code,
        Err(Failure::BrokenPipe) => ExitCode::SUCCESS,
        Err(Failure::Message(msg)) => {
            eprintln!("userhash: error: {msg}");
            ExitCode::from(EXIT_ERROR)
        }
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

fn verify(secret: &SecretSource, user_id: OsString, hash: OsString) -> Result<ExitCode, Failure> {
    let signer = Signer::new(&secret.load()?);
    let hash = hash.as_encoded_bytes();
    if signer.verify(user_id.as_encoded_bytes(), hash)? {
        println!("valid");
        return Ok(ExitCode::SUCCESS);
    }
    match userhash::decode_hash(hash) {
        Err(e) => println!("invalid: {e} [{}]", e.code()),
        Ok(_) => println!("invalid: the hash does not match this user id and secret"),
    }
    Ok(ExitCode::from(EXIT_INVALID))
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
