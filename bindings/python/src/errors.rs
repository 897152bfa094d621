//! The binding's one error type, and the one place where a core error becomes a Python
//! exception.
//!
//! The exception classes are defined in Python (`userhash/_errors.py`) so that they can
//! subclass both `UserhashError` and the builtin `ValueError`/`TypeError`; every one is
//! raised with the core's message and its stable `code`.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;

mod py {
    pyo3::import_exception!(userhash._errors, UserhashError);
    pyo3::import_exception!(userhash._errors, SecretError);
    pyo3::import_exception!(userhash._errors, UserIdError);
    pyo3::import_exception!(userhash._errors, UserIdTypeError);
    pyo3::import_exception!(userhash._errors, KeyringError);
    pyo3::import_exception!(userhash._errors, TimestampError);
    pyo3::import_exception!(userhash._errors, WidgetError);
}

/// What any call of the binding can fail with: a core error, or a Python exception raised
/// on the way (a `TypeError`, an error of an iterator or a mapping). `?` takes either.
pub(crate) enum Error {
    Core(userhash::Error),
    Py(PyErr),
}

pub(crate) type Result<T, E = Error> = std::result::Result<T, E>;

impl From<userhash::Error> for Error {
    fn from(err: userhash::Error) -> Self {
        Error::Core(err)
    }
}

impl From<PyErr> for Error {
    fn from(err: PyErr) -> Self {
        Error::Py(err)
    }
}

/// The one mapping to Python: a core error becomes its exception class, raised with
/// `(message, code)`.
impl From<Error> for PyErr {
    fn from(err: Error) -> Self {
        use userhash::Error::*;
        let err = match err {
            Error::Core(err) => err,
            Error::Py(err) => return err,
        };
        let args = (err.to_string(), err.code());
        match err {
            EmptySecret
            | SecretWhitespace
            | SecretNotUtf8
            | InvalidSecretHex(_)
            | InvalidSecretBase64(_)
            | MissingEnv(_) => py::SecretError::new_err(args),
            EmptyUserId | UserIdNotUnicode | UserIdOutOfRange => py::UserIdError::new_err(args),
            InvalidUserIdType(_) => py::UserIdTypeError::new_err(args),
            EmptyKeyId | DuplicateKeyId(_) | InvalidKeyWindow => py::KeyringError::new_err(args),
            InvalidTimestamp(_) | TimestampInMilliseconds(_) => py::TimestampError::new_err(args),
            UnknownPreset(_)
            | EmptyAppId
            | InvalidEmail
            | InvalidPhone
            | InvalidUrl
            | InvalidMetadata(_)
            | InvalidGlobalName
            | InvalidNonce
            | FieldNotInPreset { .. } => py::WidgetError::new_err(args),
            // Hash, token and RNG failures (and codes added later) have no builtin
            // counterpart; hash and token problems are reported as outcomes, not raised.
            _ => py::UserhashError::new_err(args),
        }
    }
}

/// `TypeError: {what} must be {expected}, not {the type of obj}`.
pub(crate) fn wrong_type(what: &str, expected: &str, obj: &Bound<'_, PyAny>) -> Error {
    PyTypeError::new_err(format!("{what} must be {expected}, not {}", type_name(obj))).into()
}

pub(crate) fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .qualname()
        .map_or_else(|_| "an unknown type".to_owned(), |name| name.to_string())
}
