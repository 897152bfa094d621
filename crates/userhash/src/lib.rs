//! Identity-verification hashes for chat and support widgets.
//!
//! Widgets such as TAU, Hal, Intercom or Crisp trust a logged-in user when the page
//! passes the user's id together with `hex(HMAC-SHA256(key = secret, msg = user_id))`
//! computed on the server. This crate computes and checks that hash, byte-identical to the
//! vendors' own snippets, and refuses the usual mistakes instead of hashing them.
//!
//! ```
//! use userhash::{Secret, Signer};
//!
//! let secret = Secret::from_text("your_secret_key")?;
//! let signer = Signer::new(&secret);
//! let hash = signer.sign("user123")?;
//! assert_eq!(hash.len(), 64);
//! assert!(signer.verify("user123", &hash)?);
//! assert!(!signer.verify("user124", &hash)?);
//! # Ok::<(), userhash::Error>(())
//! ```
//!
//! Bytes are explicit: a `&str` id is hashed as its exact UTF-8 bytes (no trimming, no
//! Unicode normalization), integer ids go through [`IntegerId`], and every error carries a
//! stable [`Error::code`].

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod contract;
mod error;
mod explain;
mod hash;
mod json;
mod jwt;
mod keyed;
mod keyring;
mod secret;
mod signer;
mod timestamp;
mod token;
mod user_id;
mod vendor;
mod vendor_jwt;
mod verification;
mod widget;
mod widget_json;

pub use error::{Error, Result};
pub use explain::{Finding, MIN_PREFIX_HEX, explain};
pub use hash::{HASH_HEX_LEN, HASH_LEN, decode_hash};
pub use jwt::MAX_JWT_LEN;
pub use keyring::{
    ENV_PREVIOUS_NOT_AFTER, ENV_PREVIOUS_SECRET, ENV_SECRET, FailureHook, KeyWindow, Keyring,
};
pub use secret::{Secret, SecretEncoding, generate_secret};
pub use signer::{Signer, sign, verify};
pub use timestamp::{MILLISECONDS_FROM, check_duration, check_unix_seconds, unix_now};
pub use user_id::IntegerId;
pub use vendor::Preset;
pub use vendor_jwt::JwtVerification;
pub use verification::{FailureEvent, Verification};
pub use widget::{DEFAULT_JWT_TTL, InvalidField, MetaValue, SigningKey, WidgetConfig, WidgetUser};

// The README's Rust examples run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeDoctests;

/// The version of this crate, which is the version of every userhash package.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
