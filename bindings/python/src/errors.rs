//! The binding's one error type, and the one place where a core error becomes a Python
//! exception: the class of its contract category (`userhash/_errors.py`), with its code.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use userhash::contract::Category;

mod py {
    pyo3::import_exception!(userhash._errors, UserhashError);
    pyo3::import_exception!(userhash._errors, SecretError);
    pyo3::import_exception!(userhash._errors, UserIdError);
    pyo3::import_exception!(userhash._errors, UserIdTypeError);
    pyo3::import_exception!(userhash._errors, KeyringError);
    pyo3::import_exception!(userhash._errors, TimestampError);
    pyo3::import_exception!(userhash._errors, WidgetError);
}

/// What any call of the binding fails with: `?` takes a `PyErr` or a core error.
pub(crate) struct Error(PyErr);

pub(crate) type Result<T, E = Error> = std::result::Result<T, E>;

impl From<PyErr> for Error {
    fn from(err: PyErr) -> Self {
        Error(err)
    }
}

impl From<Error> for PyErr {
    fn from(err: Error) -> Self {
        err.0
    }
}

impl From<userhash::Error> for Error {
    fn from(err: userhash::Error) -> Self {
        let args = (err.to_string(), err.code());
        Error(match err.spec().category {
            Category::Secret => py::SecretError::new_err(args),
            Category::UserId => py::UserIdError::new_err(args),
            Category::UserIdType => py::UserIdTypeError::new_err(args),
            Category::Keyring => py::KeyringError::new_err(args),
            Category::Timestamp => py::TimestampError::new_err(args),
            Category::Widget => py::WidgetError::new_err(args),
            // No builtin counterpart (the OS's failures); hashes and tokens are outcomes.
            _ => py::UserhashError::new_err(args),
        })
    }
}

/// `TypeError: {what} must be {expected}, not {the type of obj}`.
pub(crate) fn wrong_type(what: &str, expected: &str, obj: &Bound<'_, PyAny>) -> Error {
    PyTypeError::new_err(format!("{what} must be {expected}, not {}", type_name(obj))).into()
}

pub(crate) fn type_name(obj: &Bound<'_, PyAny>) -> String {
    let name = obj.get_type().qualname();
    name.map_or("an unknown type".into(), |name| name.to_string())
}
