//! The one mapping from `userhash::Error` to a result code, and the message of the last
//! failure on each thread.

use std::cell::RefCell;
use std::ffi::{CString, c_char};

use userhash_core::contract::errors;

pub use crate::contract_gen::userhash_result;

/// Why a call failed: its result and its message (a core error's with its details).
pub(crate) struct Failure {
    result: userhash_result,
    message: String,
}

impl From<userhash_result> for Failure {
    fn from(result: userhash_result) -> Self {
        let spec = errors().find(|e| e.value == result as u32);
        let message = spec.map_or_else(String::new, |e| e.message.to_owned());
        Failure { result, message }
    }
}

impl From<userhash_core::Error> for Failure {
    fn from(err: userhash_core::Error) -> Self {
        // Every core value has a result: contract_gen.rs is generated from the same rows.
        let result =
            userhash_result::from_value(err.spec().value).unwrap_or(userhash_result::Panic);
        let message = err.to_string();
        Failure { result, message }
    }
}

thread_local! {
    static LAST_ERROR: RefCell<Option<CString>> = const { RefCell::new(None) };
}

impl Failure {
    /// Records the message for `userhash_last_error_message` and returns the result.
    pub(crate) fn record(self) -> userhash_result {
        // A detail (a key id, say) may hold a NUL: the message then loses only its tail.
        let head = self.message.split('\0').next().unwrap_or_default();
        LAST_ERROR.with(|last| *last.borrow_mut() = CString::new(head).ok());
        self.result
    }
}

/// The stable code string of `result` (`"empty_user_id"`), the same in every binding;
/// static, never freed; NULL for a value that is not a `userhash_result`.
#[unsafe(no_mangle)]
pub extern "C" fn userhash_result_code(result: u32) -> *const c_char {
    crate::boundary::guard_ptr(|| userhash_result::from_value(result).map(userhash_result::code))
}

/// The message, with its details and never a secret, of the last call that failed on this
/// thread (empty if none): owned by the library, valid until the thread's next failure.
#[unsafe(no_mangle)]
pub extern "C" fn userhash_last_error_message() -> *const c_char {
    LAST_ERROR.with(|last| last.borrow().as_deref().unwrap_or(c"").as_ptr())
}
