//! A widget configuration given as JSON, the form every C ABI wrapper sends with its own
//! JSON encoder. Parsed strictly: a field the configuration does not have, a value of the
//! wrong type, a key given twice or text that is not JSON is `invalid_widget_config`;
//! the field rules are then those of every other configuration.

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::timestamp::check_duration;
use crate::user_id::IntegerId;
use crate::vendor::Preset;
use crate::widget::{InvalidField, MetaValue, WidgetConfig, WidgetUser};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigJson {
    preset: String,
    #[serde(default)]
    app_id: String,
    global: Option<String>,
    user: Option<UserJson>,
    ttl: Option<i64>,
    invalid_fields: Option<InvalidFields>,
}

/// What rendering does with an optional user field that fails its rule: refuse the whole
/// configuration (`"raise"`, the default), or leave the field out (`"drop"`).
#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum InvalidFields {
    Raise,
    Drop,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UserJson {
    id: IdJson,
    name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    profile_picture_url: Option<String>,
    /// Read as any value, so that a timestamp of the wrong kind gets the timestamp rule's
    /// code, as in every binding that takes native values.
    created_at: Option<Value>,
    metadata: Option<Entries>,
}

/// A user id: text, or an integer hashed in its canonical decimal form.
#[derive(Deserialize)]
#[serde(untagged)]
enum IdJson {
    Text(String),
    Integer(i64),
}

/// An object's entries in order, duplicates kept, so that the metadata rule (not the JSON
/// parser, which keeps the last) decides about a key given twice.
pub(crate) struct Entries(pub Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor;
        impl<'de> Visitor<'de> for EntriesVisitor {
            type Value = Entries;
            fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(EntriesVisitor)
    }
}

fn meta_value(value: Value) -> Result<MetaValue> {
    match value {
        Value::String(text) => Ok(MetaValue::Text(text)),
        Value::Bool(b) => Ok(MetaValue::Bool(b)),
        Value::Null => Ok(MetaValue::Null),
        Value::Number(n) => n
            .as_i64()
            .map(MetaValue::Integer)
            .ok_or(Error::InvalidMetadata("a number is not an integer that fits in 64 bits")),
        Value::Array(_) | Value::Object(_) => {
            Err(Error::InvalidMetadata("a value is a list or an object"))
        }
    }
}

/// A creation time: whole Unix seconds, else `invalid_timestamp` (or, past `i64`, the
/// milliseconds rule's code).
fn created_at(value: Value) -> Result<i64> {
    const WHAT: &str = "created_at";
    match value {
        Value::Number(n) if n.is_i64() => Ok(n.as_i64().unwrap_or_default()),
        Value::Number(n) if n.is_u64() => Err(Error::TimestampInMilliseconds(WHAT)),
        _ => Err(Error::InvalidTimestamp(WHAT)),
    }
}

impl WidgetConfig {
    /// Reads a configuration from JSON: `{"preset", "app_id", "global"?, "ttl"?,
    /// "invalid_fields"?, "user"?: {"id", "name"?, "email"?, "phone"?, "profile_picture_url"?,
    /// "created_at"?, "metadata"?}}`, where `null` is the same as leaving a field out. With
    /// `"invalid_fields": "drop"`, the optional fields that fail their rule are left out
    /// ([`WidgetConfig::drop_invalid_fields`]).
    pub fn from_json(json: &str) -> Result<Self> {
        Self::from_json_dropping(json).map(|(config, _)| config)
    }

    /// [`WidgetConfig::from_json`], and the fields `"invalid_fields": "drop"` left out.
    pub fn from_json_dropping(json: &str) -> Result<(Self, Vec<InvalidField>)> {
        let config: ConfigJson =
            serde_json::from_str(json).map_err(|e| Error::InvalidWidgetConfig(e.to_string()))?;
        let user = config.user.map(user_from_json).transpose()?;
        let mut widget = WidgetConfig {
            preset: Preset::from_name(&config.preset)?,
            app_id: config.app_id,
            global: config.global,
            user,
            ttl: config.ttl.map(|ttl| check_duration(ttl, "ttl")).transpose()?,
        };
        let dropped = match config.invalid_fields {
            Some(InvalidFields::Drop) => widget.drop_invalid_fields(),
            Some(InvalidFields::Raise) | None => Vec::new(),
        };
        Ok((widget, dropped))
    }
}

impl WidgetUser {
    /// Reads a user from JSON: the `user` object of [`WidgetConfig::from_json`], read as
    /// strictly (for a JWT issued over the C ABI).
    pub fn from_json(json: &str) -> Result<Self> {
        let user: UserJson =
            serde_json::from_str(json).map_err(|e| Error::InvalidWidgetConfig(e.to_string()))?;
        user_from_json(user)
    }
}

fn user_from_json(user: UserJson) -> Result<WidgetUser> {
    let id = match user.id {
        IdJson::Text(text) => text,
        IdJson::Integer(n) => IntegerId::from(n).as_str().to_owned(),
    };
    let metadata = user
        .metadata
        .map(|Entries(entries)| {
            entries
                .into_iter()
                .map(|(key, value)| Ok((key, meta_value(value)?)))
                .collect::<Result<Vec<_>>>()
        })
        .transpose()?;
    Ok(WidgetUser {
        id,
        name: user.name,
        email: user.email,
        phone: user.phone,
        profile_picture_url: user.profile_picture_url,
        created_at: user.created_at.map(created_at).transpose()?,
        metadata,
    })
}
