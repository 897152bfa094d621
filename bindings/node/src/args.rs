//! The typed arguments of everything but the keyed hot path: one `FromNapiValue` per kind of
//! input, reading with the hot path's reader and copying, so that no argument borrows
//! JavaScript memory while another is converted. `Seconds<Now>` is a time named `now`.

use std::marker::PhantomData;

use napi::bindgen_prelude::{FromNapiValue, Unknown};
use napi::{Env, JsValue, Status, ValueType, sys};
use userhash::{Error, check_duration};

use crate::convert::{self, type_name};
use crate::error::{Failure, Result, thrown};

/// An argument's name, as its error messages give it.
pub trait Named {
    const NAME: &'static str;
}

macro_rules! names {
    ($($ty:ident = $name:literal;)*) => {$(
        pub enum $ty {}
        impl Named for $ty {
            const NAME: &'static str = $name;
        }
    )*};
}

names! {
    KeyId = "the key id";
    Handle = "the handle";
    EnvName = "the environment variable name";
    Hash = "the hash";
    Token = "the token";
    Email = "email";
    Now = "now";
    NotBefore = "notBefore";
    NotAfter = "notAfter";
    ExpiresAt = "expiresAt";
    CreatedAt = "createdAt";
    Ttl = "ttl";
    Leeway = "leeway";
}

/// `FromNapiValue` for `$ty`, read from the `Unknown` `$value` by `$read`.
macro_rules! from_napi {
    ($ty:ident $(<$param:ident: $bound:path>)?: |$value:ident| $read:expr) => {
        impl$(<$param: $bound>)? napi::bindgen_prelude::FromNapiValue for $ty$(<$param>)? {
            unsafe fn from_napi_value(
                env: napi::sys::napi_env,
                value: napi::sys::napi_value,
            ) -> napi::Result<Self> {
                // SAFETY: napi-rs's contract, passed on.
                unsafe { $crate::args::from_raw(env, value, |$value| $read) }
            }
        }
    };
}
pub(crate) use from_napi;

/// `value` read by `read`, its failure thrown (for `from_napi!`).
///
/// # Safety
/// `value` must be an argument (or a property of one) of the call napi-rs runs in `env`.
pub unsafe fn from_raw<T>(
    env: sys::napi_env,
    value: sys::napi_value,
    read: fn(Unknown) -> Result<T>,
) -> napi::Result<T> {
    // SAFETY: the caller's contract.
    let value = unsafe { Unknown::from_raw_unchecked(env, value) };
    read(value).map_err(|failure| thrown(&Env::from(env), failure))
}

/// A user id: the bytes the core hashes (see [`convert::user_id`]).
pub struct UserId(pub Vec<u8>);
from_napi!(UserId: |value| convert::owned_user_id(&value).map(UserId));

/// A secret (see [`convert::secret`]).
pub struct Secret(pub userhash::Secret);
from_napi!(Secret: |value| convert::secret(&value).map(Secret));

/// What `verify` checks: a string or bytes; anything else is no bytes, which never verify.
pub struct Candidate(pub Vec<u8>);
from_napi!(Candidate: |value| Ok(Candidate(convert::owned_bytes(&value)?.1.unwrap_or_default())));

/// A hash or token handed back to be checked: a string or bytes; `undefined` and `null`
/// are no bytes (the core reports them `missing`); anything else is a `TypeError`.
pub struct Presented<N>(pub Vec<u8>, PhantomData<N>);
from_napi!(Presented<N: Named>: |value| match convert::owned_bytes(&value)? {
    (_, Some(bytes)) => Ok(Presented(bytes, PhantomData)),
    (ValueType::Undefined | ValueType::Null, None) => Ok(Presented(Vec::new(), PhantomData)),
    (other, None) => Err(Failure::ArgType(format!(
        "{} must be a string, Buffer or Uint8Array (or undefined), not {}",
        N::NAME,
        type_name(other)
    ))),
});

/// A string argument that is not a user id (a key id, a handle, a variable name).
pub struct Text<N>(pub String, PhantomData<N>);
from_napi!(Text<N: Named>: |value| match value.get_type()? {
    ValueType::String => Ok(Text(String::from_unknown(value)?, PhantomData)),
    other => Err(Failure::ArgType(format!("{} must be a string, not {}", N::NAME, type_name(other)))),
});

/// A whole number of seconds: a safe integer or a bigint in the i64 range, else the core's
/// `invalid_timestamp`. The core's rules for times apply where the time is used.
pub struct Seconds<N>(pub i64, PhantomData<N>);
from_napi!(Seconds<N: Named>: |value| {
    let n = convert::whole_number(&value)?.ok_or(Error::InvalidTimestamp(N::NAME))?;
    Ok(Seconds(n, PhantomData))
});

/// A duration in seconds (`ttl`, `leeway`): [`Seconds`] that the core accepts as one.
pub struct Duration<N>(pub u64, PhantomData<N>);
from_napi!(Duration<N: Named>: |value| {
    let n = convert::whole_number(&value)?.ok_or(Error::InvalidTimestamp(N::NAME))?;
    Ok(Duration(check_duration(n, N::NAME)?, PhantomData))
});

/// An option object, converted by napi-rs (`#[napi(object)]`).
pub trait PlainObject: FromNapiValue {
    /// The message of the `TypeError` for a value that is not a plain object.
    const NOT_AN_OBJECT: &'static str;
}

/// A [`PlainObject`] given as a plain object (not an array or a typed array). A napi-rs
/// conversion error (a field of the wrong type, a missing one) is `ERR_INVALID_ARG_TYPE`.
pub struct Plain<T>(pub T);
from_napi!(Plain<T: PlainObject>: |value| {
    if !is_plain_object(&value)? {
        return Err(Failure::ArgType(T::NOT_AN_OBJECT.to_owned()));
    }
    T::from_unknown(value).map(Plain).map_err(|error| match error.status {
        Status::PendingException => Failure::Napi(error),
        _ => Failure::ArgType(error.reason),
    })
});

/// Whether `value` is an object that is not an array or a typed array.
pub fn is_plain_object(value: &Unknown) -> napi::Result<bool> {
    Ok(value.get_type()? == ValueType::Object && !value.is_array()? && !value.is_typedarray()?)
}
