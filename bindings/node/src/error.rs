//! The one place where a failure becomes a JavaScript exception.

use napi::{JsError, JsRangeError, JsTypeError, Status, sys};

/// Everything a binding call can fail with.
pub enum Failure {
    /// A core error, thrown with `.code` set to its stable code.
    Core(userhash::Error),
    /// An argument other than the user id has a JavaScript type the core has no input for
    /// (the secret, the id list). Thrown as a `TypeError` with Node's own
    /// `ERR_INVALID_ARG_TYPE` code, as `node:crypto` does for a bad key.
    ArgType(String),
    /// An argument of the right type whose value names nothing (an unknown shared-keyring
    /// handle). Thrown as a `TypeError` with Node's `ERR_INVALID_ARG_VALUE` code.
    ArgValue(String),
    /// A count beyond what one call can return (the ids of `signMany`). Thrown as a
    /// `RangeError` with Node's `ERR_OUT_OF_RANGE` code.
    ArgRange(String),
    /// An allocation the input asked for failed. Thrown as an `Error` with Node's
    /// `ERR_MEMORY_ALLOCATION_FAILED` code, instead of aborting the process.
    OutOfMemory,
    /// A Node-API call failed.
    Napi(napi::Error),
}

impl From<userhash::Error> for Failure {
    fn from(error: userhash::Error) -> Self {
        Failure::Core(error)
    }
}

impl From<std::collections::TryReserveError> for Failure {
    fn from(_: std::collections::TryReserveError) -> Self {
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
    unsafe {
        match failure {
            Failure::Core(error) => {
                let js = napi::Error::new(error.code(), error.to_string());
                match error {
                    userhash::Error::InvalidUserIdType(_) => JsTypeError::from(js).throw_into(env),
                    userhash::Error::UserIdOutOfRange => JsRangeError::from(js).throw_into(env),
                    _ => JsError::from(js).throw_into(env),
                }
            }
            Failure::ArgType(message) => {
                JsTypeError::from(napi::Error::new("ERR_INVALID_ARG_TYPE", message)).throw_into(env)
            }
            Failure::ArgValue(message) => {
                JsTypeError::from(napi::Error::new("ERR_INVALID_ARG_VALUE", message))
                    .throw_into(env)
            }
            Failure::ArgRange(message) => {
                JsRangeError::from(napi::Error::new("ERR_OUT_OF_RANGE", message)).throw_into(env)
            }
            Failure::OutOfMemory => JsError::from(napi::Error::new(
                "ERR_MEMORY_ALLOCATION_FAILED",
                "not enough memory for this input",
            ))
            .throw_into(env),
            Failure::Napi(error) => JsError::from(error).throw_into(env),
        }
    }
}

/// For `#[napi]` functions: throws `failure` and returns the marker that tells napi-rs the
/// exception is already pending.
pub fn thrown(env: &napi::Env, failure: Failure) -> napi::Error {
    // SAFETY: `env` is the environment napi-rs passed to the running call.
    unsafe { throw(env.raw(), failure) };
    napi::Error::from_status(Status::PendingException)
}

/// Turns a Node-API status into a `Result`.
pub fn check(status: sys::napi_status) -> Result<(), Failure> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(Failure::Napi(napi::Error::new(
            Status::from(status),
            "a Node-API call failed",
        )))
    }
}
