//! The one place where a failure becomes a JavaScript exception.

use std::collections::TryReserveError;

use napi::{Env, JsError, JsRangeError, JsTypeError, Status, sys};

/// What every conversion and call of the binding returns.
pub type Result<T, E = Failure> = std::result::Result<T, E>;

/// Everything a binding call can fail with.
pub enum Failure {
    /// A core error: `.code` is its stable code.
    Core(userhash::Error),
    /// A value of a type no input takes (a secret, a key id, an id list, a widget option):
    /// `TypeError` `ERR_INVALID_ARG_TYPE`, Node's own code, as `node:crypto` throws it.
    ArgType(String),
    /// A value that names nothing (an unknown shared-keyring handle): `TypeError`
    /// `ERR_INVALID_ARG_VALUE`.
    ArgValue(String),
    /// More ids than one `signMany` can return: `RangeError` `ERR_OUT_OF_RANGE`.
    ArgRange(String),
    /// An allocation the input asked for failed: `ERR_MEMORY_ALLOCATION_FAILED`, no abort.
    OutOfMemory,
    /// A Node-API call failed, or napi-rs has an exception pending.
    Napi(napi::Error),
}

impl From<userhash::Error> for Failure {
    fn from(error: userhash::Error) -> Self {
        Failure::Core(error)
    }
}

impl From<TryReserveError> for Failure {
    fn from(_: TryReserveError) -> Self {
        Failure::OutOfMemory
    }
}

impl From<napi::Error> for Failure {
    fn from(error: napi::Error) -> Self {
        Failure::Napi(error)
    }
}

/// Throws `failure` into `env`: a `TypeError` for a value of the wrong type, a
/// `RangeError` for an integer id beyond i128 or too many ids, an `Error` otherwise.
///
/// # Safety
/// `env` must be the live environment of the current call.
pub unsafe fn throw(env: sys::napi_env, failure: Failure) {
    use userhash::Error::{InvalidUserIdType, UserIdOutOfRange};
    enum Class {
        Error,
        Type,
        Range,
    }
    let error = napi::Error::new;
    let (class, error) = match failure {
        Failure::Core(core @ InvalidUserIdType(_)) => {
            (Class::Type, error(core.code(), core.to_string()))
        }
        Failure::Core(core @ UserIdOutOfRange) => {
            (Class::Range, error(core.code(), core.to_string()))
        }
        Failure::Core(core) => (Class::Error, error(core.code(), core.to_string())),
        Failure::ArgType(message) => (Class::Type, error("ERR_INVALID_ARG_TYPE", message)),
        Failure::ArgValue(message) => (Class::Type, error("ERR_INVALID_ARG_VALUE", message)),
        Failure::ArgRange(message) => (Class::Range, error("ERR_OUT_OF_RANGE", message)),
        Failure::OutOfMemory => {
            let message = "not enough memory for this input".to_owned();
            (Class::Error, error("ERR_MEMORY_ALLOCATION_FAILED", message))
        }
        // SAFETY: the caller's contract.
        Failure::Napi(error) => return unsafe { JsError::from(error).throw_into(env) },
    };
    // SAFETY: the caller's contract.
    unsafe {
        match class {
            Class::Error => JsError::from(error).throw_into(env),
            Class::Type => JsTypeError::from(error).throw_into(env),
            Class::Range => JsRangeError::from(error).throw_into(env),
        }
    }
}

/// For napi-rs (a `#[napi]` function, a `FromNapiValue`): throws `failure` and returns the
/// marker that tells napi-rs the exception is already pending.
pub fn thrown(env: &Env, failure: Failure) -> napi::Error {
    // SAFETY: napi-rs hands out an `Env` only for the call it runs.
    unsafe { throw(env.raw(), failure) };
    napi::Error::from_status(Status::PendingException)
}

/// `result` for napi-rs: its failure thrown into `env` (see [`thrown`]).
pub fn js<T, E: Into<Failure>>(env: &Env, result: Result<T, E>) -> napi::Result<T> {
    result.map_err(|error| thrown(env, error.into()))
}

/// A Node-API status as a `Result`.
pub fn check(status: sys::napi_status) -> Result<()> {
    match status {
        sys::Status::napi_ok => Ok(()),
        _ => Err(napi::Error::new(Status::from(status), "a Node-API call failed").into()),
    }
}
