//! The typed arguments (`Seconds<Now>` is a time named `now`); `Option<Option<_>>` is `null`.

use std::marker::PhantomData;

use napi::bindgen_prelude::{FromNapiValue, JsObjectValue, KeyCollectionMode, KeyConversion};
use napi::bindgen_prelude::{KeyFilter, Object, Unknown};
use napi::sys::{napi_env, napi_value};
use napi::{Env, JsValue, Status, ValueType};
use napi_derive::napi;
use userhash::{Error, MetaValue, Preset, WidgetConfig, check_duration};

use crate::convert::{self, BYTES, invalid_type, wrong_type};
use crate::error::{Failure, Result, thrown};

/// An argument's name, as its error messages give it.
pub trait Named {
    const NAME: &'static str;
}

macro_rules! names {
    ($($ty:ident = $name:literal;)*) => {$(
        pub enum $ty {}
        impl Named for $ty { const NAME: &'static str = $name; }
    )*};
}

// The names of texts, of presented bytes, of times and of durations.
names! {
    KeyId = "the key id"; Handle = "the handle"; EnvName = "the environment variable name";
    Hash = "the hash"; Token = "the token"; Email = "email";
    Now = "now"; NotBefore = "notBefore"; NotAfter = "notAfter"; ExpiresAt = "expiresAt";
    CreatedAt = "createdAt"; Ttl = "ttl"; Leeway = "leeway";
}

/// `FromNapiValue` for `$ty`, read from the `Unknown` `$value` by `$read`; a failure is thrown.
macro_rules! from_napi {
    ($ty:ident $(<$param:ident: $bound:path>)?: |$value:ident| $read:expr) => {
        impl$(<$param: $bound>)? FromNapiValue for $ty$(<$param>)? {
            unsafe fn from_napi_value(env: napi_env, value: napi_value) -> napi::Result<Self> {
                // SAFETY: napi-rs converts `value`, an argument (or property) of its call in `env`.
                let value = unsafe { Unknown::from_raw_unchecked(env, value) };
                let read: fn(Unknown) -> Result<Self> = |$value| $read;
                read(value).map_err(|failure| thrown(&Env::from(env), failure))
            }
        }
    };
}

pub(crate) use from_napi;

/// A user id: the bytes the core hashes (see [`convert::user_id`]).
pub struct UserId(pub Vec<u8>);
from_napi!(UserId: |value| convert::owned_user_id(&value).map(UserId));

/// A secret (see [`convert::secret`]).
pub struct Secret(pub userhash::Secret);
from_napi!(Secret: |value| convert::secret(&value).map(Secret));

/// What `verify` checks: a string or bytes; anything else is no bytes, which never verify.
pub struct Candidate(pub Vec<u8>);
from_napi!(Candidate: |value| Ok(Candidate(convert::owned_bytes(&value)?.1.unwrap_or_default())));

/// A hash or token to check: a string or bytes, `undefined`/`null` as no bytes (`missing`).
pub struct Presented<N>(pub Vec<u8>, PhantomData<N>);
from_napi!(Presented<N: Named>: |value| match convert::owned_bytes(&value)? {
    (_, Some(bytes)) => Ok(Presented(bytes, PhantomData)),
    (ValueType::Undefined | ValueType::Null, None) => Ok(Presented(Vec::new(), PhantomData)),
    (other, None) => Err(wrong_type(N::NAME, &format!("{BYTES} (or undefined)"), other)),
});

/// A string argument that is not a user id (a key id, a handle, a variable name).
pub struct Text<N>(pub String, PhantomData<N>);
from_napi!(Text<N: Named>: |value| match value.get_type()? {
    ValueType::String => Ok(Text(String::from_unknown(value)?, PhantomData)),
    other => Err(wrong_type(N::NAME, "a string", other)),
});

/// Seconds: a safe integer or an i64 bigint, else `invalid_timestamp` (the core checks more).
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

/// A [`PlainObject`] given as a plain object; a field napi-rs refuses is `ERR_INVALID_ARG_TYPE`.
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
fn is_plain_object(value: &Unknown) -> napi::Result<bool> {
    Ok(value.get_type()? == ValueType::Object && !value.is_array()? && !value.is_typedarray()?)
}

/// The widget configuration (docs/spec.md, section 5).
#[napi(object, object_to_js = false)]
pub struct WidgetOptions {
    /// A preset (vendor profile) name: `tau`, `hal`, `generic`, `intercom`, `zendesk`, …
    pub preset: String,
    /// Absent or empty for the vendors whose call takes none.
    pub app_id: Option<Option<String>>,
    /// `generic` only; default `window.userhashConfig`.
    pub global: Option<Option<String>>,
    /// CSP nonce of the `<script>` element (`widgetScript`).
    pub nonce: Option<Option<String>>,
    /// `null`/`undefined` for an anonymous visitor (no id, no hash).
    #[napi(ts_type = "WidgetUser | null")]
    pub user: Option<Option<Plain<WidgetUser>>>,
    /// Seconds until a JWT expires (JWT profiles with `exp`; default 3600).
    #[napi(ts_type = "UnixSeconds | null")]
    pub ttl: Option<Option<Duration<Ttl>>>,
    /// Unix seconds of the snippet (a JWT's `iat`); default the current time.
    #[napi(ts_type = "UnixSeconds | null")]
    pub now: Option<Option<Seconds<Now>>>,
}

impl PlainObject for WidgetOptions {
    const NOT_AN_OBJECT: &'static str =
        "the widget options must be an object { preset, appId, user, nonce, global, ttl, now }";
}

/// The logged-in user shown to the widget; the hash is computed from `id`, never given.
#[napi(object, object_to_js = false)]
pub struct WidgetUser {
    /// Required: `undefined` is refused as any other value that is not an id.
    pub id: Option<UserId>,
    pub name: Option<Option<String>>,
    pub email: Option<Option<String>>,
    /// E.164 (`tau`, `generic`).
    pub phone: Option<Option<String>>,
    /// `http(s)` URL (`tau`, `generic`).
    pub profile_picture_url: Option<Option<String>>,
    /// Unix seconds (`tau`, `generic`).
    #[napi(ts_type = "UnixSeconds | null")]
    pub created_at: Option<Option<Seconds<CreatedAt>>>,
    /// Flat, written with keys sorted (`hal`, `generic`).
    #[napi(ts_type = "Record<string, string | number | bigint | boolean | null> | null")]
    pub metadata: Option<Option<Metadata>>,
}

impl PlainObject for WidgetUser {
    const NOT_AN_OBJECT: &'static str =
        "user must be an object { id, name, … } or null for an anonymous visitor";
}

impl WidgetOptions {
    /// The core's configuration (its user read first, as always), the nonce and `now`.
    pub fn into_config(self) -> Result<(WidgetConfig, Option<String>, Option<Seconds<Now>>)> {
        let config = WidgetConfig {
            user: self.user.flatten().map(widget_user).transpose()?,
            preset: Preset::from_name(&self.preset)?,
            app_id: self.app_id.flatten().unwrap_or_default(),
            global: self.global.flatten(),
            ttl: self.ttl.flatten().map(|ttl| ttl.0),
        };
        Ok((config, self.nonce.flatten(), self.now.flatten()))
    }
}

/// The core's user of a [`WidgetUser`].
pub fn widget_user(Plain(user): Plain<WidgetUser>) -> Result<userhash::WidgetUser> {
    let id = user.id.ok_or_else(|| invalid_type(ValueType::Undefined))?.0;
    let not_text = |_| Error::InvalidUserIdType("bytes that are not UTF-8".to_owned());
    Ok(userhash::WidgetUser {
        id: String::from_utf8(id).map_err(not_text)?,
        name: user.name.flatten(),
        email: user.email.flatten(),
        phone: user.phone.flatten(),
        profile_picture_url: user.profile_picture_url.flatten(),
        created_at: user.created_at.flatten().map(|seconds| seconds.0),
        metadata: user.metadata.flatten().map(|metadata| metadata.0),
    })
}

/// Flat metadata: own enumerable string keys, text, safe-integer, boolean or null values.
pub struct Metadata(Vec<(String, MetaValue)>);
from_napi!(Metadata: |value| {
    if !is_plain_object(&value)? {
        return Err(Error::InvalidMetadata("it must be a plain object").into());
    }
    let object = Object::from_unknown(value)?;
    let (own, enumerable) = (KeyCollectionMode::OwnOnly, KeyFilter::Enumerable);
    let keys = object.get_all_property_names(own, enumerable, KeyConversion::NumbersToStrings)?;
    let len = keys.get_array_length_unchecked()?;
    let mut entries = Vec::new();
    entries.try_reserve_exact(len as usize)?;
    for index in 0..len {
        let key: Unknown = keys.get_element(index)?;
        if key.get_type()? != ValueType::Symbol {
            let value = meta_value(object.get_property_unchecked(key)?)?;
            entries.push((String::from_unknown(key)?, value));
        }
    }
    Ok(Metadata(entries))
});

fn meta_value(value: Unknown) -> Result<MetaValue> {
    let not_flat =
        || Error::InvalidMetadata("values must be strings, safe integers, booleans or null");
    Ok(match value.get_type()? {
        ValueType::String => MetaValue::Text(String::from_unknown(value)?),
        ValueType::Boolean => MetaValue::Bool(bool::from_unknown(value)?),
        ValueType::Null => MetaValue::Null,
        ValueType::Number | ValueType::BigInt => {
            MetaValue::Integer(convert::whole_number(&value)?.ok_or_else(not_flat)?)
        }
        _ => return Err(not_flat().into()),
    })
}
