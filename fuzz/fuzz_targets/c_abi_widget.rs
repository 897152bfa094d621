//! The C widget entry points (`userhash_widget_json`, `userhash_widget_script`) with the
//! configuration as JSON text: well-formed configurations with every field (well-formed or
//! any text, null or absent, text and integer ids, metadata of every kind, duplicate
//! metadata keys), the same with one fault the strict parser must refuse (an unknown field,
//! a wrong type, a key given twice, trailing or cut text), or arbitrary bytes; NULL
//! pointers and nonces of any bytes. Never the PANIC result; on failure nothing is written
//! and the last error message is the core's; the text agrees with the Rust API on the
//! same configuration, built here from the generated fields.
#![no_main]

use std::ptr;

use arbitrary::{Result, Unstructured};
use cabi::{
    userhash_result, userhash_signer, userhash_signer_free, userhash_signer_new_bytes,
    userhash_widget_json, userhash_widget_script,
};
use libfuzzer_sys::fuzz_target;
use userhash::{MetaValue, Preset, Signer, WidgetConfig, WidgetUser};
use userhash_fuzz::{
    CBytes, StringOut, WORD, checked, email, expect_string, global, nonce, phone, text_of,
    timestamp, url,
};

const KEY: &[u8] = b"fuzz-key";
const BASE: i64 = 1_767_225_600;

/// Well-formed text from `make`, or any text.
fn text_or(u: &mut Unstructured, make: fn(&mut Unstructured) -> Result<String>) -> Result<String> {
    if u.ratio(1, 4)? { u.arbitrary() } else { make(u) }
}

fn word(u: &mut Unstructured) -> Result<String> {
    text_of(u, WORD, 0)
}

/// A JSON string.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string serializes")
}

/// An optional field: left out, `null`, or a value.
enum Field<T> {
    Absent,
    Null,
    Given(T),
}

impl<T> Field<T> {
    fn new(
        u: &mut Unstructured,
        make: impl FnOnce(&mut Unstructured) -> Result<T>,
    ) -> Result<Self> {
        Ok(match u.int_in_range(0..=3u8)? {
            0 => Field::Absent,
            1 => Field::Null,
            _ => Field::Given(make(u)?),
        })
    }

    /// The value, `None` when left out or null.
    fn value(&self) -> Option<&T> {
        match self {
            Field::Given(value) => Some(value),
            _ => None,
        }
    }

    /// `"key":value` as JSON, when not left out.
    fn member(&self, key: &str, json: impl FnOnce(&T) -> String) -> Option<String> {
        match self {
            Field::Absent => None,
            Field::Null => Some(format!("{}:null", quoted(key))),
            Field::Given(value) => Some(format!("{}:{}", quoted(key), json(value))),
        }
    }
}

/// A metadata value: one the core accepts, or a JSON value it refuses (a fraction, an
/// integer past 64 bits, a list, an object).
enum Meta {
    Accepted(MetaValue),
    Refused(&'static str),
}

impl Meta {
    fn new(u: &mut Unstructured) -> Result<Self> {
        Ok(match u.int_in_range(0..=16u8)? {
            0 => Meta::Refused(u.choose(&["1.5", "18446744073709551615", "[1]", "{}"])?),
            1..=5 => Meta::Accepted(MetaValue::Text(text_or(u, word)?)),
            6..=9 => Meta::Accepted(MetaValue::Integer(u.arbitrary()?)),
            10..=12 => Meta::Accepted(MetaValue::Bool(u.arbitrary()?)),
            _ => Meta::Accepted(MetaValue::Null),
        })
    }

    fn json(&self) -> String {
        match self {
            Meta::Refused(json) => (*json).to_owned(),
            Meta::Accepted(MetaValue::Text(text)) => quoted(text),
            Meta::Accepted(MetaValue::Integer(n)) => n.to_string(),
            Meta::Accepted(MetaValue::Bool(b)) => b.to_string(),
            Meta::Accepted(MetaValue::Null) => "null".to_owned(),
        }
    }
}

/// A user id: text, or an integer the core hashes in decimal.
enum Id {
    Text(String),
    Integer(i64),
}

struct User {
    id: Id,
    name: Field<String>,
    email: Field<String>,
    phone: Field<String>,
    url: Field<String>,
    created_at: Field<i64>,
    metadata: Field<Vec<(String, Meta)>>,
}

impl User {
    fn new(u: &mut Unstructured) -> Result<Self> {
        let metadata = Field::new(u, |u| {
            let mut entries = (0..u.int_in_range(0..=4)?)
                .map(|_| Ok((text_or(u, word)?, Meta::new(u)?)))
                .collect::<Result<Vec<_>>>()?;
            // Sometimes a key given twice: the metadata rule, not the parser, refuses it.
            if !entries.is_empty() && u.ratio(1, 8)? {
                let key = entries[0].0.clone();
                entries.push((key, Meta::new(u)?));
            }
            Ok(entries)
        })?;
        Ok(User {
            id: if u.ratio(1, 4)? {
                Id::Integer(u.arbitrary()?)
            } else {
                Id::Text(text_or(u, word)?)
            },
            name: Field::new(u, |u| text_or(u, word))?,
            email: Field::new(u, |u| text_or(u, email))?,
            phone: Field::new(u, |u| text_or(u, phone))?,
            url: Field::new(u, |u| text_or(u, url))?,
            created_at: Field::new(u, |u| timestamp(u, BASE))?,
            metadata,
        })
    }

    /// The members of the user object as JSON.
    fn members(&self) -> Vec<String> {
        let id = match &self.id {
            Id::Text(text) => quoted(text),
            Id::Integer(n) => n.to_string(),
        };
        let texts = [
            ("name", &self.name),
            ("email", &self.email),
            ("phone", &self.phone),
            ("profile_picture_url", &self.url),
        ];
        let mut members = vec![format!("\"id\":{id}")];
        members.extend(texts.iter().filter_map(|(k, f)| f.member(k, |t| quoted(t))));
        members.extend(self.created_at.member("created_at", i64::to_string));
        members.extend(self.metadata.member("metadata", |entries| {
            let entries: Vec<_> =
                entries.iter().map(|(k, v)| format!("{}:{}", quoted(k), v.json())).collect();
            format!("{{{}}}", entries.join(","))
        }));
        members
    }

    /// Whether a metadata value is one the core refuses while reading the JSON.
    fn refused_metadata(&self) -> bool {
        self.metadata.value().is_some_and(|m| m.iter().any(|(_, v)| matches!(v, Meta::Refused(_))))
    }

    /// The Rust user (its metadata values all accepted).
    fn rust(&self) -> WidgetUser {
        let metadata = self.metadata.value().map(|entries| {
            entries
                .iter()
                .map(|(k, v)| match v {
                    Meta::Accepted(value) => (k.clone(), value.clone()),
                    Meta::Refused(_) => unreachable!("checked by refused_metadata"),
                })
                .collect()
        });
        WidgetUser {
            id: match &self.id {
                Id::Text(text) => text.clone(),
                Id::Integer(n) => n.to_string(),
            },
            name: self.name.value().cloned(),
            email: self.email.value().cloned(),
            phone: self.phone.value().cloned(),
            profile_picture_url: self.url.value().cloned(),
            created_at: self.created_at.value().copied(),
            metadata,
        }
    }
}

/// What the strict parser must refuse, injected into a configuration otherwise valid JSON.
#[derive(Clone, Copy)]
enum Fault {
    None,
    UnknownField,
    UnknownUserField,
    WrongType(&'static str),
    DuplicateKey,
    DuplicateUserKey,
    Trailing,
    Cut(usize),
}

struct Config {
    preset: String,
    app_id: String,
    global: Field<String>,
    user: Field<User>,
    fault: Fault,
}

impl Config {
    fn new(u: &mut Unstructured) -> Result<Self> {
        let preset = match u.int_in_range(0..=7u8)? {
            0 => u.arbitrary()?,
            1 => "TAU".to_owned(),
            2 | 3 => "tau".to_owned(),
            4 | 5 => "hal".to_owned(),
            _ => "generic".to_owned(),
        };
        let fault = match u.int_in_range(0..=31u8)? {
            0 => Fault::UnknownField,
            1 => Fault::UnknownUserField,
            2 => Fault::WrongType(u.choose(&[
                "\"app_id\":5",
                "\"preset\":null",
                "\"global\":7",
                "\"user\":\"u\"",
                "\"user\":{\"id\":true}",
                "\"user\":{\"id\":1.5}",
                "\"user\":{\"id\":null}",
                "\"user\":{\"name\":\"Jo\"}",
                "\"user\":{\"id\":\"u\",\"metadata\":[1]}",
            ])?),
            3 => Fault::DuplicateKey,
            4 => Fault::DuplicateUserKey,
            5 => Fault::Trailing,
            6 => Fault::Cut(u.arbitrary()?),
            _ => Fault::None,
        };
        Ok(Config {
            preset,
            app_id: text_or(u, word)?,
            global: Field::new(u, |u| text_or(u, global))?,
            user: if u.ratio(1, 8)? {
                if u.arbitrary()? { Field::Absent } else { Field::Null }
            } else {
                Field::Given(User::new(u)?)
            },
            fault,
        })
    }

    /// The configuration as JSON text, with its fault.
    fn json(&self) -> String {
        let mut members = vec![
            format!("\"preset\":{}", quoted(&self.preset)),
            format!("\"app_id\":{}", quoted(&self.app_id)),
        ];
        members.extend(self.global.member("global", |g| quoted(g)));
        let mut user = self.user.value().map(User::members);
        match (self.fault, user.as_mut()) {
            (Fault::UnknownUserField, Some(user)) => user.push("\"nickname\":\"J\"".into()),
            (Fault::DuplicateUserKey, Some(user)) => user.push("\"id\":\"again\"".into()),
            (Fault::UnknownField | Fault::UnknownUserField, _) => {
                members.push("\"colour\":\"red\"".into())
            }
            (Fault::DuplicateKey | Fault::DuplicateUserKey, _) => {
                members.push("\"preset\":\"hal\"".into())
            }
            (Fault::WrongType(member), _) => members.push(member.into()),
            _ => {}
        }
        match (&self.user, user) {
            (_, Some(user)) => members.push(format!("\"user\":{{{}}}", user.join(","))),
            (Field::Null, None) => members.push("\"user\":null".into()),
            _ => {}
        }
        let text = format!("{{{}}}", members.join(","));
        match self.fault {
            Fault::Trailing => text + " x",
            Fault::Cut(at) => {
                // A strict prefix of an object is never JSON; cut at a character boundary,
                // so that the text stays UTF-8.
                let mut at = at % text.len();
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                text[..at].to_owned()
            }
            _ => text,
        }
    }

    /// The Rust configuration, or the error the core meets while reading the JSON.
    fn rust(&self, text: &str) -> userhash::Result<WidgetConfig> {
        if !matches!(self.fault, Fault::None) {
            let err = WidgetConfig::from_json(text).expect_err("a fault is refused");
            assert_eq!(err.code(), "invalid_widget_config", "{text}");
            return Err(err);
        }
        if self.user.value().is_some_and(User::refused_metadata) {
            let err = WidgetConfig::from_json(text).expect_err("refused metadata");
            assert_eq!(err.code(), "invalid_metadata", "{text}");
            return Err(err);
        }
        Ok(WidgetConfig {
            preset: Preset::from_name(&self.preset)?,
            app_id: self.app_id.clone(),
            global: self.global.value().cloned(),
            user: self.user.value().map(User::rust),
            ttl: None,
        })
    }
}

/// A signer handle, or NULL; freed on drop.
struct SignerHandle(*mut userhash_signer);

impl SignerHandle {
    fn new(u: &mut Unstructured) -> Result<Self> {
        if u.ratio(1, 32)? {
            return Ok(SignerHandle(ptr::null_mut()));
        }
        let mut signer = ptr::null_mut();
        // SAFETY: KEY is valid for its length; signer is writable.
        let result =
            unsafe { userhash_signer_new_bytes(KEY.as_ptr().cast(), KEY.len(), &mut signer) };
        assert_eq!(result, userhash_result::Ok);
        Ok(SignerHandle(signer))
    }
}

impl Drop for SignerHandle {
    fn drop(&mut self) {
        // SAFETY: NULL or a live handle, not used afterwards.
        unsafe { userhash_signer_free(self.0) };
    }
}

/// The configuration text: a generated one (sometimes with a byte changed), arbitrary
/// bytes, or NULL; with the Rust result when it can be told from the fields (`None`: only
/// the core's own reading of the text tells).
fn config_input(u: &mut Unstructured) -> Result<(CBytes, Option<userhash::Result<WidgetConfig>>)> {
    if u.ratio(1, 16)? {
        return Ok((CBytes::any(u)?, None));
    }
    let config = Config::new(u)?;
    let text = config.json();
    if u.ratio(1, 16)? {
        let mut bytes = text.into_bytes();
        if !bytes.is_empty() {
            let at = u.choose_index(bytes.len())?;
            bytes[at] = u.arbitrary()?;
        }
        return Ok((CBytes::new(u, |_| Ok(bytes))?, None));
    }
    let rust = config.rust(&text);
    Ok((CBytes::new(u, |_| Ok(text.into_bytes()))?, Some(rust)))
}

fn run(u: &mut Unstructured) -> Result<()> {
    let (config, rust_config) = config_input(u)?;
    let signer = SignerHandle::new(u)?;
    let nonce = CBytes::optional(u, |u| {
        Ok(if u.ratio(1, 4)? { u.arbitrary::<&[u8]>()?.to_vec() } else { nonce(u)?.into_bytes() })
    })?;
    let rust_signer = Signer::from_bytes(KEY).unwrap();

    let mut errors = Vec::new();
    if signer.0.is_null() || config.is_null() {
        errors.push(userhash_result::NullParameter);
    }
    // The text as the C ABI reads it: UTF-8, then the core's strict parser (the reference
    // for a text whose fields are not known here).
    let text = config.get().map(std::str::from_utf8);
    if let Some(Err(_)) = text {
        errors.push(userhash_result::TextNotUtf8);
    }
    let rust = errors.is_empty().then(|| match rust_config {
        Some(rust) => rust,
        None => WidgetConfig::from_json(text.unwrap().unwrap()),
    });
    let rust = || rust.clone().expect("read when there is no interface error");

    let mut out = StringOut::new(u)?;
    let mut json_errors = errors.clone();
    out.errors(&mut json_errors);
    // SAFETY: every pointer is NULL or valid for its length.
    let result =
        checked(unsafe { userhash_widget_json(signer.0, config.ptr(), config.len(), out.ptr()) });
    let to_json = || rust()?.to_json(&rust_signer);
    expect_string(result, &json_errors, to_json, &mut out);

    let mut out = StringOut::new(u)?;
    out.errors(&mut errors);
    // SAFETY: every pointer is NULL or valid for its length.
    let result = checked(unsafe {
        userhash_widget_script(
            signer.0,
            config.ptr(),
            config.len(),
            nonce.ptr(),
            nonce.len(),
            out.ptr(),
        )
    });
    // A nonce that is not UTF-8 is refused once the configuration has been read (`None`).
    let script = errors.is_empty().then(|| {
        let config = rust()?;
        match nonce.get().map(std::str::from_utf8) {
            Some(Err(_)) => Ok(None),
            nonce => config.to_script(&rust_signer, nonce.map(Result::unwrap)).map(Some),
        }
    });
    if let Some(Ok(None)) = script {
        errors.push(userhash_result::TextNotUtf8);
    }
    let to_script = || script.unwrap().map(|s| s.expect("a UTF-8 nonce"));
    expect_string(result, &errors, to_script, &mut out);
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
