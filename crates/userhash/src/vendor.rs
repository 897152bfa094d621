//! Vendor profiles, as data: for each widget, what is signed, how its secret is read, which
//! user fields it takes, whether it wants a hex hash or a JWT and the exact JavaScript that
//! hands the identity over (docs/spec.md, sections 5 and 6, with the vendors' pages).

use crate::error::{Error, Result};
use crate::json::{Escape, JsonObject, string_literal};
use crate::secret::{Secret, SecretEncoding};
use crate::widget::WidgetUser;

/// A widget, by its vendor's profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Preset {
    /// TAU: `window.taubotConfig = { appId, user: { id, hash, … } }`.
    Tau,
    /// Hal: `window.HalSettings = { appId, visitorId, …, userHash, metadata }`.
    Hal,
    /// Any widget: `{ appId, userId, userHash, … }` under a global you choose.
    Generic,
    /// Intercom's classic identity verification: `user_hash` in `window.intercomSettings`.
    Intercom,
    /// Intercom Messenger security: a JWT in `intercom_user_jwt`.
    IntercomJwt,
    /// Chatwoot: `identifier_hash` in `$chatwoot.setUser` after `chatwoot:ready`.
    Chatwoot,
    /// Crisp: the email with its signature, `$crisp.push(["set", "user:email", …])`.
    Crisp,
    /// Help Scout Beacon: `Beacon("identify", { …, signature })` over the email.
    HelpScout,
    /// Front Chat: `FrontChat("init", { chatId, userId, userHash, … })`.
    Front,
    /// Pylon: `email_hash` in `window.pylon.chat_settings`, keyed with the hex-decoded secret.
    Pylon,
    /// Zendesk messaging: a JWT with the key id in its header, for `loginUser`.
    Zendesk,
    /// Canny: a JWT for `ssoToken` (no snippet: its widget call is not confirmed).
    Canny,
    /// Featurebase: a JWT in `featurebaseJwt` of `Featurebase("boot", …)`.
    Featurebase,
}

/// What the hash or token identifies the user by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Subject {
    Id,
    Email,
}

/// How the vendor's dashboard secret becomes the HMAC key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SecretForm {
    /// The text's UTF-8 bytes, as almost every vendor's examples do.
    Text,
    /// The bytes the hex text decodes to (Pylon: `Buffer.from(secret, "hex")`).
    Hex,
}

/// The optional user fields a profile may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Name,
    Email,
    Phone,
    ProfilePictureUrl,
    CreatedAt,
    Metadata,
}

impl Field {
    pub fn name(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Email => "email",
            Field::Phone => "phone",
            Field::ProfilePictureUrl => "profile_picture_url",
            Field::CreatedAt => "created_at",
            Field::Metadata => "metadata",
        }
    }
}

/// How the snippet's JSON lands in the page.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Page {
    /// `<script>GLOBAL = JSON;</script>`; an anonymous visitor gets the app id alone.
    Assign(&'static str),
    /// `<script>BEFORE JSON AFTER</script>`, the JSON being a call's arguments (`spread`:
    /// the elements of a JSON array, written without its brackets). An anonymous visitor
    /// has nothing to identify: no script, and the JSON `null`.
    Call { before: &'static str, after: &'static str, spread: bool },
    /// No confirmed page form: the profile issues tokens only.
    None,
}

/// A JWT profile: whether the header names the key and whether the vendor reads `exp`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct JwtForm {
    pub kid: bool,
    pub exp: bool,
    /// The claim that carries the identity, then the rules the verifier checks.
    pub subject_claim: &'static str,
    pub fixed: &'static [(&'static str, &'static str)],
    /// Writes the vendor's claims for `user`, before `iat` and `exp`.
    pub claims: fn(&mut JsonObject, &WidgetUser),
}

impl Profile {
    /// Whether the vendor takes a JWT with an `exp` claim (and so a ttl).
    pub(crate) fn reads_exp(&self) -> bool {
        self.jwt.is_some_and(|jwt| jwt.exp)
    }
}

/// Everything userhash knows about one vendor's widget.
pub(crate) struct Profile {
    pub preset: Preset,
    pub name: &'static str,
    pub signs: Subject,
    pub secret: SecretForm,
    /// Whether the configuration carries the vendor's app id (else it must be empty).
    pub app_id: bool,
    pub fields: &'static [Field],
    pub jwt: Option<JwtForm>,
    pub page: Page,
    /// The snippet's JSON for the user and their hash or token (`None`: anonymous).
    pub json: fn(&str, Option<(&WidgetUser, &str)>) -> String,
    /// Where the vendor documents it (docs/vendors-research.md has the quotes).
    pub source: &'static str,
}

use Field::*;

/// Every profile, in the declaration order of [`Preset`] (a test checks it).
pub(crate) static PROFILES: [Profile; 13] = [
    Profile {
        preset: Preset::Tau,
        name: "tau",
        signs: Subject::Id,
        secret: SecretForm::Text,
        app_id: true,
        fields: &[Name, Email, Phone, ProfilePictureUrl, CreatedAt],
        jwt: None,
        page: Page::Assign("window.taubotConfig"),
        json: crate::widget::tau_json,
        source: "../shared/seeds",
    },
    Profile {
        preset: Preset::Hal,
        name: "hal",
        signs: Subject::Id,
        secret: SecretForm::Text,
        app_id: true,
        fields: &[Name, Email, Metadata],
        jwt: None,
        page: Page::Assign("window.HalSettings"),
        json: crate::widget::hal_json,
        source: "../shared/seeds",
    },
    Profile {
        preset: Preset::Generic,
        name: "generic",
        signs: Subject::Id,
        secret: SecretForm::Text,
        app_id: true,
        fields: &[Name, Email, Phone, ProfilePictureUrl, CreatedAt, Metadata],
        jwt: None,
        page: Page::Assign("window.userhashConfig"),
        json: crate::widget::generic_json,
        source: "docs/spec.md",
    },
    Profile {
        preset: Preset::Intercom,
        name: "intercom",
        signs: Subject::Id,
        secret: SecretForm::Text,
        app_id: true,
        fields: &[Name, Email],
        jwt: None,
        page: Page::Assign("window.intercomSettings"),
        json: intercom_json,
        source: "https://developers.intercom.com/installing-intercom/docs/enable-identity-verification-on-your-web-product",
    },
    Profile {
        preset: Preset::IntercomJwt,
        name: "intercom-jwt",
        signs: Subject::Id,
        secret: SecretForm::Text,
        app_id: true,
        fields: &[Name, Email],
        jwt: Some(JwtForm {
            kid: false,
            exp: true,
            subject_claim: "user_id",
            fixed: &[],
            claims: intercom_claims,
        }),
        page: Page::Assign("window.intercomSettings"),
        json: intercom_jwt_json,
        source: "https://developers.intercom.com/installing-intercom/web/identity-verification",
    },
    Profile {
        preset: Preset::Chatwoot,
        name: "chatwoot",
        signs: Subject::Id,
        secret: SecretForm::Text,
        app_id: false,
        fields: &[Name, Email, Phone, ProfilePictureUrl],
        jwt: None,
        page: Page::Call {
            before: "window.addEventListener(\"chatwoot:ready\", function () { window.$chatwoot.setUser(",
            after: "); });",
            spread: true,
        },
        json: chatwoot_json,
        source: "https://www.chatwoot.com/docs/product/channels/live-chat/sdk/identity-validation/",
    },
    Profile {
        preset: Preset::Crisp,
        name: "crisp",
        signs: Subject::Email,
        secret: SecretForm::Text,
        app_id: false,
        fields: &[Email],
        jwt: None,
        page: Page::Call {
            before: "window.$crisp = window.$crisp || []; window.$crisp.push(",
            after: ");",
            spread: false,
        },
        json: crisp_json,
        source: "https://docs.crisp.chat/guides/chatbox-sdks/web-sdk/identity-verification",
    },
    Profile {
        preset: Preset::HelpScout,
        name: "helpscout",
        signs: Subject::Email,
        secret: SecretForm::Text,
        app_id: false,
        fields: &[Name, Email],
        jwt: None,
        page: Page::Call { before: "window.Beacon(\"identify\", ", after: ");", spread: false },
        json: helpscout_json,
        source: "https://developer.helpscout.com/beacon-2/web/secure-mode/",
    },
    Profile {
        preset: Preset::Front,
        name: "front",
        signs: Subject::Id,
        secret: SecretForm::Text,
        app_id: true,
        fields: &[Name, Email],
        jwt: None,
        page: Page::Call { before: "window.FrontChat(\"init\", ", after: ");", spread: false },
        json: front_json,
        source: "https://dev.frontapp.com/docs/identify-users",
    },
    Profile {
        preset: Preset::Pylon,
        name: "pylon",
        signs: Subject::Email,
        secret: SecretForm::Hex,
        app_id: true,
        fields: &[Name, Email],
        jwt: None,
        page: Page::Assign("window.pylon"),
        json: pylon_json,
        source: "https://docs.usepylon.com/pylon-docs/chat-widget/identity-verification",
    },
    Profile {
        preset: Preset::Zendesk,
        name: "zendesk",
        signs: Subject::Id,
        secret: SecretForm::Text,
        app_id: false,
        fields: &[Name, Email],
        jwt: Some(JwtForm {
            kid: true,
            exp: true,
            subject_claim: "external_id",
            fixed: &[("scope", "user")],
            claims: zendesk_claims,
        }),
        page: Page::Call {
            before: "window.zE(\"messenger\", \"loginUser\", function (callback) { callback(",
            after: "); });",
            spread: false,
        },
        json: token_json,
        source: "https://developer.zendesk.com/api-reference/widget-messaging/web/authentication/",
    },
    Profile {
        preset: Preset::Canny,
        name: "canny",
        signs: Subject::Id,
        secret: SecretForm::Text,
        app_id: false,
        fields: &[Name, Email, ProfilePictureUrl],
        jwt: Some(JwtForm {
            kid: false,
            exp: true,
            subject_claim: "id",
            fixed: &[],
            claims: canny_claims,
        }),
        page: Page::None,
        json: token_json,
        source: "https://developers.canny.io/install/widget/sso",
    },
    Profile {
        preset: Preset::Featurebase,
        name: "featurebase",
        signs: Subject::Id,
        secret: SecretForm::Text,
        app_id: true,
        fields: &[Name, Email, ProfilePictureUrl],
        jwt: Some(JwtForm {
            kid: false,
            exp: false,
            subject_claim: "userId",
            fixed: &[],
            claims: featurebase_claims,
        }),
        page: Page::Call { before: "window.Featurebase(\"boot\", ", after: ");", spread: false },
        json: featurebase_json,
        source: "https://help.featurebase.app/en/help/articles/5257986-creating-and-signing-a-jwt",
    },
];

impl Preset {
    /// Every preset name, as accepted by [`Preset::from_name`], in the table's order.
    pub const NAMES: &'static [&'static str] = &{
        let mut names = [""; PROFILES.len()];
        let mut i = 0;
        while i < names.len() {
            names[i] = PROFILES[i].name;
            i += 1;
        }
        names
    };

    /// The preset called `name`.
    pub fn from_name(name: &str) -> Result<Self> {
        PROFILES
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.preset)
            .ok_or_else(|| Error::UnknownPreset(name.to_owned()))
    }

    /// The preset's name.
    pub fn name(self) -> &'static str {
        self.profile().name
    }

    /// The preset's row: the table lists the presets in their declaration order.
    pub(crate) fn profile(self) -> &'static Profile {
        &PROFILES[self as usize]
    }

    /// The vendor's page that documents this form (docs/vendors-research.md quotes it).
    pub fn documentation_url(self) -> &'static str {
        self.profile().source
    }

    /// Whether the vendor takes a JWT rather than a hex hash.
    pub fn uses_jwt(self) -> bool {
        self.profile().jwt.is_some()
    }

    /// Whether the vendor signs the user's email rather than the id.
    pub fn signs_email(self) -> bool {
        self.profile().signs == Subject::Email
    }

    /// How the vendor reads its dashboard secret: as text for every vendor but Pylon, whose
    /// secret is hex and is decoded.
    pub fn secret_encoding(self) -> SecretEncoding {
        match self.profile().secret {
            SecretForm::Text => SecretEncoding::Text,
            SecretForm::Hex => SecretEncoding::Hex,
        }
    }

    /// The vendor's secret as its dashboard shows it, read the way the vendor reads it.
    pub fn secret(self, text: &str) -> Result<Secret> {
        Secret::decode(text, self.secret_encoding())
    }
}

fn intercom_json(app_id: &str, user: Option<(&WidgetUser, &str)>) -> String {
    let mut json = JsonObject::new();
    json.string("app_id", app_id);
    if let Some((user, hash)) = user {
        json.string("user_id", &user.id);
        json.optional_string("email", user.email.as_deref());
        json.optional_string("name", user.name.as_deref());
        json.string("user_hash", hash);
    }
    json.finish()
}

/// As Intercom's own gem does, the signed fields travel in the JWT only.
fn intercom_jwt_json(app_id: &str, user: Option<(&WidgetUser, &str)>) -> String {
    let mut json = JsonObject::new();
    json.string("app_id", app_id);
    if let Some((_, token)) = user {
        json.string("intercom_user_jwt", token);
    }
    json.finish()
}

fn intercom_claims(claims: &mut JsonObject, user: &WidgetUser) {
    claims.string("user_id", &user.id);
    claims.optional_string("email", user.email.as_deref());
    claims.optional_string("name", user.name.as_deref());
}

/// `setUser`'s two arguments: the identifier, and the attributes with its hash.
fn chatwoot_json(_: &str, user: Option<(&WidgetUser, &str)>) -> String {
    let Some((user, hash)) = user else { return "null".into() };
    let mut attributes = JsonObject::new();
    attributes.optional_string("name", user.name.as_deref());
    attributes.optional_string("email", user.email.as_deref());
    attributes.optional_string("phone_number", user.phone.as_deref());
    attributes.optional_string("avatar_url", user.profile_picture_url.as_deref());
    attributes.string("identifier_hash", hash);
    format!("[{},{}]", string_literal(&user.id, Escape::HtmlSafe), attributes.finish())
}

fn crisp_json(_: &str, user: Option<(&WidgetUser, &str)>) -> String {
    let Some((user, hash)) = user else { return "null".into() };
    let email = string_literal(user.email.as_deref().unwrap_or_default(), Escape::HtmlSafe);
    format!("[\"set\",\"user:email\",[{email},\"{hash}\"]]")
}

fn helpscout_json(_: &str, user: Option<(&WidgetUser, &str)>) -> String {
    let Some((user, hash)) = user else { return "null".into() };
    let mut json = JsonObject::new();
    json.optional_string("name", user.name.as_deref());
    json.optional_string("email", user.email.as_deref());
    json.string("signature", hash);
    json.finish()
}

/// Front signs the user id when one is passed, and one always is.
fn front_json(app_id: &str, user: Option<(&WidgetUser, &str)>) -> String {
    let mut json = JsonObject::new();
    json.string("chatId", app_id);
    if let Some((user, hash)) = user {
        json.string("userId", &user.id);
        json.optional_string("email", user.email.as_deref());
        json.optional_string("name", user.name.as_deref());
        json.string("userHash", hash);
    }
    json.finish()
}

fn pylon_json(app_id: &str, user: Option<(&WidgetUser, &str)>) -> String {
    let mut json = JsonObject::new();
    json.open("chat_settings");
    json.string("app_id", app_id);
    if let Some((user, hash)) = user {
        json.optional_string("email", user.email.as_deref());
        json.optional_string("name", user.name.as_deref());
        json.string("email_hash", hash);
    }
    json.close();
    json.finish()
}

fn zendesk_claims(claims: &mut JsonObject, user: &WidgetUser) {
    claims.string("scope", "user");
    claims.string("external_id", &user.id);
    claims.optional_string("name", user.name.as_deref());
    claims.optional_string("email", user.email.as_deref());
}

fn canny_claims(claims: &mut JsonObject, user: &WidgetUser) {
    claims.string("id", &user.id);
    claims.optional_string("email", user.email.as_deref());
    claims.optional_string("name", user.name.as_deref());
    claims.optional_string("avatarURL", user.profile_picture_url.as_deref());
}

fn featurebase_claims(claims: &mut JsonObject, user: &WidgetUser) {
    claims.string("userId", &user.id);
    claims.optional_string("email", user.email.as_deref());
    claims.optional_string("name", user.name.as_deref());
    claims.optional_string("profilePicture", user.profile_picture_url.as_deref());
}

fn featurebase_json(app_id: &str, user: Option<(&WidgetUser, &str)>) -> String {
    let mut json = JsonObject::new();
    json.string("appId", app_id);
    if let Some((_, token)) = user {
        json.string("featurebaseJwt", token);
    }
    json.finish()
}

/// The token alone, as a JSON string.
fn token_json(_: &str, user: Option<(&WidgetUser, &str)>) -> String {
    user.map_or_else(|| "null".into(), |(_, token)| format!("\"{token}\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_the_enums_order_so_a_preset_indexes_its_row() {
        for (i, profile) in PROFILES.iter().enumerate() {
            assert_eq!(profile.preset as usize, i, "{}", profile.name);
            assert_eq!(Preset::NAMES[i], profile.name);
        }
    }
}
