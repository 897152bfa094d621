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

// The failures that `?` converts.
macro_rules! failure_from {
    ($($source:ty => |$e:pat_param| $failure:expr;)*) => {$(
        impl From<$source> for Failure { fn from($e: $source) -> Self { $failure } }
    )*};
}
failure_from! {
    userhash::Error => |e| Failure::Core(e);
    TryReserveError => |_| Failure::OutOfMemory;
    napi::Error => |e| Failure::Napi(e);
}

const NO_MEMORY: &str = "not enough memory for this input";

/// Throws `failure` into `env` as a `TypeError`, a `RangeError` or an `Error`.
/// Safety: `env` is the live environment of the current call.
pub unsafe fn throw(env: napi_env, failure: Failure) {
    use Failure::{ArgRange, ArgType, ArgValue, Core, Napi, OutOfMemory};
    use userhash::Error::{InvalidUserIdType, UserIdOutOfRange};
    let e = |code: &str, message| napi::Error::new(code.to_owned(), message);
    let core = |core: userhash::Error| e(core.code(), core.to_string());
    let oom = || e("ERR_MEMORY_ALLOCATION_FAILED", NO_MEMORY.into());
    // SAFETY: the caller's contract.
    unsafe {
        match failure {
            Core(c @ InvalidUserIdType(_)) => JsTypeError::from(core(c)).throw_into(env),
            Core(c @ UserIdOutOfRange) => JsRangeError::from(core(c)).throw_into(env),
            Core(c) => JsError::from(core(c)).throw_into(env),
            ArgType(m) => JsTypeError::from(e("ERR_INVALID_ARG_TYPE", m)).throw_into(env),
            ArgValue(m) => JsTypeError::from(e("ERR_INVALID_ARG_VALUE", m)).throw_into(env),
            ArgRange(m) => JsRangeError::from(e("ERR_OUT_OF_RANGE", m)).throw_into(env),
            OutOfMemory => JsError::from(oom()).throw_into(env),
            Napi(error) => JsError::from(error).throw_into(env),
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
