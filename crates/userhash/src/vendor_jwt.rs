//! Vendor JWTs with a keyring: issued with the profile's claims by the primary key, and
//! verified strictly with the same outcomes as a widget hash (docs/spec.md, section 6).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::explain::{Finding, code, missing_hash};
use crate::hash::decode_hash;
use crate::json::{Escape, JsonObject};
use crate::jwt::{self, ParsedJwt};
use crate::keyring::Keyring;
use crate::timestamp::{check_unix_seconds, unix_now};
use crate::vendor::{JwtForm, Preset, Profile};
use crate::verification::{FailureEvent, Verification};
use crate::widget::{SigningKey, WidgetUser, check_user};

/// The JWT form of a profile, or `not_a_jwt_profile`.
pub(crate) fn jwt_form(preset: Preset) -> Result<(&'static Profile, JwtForm)> {
    let profile = preset.profile();
    profile.jwt.map(|jwt| (profile, jwt)).ok_or(Error::NotAJwtProfile(profile.name))
}

/// A token of `preset`'s profile for `user`, issued at `issued_at` and expiring at
/// `expires_at` (no `exp` claim when `None`).
pub(crate) fn issue(
    key: SigningKey<'_>,
    preset: Preset,
    user: &WidgetUser,
    issued_at: i64,
    expires_at: Option<i64>,
) -> Result<String> {
    check_user(jwt_form(preset)?.0, user)?;
    issue_checked(key, preset, user, issued_at, expires_at)
}

/// [`issue`] for a user already checked against the profile's fields and rules.
pub(crate) fn issue_checked(
    key: SigningKey<'_>,
    preset: Preset,
    user: &WidgetUser,
    issued_at: i64,
    expires_at: Option<i64>,
) -> Result<String> {
    let (profile, form) = jwt_form(preset)?;
    check_unix_seconds(issued_at, "iat")?;
    if let Some(expires_at) = expires_at {
        if !form.exp {
            return Err(Error::FieldNotInPreset("exp", profile.name));
        }
        check_unix_seconds(expires_at, "exp")?;
    }
    let kid = match form.kid {
        true => Some(key.key_id.ok_or(Error::MissingKeyId(profile.name))?),
        false => None,
    };
    let mut claims = JsonObject::with_escape(Escape::Ascii);
    (form.claims)(&mut claims, user);
    claims.raw("iat", &issued_at.to_string());
    if let Some(expires_at) = expires_at {
        claims.raw("exp", &expires_at.to_string());
    }
    Ok(jwt::encode(key.signer, kid, &claims.finish()))
}

/// What verifying a JWT found: the outcome, and for an authentic token its claims.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JwtVerification {
    /// The outcome, as for a widget hash.
    pub verification: Verification,
    /// The claims object as JSON text, for `verified` and `expired` (an authentic token).
    pub claims: Option<String>,
    /// The profile's identity claim as the token states it (empty when unreadable); for
    /// monitoring only, since it is not authenticated unless the token verified.
    pub subject: String,
}

impl JwtVerification {
    /// The failure event for this result (`None` when verified), for a caller that reports
    /// failures itself.
    pub fn failure_event(&self, token: &[u8]) -> Option<FailureEvent> {
        FailureEvent::new(&self.verification, self.subject.as_bytes(), token)
    }
}

impl Keyring {
    /// A JWT of `preset`'s profile for `user`, signed by the primary key, issued now and
    /// expiring `ttl_seconds` from now (no `exp` for `None`).
    pub fn issue_jwt(
        &self,
        preset: Preset,
        user: &WidgetUser,
        ttl_seconds: Option<u64>,
    ) -> Result<String> {
        let now = unix_now();
        self.issue_jwt_at(
            preset,
            user,
            now,
            ttl_seconds.map(|ttl| now.saturating_add_unsigned(ttl)),
        )
    }

    /// A JWT of `preset`'s profile for `user`, signed by the primary key: claims in the
    /// profile's order, then `iat` = `issued_at` and, when given, `exp` = `expires_at`.
    pub fn issue_jwt_at(
        &self,
        preset: Preset,
        user: &WidgetUser,
        issued_at: i64,
        expires_at: Option<i64>,
    ) -> Result<String> {
        issue(self.into(), preset, user, issued_at, expires_at)
    }

    /// [`Keyring::verify_jwt_at`] at the current time.
    pub fn verify_jwt(
        &self,
        preset: Preset,
        token: impl AsRef<[u8]>,
        leeway_seconds: u64,
    ) -> Result<JwtVerification> {
        self.verify_jwt_at(preset, token, unix_now(), leeway_seconds)
    }

    /// Verifies a JWT of `preset`'s profile at Unix second `now`, telling the failure hook
    /// about a failure. In order: empty is `missing`; a token that is not a compact HS256
    /// JWT of the profile's header is `malformed`; a MAC no key (the `kid`'s key, when the
    /// profile names keys) gives is `mismatch`; then claims that do not fit the profile
    /// are `malformed`, a token past `exp + leeway` (or signed by a retired key) is
    /// `expired`, and one whose `nbf` or `iat` is past `now + leeway` is `malformed`.
    /// Only a profile without JWTs is an error.
    pub fn verify_jwt_at(
        &self,
        preset: Preset,
        token: impl AsRef<[u8]>,
        now: i64,
        leeway_seconds: u64,
    ) -> Result<JwtVerification> {
        let token = token.as_ref();
        let result = self.check_jwt(preset, token, now, leeway_seconds)?;
        self.report(result.verification.clone(), result.subject.as_bytes(), token);
        Ok(result)
    }

    /// [`Keyring::verify_jwt_at`] without telling the failure hook.
    pub fn check_jwt(
        &self,
        preset: Preset,
        token: &[u8],
        now: i64,
        leeway_seconds: u64,
    ) -> Result<JwtVerification> {
        let (_, form) = jwt_form(preset)?;
        let outcome =
            |verification| JwtVerification { verification, claims: None, subject: String::new() };
        if token.is_empty() {
            return Ok(outcome(Verification::Missing));
        }
        let parsed = match jwt::parse(token) {
            Ok(parsed) if parsed.kid.is_some() == form.kid => parsed,
            Ok(_) => return Ok(outcome(malformed(&Error::JwtHeader("")))),
            Err(e) => return Ok(outcome(malformed(&e))),
        };
        let subject = parsed.claims.text(form.subject_claim).unwrap_or_default().to_owned();
        let verification = match self.jwt_mac(&parsed, now)? {
            Verification::Verified { key_id } => {
                match check_claims(&parsed, form, now, leeway_seconds) {
                    Ok(true) => Verification::Verified { key_id },
                    Ok(false) => Verification::Expired { key_id },
                    Err(e) => malformed(&e),
                }
            }
            other => other,
        };
        let claims = verification.key_id().map(|_| parsed.claims_json.clone());
        Ok(JwtVerification { verification, claims, subject })
    }

    /// The MAC of the token's first two parts under the key its `kid` names, or under every
    /// key when it names none.
    fn jwt_mac(&self, parsed: &ParsedJwt<'_>, now: i64) -> Result<Verification> {
        let kid = parsed.kid.as_deref();
        self.check_mac(&parsed.mac, now, |key| {
            let named = kid.is_none_or(|kid| kid == key.id);
            Ok(named.then(|| key.signer.mac_parts(&[parsed.signing_input])))
        })
    }
}

fn malformed(error: &Error) -> Verification {
    Verification::Malformed { reason: error.code() }
}

/// Checks an authentic token's claims against its profile: `Ok(false)` once expired.
fn check_claims(parsed: &ParsedJwt<'_>, form: JwtForm, now: i64, leeway: u64) -> Result<bool> {
    let claims = &parsed.claims;
    if claims.text(form.subject_claim).is_none_or(str::is_empty) {
        return Err(Error::JwtClaims(format!("{} is missing or not text", form.subject_claim)));
    }
    for (name, value) in form.fixed {
        if claims.text(name) != Some(value) {
            return Err(Error::JwtClaims(format!("{name} must be {value:?}")));
        }
    }
    let seconds = |name: &'static str| -> Result<Option<i128>> {
        match claims.get(name) {
            None => Ok(None),
            Some(Value::Number(n)) if n.is_i64() => {
                let value = n.as_i64().unwrap_or_default();
                Ok(Some(i128::from(check_unix_seconds(value, name)?)))
            }
            Some(Value::Number(n)) if n.is_u64() => Err(Error::TimestampInMilliseconds(name)),
            Some(_) => Err(Error::InvalidTimestamp(name)),
        }
    };
    let (exp, nbf, iat) = (seconds("exp")?, seconds("nbf")?, seconds("iat")?);
    let (now, leeway) = (i128::from(now), i128::from(leeway));
    if [nbf, iat].into_iter().flatten().any(|start| start > now + leeway) {
        return Err(Error::JwtNotYetValid);
    }
    Ok(exp.is_none_or(|exp| now < exp + leeway))
}

impl Keyring {
    /// Tells why a JWT of `preset`'s profile does or does not verify at Unix second `now`:
    /// a hex widget hash sent instead of a JWT, an algorithm other than HS256, a `kid` the
    /// keyring does not have, a missing claim, an `exp` in milliseconds, an expired or not
    /// yet valid token, a secret with whitespace or meant as hex/base64. Returns the failure
    /// event too (`None` when the token verifies) and tells no hook.
    pub fn explain_jwt_at(
        &self,
        preset: Preset,
        token: &[u8],
        now: i64,
        leeway_seconds: u64,
    ) -> Result<(Finding, Option<FailureEvent>)> {
        let (profile, form) = jwt_form(preset)?;
        let result = self.check_jwt(preset, token, now, leeway_seconds)?;
        let finding = match &result.verification {
            Verification::Missing => missing_hash(),
            Verification::Verified { key_id } if key_id != self.primary_id() => Finding::new(
                code::OTHER_KEY,
                format!(
                    "the JWT is right under key {key_id:?}, not the primary key {:?}: it was \
                     signed with an older key",
                    self.primary_id()
                ),
            ),
            Verification::Verified { .. } => Finding::new(
                code::VERIFIED,
                format!("the JWT is right for the {} profile", profile.name),
            ),
            Verification::Expired { key_id } => expired(token, key_id, now, leeway_seconds),
            Verification::Malformed { reason } => {
                self.malformed_jwt(profile, form, token, reason, now)
            }
            Verification::Mismatch => self.mismatched_jwt(profile, token)?,
        };
        Ok((finding, result.failure_event(token)))
    }

    fn malformed_jwt(
        &self,
        profile: &Profile,
        form: JwtForm,
        token: &[u8],
        reason: &str,
        now: i64,
    ) -> Finding {
        if decode_hash(token).is_ok() {
            return Finding::new(
                code::HASH_INSTEAD_OF_JWT,
                format!(
                    "this is a hex widget hash, but the {} profile takes a JWT: issue one with \
                     issue_jwt (the vendor no longer reads the classic hash here)",
                    profile.name
                ),
            );
        }
        let header_alg = header_member(token, "alg");
        let finding = |code, message: String| Finding::new(code, message);
        match reason {
            "jwt_header" if header_alg.as_deref().is_some_and(|alg| alg != "HS256") => finding(
                code::JWT_ALGORITHM,
                format!(
                    "the JWT's algorithm is {:?}: only HS256 is accepted (alg none and other \
                     algorithms are refused, whatever their signature)",
                    header_alg.unwrap_or_default()
                ),
            ),
            "jwt_header" if form.kid && header_member(token, "kid").is_none() => finding(
                code::JWT_MALFORMED,
                format!(
                    "the JWT header has no kid: the {} profile names the signing key's id in \
                     the header",
                    profile.name
                ),
            ),
            "timestamp_in_milliseconds" => finding(
                code::JWT_EXP_IN_MILLISECONDS,
                "the JWT's exp, nbf or iat is 10^11 or more, which can only be milliseconds \
                 (Date.now()): JWT times are Unix seconds"
                    .into(),
            ),
            "jwt_claims" => {
                let detail = jwt::parse(token)
                    .ok()
                    .and_then(|parsed| check_claims(&parsed, form, now, u64::MAX).err())
                    .map(|e| e.to_string())
                    .unwrap_or_default();
                finding(code::JWT_MISSING_CLAIM, format!("{detail} [{} profile]", profile.name))
            }
            "jwt_not_yet_valid" => finding(
                code::JWT_NOT_YET_VALID,
                "the JWT's nbf or iat is in the future: check the issuing server's clock, or \
                 allow a leeway"
                    .into(),
            ),
            _ => finding(
                code::JWT_MALFORMED,
                format!("the token is not a JWT userhash accepts [{reason}]"),
            ),
        }
    }

    fn mismatched_jwt(&self, profile: &Profile, token: &[u8]) -> Result<Finding> {
        let parsed = jwt::parse(token).expect("a mismatch is well-formed");
        if let Some(kid) = parsed.kid.as_deref()
            && !self.key_ids().any(|id| id == kid)
        {
            let ids: Vec<&str> = self.key_ids().collect();
            return Ok(Finding::new(
                code::JWT_UNKNOWN_KID,
                format!(
                    "the JWT names key {kid:?}, which the keyring does not have (it has {ids:?})"
                ),
            ));
        }
        // The MAC of a JWT is the HMAC of its first two parts, as a hash is of the id.
        if let Some(finding) = self.secret_mistake(profile, parsed.signing_input, &parsed.mac)? {
            return Ok(finding);
        }
        Ok(Finding::new(
            code::UNKNOWN,
            "no known mistake explains this JWT: check that the server signs with the secret \
             the vendor's dashboard shows, with HS256"
                .into(),
        ))
    }
}

fn expired(token: &[u8], key_id: &str, now: i64, leeway: u64) -> Finding {
    let exp = jwt::parse(token).ok().and_then(|parsed| parsed.claims.get("exp")?.as_i64());
    match exp {
        Some(exp) if i128::from(now) >= i128::from(exp) + i128::from(leeway) => Finding::new(
            code::JWT_EXPIRED,
            format!(
                "the JWT expired at {exp}, {} seconds ago (leeway {leeway}): issue a new one on \
                 every page load",
                i128::from(now) - i128::from(exp)
            ),
        ),
        _ => Finding::new(
            code::RETIRED_KEY,
            format!("the JWT was signed with key {key_id:?}, which is past its not_after"),
        ),
    }
}

/// A text member of the token's header, when the header decodes at all.
fn header_member(token: &[u8], name: &str) -> Option<String> {
    let header = token.split(|&b| b == b'.').next()?;
    let json = URL_SAFE_NO_PAD.decode(header).ok()?;
    let value: Value = serde_json::from_slice(&json).ok()?;
    value.get(name)?.as_str().map(str::to_owned)
}
