//! Python objects to the core's argument types. Type checks only: every rule about what
//! a valid secret or id is lives in the core.

use pyo3::exceptions::{PyOverflowError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyInt, PyString};
use userhash::{Error, IntegerId, Secret};

use crate::errors::to_py_err;

/// A user id as the bytes the core hashes, borrowed from the Python object when possible.
///
/// `str` ids hold their UTF-8 encoding as a `bytes` object: the limited API of Python 3.9
/// has no borrowed UTF-8 view of a `str`.
pub(crate) enum UserId<'py> {
    Bytes(Bound<'py, PyBytes>),
    Int(IntegerId),
}

impl UserId<'_> {
    pub(crate) fn as_bytes(&self) -> &[u8] {
        match self {
            UserId::Bytes(bytes) => bytes.as_bytes(),
            UserId::Int(n) => n.as_ref(),
        }
    }
}

/// `str` (as UTF-8), `bytes` (as is) or `int` (canonical decimal); anything else,
/// `bool` included, is `invalid_user_id_type`.
pub(crate) fn user_id<'py>(obj: &Bound<'py, PyAny>) -> PyResult<UserId<'py>> {
    if let Ok(text) = obj.cast::<PyString>() {
        return text
            .encode_utf8()
            .map(UserId::Bytes)
            .map_err(|_| to_py_err(Error::UserIdNotUnicode));
    }
    if let Ok(bytes) = obj.cast::<PyBytes>() {
        return Ok(UserId::Bytes(bytes.clone()));
    }
    if obj.is_instance_of::<PyInt>() && !obj.is_instance_of::<PyBool>() {
        // i64 first: the limited API's 128-bit conversion goes through Python arithmetic.
        if let Ok(n) = obj.extract::<i64>() {
            return Ok(UserId::Int(n.into()));
        }
        return match obj.extract::<i128>() {
            Ok(n) => Ok(UserId::Int(IntegerId::new(n))),
            Err(err) if err.is_instance_of::<PyOverflowError>(obj.py()) => {
                Err(to_py_err(Error::UserIdOutOfRange))
            }
            Err(err) => Err(err),
        };
    }
    Err(to_py_err(Error::InvalidUserIdType(type_name(obj))))
}

/// A `Secret` from the secret argument (for keyrings, which keep it).
pub(crate) fn secret(obj: &Bound<'_, PyAny>) -> PyResult<Secret> {
    with_secret(obj, Secret::from_text, Secret::from_bytes)
}

/// A `Signer` straight from the secret argument, without copying the secret.
pub(crate) fn signer(obj: &Bound<'_, PyAny>) -> PyResult<userhash::Signer> {
    with_secret(
        obj,
        userhash::Signer::from_text,
        userhash::Signer::from_bytes,
    )
}

/// `str` is the vendors' text secret (`from_text`), `bytes` a raw key (`from_bytes`).
fn with_secret<T>(
    obj: &Bound<'_, PyAny>,
    from_text: impl FnOnce(&str) -> userhash::Result<T>,
    from_bytes: impl FnOnce(&[u8]) -> userhash::Result<T>,
) -> PyResult<T> {
    if let Ok(text) = obj.cast::<PyString>() {
        let utf8 = text
            .encode_utf8()
            .map_err(|_| to_py_err(Error::SecretNotUtf8))?;
        let text = std::str::from_utf8(utf8.as_bytes()).expect("Python encoded it as UTF-8");
        return from_text(text).map_err(to_py_err);
    }
    if let Ok(bytes) = obj.cast::<PyBytes>() {
        return from_bytes(bytes.as_bytes()).map_err(to_py_err);
    }
    Err(PyTypeError::new_err(format!(
        "the secret must be str or bytes, not {}",
        type_name(obj)
    )))
}

/// A hash or token presented for checking, as the bytes the core checks: `str`, `bytes` or
/// `None`. `None` is "nothing was sent": no bytes, which every verify finds false and the
/// detailed checks report as `missing`, never a reason to skip. Wrong or malformed values
/// are the core's business (they verify false); only another type is a `TypeError`.
pub(crate) struct Hash<'py>(Option<Bound<'py, PyBytes>>);

impl Hash<'_> {
    pub(crate) fn as_bytes(&self) -> &[u8] {
        // A `str` with no UTF-8 form is no hash either: no bytes, which the core finds wrong.
        self.0.as_ref().map_or(&[], |bytes| bytes.as_bytes())
    }
}

impl<'py> FromPyObject<'_, 'py> for Hash<'py> {
    type Error = PyErr;

    fn extract(obj: Borrowed<'_, 'py, PyAny>) -> PyResult<Self> {
        if let Ok(text) = obj.cast::<PyString>() {
            return Ok(Hash(text.encode_utf8().ok()));
        }
        if let Ok(bytes) = obj.cast::<PyBytes>() {
            return Ok(Hash(Some(bytes.to_owned())));
        }
        if obj.is_none() {
            return Ok(Hash(None));
        }
        Err(PyTypeError::new_err(format!(
            "the hash must be str, bytes or None, not {}",
            type_name(&obj)
        )))
    }
}

pub(crate) fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .qualname()
        .map_or_else(|_| "an unknown type".to_owned(), |name| name.to_string())
}

/// Optional text given to the core as bytes (an email for `explain`).
pub(crate) fn optional_bytes<'py>(
    obj: Option<&Bound<'py, PyAny>>,
    what: &str,
) -> PyResult<Option<Bound<'py, PyBytes>>> {
    match obj {
        None => Ok(None),
        Some(obj) if obj.is_none() => Ok(None),
        Some(obj) => {
            if let Ok(text) = obj.cast::<PyString>() {
                return text.encode_utf8().map(Some).map_err(|_| {
                    pyo3::exceptions::PyValueError::new_err(format!("{what} is not valid Unicode"))
                });
            }
            if let Ok(bytes) = obj.cast::<PyBytes>() {
                return Ok(Some(bytes.clone()));
            }
            Err(PyTypeError::new_err(format!(
                "{what} must be str, bytes or None, not {}",
                type_name(obj)
            )))
        }
    }
}

/// A text argument (`str` only), such as a key id or a widget field.
pub(crate) fn text(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    match obj.cast::<PyString>() {
        Ok(text) => Ok(text.to_cow()?.into_owned()),
        Err(_) => Err(PyTypeError::new_err(format!(
            "{what} must be str, not {}",
            type_name(obj)
        ))),
    }
}

/// A whole number of seconds as `i64` (a Unix time, or `None`). Floats and `bool` are type
/// errors. An `int` beyond `i64` is refused by the core's rule for times: below zero it is
/// `invalid_timestamp`, above `timestamp_in_milliseconds`.
pub(crate) fn seconds(obj: Option<&Bound<'_, PyAny>>, what: &'static str) -> PyResult<Option<i64>> {
    let Some(obj) = obj.filter(|obj| !obj.is_none()) else {
        return Ok(None);
    };
    if !obj.is_instance_of::<PyInt>() || obj.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err(format!(
            "{what} must be an int (Unix seconds) or None, not {}",
            type_name(obj)
        )));
    }
    match obj.extract::<i64>() {
        Ok(n) => Ok(Some(n)),
        Err(err) if err.is_instance_of::<PyOverflowError>(obj.py()) => {
            Err(to_py_err(if obj.gt(0)? {
                Error::TimestampInMilliseconds(what)
            } else {
                Error::InvalidTimestamp(what)
            }))
        }
        Err(err) => Err(err),
    }
}

/// A non-negative duration in seconds (`u64`): a ttl or a leeway.
pub(crate) fn duration(
    obj: Option<&Bound<'_, PyAny>>,
    what: &'static str,
) -> PyResult<Option<u64>> {
    match seconds(obj, what) {
        Ok(Some(n)) => u64::try_from(n)
            .map(Some)
            .map_err(|_| to_py_err(Error::InvalidTimestamp(what))),
        Ok(None) => Ok(None),
        Err(err) => Err(err),
    }
}
