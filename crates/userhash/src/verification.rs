//! The detailed outcome of a verification, and what a monitoring hook is told about failures.

/// What verifying a hash or token found. `outcome()` names are stable in every language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    /// Right for this id; `key_id` is the keyring key that matched.
    Verified {
        /// Id of the key that matched.
        key_id: String,
    },
    /// No hash or token was given. Never a reason to skip verification.
    Missing,
    /// The input cannot be a hash or token; `reason` is an error code such as `hash_not_hex`.
    Malformed {
        /// Stable error code saying what is wrong with the input.
        reason: &'static str,
    },
    /// Well-formed, but not right for this id under any valid key.
    Mismatch,
    /// Authentic, but a token past its expiry or a hash only a retired key matches.
    Expired {
        /// Id of the key that matched.
        key_id: String,
    },
}

impl Verification {
    /// Every outcome name, in a fixed order.
    pub const OUTCOMES: &'static [&'static str] =
        &["verified", "missing", "malformed", "mismatch", "expired"];

    /// The stable outcome name.
    pub fn outcome(&self) -> &'static str {
        Self::OUTCOMES[self.outcome_index()]
    }

    /// The outcome's value in the C ABI: its position in [`Verification::OUTCOMES`] plus
    /// one, so that a zeroed C result never reads as verified.
    pub fn outcome_value(&self) -> u32 {
        self.outcome_index() as u32 + 1
    }

    fn outcome_index(&self) -> usize {
        match self {
            Verification::Verified { .. } => 0,
            Verification::Missing => 1,
            Verification::Malformed { .. } => 2,
            Verification::Mismatch => 3,
            Verification::Expired { .. } => 4,
        }
    }

    /// Whether the identity is verified.
    pub fn is_verified(&self) -> bool {
        matches!(self, Verification::Verified { .. })
    }

    /// The key id that matched (verified or expired).
    pub fn key_id(&self) -> Option<&str> {
        match self {
            Verification::Verified { key_id } | Verification::Expired { key_id } => Some(key_id),
            _ => None,
        }
    }

    /// The reason of a malformed input.
    pub fn reason(&self) -> Option<&'static str> {
        match self {
            Verification::Malformed { reason } => Some(reason),
            _ => None,
        }
    }
}

/// What a monitoring hook receives about a failed verification: enough to count and
/// correlate attempts, never the secret and never the whole hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailureEvent {
    /// The outcome name (never `verified`).
    pub outcome: &'static str,
    /// The reason code of a malformed input.
    pub reason: Option<&'static str>,
    /// The key id that matched, for `expired`.
    pub key_id: Option<String>,
    /// The user id, as text (invalid UTF-8 replaced by U+FFFD).
    pub user_id: String,
    /// At most the first 8 characters of the presented hash or token.
    pub hash_prefix: String,
}

impl FailureEvent {
    /// Characters of the presented hash kept in an event.
    pub const PREFIX_LEN: usize = 8;

    /// The event for `result`, or `None` when it is verified.
    pub fn new(result: &Verification, user_id: &[u8], presented: &[u8]) -> Option<Self> {
        if result.is_verified() {
            return None;
        }
        let prefix = &presented[..presented.len().min(Self::PREFIX_LEN)];
        Some(FailureEvent {
            outcome: result.outcome(),
            reason: result.reason(),
            key_id: result.key_id().map(str::to_owned),
            user_id: String::from_utf8_lossy(user_id).into_owned(),
            hash_prefix: String::from_utf8_lossy(prefix).into_owned(),
        })
    }
}
