//! The contract every binding shares: stable error codes with their C values, categories
//! and messages, outcome names and explain findings. Each is declared once in this crate
//! (errors in `error.rs`, outcomes in `verification.rs`, findings in `explain.rs`);
//! [`to_json`] writes them as `contract.json`, from which `scripts/contract` generates the
//! constants of every language.

use crate::error::Error;
use crate::explain::Finding;
use crate::vendor::{PROFILES, SecretForm, Subject};
use crate::verification::Verification;

/// The group of an error, which a binding maps to its exception class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// A secret that is empty, malformed or not set.
    Secret,
    /// A user id that is empty, not Unicode or out of range.
    UserId,
    /// A user id of a type that cannot be hashed.
    UserIdType,
    /// A hash that is not 64 hex characters.
    Hash,
    /// A token that is not `v1.EXPIRES_AT.MAC`, or a JWT that userhash does not accept.
    Token,
    /// A keyring key that is empty, duplicated or has an empty window.
    Keyring,
    /// A timestamp or duration that is negative or in milliseconds.
    Timestamp,
    /// A widget configuration field that breaks its rule.
    Widget,
    /// The operating system failed.
    System,
    /// A misuse of the C interface itself (NULL pointer, short buffer, panic).
    Interface,
}

impl Category {
    /// The category's name in `contract.json`.
    pub fn name(self) -> &'static str {
        match self {
            Category::Secret => "secret",
            Category::UserId => "user_id",
            Category::UserIdType => "user_id_type",
            Category::Hash => "hash",
            Category::Token => "token",
            Category::Keyring => "keyring",
            Category::Timestamp => "timestamp",
            Category::Widget => "widget",
            Category::System => "system",
            Category::Interface => "interface",
        }
    }
}

/// One error of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorSpec {
    /// The stable code every language reports.
    pub code: &'static str,
    /// Its value as a C `userhash_result` (1-99 core errors, from 100 the C interface's).
    pub value: u32,
    /// Its group.
    pub category: Category,
    /// Its message; `{0}`, `{0:?}` and `{1}` stand for details only the core fills in.
    pub message: &'static str,
}

/// The errors of the C interface itself, values from 100; a retired value is never reused.
pub const INTERFACE_ERRORS: &[ErrorSpec] = &[
    interface(100, "null_parameter", "a pointer argument is NULL"),
    interface(101, "buffer_too_small", "the output buffer is too small"),
    interface(102, "panic", "userhash panicked (a bug, please report it); the call had no effect"),
    interface(
        103,
        "text_not_utf8",
        "a text argument (key id, preset, app id, widget field, global or nonce) is not valid UTF-8",
    ),
    interface(104, "index_out_of_range", "the keyring has no key at this index"),
    interface(
        105,
        "length_out_of_range",
        "a length, count or total size is larger than any buffer can be (above PTRDIFF_MAX, \
         or overflowing size_t); nothing was read",
    ),
];

const fn interface(value: u32, code: &'static str, message: &'static str) -> ErrorSpec {
    ErrorSpec { code, value, category: Category::Interface, message }
}

/// Every error of the contract: the core's, then the C interface's.
pub fn errors() -> impl Iterator<Item = &'static ErrorSpec> {
    Error::CONTRACT.iter().chain(INTERFACE_ERRORS)
}

/// Each vendor profile: its name, what it signs, how it reads its secret, what it takes.
fn presets() -> Vec<serde_json::Value> {
    PROFILES
        .iter()
        .map(|p| {
            serde_json::json!({
                "name": p.name,
                "signs": match p.signs { Subject::Id => "id", Subject::Email => "email" },
                "secret": match p.secret { SecretForm::Text => "text", SecretForm::Hex => "hex" },
                "token": if p.jwt.is_some() { "jwt" } else { "hash" },
                "app_id": p.app_id,
                "fields": p.fields.iter().map(|f| f.name()).collect::<Vec<_>>(),
                "documentation": p.source,
            })
        })
        .collect()
}

/// The whole contract as pretty-printed JSON (`contract.json` at the repository root).
pub fn to_json() -> String {
    let errors: Vec<_> = errors()
        .map(|e| {
            serde_json::json!({
                "code": e.code,
                "value": e.value,
                "category": e.category.name(),
                "message": e.message,
            })
        })
        .collect();
    let outcomes: Vec<_> = Verification::OUTCOMES
        .iter()
        .zip(1..)
        .map(|(name, value)| serde_json::json!({ "name": name, "value": value }))
        .collect();
    let contract = serde_json::json!({
        "description": "The userhash contract, generated from crates/userhash (cargo test -p userhash --test contract); do not edit. scripts/contract generates each language's constants from it.",
        "errors": errors,
        "outcomes": outcomes,
        "findings": Finding::CODES,
        "presets": presets(),
    });
    serde_json::to_string_pretty(&contract).expect("the contract is plain JSON") + "\n"
}
