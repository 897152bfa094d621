//! The objects that cross the boundary as `#[napi(object)]` structs: the widget options
//! going in, the results and failure events coming out. napi-rs converts them and writes
//! their TypeScript.
//!
//! An optional field is an `Option<Option<_>>`: napi-rs reads a field that is `undefined`
//! (or absent) as the outer `None` and converts any other value, `null` as the inner one.

use napi::ValueType;
use napi::bindgen_prelude::{FromNapiValue, JsObjectValue, Object, Unknown};
use napi::bindgen_prelude::{KeyCollectionMode, KeyConversion, KeyFilter};
use napi_derive::napi;
use userhash::{Error, MetaValue, Preset, WidgetConfig};

use crate::args::{
    CreatedAt, Plain, PlainObject, Read, Seconds, UserId, from_napi, is_plain_object,
};
use crate::convert::{self, invalid_type};
use crate::error::Result;

/// The widget configuration (docs/spec.md, section 5).
#[napi(object, object_to_js = false)]
pub struct WidgetOptions {
    /// `tau`, `hal` or `generic` (docs/spec.md, section 5.1).
    pub preset: String,
    /// The app id the vendor gave you.
    pub app_id: String,
    /// The global to assign (`generic` only; default `window.userhashConfig`).
    #[napi(ts_type = "string | null")]
    pub global: Option<Option<String>>,
    /// CSP nonce for the `<script>` element (`widgetScript` only).
    #[napi(ts_type = "string | null")]
    pub nonce: Option<Option<String>>,
    /// The logged-in user, or `null`/`undefined` for an anonymous visitor (no id, no hash).
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
    /// Required, and text: `undefined` is refused as any other value that is not an id.
    #[napi(ts_type = "UserId")]
    pub id: Option<UserId>,
    #[napi(ts_type = "string | null")]
    pub name: Option<Option<String>>,
    #[napi(ts_type = "string | null")]
    pub email: Option<Option<String>>,
    /// E.164: `+` and 7 to 15 digits (`tau`, `generic`).
    #[napi(ts_type = "string | null")]
    pub phone: Option<Option<String>>,
    /// `http(s)` URL (`tau`, `generic`).
    #[napi(ts_type = "string | null")]
    pub profile_picture_url: Option<Option<String>>,
    /// Unix seconds (`tau`, `generic`).
    #[napi(ts_type = "UnixSeconds | null")]
    pub created_at: Option<Option<Seconds<CreatedAt>>>,
    /// Flat object, written with keys sorted (`hal`, `generic`).
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
        let preset = Preset::from_name(&self.preset)?;
        let (app_id, global) = (self.app_id, self.global.flatten());
        Ok((
            WidgetConfig {
                preset,
                app_id,
                global,
                user,
            },
            self.nonce.flatten(),
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

from_napi!(Metadata);

impl Read for Metadata {
    fn read(value: Unknown) -> Result<Self> {
        metadata(value).map(Metadata)
    }
}

fn metadata(value: Unknown) -> Result<Vec<(String, MetaValue)>> {
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
    Ok(entries)
}

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
    /// The outcome name, the same in every language.
    pub outcome: &'static str,
    /// The key that matched (`verified`, `expired`), else `null`.
    pub key_id: Option<String>,
    /// For `malformed`: an error code such as `hash_not_hex` or `token_format`; else `null`.
    pub reason: Option<&'static str>,
}

/// What a keyring's `'failure'` listeners receive: never the secret, never the whole hash.
#[napi(object, object_from_js = false, use_nullable = true)]
pub struct FailureEvent {
    /// The outcome name: never `verified`.
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
    let event = userhash::FailureEvent::new(&result, id, presented);
    let key_id = result.key_id().map(str::to_owned);
    let result = Verification {
        outcome: result.outcome(),
        key_id,
        reason: result.reason(),
    };
    (result, event.map(failure_event))
}

pub fn failure_event(event: userhash::FailureEvent) -> FailureEvent {
    let userhash::FailureEvent {
        outcome,
        reason,
        key_id,
        user_id,
        hash_prefix,
    } = event;
    FailureEvent {
        outcome,
        reason,
        key_id,
        user_id,
        hash_prefix,
    }
}

/// What `explain` concluded: a stable code and a sentence, never containing a secret.
#[napi(object, object_from_js = false)]
pub struct Finding {
    /// A finding code of the README's table.
    pub code: &'static str,
    pub message: String,
}

impl From<userhash::Finding> for Finding {
    fn from(finding: userhash::Finding) -> Self {
        Finding {
            code: finding.code,
            message: finding.message,
        }
    }
}
