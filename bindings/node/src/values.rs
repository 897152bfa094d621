//! The `#[napi(object)]` structs: the widget options going in, the results and failure
//! events coming out. An optional input field is an `Option<Option<_>>`: napi-rs reads
//! `undefined` (or absent) as the outer `None`, `null` as the inner one.

use napi::ValueType;
use napi::bindgen_prelude::{FromNapiValue, JsObjectValue, Object, Unknown};
use napi::bindgen_prelude::{KeyCollectionMode, KeyConversion, KeyFilter};
use napi_derive::napi;
use userhash::{Error, MetaValue, Preset, WidgetConfig};

use crate::args::{CreatedAt, Plain, PlainObject, Seconds, UserId, from_napi, is_plain_object};
use crate::convert::{self, invalid_type};
use crate::error::Result;

/// The widget configuration (docs/spec.md, section 5).
#[napi(object, object_to_js = false)]
pub struct WidgetOptions {
    /// `tau`, `hal` or `generic`.
    pub preset: String,
    pub app_id: String,
    /// `generic` only; default `window.userhashConfig`.
    pub global: Option<Option<String>>,
    /// CSP nonce of the `<script>` element (`widgetScript`).
    pub nonce: Option<Option<String>>,
    /// `null`/`undefined` for an anonymous visitor (no id, no hash).
    #[napi(ts_type = "WidgetUser | null")]
    pub user: Option<Option<Plain<WidgetUser>>>,
}

impl PlainObject for WidgetOptions {
    const NOT_AN_OBJECT: &'static str =
        "the widget options must be an object { preset, appId, user, nonce, global }";
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
    /// The core's configuration, and the nonce.
    pub fn into_config(self) -> Result<(WidgetConfig, Option<String>)> {
        let user = self
            .user
            .flatten()
            .map(|Plain(user)| user.into_core())
            .transpose()?;
        let (preset, app_id) = (Preset::from_name(&self.preset)?, self.app_id);
        let (global, nonce) = (self.global.flatten(), self.nonce.flatten());
        Ok((
            WidgetConfig {
                preset,
                app_id,
                global,
                user,
            },
            nonce,
        ))
    }
}

impl WidgetUser {
    fn into_core(self) -> Result<userhash::WidgetUser> {
        let id = self.id.ok_or_else(|| invalid_type(ValueType::Undefined))?.0;
        let not_text = |_| Error::InvalidUserIdType("bytes that are not UTF-8".to_owned());
        Ok(userhash::WidgetUser {
            id: String::from_utf8(id).map_err(not_text)?,
            name: self.name.flatten(),
            email: self.email.flatten(),
            phone: self.phone.flatten(),
            profile_picture_url: self.profile_picture_url.flatten(),
            created_at: self.created_at.flatten().map(|seconds| seconds.0),
            metadata: self.metadata.flatten().map(|metadata| metadata.0),
        })
    }
}

/// Flat metadata: the object's own enumerable string keys (the core sorts them) with text,
/// safe-integer, boolean or null values.
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

/// What verifying a hash or token found (docs/spec.md, section 4).
#[napi(object, object_from_js = false, use_nullable = true)]
pub struct Verification {
    pub outcome: &'static str,
    /// The key that matched (`verified`, `expired`).
    pub key_id: Option<String>,
    /// The error code of a `malformed` input, such as `hash_not_hex`.
    pub reason: Option<&'static str>,
}

/// What a keyring's `'failure'` listeners receive: never the secret, never the whole hash.
#[napi(object, object_from_js = false, use_nullable = true)]
pub struct FailureEvent {
    pub outcome: &'static str,
    pub reason: Option<&'static str>,
    pub key_id: Option<String>,
    /// The user id as text (invalid UTF-8 as U+FFFD).
    pub user_id: String,
    /// At most the first 8 characters of the presented hash or token.
    pub hash_prefix: String,
}

/// A result, and the event of its failed check (`None` when it verified).
pub fn verification(
    result: userhash::Verification,
    id: &[u8],
    presented: &[u8],
) -> (Verification, Option<FailureEvent>) {
    let event = userhash::FailureEvent::new(&result, id, presented).map(FailureEvent::from);
    let (outcome, reason) = (result.outcome(), result.reason());
    let key_id = result.key_id().map(str::to_owned);
    (
        Verification {
            outcome,
            key_id,
            reason,
        },
        event,
    )
}

impl From<userhash::FailureEvent> for FailureEvent {
    fn from(e: userhash::FailureEvent) -> Self {
        let (outcome, reason, key_id) = (e.outcome, e.reason, e.key_id);
        FailureEvent {
            outcome,
            reason,
            key_id,
            user_id: e.user_id,
            hash_prefix: e.hash_prefix,
        }
    }
}

/// What `explain` concluded: a stable code and a sentence, never containing a secret.
#[napi(object, object_from_js = false)]
pub struct Finding {
    pub code: &'static str,
    pub message: String,
}

impl From<userhash::Finding> for Finding {
    fn from(userhash::Finding { code, message }: userhash::Finding) -> Self {
        Finding { code, message }
    }
}
