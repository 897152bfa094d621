//! Detailed verification results, failure events and explain findings as C data.

use std::ffi::{CStr, c_char, c_void};

use userhash::{FailureEvent, Finding, Keyring, Verification};

use crate::boundary::guard_ptr;
use crate::result::{for_code, userhash_result};

/// The outcome of a detailed verification (docs/spec.md, section 4). Values start at 1, so
/// that a zeroed `userhash_verification` never reads as verified;
/// `userhash_outcome_name` gives the stable name every binding uses.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum userhash_outcome {
    /// `verified`: the hash or token is right; `key_index` names the key that matched.
    Verified = 1,
    /// `missing`: no hash was given (empty). Never a reason to skip verification.
    Missing = 2,
    /// `malformed`: the input cannot be a hash or token; `reason` says why.
    Malformed = 3,
    /// `mismatch`: well-formed, but not right for this id under any valid key.
    Mismatch = 4,
    /// `expired`: a token past its expiry, or a hash only a retired key matches;
    /// `key_index` names that key.
    Expired = 5,
}

const OUTCOMES: [(userhash_outcome, &CStr); 5] = [
    (userhash_outcome::Verified, c"verified"),
    (userhash_outcome::Missing, c"missing"),
    (userhash_outcome::Malformed, c"malformed"),
    (userhash_outcome::Mismatch, c"mismatch"),
    (userhash_outcome::Expired, c"expired"),
];

fn outcome_of(name: &str) -> userhash_outcome {
    OUTCOMES
        .iter()
        .find(|(_, n)| n.to_bytes() == name.as_bytes())
        .map(|(o, _)| *o)
        .expect("every core outcome has a value (test every_core_outcome_has_a_value)")
}

/// What `userhash_keyring_verify_detailed` and `userhash_keyring_verify_token` found.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct userhash_verification {
    /// The outcome.
    pub outcome: userhash_outcome,
    /// For `USERHASH_OUTCOME_MALFORMED`, what is wrong with the input
    /// (`USERHASH_RESULT_HASH_WRONG_LENGTH`, `_HASH_NOT_HEX`, `_TOKEN_VERSION`,
    /// `_TOKEN_FORMAT`); `USERHASH_RESULT_OK` otherwise.
    pub reason: userhash_result,
    /// For verified and expired, the index of the key that matched (0 is the primary key;
    /// `userhash_keyring_key_id` gives its id); -1 otherwise.
    pub key_index: i64,
}

impl userhash_verification {
    pub(crate) fn new(keyring: &Keyring, v: &Verification) -> Self {
        let key_index = v
            .key_id()
            .and_then(|id| keyring.key_ids().position(|k| k == id))
            .map_or(-1, |i| i as i64);
        userhash_verification {
            outcome: outcome_of(v.outcome()),
            reason: v.reason().map_or(userhash_result::Ok, for_code),
            key_index,
        }
    }
}

/// A failed verification, as the failure callback of a keyring receives it: enough to count
/// and correlate attempts, never the secret and never the whole hash. Every pointer is valid
/// only during the callback; each text is also NUL-terminated (the user id may contain NUL
/// bytes: use the length).
#[repr(C)]
pub struct userhash_failure_event {
    /// The outcome (never `USERHASH_OUTCOME_VERIFIED`).
    pub outcome: userhash_outcome,
    /// The reason of a malformed input, `USERHASH_RESULT_OK` otherwise.
    pub reason: userhash_result,
    /// The id of the key that matched (expired), or NULL.
    pub key_id: *const c_char,
    /// Length of `key_id` in bytes (0 when NULL).
    pub key_id_len: usize,
    /// The user id, as UTF-8 text (invalid sequences replaced by U+FFFD).
    pub user_id: *const c_char,
    /// Length of `user_id` in bytes.
    pub user_id_len: usize,
    /// At most the first 8 characters of the presented hash or token.
    pub hash_prefix: *const c_char,
    /// Length of `hash_prefix` in bytes.
    pub hash_prefix_len: usize,
}

/// The function a keyring calls with every failed verification (set with
/// `userhash_keyring_on_failure`). It runs on the thread that verifies, before the verify
/// function returns; it must not free or modify the keyring, and must not unwind (no C++
/// exception, no `longjmp`) out of the call.
pub type userhash_failure_callback =
    Option<unsafe extern "C" fn(event: *const userhash_failure_event, user_data: *mut c_void)>;

/// A callback with its user data, callable from any thread that verifies with the keyring.
pub(crate) struct Callback {
    function: unsafe extern "C" fn(*const userhash_failure_event, *mut c_void),
    user_data: *mut c_void,
}

// SAFETY: the caller of userhash_keyring_on_failure promises that the callback and its
// user data may be used from every thread that verifies with the keyring.
unsafe impl Send for Callback {}
// SAFETY: as above.
unsafe impl Sync for Callback {}

impl Callback {
    pub(crate) fn new(
        function: unsafe extern "C" fn(*const userhash_failure_event, *mut c_void),
        user_data: *mut c_void,
    ) -> Self {
        Callback {
            function,
            user_data,
        }
    }

    pub(crate) fn call(&self, event: &FailureEvent) {
        let nul_terminated = |text: &str| {
            let mut bytes = Vec::with_capacity(text.len() + 1);
            bytes.extend_from_slice(text.as_bytes());
            bytes.push(0);
            bytes
        };
        let key_id = event.key_id.as_deref().map(nul_terminated);
        let user_id = nul_terminated(&event.user_id);
        let hash_prefix = nul_terminated(&event.hash_prefix);
        let event = userhash_failure_event {
            outcome: outcome_of(event.outcome),
            reason: event.reason.map_or(userhash_result::Ok, for_code),
            key_id: key_id
                .as_ref()
                .map_or(std::ptr::null(), |k| k.as_ptr().cast()),
            key_id_len: key_id.as_ref().map_or(0, |k| k.len() - 1),
            user_id: user_id.as_ptr().cast(),
            user_id_len: user_id.len() - 1,
            hash_prefix: hash_prefix.as_ptr().cast(),
            hash_prefix_len: hash_prefix.len() - 1,
        };
        // SAFETY: the event and the buffers it points to outlive the call; the function
        // pointer and user data are the caller's, under the contract of on_failure.
        unsafe { (self.function)(&event, self.user_data) };
    }
}

/// Finding codes as static C strings, in `Finding::CODES` order.
const FINDINGS: [&CStr; 15] = [
    c"missing_hash",
    c"hash_whitespace",
    c"verified",
    c"uppercase_hash",
    c"other_key",
    c"retired_key",
    c"truncated_hash",
    c"malformed_hash",
    c"id_whitespace",
    c"id_case",
    c"id_number_format",
    c"email_instead_of_id",
    c"secret_whitespace",
    c"secret_encoding",
    c"unknown",
];

/// The static C string of a finding's code.
pub(crate) fn finding_code(finding: &Finding) -> &'static CStr {
    FINDINGS
        .iter()
        .find(|c| c.to_bytes() == finding.code.as_bytes())
        .copied()
        // Unreachable while `every_finding_code_is_listed` passes.
        .unwrap_or(c"unknown")
}

/// The stable name of an outcome (`"verified"`, `"missing"`, `"malformed"`, `"mismatch"`,
/// `"expired"`), the same string every userhash binding reports. A static NUL-terminated
/// string, never to be freed; NULL when `outcome` is not a `userhash_outcome` value.
#[unsafe(no_mangle)]
pub extern "C" fn userhash_outcome_name(outcome: u32) -> *const c_char {
    guard_ptr(|| {
        OUTCOMES
            .iter()
            .find(|(o, _)| *o as u32 == outcome)
            .map(|(_, name)| *name)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_core_outcome_has_a_value() {
        let names: Vec<&str> = OUTCOMES.iter().map(|(_, n)| n.to_str().unwrap()).collect();
        assert_eq!(names, Verification::OUTCOMES);
        for (i, (outcome, _)) in OUTCOMES.iter().enumerate() {
            assert_eq!(*outcome as usize, i + 1);
        }
        assert!(userhash_outcome_name(0).is_null());
        assert!(userhash_outcome_name(6).is_null());
    }

    #[test]
    fn every_finding_code_is_listed() {
        let codes: Vec<&str> = FINDINGS.iter().map(|c| c.to_str().unwrap()).collect();
        assert_eq!(codes, Finding::CODES);
    }
}
