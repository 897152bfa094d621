//! The one mapping from `userhash::Error` to a result code, and the message of the last
//! failure on each thread.

use std::cell::RefCell;
use std::ffi::{CString, c_char};

use userhash_core::contract::errors;

pub use crate::contract_gen::userhash_result;

/// Why a call failed: its result and, for core errors, the core's message with its details.
pub(crate) struct Failure {
    pub(crate) result: userhash_result,
    message: Option<String>,
}

impl From<userhash_result> for Failure {
    fn from(result: userhash_result) -> Self {
        Failure {
            result,
            message: None,
        }
    }
}

impl From<userhash_core::Error> for Failure {
    fn from(err: userhash_core::Error) -> Self {
        Failure {
            // Every core value has a result: contract_gen.rs is generated from the same rows.
            result: userhash_result::from_value(err.spec().value).unwrap_or(userhash_result::Panic),
            message: Some(err.to_string()),
        }
    }
}

thread_local! {
    static LAST_ERROR: RefCell<Option<CString>> = const { RefCell::new(None) };
}

impl Failure {
    /// Records the message for `userhash_last_error_message` and returns the result.
    pub(crate) fn record(self) -> userhash_result {
        let message = self.message.unwrap_or_else(|| {
            errors()
                .find(|e| e.value == self.result as u32)
                .map_or_else(String::new, |e| e.message.to_owned())
        });
        // A message never contains NUL (the core's are ours; details are ids and names),
        // but one that did would lose only its tail.
        let message = CString::new(message).unwrap_or_else(|e| {
            let nul = e.nul_position();
            CString::new(&e.into_vec()[..nul]).unwrap_or_default()
        });
        LAST_ERROR.with(|last| *last.borrow_mut() = Some(message));
        self.result
    }
}

/// The stable code string of `result` (such as `"empty_user_id"`), the same string every
/// userhash binding reports; `"ok"` for `USERHASH_RESULT_OK`. A static NUL-terminated
/// string, never to be freed; NULL when `result` is not a `userhash_result` value.
#[unsafe(no_mangle)]
pub extern "C" fn userhash_result_code(result: u32) -> *const c_char {
    crate::boundary::guard_ptr(|| userhash_result::from_value(result).map(userhash_result::code))
}

/// The message of the last call that failed on this thread, with its details (such as
/// the name of the environment variable that is not set); it never contains secret
/// material. A NUL-terminated string owned by the library, valid until the next failing
/// call on this thread; empty when no call has failed on it. Read it on the thread
/// whose call failed, before making another call.
#[unsafe(no_mangle)]
pub extern "C" fn userhash_last_error_message() -> *const c_char {
    LAST_ERROR.with(|last| last.borrow().as_deref().unwrap_or(c"").as_ptr())
}
