//! Widget configuration snippets for every vendor profile (docs/spec.md, section 5): the
//! checks every profile shares, and the objects of TAU, Hal and the generic preset.

use crate::error::{Error, Result};
use crate::json::JsonObject;
use crate::keyring::Keyring;
use crate::signer::Signer;
use crate::timestamp::{check_unix_seconds, unix_now};
use crate::vendor::{Field, Page, Preset, Profile, Subject};

/// The key a snippet or JWT is signed with: a signer, and the key's id when it comes from a
/// keyring (a profile that names its key in the JWT header needs one).
#[derive(Clone, Copy)]
pub struct SigningKey<'a> {
    pub(crate) signer: &'a Signer,
    pub(crate) key_id: Option<&'a str>,
}

impl<'a> From<&'a Signer> for SigningKey<'a> {
    fn from(signer: &'a Signer) -> Self {
        SigningKey { signer, key_id: None }
    }
}

impl<'a> From<&'a Keyring> for SigningKey<'a> {
    /// The keyring's primary key.
    fn from(keyring: &'a Keyring) -> Self {
        SigningKey { signer: keyring.primary_signer(), key_id: Some(keyring.primary_id()) }
    }
}

/// The lifetime of a JWT in a snippet when the configuration gives none: one hour.
pub const DEFAULT_JWT_TTL: u64 = 3600;

/// A flat metadata value (Hal and generic presets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetaValue {
    /// A JSON string.
    Text(String),
    /// A JSON integer.
    Integer(i64),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
}

/// The logged-in user shown to the widget. The hash is computed from `id`, never given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WidgetUser {
    /// The user id, hashed as its UTF-8 bytes.
    pub id: String,
    /// Full name.
    pub name: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Phone number in international E.164 form (`tau`, `generic`).
    pub phone: Option<String>,
    /// `http(s)` URL of a profile picture (`tau`, `generic`).
    pub profile_picture_url: Option<String>,
    /// Unix seconds at which the user was created (`tau`, `generic`).
    pub created_at: Option<i64>,
    /// Flat metadata (`hal`, `generic`).
    pub metadata: Option<Vec<(String, MetaValue)>>,
}

/// A widget configuration: the preset, the app id and the user (`None` for anonymous
/// visitors, who get neither an id nor a hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WidgetConfig {
    /// Which widget.
    pub preset: Preset,
    /// The app id the vendor gave you; empty for the vendors whose identity call takes
    /// none (Chatwoot, Crisp, Help Scout, Zendesk, Canny).
    pub app_id: String,
    /// The global to assign in the script element (`generic` only; default
    /// `window.userhashConfig`).
    pub global: Option<String>,
    /// The logged-in user, or `None` for an anonymous visitor.
    pub user: Option<WidgetUser>,
    /// Seconds until a JWT profile's token expires (default [`DEFAULT_JWT_TTL`]; refused
    /// by the profiles that take no JWT or no `exp`).
    pub ttl: Option<u64>,
}

impl WidgetConfig {
    /// The configuration for `preset` with this app id and user, no global and the default ttl.
    pub fn new(preset: Preset, app_id: &str, user: Option<WidgetUser>) -> Self {
        WidgetConfig { preset, app_id: app_id.to_owned(), global: None, user, ttl: None }
    }

    /// [`WidgetConfig::to_json_at`] at the current time.
    pub fn to_json<'a>(&self, key: impl Into<SigningKey<'a>>) -> Result<String> {
        self.to_json_at(key, unix_now())
    }

    /// The data the snippet hands the widget, as HTML-safe JSON, with the hash (or the JWT,
    /// issued at Unix second `now`) computed here: the object for an assigned global, the
    /// call's argument for the others (`null` for an anonymous visitor to a call that only
    /// identifies).
    pub fn to_json_at<'a>(&self, key: impl Into<SigningKey<'a>>, now: i64) -> Result<String> {
        self.validate()?;
        let profile = self.preset.profile();
        let Some(user) = &self.user else {
            return Ok((profile.json)(&self.app_id, None));
        };
        let credential = match profile.jwt {
            Some(_) => {
                let expires_at =
                    self.ttl_or_default(profile).map(|ttl| now.saturating_add_unsigned(ttl));
                // The user was checked by validate() above.
                crate::vendor_jwt::issue_checked(key.into(), self.preset, user, now, expires_at)?
            }
            None => key.into().signer.sign(signed_subject(profile, user)?)?,
        };
        Ok((profile.json)(&self.app_id, Some((user, &credential))))
    }

    /// [`WidgetConfig::to_script_at`] at the current time.
    pub fn to_script<'a>(
        &self,
        key: impl Into<SigningKey<'a>>,
        nonce: Option<&str>,
    ) -> Result<String> {
        self.to_script_at(key, nonce, unix_now())
    }

    /// A complete `<script>` element handing the identity to the widget in the vendor's own
    /// form, with an optional CSP `nonce` attribute; the empty string for an anonymous
    /// visitor to a call that only identifies.
    pub fn to_script_at<'a>(
        &self,
        key: impl Into<SigningKey<'a>>,
        nonce: Option<&str>,
        now: i64,
    ) -> Result<String> {
        if let Some(nonce) = nonce {
            check_nonce(nonce)?;
        }
        let profile = self.preset.profile();
        if let Page::None = profile.page {
            return Err(Error::NoSnippet(profile.name));
        }
        let json = self.to_json_at(key, now)?;
        let body = match profile.page {
            Page::Assign(default_global) => {
                let global = match self.global.as_deref() {
                    Some(global) => window_path(global)?,
                    None => default_global.to_owned(),
                };
                format!("{global} = {json};")
            }
            Page::Call { .. } if json == "null" => return Ok(String::new()),
            Page::Call { before, after, spread } => {
                let args = if spread { &json[1..json.len() - 1] } else { &json };
                format!("{before}{args}{after}")
            }
            Page::None => unreachable!("refused above"),
        };
        let nonce_attr = nonce.map(|nonce| format!(" nonce=\"{nonce}\"")).unwrap_or_default();
        Ok(format!("<script{nonce_attr}>{body}</script>"))
    }

    fn ttl_or_default(&self, profile: &Profile) -> Option<u64> {
        profile.reads_exp().then(|| self.ttl.unwrap_or(DEFAULT_JWT_TTL))
    }

    fn validate(&self) -> Result<()> {
        let profile = self.preset.profile();
        if profile.app_id && self.app_id.is_empty() {
            return Err(Error::EmptyAppId);
        }
        if !profile.app_id && !self.app_id.is_empty() {
            return Err(Error::FieldNotInPreset("app_id", profile.name));
        }
        if let Some(global) = &self.global {
            self.require(Preset::Generic == self.preset, "global")?;
            window_path(global)?;
        }
        if self.ttl.is_some() && !profile.reads_exp() {
            return Err(Error::FieldNotInPreset("ttl", profile.name));
        }
        match &self.user {
            Some(user) => check_user(profile, user),
            None => Ok(()),
        }
    }

    fn require(&self, allowed: bool, field: &'static str) -> Result<()> {
        if allowed { Ok(()) } else { Err(Error::FieldNotInPreset(field, self.preset.name())) }
    }
}

/// An optional user field left out of a snippet because its value fails the field's rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidField {
    /// The field's name in the configuration: `email`, `phone`, `profile_picture_url`,
    /// `created_at` or `metadata`.
    pub field: &'static str,
    /// The error the field's rule gives (its code and message name the field, never a value).
    pub error: Error,
}

impl WidgetConfig {
    /// Removes from the user each optional field that the profile takes and whose value fails
    /// the field's rule (a malformed email, say), and returns why, in field order, for the
    /// caller to log: a page then shows the widget without the field instead of failing.
    /// An email the profile signs is not optional and stays, for rendering to refuse.
    pub fn drop_invalid_fields(&mut self) -> Vec<InvalidField> {
        let profile = self.preset.profile();
        let Some(user) = &mut self.user else { return Vec::new() };
        let mut dropped = Vec::new();
        // Whether the field goes: the profile takes it and its rule gave an error.
        let mut goes = |field, error: Option<Error>| match error {
            Some(error) if profile.fields.contains(&field) => {
                dropped.push(InvalidField { field: field.name(), error });
                true
            }
            _ => false,
        };
        if !matches!(profile.signs, Subject::Email)
            && goes(Field::Email, user.email.as_deref().and_then(|e| check_email(e).err()))
        {
            user.email = None;
        }
        if goes(Field::Phone, user.phone.as_deref().and_then(|p| check_phone(p).err())) {
            user.phone = None;
        }
        let url = user.profile_picture_url.as_deref();
        if goes(Field::ProfilePictureUrl, url.and_then(|u| check_url(u).err())) {
            user.profile_picture_url = None;
        }
        let created_at = user.created_at.and_then(|s| check_unix_seconds(s, "created_at").err());
        if goes(Field::CreatedAt, created_at) {
            user.created_at = None;
        }
        let metadata = user.metadata.as_deref().and_then(|m| check_metadata_keys(m).err());
        if goes(Field::Metadata, metadata) {
            user.metadata = None;
        }
        dropped
    }
}

/// Checks a user against the fields a profile takes and the rule of each field.
pub(crate) fn check_user(profile: &Profile, user: &WidgetUser) -> Result<()> {
    if user.id.is_empty() {
        return Err(Error::EmptyUserId);
    }
    let allow = |field: Field| {
        if profile.fields.contains(&field) {
            Ok(())
        } else {
            Err(Error::FieldNotInPreset(field.name(), profile.name))
        }
    };
    if user.name.is_some() {
        allow(Field::Name)?;
    }
    if let Some(email) = &user.email {
        allow(Field::Email)?;
        check_email(email)?;
    }
    if let Some(phone) = &user.phone {
        allow(Field::Phone)?;
        check_phone(phone)?;
    }
    if let Some(url) = &user.profile_picture_url {
        allow(Field::ProfilePictureUrl)?;
        check_url(url)?;
    }
    if let Some(created_at) = user.created_at {
        allow(Field::CreatedAt)?;
        check_unix_seconds(created_at, "created_at")?;
    }
    if let Some(metadata) = &user.metadata {
        allow(Field::Metadata)?;
        check_metadata_keys(metadata)?;
    }
    signed_subject(profile, user).map(drop)
}

/// What the profile's hash is computed over: the id, or the email exactly as given (no
/// vendor states a case rule, so none is applied).
fn signed_subject<'u>(profile: &Profile, user: &'u WidgetUser) -> Result<&'u str> {
    match profile.signs {
        Subject::Id => Ok(&user.id),
        Subject::Email => user.email.as_deref().ok_or(Error::MissingEmail(profile.name)),
    }
}

/// The optional profile fields after the id and hash, in output order, under their names in
/// each preset: name, email, phone, profile picture URL, creation time.
const TAU_PROFILE_KEYS: [&str; 5] = ["name", "email", "phone", "profile_picture_url", "created_at"];
const GENERIC_PROFILE_KEYS: [&str; 5] =
    ["name", "email", "phone", "profilePictureUrl", "createdAt"];

fn write_profile(json: &mut JsonObject, user: &WidgetUser, keys: [&str; 5]) {
    let [name, email, phone, picture, created_at] = keys;
    json.optional_string(name, user.name.as_deref());
    json.optional_string(email, user.email.as_deref());
    json.optional_string(phone, user.phone.as_deref());
    json.optional_string(picture, user.profile_picture_url.as_deref());
    if let Some(seconds) = user.created_at {
        json.raw(created_at, &seconds.to_string());
    }
}

pub(crate) fn tau_json(app_id: &str, user: Option<(&WidgetUser, &str)>) -> String {
    let mut json = JsonObject::new();
    json.string("appId", app_id);
    if let Some((user, hash)) = user {
        json.open("user");
        json.string("id", &user.id);
        json.string("hash", hash);
        write_profile(&mut json, user, TAU_PROFILE_KEYS);
        json.close();
    }
    json.finish()
}

pub(crate) fn hal_json(app_id: &str, user: Option<(&WidgetUser, &str)>) -> String {
    let mut json = JsonObject::new();
    json.string("appId", app_id);
    if let Some((user, hash)) = user {
        json.string("visitorId", &user.id);
        json.optional_string("name", user.name.as_deref());
        json.optional_string("email", user.email.as_deref());
        json.string("userHash", hash);
        write_metadata(&mut json, user.metadata.as_deref());
    }
    json.finish()
}

pub(crate) fn generic_json(app_id: &str, user: Option<(&WidgetUser, &str)>) -> String {
    let mut json = JsonObject::new();
    json.string("appId", app_id);
    if let Some((user, hash)) = user {
        json.string("userId", &user.id);
        json.string("userHash", hash);
        write_profile(&mut json, user, GENERIC_PROFILE_KEYS);
        write_metadata(&mut json, user.metadata.as_deref());
    }
    json.finish()
}

/// Metadata with keys sorted by their UTF-8 bytes, so every language writes the same text.
fn write_metadata(json: &mut JsonObject, metadata: Option<&[(String, MetaValue)]>) {
    let Some(metadata) = metadata else { return };
    let mut entries: Vec<&(String, MetaValue)> = metadata.iter().collect();
    entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    json.open("metadata");
    for (key, value) in entries {
        match value {
            MetaValue::Text(text) => json.string(key, text),
            MetaValue::Integer(n) => json.raw(key, &n.to_string()),
            MetaValue::Bool(b) => json.raw(key, if *b { "true" } else { "false" }),
            MetaValue::Null => json.raw(key, "null"),
        }
    }
    json.close();
}

fn has_space_or_control(text: &str) -> bool {
    text.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn check_email(email: &str) -> Result<()> {
    let valid = match email.split_once('@') {
        Some((local, domain)) => !local.is_empty() && !domain.is_empty() && !domain.contains('@'),
        None => false,
    };
    if valid && !has_space_or_control(email) { Ok(()) } else { Err(Error::InvalidEmail) }
}

fn check_phone(phone: &str) -> Result<()> {
    let digits = phone.strip_prefix('+').unwrap_or("");
    let valid = (7..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0');
    if valid { Ok(()) } else { Err(Error::InvalidPhone) }
}

fn check_url(url: &str) -> Result<()> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return Err(Error::InvalidUrl);
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    // userinfo@host:port: the host is what follows the last '@', up to the port.
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = match host_port.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().unwrap_or(""),
        None => host_port.split(':').next().unwrap_or(""),
    };
    if host.is_empty() || has_space_or_control(url) { Err(Error::InvalidUrl) } else { Ok(()) }
}

/// JavaScript's reserved words, and the names through which an assignment reaches
/// prototypes: none may be a segment of a global path.
const FORBIDDEN_SEGMENTS: &[&str] = &[
    "__proto__",
    "prototype",
    "constructor",
    "await",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "implements",
    "import",
    "in",
    "instanceof",
    "interface",
    "let",
    "new",
    "null",
    "package",
    "private",
    "protected",
    "public",
    "return",
    "static",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "var",
    "void",
    "while",
    "with",
    "yield",
];

/// Properties of `window` whose assignment navigates, replaces the page or shadows the
/// language: a configuration must never land on them.
const WINDOW_BUILTINS: &[&str] = &[
    "window",
    "self",
    "top",
    "parent",
    "frames",
    "opener",
    "globalThis",
    "location",
    "document",
    "history",
    "navigator",
    "origin",
    "name",
    "status",
    "localStorage",
    "sessionStorage",
    "indexedDB",
    "caches",
    "fetch",
    "eval",
    "Function",
    "Object",
    "Array",
    "undefined",
    "NaN",
    "Infinity",
];

fn is_identifier(part: &str) -> bool {
    let mut chars = part.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        && !FORBIDDEN_SEGMENTS.contains(&part)
}

/// The property path a generic global is assigned to: `window.` and dot-separated
/// identifiers, or one identifier, which becomes `window.NAME`. The first property under
/// `window` may not be one of the window's own built-ins.
fn window_path(global: &str) -> Result<String> {
    let path = if global.contains('.') { global.to_owned() } else { format!("window.{global}") };
    let mut parts = path.split('.');
    let rooted = parts.next() == Some("window");
    let first = parts.next().unwrap_or("");
    let valid = rooted
        && is_identifier(first)
        && !WINDOW_BUILTINS.contains(&first)
        && parts.all(is_identifier);
    if valid { Ok(path) } else { Err(Error::InvalidGlobalName) }
}

/// Metadata keys are non-empty and unique: JSON with a repeated key means whatever the
/// parser picks.
fn check_metadata_keys(metadata: &[(String, MetaValue)]) -> Result<()> {
    let mut keys: Vec<&str> = metadata.iter().map(|(key, _)| key.as_str()).collect();
    if keys.iter().any(|key| key.is_empty()) {
        return Err(Error::InvalidMetadata("a key is empty"));
    }
    keys.sort_unstable();
    if keys.windows(2).any(|pair| pair[0] == pair[1]) {
        return Err(Error::InvalidMetadata("a key appears twice"));
    }
    Ok(())
}

fn check_nonce(nonce: &str) -> Result<()> {
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b"+/=_-".contains(&b);
    let valid = (1..=256).contains(&nonce.len()) && nonce.bytes().all(allowed);
    if valid { Ok(()) } else { Err(Error::InvalidNonce) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_rules() {
        assert!(check_email("jo@example.com").is_ok());
        for bad in ["jo", "@x", "jo@", "a@b@c", "jo @x.com", "jo@x.com\n"] {
            assert_eq!(check_email(bad).unwrap_err().code(), "invalid_email", "{bad:?}");
        }
        assert!(check_phone("+15551234567").is_ok());
        for bad in ["15551234567", "+0555123456", "+1 555 123 4567", "+123456", "+1234567890123456"]
        {
            assert_eq!(check_phone(bad).unwrap_err().code(), "invalid_phone", "{bad:?}");
        }
        assert!(check_url("https://cdn.example.com/a.png").is_ok());
        assert!(check_url("HTTP://example.com").is_ok());
        assert!(check_url("https://user@cdn.example.com:8443/a.png").is_ok());
        assert!(check_url("https://[2001:db8::1]:8443/a.png").is_ok());
        for bad in [
            "javascript:alert(1)",
            "https://",
            "ftp://x",
            "//x.com/a",
            "https://x.com/a b",
            "https://@/",
            "https://user@/a.png",
            "https://:443/a.png",
            "https://[]/a.png",
            "http://?x",
            "http://#x",
        ] {
            assert_eq!(check_url(bad).unwrap_err().code(), "invalid_url", "{bad:?}");
        }
        for (global, path) in [
            ("window.MyWidget.config", "window.MyWidget.config"),
            ("myWidget", "window.myWidget"),
            ("_cfg", "window._cfg"),
            ("$cfg", "window.$cfg"),
            ("window.$a._b.c9", "window.$a._b.c9"),
            ("my_cfg$2", "window.my_cfg$2"),
            ("window.documents", "window.documents"),
        ] {
            assert_eq!(window_path(global).unwrap(), path, "{global:?}");
        }
        for bad in [
            "",
            "a..b",
            "1a",
            "a-b",
            "a;alert(1)",
            "window",
            "window.",
            ".a",
            "window.a.",
            "Object.prototype.isAdmin",
            "location",
            "document.body.innerHTML",
            "window.location",
            "window.top.x",
            "window.__proto__.x",
            "window.a.prototype",
            "window.a.constructor",
            "constructor",
            "window.class",
            "window.a.new",
            "win dow.a",
            "window.é",
        ] {
            assert_eq!(window_path(bad).unwrap_err().code(), "invalid_global_name", "{bad:?}");
        }
        let meta = |keys: &[&str]| -> Vec<(String, MetaValue)> {
            keys.iter().map(|k| (k.to_string(), MetaValue::Null)).collect()
        };
        assert!(check_metadata_keys(&meta(&["a", "b", "A"])).is_ok());
        for bad in [&["a", "b", "a"][..], &["x", ""]] {
            assert_eq!(
                check_metadata_keys(&meta(bad)).unwrap_err().code(),
                "invalid_metadata",
                "{bad:?}"
            );
        }
        assert!(check_nonce("rAnd0m+/=_-").is_ok());
        for bad in ["", "a\"b", "a b", &"n".repeat(257)] {
            assert_eq!(check_nonce(bad).unwrap_err().code(), "invalid_nonce", "{bad:?}");
        }
    }
}
