//! The one place where `userhash::Error` becomes a Python exception.
//!
//! The exception classes are defined in Python (`userhash/_errors.py`) so that they can
//! subclass both `UserhashError` and the builtin `ValueError`/`TypeError`; every one is
//! raised with the core's message and its stable `code`.

use pyo3::PyErr;
use userhash::Error;

mod py {
    pyo3::import_exception!(userhash._errors, UserhashError);
    pyo3::import_exception!(userhash._errors, SecretError);
    pyo3::import_exception!(userhash._errors, UserIdError);
    pyo3::import_exception!(userhash._errors, UserIdTypeError);
    pyo3::import_exception!(userhash._errors, KeyringError);
    pyo3::import_exception!(userhash._errors, TimestampError);
    pyo3::import_exception!(userhash._errors, WidgetError);
}

/// Maps a core error to its Python exception class, carrying `(message, code)`.
pub(crate) fn to_py_err(err: Error) -> PyErr {
    let args = (err.to_string(), err.code());
    match err {
        Error::EmptySecret
        | Error::SecretWhitespace
        | Error::SecretNotUtf8
        | Error::InvalidSecretHex(_)
        | Error::InvalidSecretBase64(_)
        | Error::MissingEnv(_) => py::SecretError::new_err(args),
        Error::EmptyUserId | Error::UserIdNotUnicode | Error::UserIdOutOfRange => {
            py::UserIdError::new_err(args)
        }
        Error::InvalidUserIdType(_) => py::UserIdTypeError::new_err(args),
        Error::EmptyKeyId | Error::DuplicateKeyId(_) | Error::InvalidKeyWindow => {
            py::KeyringError::new_err(args)
        }
        Error::InvalidTimestamp(_) | Error::TimestampInMilliseconds(_) => {
            py::TimestampError::new_err(args)
        }
        Error::UnknownPreset(_)
        | Error::EmptyAppId
        | Error::InvalidEmail
        | Error::InvalidPhone
        | Error::InvalidUrl
        | Error::InvalidMetadata(_)
        | Error::InvalidGlobalName
        | Error::InvalidNonce
        | Error::FieldNotInPreset { .. } => py::WidgetError::new_err(args),
        // Hash, token and RNG failures (and codes added later) have no builtin counterpart;
        // hash and token problems are reported as outcomes, not raised.
        _ => py::UserhashError::new_err(args),
    }
}
