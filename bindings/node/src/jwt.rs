//! HS256 JWTs of the vendor profiles on `NativeKeyring` (docs/spec.md, section 6): the core's
//! `issue_jwt_at`, `check_jwt` and `explain_jwt_at`; failures come back as events, as a hash's.

use napi::Env;
use napi_derive::napi;

use crate::args::{Duration, ExpiresAt, Leeway, Now, Plain, Presented, Seconds, Token, Ttl};
use crate::args::{WidgetUser, widget_user};
use crate::error::{Failure, js};
use crate::keyring::{FailureEvent, Finding, NativeKeyring, at};
use crate::vendor::PresetArg;

const AT_MOST_ONE: &str = "issueJwt takes at most one of { ttl } and { expiresAt }";
const NO_USER: &str = "issueJwt needs the user { id, … }: a JWT identifies a user";

/// What verifying a JWT found: the outcome, and for an authentic token its claims.
#[napi(object, object_from_js = false, use_nullable = true)]
pub struct JwtVerification {
    pub outcome: &'static str,
    /// The error code of a `malformed` token, such as `jwt_header`.
    pub reason: Option<&'static str>,
    /// The key that matched (`verified`, `expired`).
    pub key_id: Option<String>,
    /// The claims object as signed (JSON text), for `verified` and `expired`.
    pub claims: Option<String>,
    /// Whether the outcome is `verified`.
    pub verified: bool,
}

#[napi]
impl NativeKeyring {
    /// A JWT of `preset`'s profile for `user` by the primary key, issued at `now` (default: the
    /// current time), expiring `ttl` seconds later or at `expiresAt` (no `exp` with neither).
    #[napi(
        ts_args_type = "preset: string, user: WidgetUser | null | undefined, ttl: UnixSeconds | null | undefined, expiresAt: UnixSeconds | null | undefined, now: UnixSeconds | null | undefined"
    )]
    pub fn issue_jwt(
        &self,
        env: &Env,
        preset: PresetArg,
        user: Option<Plain<WidgetUser>>,
        ttl: Option<Duration<Ttl>>,
        expires_at: Option<Seconds<ExpiresAt>>,
        now: Option<Seconds<Now>>,
    ) -> napi::Result<String> {
        let now = at(now);
        let token = (|| {
            let user = widget_user(user.ok_or_else(|| Failure::ArgType(NO_USER.into()))?)?;
            let expires_at = match (ttl, expires_at) {
                (Some(ttl), None) => Some(now.saturating_add_unsigned(ttl.0)),
                (None, at) => at.map(|at| at.0),
                (Some(_), Some(_)) => return Err(Failure::ArgType(AT_MOST_ONE.into())),
            };
            Ok(self.0.issue_jwt_at(preset.0, &user, now, expires_at)?)
        })();
        js(env, token)
    }

    /// A JWT of `preset`'s profile checked at `now` (default: the current time), tolerating
    /// `leeway` seconds on `exp`, `nbf` and `iat`; the event names the token's subject.
    #[napi(
        ts_args_type = "preset: string, leeway: UnixSeconds | null | undefined, now: UnixSeconds | null | undefined, token: Presented"
    )]
    pub fn verify_jwt(
        &self,
        env: &Env,
        preset: PresetArg,
        leeway: Option<Duration<Leeway>>,
        now: Option<Seconds<Now>>,
        token: Presented<Token>,
    ) -> napi::Result<(JwtVerification, Option<FailureEvent>)> {
        let (token, leeway) = (&token.0, leeway.map_or(0, |leeway| leeway.0));
        let checked = js(env, self.0.check_jwt(preset.0, token, at(now), leeway))?;
        let event = checked.failure_event(token).map(FailureEvent::from);
        let v = &checked.verification;
        let verification = JwtVerification {
            outcome: v.outcome(),
            reason: v.reason(),
            key_id: v.key_id().map(str::to_owned),
            verified: v.is_verified(),
            claims: checked.claims,
        };
        Ok((verification, event))
    }

    /// Why a JWT of `preset`'s profile does or does not verify at `now`, and the failure event.
    #[napi(
        ts_args_type = "preset: string, leeway: UnixSeconds | null | undefined, now: UnixSeconds | null | undefined, token: Presented"
    )]
    pub fn explain_jwt(
        &self,
        env: &Env,
        preset: PresetArg,
        leeway: Option<Duration<Leeway>>,
        now: Option<Seconds<Now>>,
        token: Presented<Token>,
    ) -> napi::Result<(Finding, Option<FailureEvent>)> {
        let leeway = leeway.map_or(0, |leeway| leeway.0);
        let explained = self.0.explain_jwt_at(preset.0, &token.0, at(now), leeway);
        js(env, explained.map(|(f, e)| (f.into(), e.map(Into::into))))
    }
}
