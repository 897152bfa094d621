//! Detailed verification results as C data, with what a failure event needs: the caller
//! reports failures to its own hook or logger (no callback crosses the ABI).

use std::ffi::c_char;

use serde::Serialize;

use userhash_core::{FailureEvent, Finding, Keyring, Verification};

use crate::boundary::{guard_ptr, userhash_result, userhash_string};
use crate::contract_gen::userhash_outcome;

// A literal: cbindgen writes no `#define` for an expression it cannot evaluate.
/// Size of `userhash_verification.hash_prefix`: the first 8 bytes of the presented hash or
/// token as UTF-8 text (each invalid byte becomes the 3 bytes of U+FFFD) and a NUL.
pub const USERHASH_HASH_PREFIX_BUF_LEN: usize = 25;
const _: () = assert!(USERHASH_HASH_PREFIX_BUF_LEN == FailureEvent::PREFIX_LEN * 3 + 1);

/// What `userhash_keyring_verify_detailed` and `_verify_token` found and, for a failure, the
/// data of its failure event (never the secret, never the whole hash).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct userhash_verification {
    /// The outcome.
    pub outcome: userhash_outcome,
    /// For `USERHASH_OUTCOME_MALFORMED`, what is wrong; `USERHASH_RESULT_OK` otherwise.
    pub reason: userhash_result,
    /// For verified and expired, the index of the key that matched; -1 otherwise.
    pub key_index: i64,
    /// For a failure, the first 8 bytes presented (at most) as UTF-8, NUL-terminated.
    pub hash_prefix: [c_char; USERHASH_HASH_PREFIX_BUF_LEN],
    /// Length of `hash_prefix` in bytes, without the NUL.
    pub hash_prefix_len: usize,
}

impl userhash_verification {
    pub(crate) fn new(keyring: &Keyring, v: &Verification, user_id: &[u8], hash: &[u8]) -> Self {
        let key_index = v
            .key_id()
            .and_then(|id| keyring.key_ids().position(|k| k == id))
            .map_or(-1, |i| i as i64);
        let prefix = FailureEvent::new(v, user_id, hash).map(|e| e.hash_prefix);
        let prefix = prefix.as_deref().unwrap_or("").as_bytes();
        let mut hash_prefix = [0; USERHASH_HASH_PREFIX_BUF_LEN];
        for (out, &byte) in hash_prefix.iter_mut().zip(prefix) {
            *out = byte as c_char;
        }
        userhash_verification {
            outcome: userhash_outcome::from_value(v.outcome_value())
                .expect("contract_gen.rs has every core outcome")
                .0,
            reason: v.reason().map_or(userhash_result::Ok, reason_result),
            key_index,
            hash_prefix,
            hash_prefix_len: prefix.len(),
        }
    }
}

/// The result whose stable code is `code` (the reason of a malformed input).
fn reason_result(code: &str) -> userhash_result {
    userhash_core::contract::errors()
        .find(|e| e.code == code)
        .and_then(|e| userhash_result::from_value(e.value))
        .unwrap_or(userhash_result::Panic)
}

/// The stable name of an outcome (`"verified"`), the same in every binding; static, never
/// freed; NULL for a value that is not a `userhash_outcome`.
#[unsafe(no_mangle)]
pub extern "C" fn userhash_outcome_name(outcome: u32) -> *const c_char {
    guard_ptr(|| userhash_outcome::from_value(outcome).map(|(_, name)| name))
}

/// Explain's JSON: structs, not a map, so that the field order is the same in every build.
#[derive(Serialize)]
struct Explanation<'a> {
    code: &'a str,
    message: &'a str,
    event: Option<Event<'a>>,
}

#[derive(Serialize)]
struct Event<'a> {
    outcome: &'a str,
    reason: Option<&'a str>,
    key_id: Option<&'a str>,
    hash_prefix: &'a str,
}

/// `{"code", "message", "event": null | {"outcome", "reason", "key_id", "hash_prefix"}}`.
pub(crate) fn explain_json((finding, event): (Finding, Option<FailureEvent>)) -> userhash_string {
    let explanation = Explanation {
        code: finding.code,
        message: &finding.message,
        event: event.as_ref().map(|e| Event {
            outcome: e.outcome,
            reason: e.reason,
            key_id: e.key_id.as_deref(),
            hash_prefix: &e.hash_prefix,
        }),
    };
    let json = serde_json::to_string(&explanation).expect("strings and options always serialize");
    json.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_core_outcome_has_a_value_and_a_name() {
        for (name, value) in Verification::OUTCOMES.iter().zip(1..) {
            let (_, c_name) = userhash_outcome::from_value(value).unwrap();
            assert_eq!(c_name.to_str().unwrap(), *name);
        }
        assert!(userhash_outcome_name(0).is_null());
        assert!(userhash_outcome_name(6).is_null());
    }

    #[test]
    fn every_reason_code_has_a_result() {
        for code in ["hash_wrong_length", "hash_not_hex", "token_version", "token_format"] {
            assert_eq!(reason_result(code).code().to_str().unwrap(), code);
        }
    }
}
