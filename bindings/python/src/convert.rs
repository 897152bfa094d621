//! Python arguments to the core's input types, one `FromPyObject` per kind, so that a
//! method's signature says what it takes. Type checks only: every rule lives in the core.

use std::marker::PhantomData;

use pyo3::exceptions::{PyOverflowError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyInt, PyString};
use userhash::Error::{InvalidUserIdType, SecretNotUtf8, UserIdNotUnicode, UserIdOutOfRange};
use userhash::{IntegerId, Secret, Signer};

use crate::errors::{Result, type_name, wrong_type};

/// `impl FromPyObject for $ty` (`where` bounds its type parameters) by `|obj| body`.
macro_rules! from_py {
    ($ty:ty $(where $($g:ident: $bound:path),+)?, |$obj:ident| $body:expr) => {
        impl<'py $($(, $g: $bound)+)?> FromPyObject<'_, 'py> for $ty {
            type Error = crate::errors::Error;
            fn extract($obj: Borrowed<'_, 'py, PyAny>) -> crate::errors::Result<Self> {
                $body
            }
        }
    };
}
pub(crate) use from_py;

/// An argument's name in its errors: `Seconds<Now>` is the argument `now`.
pub(crate) trait Named {
    const NAME: &'static str;
}

macro_rules! names {
    ($($ty:ident = $name:literal;)*) => {$(
        pub(crate) enum $ty {}
        impl Named for $ty { const NAME: &'static str = $name; }
    )*};
}

names! {
    KeyId = "the key id"; NotBefore = "not_before"; NotAfter = "not_after"; Now = "now";
    Ttl = "the ttl"; ExpiresAt = "the token expiry"; Leeway = "the leeway";
    AppId = "the app id"; Nonce = "the nonce"; GlobalName = "global_name";
}

/// `int` but not `bool` (which Python counts as an `int`).
pub(crate) fn is_int(obj: &Bound<'_, PyAny>) -> bool {
    obj.is_instance_of::<PyInt>() && !obj.is_instance_of::<PyBool>()
}

/// A `bytes` or a `str`'s UTF-8 (a copy; `Some(None)` for a lone surrogate), else `None`.
fn str_or_bytes<'py>(obj: &Bound<'py, PyAny>) -> Option<Option<Bound<'py, PyBytes>>> {
    if let Ok(text) = obj.cast::<PyString>() {
        return Some(text.encode_utf8().ok());
    }
    obj.cast::<PyBytes>().ok().map(|bytes| Some(bytes.clone()))
}

/// A user id as the bytes the core hashes: a `str`'s UTF-8, a `bytes`, an `int`'s decimal.
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

from_py!(UserId<'py>, |obj| {
    if let Some(bytes) = str_or_bytes(&obj) {
        return Ok(UserId::Bytes(bytes.ok_or(UserIdNotUnicode)?));
    }
    if !is_int(&obj) {
        return Err(InvalidUserIdType(type_name(&obj)).into());
    }
    // i64 first: the limited API's 128-bit conversion goes through Python arithmetic.
    if let Ok(n) = obj.extract::<i64>() {
        return Ok(UserId::Int(n.into()));
    }
    match obj.extract::<i128>() {
        Ok(n) => Ok(UserId::Int(IntegerId::new(n))),
        Err(err) if err.is_instance_of::<PyOverflowError>(obj.py()) => Err(UserIdOutOfRange.into()),
        Err(err) => Err(err.into()),
    }
});

/// A hash or token: `str`, `bytes` or `None` (no bytes, as a `str` without UTF-8: never valid).
pub(crate) struct Hash<'py>(Option<Bound<'py, PyBytes>>);

impl Hash<'_> {
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.0.as_ref().map_or(&[], |bytes| bytes.as_bytes())
    }
}

from_py!(Hash<'py>, |obj| match str_or_bytes(&obj) {
    Some(bytes) => Ok(Hash(bytes)),
    None if obj.is_none() => Ok(Hash(None)),
    None => Err(wrong_type("the hash", "str, bytes or None", &obj)),
});

pub(crate) struct Email<'py>(pub(crate) Bound<'py, PyBytes>);

from_py!(Email<'py>, |obj| match str_or_bytes(&obj) {
    Some(Some(bytes)) => Ok(Email(bytes)),
    Some(None) => Err(PyValueError::new_err("the email is not valid Unicode").into()),
    None => Err(wrong_type("the email", "str, bytes or None", &obj)),
});

/// A secret (a `str` is a text secret, a `bytes` a raw key), as a `Secret` or a `Signer`.
pub(crate) struct Key<T>(pub(crate) T);
pub(crate) type SecretKey = Key<Secret>;
pub(crate) type SignerKey = Key<Signer>;

/// A `str` secret read by `text` (from its UTF-8, never copied), a `bytes` one by `bytes`.
pub(crate) fn key<T>(
    obj: &Bound<'_, PyAny>,
    text: impl FnOnce(&str) -> userhash::Result<T>,
    bytes: impl FnOnce(&[u8]) -> userhash::Result<T>,
) -> Result<Key<T>> {
    if let Ok(secret) = obj.cast::<PyString>() {
        let utf8 = secret.encode_utf8().map_err(|_| SecretNotUtf8)?;
        let secret = std::str::from_utf8(utf8.as_bytes()).expect("Python encoded it as UTF-8");
        return Ok(Key(text(secret)?));
    }
    match obj.cast::<PyBytes>() {
        Ok(secret) => Ok(Key(bytes(secret.as_bytes())?)),
        Err(_) => Err(wrong_type("the secret", "str or bytes", obj)),
    }
}

from_py!(SecretKey, |obj| key(&obj, Secret::from_text, Secret::from_bytes));
from_py!(SignerKey, |obj| key(&obj, Signer::from_text, Signer::from_bytes));

pub(crate) struct Text<N>(pub(crate) String, PhantomData<N>);

from_py!(Text<N> where N: Named, |obj| Ok(Text(text(&obj, N::NAME)?, PhantomData)));

/// The text of a `str`; another type is a `TypeError` naming `what`.
pub(crate) fn text(obj: &Bound<'_, PyAny>, what: &str) -> Result<String> {
    match obj.cast::<PyString>() {
        Ok(text) => Ok(text.to_cow()?.into_owned()),
        Err(_) => Err(wrong_type(what, "str", obj)),
    }
}

/// A whole number of Unix seconds: an `int`, never a `float` or a `bool`.
pub(crate) struct Seconds<N>(pub(crate) i64, PhantomData<N>);

from_py!(Seconds<N> where N: Named, |obj| match is_int(&obj) {
    true => Ok(Seconds(seconds(&obj, N::NAME)?, PhantomData)),
    false => Err(wrong_type(N::NAME, "an int (Unix seconds) or None", &obj)),
});

pub(crate) fn or_now(now: Option<Seconds<Now>>) -> i64 {
    now.map_or_else(userhash::unix_now, |now| now.0)
}

/// An `int` as `i64`; beyond it, what the core's rule for times says of `i64::MIN` or `MAX`.
pub(crate) fn seconds(obj: &Bound<'_, PyAny>, what: &'static str) -> Result<i64> {
    match obj.extract::<i64>() {
        Err(err) if err.is_instance_of::<PyOverflowError>(obj.py()) => {
            let saturated = if obj.gt(0)? { i64::MAX } else { i64::MIN };
            Ok(userhash::check_unix_seconds(saturated, what)?)
        }
        result => Ok(result?),
    }
}

/// A ttl or a leeway: `Seconds` that the core checks to be a duration.
pub(crate) struct Duration<N>(pub(crate) u64, PhantomData<N>);

from_py!(Duration<N> where N: Named, |obj| {
    let Seconds(n, _) = Seconds::<N>::extract(obj)?;
    Ok(Duration(userhash::check_duration(n, N::NAME)?, PhantomData))
});

pub(crate) struct Callback(pub(crate) Py<PyAny>);

from_py!(Callback, |obj| match obj.is_callable() {
    true => Ok(Callback(obj.to_owned().unbind())),
    false => Err(wrong_type("on_failure", "callable or None", &obj)),
});
