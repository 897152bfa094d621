//! Widget configuration snippets for TAU, Hal and any other widget (docs/spec.md, section 5).

use crate::error::{Error, Result};
use crate::json::JsonObject;
use crate::signer::Signer;
use crate::timestamp::check_unix_seconds;

/// Which widget the configuration is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// TAU: `window.taubotConfig = { appId, user: { id, hash, … } }`.
    Tau,
    /// Hal: `window.HalSettings = { appId, visitorId, …, userHash, metadata }`.
    Hal,
    /// Any widget: `{ appId, userId, userHash, … }` under a global you choose.
    Generic,
}

impl Preset {
    /// Every preset name, as accepted by [`Preset::from_name`].
    pub const NAMES: &'static [&'static str] = &["tau", "hal", "generic"];

    /// The preset called `name` (`tau`, `hal`, `generic`).
    pub fn from_name(name: &str) -> Result<Self> {
        match name {
            "tau" => Ok(Preset::Tau),
            "hal" => Ok(Preset::Hal),
            "generic" => Ok(Preset::Generic),
            _ => Err(Error::UnknownPreset(name.to_owned())),
        }
    }

    /// The preset's name.
    pub fn name(self) -> &'static str {
        match self {
            Preset::Tau => "tau",
            Preset::Hal => "hal",
            Preset::Generic => "generic",
        }
    }

    fn default_global(self) -> &'static str {
        match self {
            Preset::Tau => "window.taubotConfig",
            Preset::Hal => "window.HalSettings",
            Preset::Generic => "window.userhashConfig",
        }
    }
}

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
    /// The app id the vendor gave you.
    pub app_id: String,
    /// The global to assign in the script element (`generic` only; default
    /// `window.userhashConfig`).
    pub global: Option<String>,
    /// The logged-in user, or `None` for an anonymous visitor.
    pub user: Option<WidgetUser>,
}

impl WidgetConfig {
    /// The configuration object as HTML-safe JSON, with the hash of the user's id.
    pub fn to_json(&self, signer: &Signer) -> Result<String> {
        self.validate()?;
        let mut json = JsonObject::new();
        json.string("appId", &self.app_id);
        if let Some(user) = &self.user {
            let hash = signer.sign(&user.id)?;
            match self.preset {
                Preset::Tau => write_tau_user(&mut json, user, &hash),
                Preset::Hal => write_hal_user(&mut json, user, &hash),
                Preset::Generic => write_generic_user(&mut json, user, &hash),
            }
        }
        Ok(json.finish())
    }

    /// A complete `<script>` element assigning the configuration to the preset's global,
    /// with an optional CSP `nonce` attribute.
    pub fn to_script(&self, signer: &Signer, nonce: Option<&str>) -> Result<String> {
        let json = self.to_json(signer)?;
        let global = match self.global.as_deref() {
            Some(global) => window_path(global)?,
            None => self.preset.default_global().to_owned(),
        };
        let nonce_attr = match nonce {
            Some(nonce) => {
                check_nonce(nonce)?;
                format!(" nonce=\"{nonce}\"")
            }
            None => String::new(),
        };
        Ok(format!("<script{nonce_attr}>{global} = {json};</script>"))
    }

    fn validate(&self) -> Result<()> {
        if self.app_id.is_empty() {
            return Err(Error::EmptyAppId);
        }
        if let Some(global) = &self.global {
            self.require(Preset::Generic == self.preset, "global")?;
            window_path(global)?;
        }
        let Some(user) = &self.user else {
            return Ok(());
        };
        let has_contact_fields = self.preset != Preset::Hal;
        let has_metadata = self.preset != Preset::Tau;
        if user.id.is_empty() {
            return Err(Error::EmptyUserId);
        }
        if let Some(email) = &user.email {
            check_email(email)?;
        }
        if let Some(phone) = &user.phone {
            self.require(has_contact_fields, "phone")?;
            check_phone(phone)?;
        }
        if let Some(url) = &user.profile_picture_url {
            self.require(has_contact_fields, "profile_picture_url")?;
            check_url(url)?;
        }
        if let Some(created_at) = user.created_at {
            self.require(has_contact_fields, "created_at")?;
            check_unix_seconds(created_at, "created_at")?;
        }
        if let Some(metadata) = &user.metadata {
            self.require(has_metadata, "metadata")?;
            check_metadata_keys(metadata)?;
        }
        Ok(())
    }

    fn require(&self, allowed: bool, field: &'static str) -> Result<()> {
        if allowed { Ok(()) } else { Err(Error::FieldNotInPreset(field, self.preset.name())) }
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

fn write_tau_user(json: &mut JsonObject, user: &WidgetUser, hash: &str) {
    json.open("user");
    json.string("id", &user.id);
    json.string("hash", hash);
    write_profile(json, user, TAU_PROFILE_KEYS);
    json.close();
}

fn write_hal_user(json: &mut JsonObject, user: &WidgetUser, hash: &str) {
    json.string("visitorId", &user.id);
    json.optional_string("name", user.name.as_deref());
    json.optional_string("email", user.email.as_deref());
    json.string("userHash", hash);
    write_metadata(json, user.metadata.as_deref());
}

fn write_generic_user(json: &mut JsonObject, user: &WidgetUser, hash: &str) {
    json.string("userId", &user.id);
    json.string("userHash", hash);
    write_profile(json, user, GENERIC_PROFILE_KEYS);
    write_metadata(json, user.metadata.as_deref());
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
