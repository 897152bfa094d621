//! The one place where a failure becomes a JavaScript exception.

use std::collections::TryReserveError;

use napi::sys::{self, napi_env};
use napi::{Env, JsError, JsRangeError, JsTypeError, Status};

/// What every conversion and call of the binding returns.
pub type Result<T, E = Failure> = std::result::Result<T, E>;

/// Everything a binding call can fail with.
pub enum Failure {
    /// A core error: `.code` is its stable code.
    Core(userhash::Error),
    /// A value of a type no input takes: `TypeError` `ERR_INVALID_ARG_TYPE`, as `node:crypto`.
    ArgType(String),
    /// A value that names nothing (an unknown handle): `TypeError` `ERR_INVALID_ARG_VALUE`.
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

/// Throws `failure` into `env` as a `TypeError`, a `RangeError` or an `Error`.
///
/// # Safety
/// `env` must be the live environment of the current call.
pub unsafe fn throw(env: napi_env, failure: Failure) {
    use userhash::Error::{InvalidUserIdType, UserIdOutOfRange};
    let err = |code: &str, message| napi::Error::new(code.to_owned(), message);
    let core = |core: userhash::Error| err(core.code(), core.to_string());
    // SAFETY: the caller's contract.
    unsafe {
        match failure {
            Failure::Core(e @ InvalidUserIdType(_)) => JsTypeError::from(core(e)).throw_into(env),
            Failure::Core(e @ UserIdOutOfRange) => JsRangeError::from(core(e)).throw_into(env),
            Failure::Core(e) => JsError::from(core(e)).throw_into(env),
            Failure::ArgType(m) => {
                JsTypeError::from(err("ERR_INVALID_ARG_TYPE", m)).throw_into(env)
            }
            Failure::ArgValue(m) => {
                JsTypeError::from(err("ERR_INVALID_ARG_VALUE", m)).throw_into(env)
            }
            Failure::ArgRange(m) => JsRangeError::from(err("ERR_OUT_OF_RANGE", m)).throw_into(env),
            Failure::OutOfMemory => {
                let message = "not enough memory for this input".to_owned();
                JsError::from(err("ERR_MEMORY_ALLOCATION_FAILED", message)).throw_into(env)
            }
            Failure::Napi(error) => JsError::from(error).throw_into(env),
        }
    }
}

/// For napi-rs: throws `failure` and returns the marker of an exception already pending.
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
