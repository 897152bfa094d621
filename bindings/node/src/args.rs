//! The arguments of everything but the keyed hot path, converted by napi-rs from their
//! types: one `FromNapiValue` per kind of input, so that a signature says what it takes and
//! its body only calls the core. A leaf value is read by the reader of `convert.rs` that the
//! hot path uses, then copied, so that no argument borrows JavaScript memory while another
//! one is converted. An argument whose errors name it carries its name as a type:
//! `Seconds<Now>` is `now`.

use std::marker::PhantomData;

use napi::bindgen_prelude::{FromNapiValue, TypeName, Unknown, ValidateNapiValue};
use napi::{JsValue, Status, ValueType, sys};
use userhash::{Error, check_duration};

use crate::convert::{self, type_name};
use crate::error::{Failure, Result};

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

/// A value converted from one JavaScript value, or refused with a [`Failure`] that its
/// `FromNapiValue` throws.
pub trait Read: Sized {
    fn read(value: Unknown) -> Result<Self>;
}

/// `FromNapiValue` for types that [`Read`].
macro_rules! from_napi {
    ($($ty:ident $(<$param:ident: $bound:path>)?),* $(,)?) => {$(
        impl$(<$param: $bound>)? napi::bindgen_prelude::FromNapiValue for $ty$(<$param>)? {
            unsafe fn from_napi_value(
                env: napi::sys::napi_env,
                value: napi::sys::napi_value,
            ) -> napi::Result<Self> {
                // SAFETY: napi-rs converts `value`, an argument (or a property of one) of the
                // call it runs in `env`.
                let value = unsafe { napi::bindgen_prelude::Unknown::from_raw_unchecked(env, value) };
                let read = <Self as $crate::args::Read>::read(value);
                read.map_err(|failure| $crate::error::thrown(&napi::Env::from(env), failure))
            }
        }
    )*};
}
pub(crate) use from_napi;

from_napi!(
    UserId,
    Secret,
    Candidate,
    Text<N: Named>,
    Presented<N: Named>,
    Seconds<N: Named>,
    Duration<N: Named>,
    Plain<T: PlainObject>,
);

/// A user id: the bytes the core hashes (see [`convert::user_id`]).
pub struct UserId(pub Vec<u8>);

impl Read for UserId {
    fn read(value: Unknown) -> Result<Self> {
        convert::owned_user_id(&value).map(UserId)
    }
}

/// A secret (see [`convert::secret`]). As the last choice of the widget functions' `Either`
/// it takes any value, and says what is wrong with it.
pub struct Secret(pub userhash::Secret);

impl Read for Secret {
    fn read(value: Unknown) -> Result<Self> {
        convert::secret(&value).map(Secret)
    }
}

impl TypeName for Secret {
    fn type_name() -> &'static str {
        "Secret"
    }

    fn value_type() -> ValueType {
        ValueType::Unknown
    }
}

impl ValidateNapiValue for Secret {
    unsafe fn validate(_: sys::napi_env, _: sys::napi_value) -> napi::Result<sys::napi_value> {
        Ok(std::ptr::null_mut())
    }
}

/// What `verify` checks: a string or bytes; anything else never verifies (`None`).
pub struct Candidate(pub Option<Vec<u8>>);

impl Read for Candidate {
    fn read(value: Unknown) -> Result<Self> {
        Ok(Candidate(convert::owned_bytes(&value)?.1))
    }
}

/// A hash or token handed back to be checked: a string or bytes; `undefined` and `null`
/// are no bytes (the core reports them `missing`); anything else is a `TypeError`.
pub struct Presented<N>(pub Vec<u8>, PhantomData<N>);

impl<N: Named> Read for Presented<N> {
    fn read(value: Unknown) -> Result<Self> {
        let bytes = match convert::owned_bytes(&value)? {
            (_, Some(bytes)) => bytes,
            (ValueType::Undefined | ValueType::Null, None) => Vec::new(),
            (other, None) => {
                let what = "must be a string, Buffer or Uint8Array (or undefined), not";
                return Err(Failure::ArgType(format!(
                    "{} {what} {}",
                    N::NAME,
                    type_name(other)
                )));
            }
        };
        Ok(Presented(bytes, PhantomData))
    }
}

/// A string argument that is not a user id (a key id, a handle, a variable name).
pub struct Text<N>(pub String, PhantomData<N>);

impl<N: Named> Read for Text<N> {
    fn read(value: Unknown) -> Result<Self> {
        match value.get_type()? {
            ValueType::String => Ok(Text(String::from_unknown(value)?, PhantomData)),
            other => {
                let message = format!("{} must be a string, not {}", N::NAME, type_name(other));
                Err(Failure::ArgType(message))
            }
        }
    }
}

/// A whole number of seconds: a safe integer or a bigint in the i64 range, else the core's
/// `invalid_timestamp`. The core's rules for times apply where the time is used.
pub struct Seconds<N>(pub i64, PhantomData<N>);

impl<N: Named> Read for Seconds<N> {
    fn read(value: Unknown) -> Result<Self> {
        let n = convert::whole_number(&value)?.ok_or(Error::InvalidTimestamp(N::NAME))?;
        Ok(Seconds(n, PhantomData))
    }
}

/// A duration in seconds (`ttl`, `leeway`): [`Seconds`] that the core accepts as one.
pub struct Duration<N>(pub u64, PhantomData<N>);

impl<N: Named> Read for Duration<N> {
    fn read(value: Unknown) -> Result<Self> {
        let Seconds(n, _) = Seconds::<N>::read(value)?;
        Ok(Duration(check_duration(n, N::NAME)?, PhantomData))
    }
}

/// An option object, converted by napi-rs (`#[napi(object)]`).
pub trait PlainObject: FromNapiValue {
    /// The message of the `TypeError` for a value that is not a plain object.
    const NOT_AN_OBJECT: &'static str;
}

/// A [`PlainObject`] given as a plain object (not an array or a typed array). A napi-rs
/// conversion error (a field of the wrong type, a missing one) is a `TypeError`
/// `ERR_INVALID_ARG_TYPE`, as for any argument.
pub struct Plain<T>(pub T);

impl<T: PlainObject> Read for Plain<T> {
    fn read(value: Unknown) -> Result<Self> {
        if !is_plain_object(&value)? {
            return Err(Failure::ArgType(T::NOT_AN_OBJECT.to_owned()));
        }
        T::from_unknown(value)
            .map(Plain)
            .map_err(|error| match error.status {
                Status::PendingException => Failure::Napi(error),
                _ => Failure::ArgType(error.reason),
            })
    }
}

/// Whether `value` is an object that is not an array or a typed array.
pub fn is_plain_object(value: &Unknown) -> napi::Result<bool> {
    Ok(value.get_type()? == ValueType::Object && !value.is_array()? && !value.is_typedarray()?)
}
