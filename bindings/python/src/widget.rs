//! `userhash.widget.script` / `userhash.widget.json`: Python arguments to the core's
//! `WidgetConfig`. Every field rule and the JSON itself live in the core.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyInt, PyMapping, PyString};
use userhash::{Error, MetaValue, Preset, WidgetConfig, WidgetUser};

use crate::convert;
use crate::errors::to_py_err;
use crate::keyring::Keyring;
use crate::signer::Signer;

const USER_FIELDS: &[&str] = &[
    "id",
    "name",
    "email",
    "phone",
    "profile_picture_url",
    "created_at",
    "metadata",
];

/// A `Signer`, a `Keyring` (its primary key signs), or a secret (`str`/`bytes`).
enum SignerArg<'py> {
    Shared(Bound<'py, Signer>),
    Own(userhash::Signer),
}

impl SignerArg<'_> {
    fn get(&self) -> &userhash::Signer {
        match self {
            SignerArg::Shared(signer) => signer.get().core(),
            SignerArg::Own(signer) => signer,
        }
    }
}

fn signer_arg<'py>(obj: &Bound<'py, PyAny>) -> PyResult<SignerArg<'py>> {
    if let Ok(signer) = obj.cast::<Signer>() {
        return Ok(SignerArg::Shared(signer.clone()));
    }
    if let Ok(keyring) = obj.cast::<Keyring>() {
        return Ok(SignerArg::Own(keyring.get().primary_signer()));
    }
    if obj.is_instance_of::<PyString>() || obj.is_instance_of::<pyo3::types::PyBytes>() {
        return Ok(SignerArg::Own(convert::signer(obj)?));
    }
    Err(PyTypeError::new_err(format!(
        "the first argument must be a userhash.Signer, a userhash.Keyring or a secret (str or bytes), not {}",
        convert::type_name(obj)
    )))
}

fn optional_text(value: Option<Bound<'_, PyAny>>, what: &str) -> PyResult<Option<String>> {
    match value {
        Some(value) if !value.is_none() => convert::text(&value, what).map(Some),
        _ => Ok(None),
    }
}

/// The id as text: `str`, or an `int` as its canonical decimal form (what `sign(int)` hashes).
fn widget_id(value: Option<Bound<'_, PyAny>>) -> PyResult<String> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Err(PyTypeError::new_err(
            "the widget user needs an 'id' (or pass user=None for an anonymous visitor)",
        ));
    };
    if value.is_instance_of::<PyString>()
        || (value.is_instance_of::<PyInt>() && !value.is_instance_of::<PyBool>())
    {
        let id = convert::user_id(&value)?;
        return Ok(String::from_utf8(id.as_bytes().to_vec()).expect("str and int ids are UTF-8"));
    }
    Err(to_py_err(Error::InvalidUserIdType(convert::type_name(
        &value,
    ))))
}

/// `created_at`: an `int` of Unix seconds (converted as every time is); anything else is
/// `invalid_timestamp`.
fn created_at(value: Option<Bound<'_, PyAny>>) -> PyResult<Option<i64>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    if value.is_instance_of::<PyInt>() && !value.is_instance_of::<PyBool>() {
        return convert::seconds(Some(&value), "created_at");
    }
    Err(to_py_err(Error::InvalidTimestamp("created_at")))
}

/// A flat mapping of `str` keys to `str`, `int`, `bool` or `None`.
fn metadata(value: Option<Bound<'_, PyAny>>) -> PyResult<Option<Vec<(String, MetaValue)>>> {
    const NOT_FLAT: &str = "values must be str, int (64-bit), bool or None";
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    let mapping = value
        .cast::<PyMapping>()
        .map_err(|_| to_py_err(Error::InvalidMetadata("it must be a mapping (a dict)")))?;
    let mut entries = Vec::new();
    for item in mapping.items()?.iter() {
        let (key, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
        let key = key
            .cast::<PyString>()
            .map_err(|_| to_py_err(Error::InvalidMetadata("keys must be str")))?
            .to_cow()?
            .into_owned();
        let value = if value.is_none() {
            MetaValue::Null
        } else if let Ok(b) = value.cast::<PyBool>() {
            MetaValue::Bool(b.is_true())
        } else if value.is_instance_of::<PyInt>() {
            MetaValue::Integer(
                value
                    .extract::<i64>()
                    .map_err(|_| to_py_err(Error::InvalidMetadata(NOT_FLAT)))?,
            )
        } else if let Ok(text) = value.cast::<PyString>() {
            MetaValue::Text(text.to_cow()?.into_owned())
        } else {
            return Err(to_py_err(Error::InvalidMetadata(NOT_FLAT)));
        };
        entries.push((key, value));
    }
    Ok(Some(entries))
}

/// The user mapping (`id`, `name`, `email`, `phone`, `profile_picture_url`, `created_at`,
/// `metadata`); `None` values are left out, like absent keys.
fn widget_user(user: &Bound<'_, PyAny>) -> PyResult<WidgetUser> {
    let user = user.cast::<PyMapping>().map_err(|_| {
        PyTypeError::new_err(format!(
            "user must be a dict {{'id': ..., 'name': ...}} or None for an anonymous visitor, not {}",
            convert::type_name(user)
        ))
    })?;
    for key in user.keys()?.iter() {
        let known = key
            .cast::<PyString>()
            .ok()
            .and_then(|k| k.to_cow().ok().map(|k| USER_FIELDS.contains(&k.as_ref())))
            .unwrap_or(false);
        if !known {
            return Err(PyTypeError::new_err(format!(
                "unknown widget user field {}: the fields are {}",
                key.repr()?,
                USER_FIELDS.join(", ")
            )));
        }
    }
    let field = |name: &str| -> PyResult<Option<Bound<'_, PyAny>>> {
        if user.contains(name)? {
            Ok(Some(user.get_item(name)?))
        } else {
            Ok(None)
        }
    };
    Ok(WidgetUser {
        id: widget_id(field("id")?)?,
        name: optional_text(field("name")?, "name")?,
        email: optional_text(field("email")?, "email")?,
        phone: optional_text(field("phone")?, "phone")?,
        profile_picture_url: optional_text(field("profile_picture_url")?, "profile_picture_url")?,
        created_at: created_at(field("created_at")?)?,
        metadata: metadata(field("metadata")?)?,
    })
}

fn config(
    preset: &Bound<'_, PyAny>,
    app_id: &Bound<'_, PyAny>,
    user: Option<&Bound<'_, PyAny>>,
    global_name: Option<Bound<'_, PyAny>>,
) -> PyResult<WidgetConfig> {
    let preset = Preset::from_name(&convert::text(preset, "the preset")?).map_err(to_py_err)?;
    Ok(WidgetConfig {
        preset,
        app_id: convert::text(app_id, "the app id")?,
        global: optional_text(global_name, "global_name")?,
        user: match user {
            Some(user) if !user.is_none() => Some(widget_user(user)?),
            _ => None,
        },
    })
}

/// The complete `<script>` element that hands the widget its configuration, HTML-safe.
#[pyfunction]
#[pyo3(signature = (signer_or_secret, preset, app_id, user=None, *, nonce=None, global_name=None))]
pub(crate) fn widget_script(
    signer_or_secret: &Bound<'_, PyAny>,
    preset: &Bound<'_, PyAny>,
    app_id: &Bound<'_, PyAny>,
    user: Option<&Bound<'_, PyAny>>,
    nonce: Option<Bound<'_, PyAny>>,
    global_name: Option<Bound<'_, PyAny>>,
) -> PyResult<String> {
    let signer = signer_arg(signer_or_secret)?;
    let config = config(preset, app_id, user, global_name)?;
    let nonce = optional_text(nonce, "the nonce")?;
    config
        .to_script(signer.get(), nonce.as_deref())
        .map_err(to_py_err)
}

/// The configuration object alone, as HTML-safe JSON text.
#[pyfunction]
#[pyo3(signature = (signer_or_secret, preset, app_id, user=None, *, global_name=None))]
pub(crate) fn widget_json(
    signer_or_secret: &Bound<'_, PyAny>,
    preset: &Bound<'_, PyAny>,
    app_id: &Bound<'_, PyAny>,
    user: Option<&Bound<'_, PyAny>>,
    global_name: Option<Bound<'_, PyAny>>,
) -> PyResult<String> {
    let signer = signer_arg(signer_or_secret)?;
    let config = config(preset, app_id, user, global_name)?;
    config.to_json(signer.get()).map_err(to_py_err)
}
