//! `userhash.widget`: Python arguments to the core's `WidgetConfig`, which checks every field.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyMapping, PyString};
use userhash::Error::{InvalidMetadata, InvalidTimestamp, InvalidUserIdType};
use userhash::{MetaValue, Preset, Secret, SigningKey, WidgetConfig, WidgetUser};

use crate::Signer;
use crate::convert::{
    self, AppId, Duration, GlobalName, Nonce, Now, Seconds, Text, Ttl, UserId, from_py, is_int,
    or_now,
};
use crate::errors::{Result, type_name, wrong_type};
use crate::keyring::Keyring;

const USER_FIELDS: &str = "id, name, email, phone, profile_picture_url, created_at, metadata";

/// A `Signer`, a `Keyring` (its primary key, with its id) or a secret, which is read once the
/// preset is known: a `str` as the preset's profile reads it (Pylon's hex decoded).
pub(crate) enum SignerArg<'py> {
    Signer(Bound<'py, Signer>),
    Keyring(Bound<'py, Keyring>),
    Secret(Bound<'py, PyAny>),
}

from_py!(SignerArg<'py>, |obj| {
    if let Ok(signer) = obj.cast::<Signer>() {
        return Ok(SignerArg::Signer(signer.to_owned()));
    }
    if let Ok(keyring) = obj.cast::<Keyring>() {
        return Ok(SignerArg::Keyring(keyring.to_owned()));
    }
    if obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyBytes>() {
        return Ok(SignerArg::Secret(obj.to_owned()));
    }
    let expected = "a userhash.Signer, a userhash.Keyring or a secret (str or bytes)";
    Err(wrong_type("the first argument", expected, &obj))
});

impl SignerArg<'_> {
    /// `call` with the key for `preset` (a keyring's under its read lock).
    fn sign<T: Send>(
        &self,
        preset: Preset,
        call: impl FnOnce(SigningKey<'_>) -> userhash::Result<T> + Send,
    ) -> Result<T> {
        match self {
            SignerArg::Signer(signer) => Ok(call((&signer.get().0).into())?),
            SignerArg::Keyring(k) => Ok(k.get().inner.read(k.py(), 0, |k| call(k.into()))?),
            SignerArg::Secret(secret) => {
                let text = |text: &str| preset.secret(text);
                let secret = convert::key(secret, text, Secret::from_bytes)?.0;
                Ok(call((&userhash::Signer::new(&secret)).into())?)
            }
        }
    }
}

/// The user mapping; a `None` value is left out, like an absent key.
pub(crate) struct User(pub(crate) WidgetUser);

from_py!(User, |obj| {
    let expected = "a dict {'id': ..., 'name': ...} or None for an anonymous visitor";
    let not_a_dict = |_| wrong_type("user", expected, &obj);
    let user = obj.cast::<PyMapping>().map_err(not_a_dict)?;
    for key in user.keys()?.iter() {
        let name = key.cast::<PyString>().ok().and_then(|k| k.to_cow().ok());
        if !name.is_some_and(|name| USER_FIELDS.split(", ").any(|field| field == name)) {
            let key = key.repr()?;
            let message = format!("unknown widget user field {key}: the fields are {USER_FIELDS}");
            return Err(PyTypeError::new_err(message).into());
        }
    }
    let field = |name: &str| -> PyResult<Option<Bound<'_, PyAny>>> {
        let value = user.contains(name)?.then(|| user.get_item(name));
        Ok(value.transpose()?.filter(|value| !value.is_none()))
    };
    let text = |name: &str| field(name)?.map(|v| convert::text(&v, name)).transpose();
    Ok(User(WidgetUser {
        id: widget_id(field("id")?)?,
        name: text("name")?,
        email: text("email")?,
        phone: text("phone")?,
        profile_picture_url: text("profile_picture_url")?,
        created_at: field("created_at")?.map(|v| created_at(&v)).transpose()?,
        metadata: field("metadata")?.map(|v| metadata(&v)).transpose()?,
    }))
});

const NO_ID: &str = "the widget user needs an 'id' (or pass user=None for an anonymous visitor)";

/// The id as text: a `str`, or an `int` as its decimal form (what `sign(int)` hashes).
fn widget_id(value: Option<Bound<'_, PyAny>>) -> Result<String> {
    let value = value.ok_or_else(|| PyTypeError::new_err(NO_ID))?;
    if value.is_instance_of::<PyBytes>() {
        return Err(InvalidUserIdType(type_name(&value)).into());
    }
    let id = value.extract::<UserId<'_>>()?;
    Ok(String::from_utf8(id.as_bytes().to_vec()).expect("str and int ids are UTF-8"))
}

/// `created_at`: an `int` of Unix seconds, read as every time is; else `invalid_timestamp`.
fn created_at(value: &Bound<'_, PyAny>) -> Result<i64> {
    match is_int(value) {
        true => convert::seconds(value, "created_at"),
        false => Err(InvalidTimestamp("created_at").into()),
    }
}

/// A flat mapping of `str` keys to `str`, 64-bit `int`, `bool` or `None`.
fn metadata(value: &Bound<'_, PyAny>) -> Result<Vec<(String, MetaValue)>> {
    let Ok(mapping) = value.cast::<PyMapping>() else {
        return Err(InvalidMetadata("it must be a mapping (a dict)").into());
    };
    let mut entries = Vec::new();
    for item in mapping.items()?.iter() {
        let (key, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
        let Ok(key) = key.cast_into::<PyString>() else {
            return Err(InvalidMetadata("keys must be str").into());
        };
        entries.push((key.to_cow()?.into_owned(), meta_value(&value)?));
    }
    Ok(entries)
}

fn meta_value(value: &Bound<'_, PyAny>) -> Result<MetaValue> {
    const NOT_FLAT: &str = "values must be str, int (64-bit), bool or None";
    Ok(if value.is_none() {
        MetaValue::Null
    } else if let Ok(b) = value.cast::<PyBool>() {
        MetaValue::Bool(b.is_true())
    } else if is_int(value) {
        MetaValue::Integer(value.extract().map_err(|_| InvalidMetadata(NOT_FLAT))?)
    } else if let Ok(text) = value.cast::<PyString>() {
        MetaValue::Text(text.to_cow()?.into_owned())
    } else {
        return Err(InvalidMetadata(NOT_FLAT).into());
    })
}

pub(crate) struct PresetArg(pub(crate) Preset);

from_py!(PresetArg, |obj| {
    let name = convert::text(&obj, "the preset")?;
    Ok(PresetArg(Preset::from_name(&name)?))
});

/// The HTML-safe `<script>` element or JSON of `userhash.widget.script` and `.json`, a JWT
/// profile's token issued at `now` and expiring `ttl` seconds later.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
pub(crate) fn widget(
    signer_or_secret: SignerArg<'_>,
    preset: PresetArg,
    app_id: Text<AppId>,
    user: Option<User>,
    nonce: Option<Text<Nonce>>,
    global_name: Option<Text<GlobalName>>,
    ttl: Option<Duration<Ttl>>,
    now: Option<Seconds<Now>>,
    script: bool,
) -> Result<String> {
    let config = WidgetConfig {
        preset: preset.0,
        app_id: app_id.0,
        global: global_name.map(|name| name.0),
        user: user.map(|user| user.0),
        ttl: ttl.map(|ttl| ttl.0),
    };
    let (nonce, now) = (nonce.map(|nonce| nonce.0), or_now(now));
    signer_or_secret.sign(preset.0, |key| match script {
        true => config.to_script_at(key, nonce.as_deref(), now),
        false => config.to_json_at(key, now),
    })
}
