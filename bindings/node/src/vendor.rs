//! Vendor profiles: a preset argument, a dashboard secret read as its profile reads it (Pylon:
//! hex), what signs a widget (with a keyring's key id), and a vendor hash explained.

use napi::bindgen_prelude::{Either3, FromNapiValue, Unknown};
use napi::sys::{napi_env, napi_value};
use napi::{Env, ValueType};
use napi_derive::napi;
use userhash::{Keyring, Preset, Signer, SigningKey};

use crate::args::{Email, Hash, KeyId, Now, Presented, Seconds, Text, UserId, from_napi};
use crate::convert::{self, wrong_type};
use crate::error::{Result, js, thrown};
use crate::keyring::{FailureEvent, Finding, NativeKeyring, at};
use crate::signer::NativeSigner;

/// A preset (vendor profile) name; any other string is `unknown_preset`.
pub struct PresetArg(pub Preset);
from_napi!(PresetArg: |value| match value.get_type()? {
    ValueType::String => Ok(PresetArg(Preset::from_name(&String::from_unknown(value)?)?)),
    other => Err(wrong_type("the preset", "a preset name (a string)", other)),
});

/// A vendor dashboard's secret: a string read as `preset`'s profile reads it, or the key bytes.
fn dashboard_secret(preset: Preset, secret: &Unknown) -> Result<userhash::Secret> {
    convert::secret_as(secret, |text| preset.secret(text))
}

/// What signs a widget: a signer, a keyring's primary key (its id names the key in a JWT), or a
/// secret, read once the options name the preset.
pub type WidgetKey<'a> = Either3<&'a NativeSigner, &'a NativeKeyring, Unknown<'a>>;

/// `sign` called with the key of `source` for `preset`.
pub fn signed<T>(
    source: WidgetKey,
    preset: Preset,
    sign: impl FnOnce(SigningKey) -> userhash::Result<T>,
) -> Result<T> {
    Ok(match source {
        Either3::A(signer) => sign((&signer.0).into())?,
        Either3::B(keyring) => sign((&keyring.0).into())?,
        Either3::C(secret) => sign((&Signer::new(&dashboard_secret(preset, &secret)?)).into())?,
    })
}

#[napi]
impl NativeSigner {
    /// A signer of a vendor dashboard's secret, read as `preset`'s profile reads it.
    #[napi(factory, ts_args_type = "preset: string, secret: Secret")]
    pub fn for_preset(env: &Env, preset: PresetArg, secret: Unknown) -> napi::Result<Self> {
        js(env, dashboard_secret(preset.0, &secret).map(|secret| Self(Signer::new(&secret))))
    }
}

#[napi]
impl NativeKeyring {
    /// A keyring whose primary key `primaryId` is a vendor dashboard's secret, read as
    /// `preset`'s profile reads it.
    #[napi(factory, ts_args_type = "preset: string, primaryId: string, secret: Secret")]
    pub fn for_preset(
        env: &Env,
        preset: PresetArg,
        primary_id: Text<KeyId>,
        secret: Unknown,
    ) -> napi::Result<Self> {
        let secret = js(env, dashboard_secret(preset.0, &secret))?;
        js(env, Keyring::new(&primary_id.0, &secret).map(Self))
    }

    /// Why a hash of `preset`'s profile does or does not verify at `now` (an email vendor's
    /// needs `email`, the text it signs), and the failure event.
    #[napi(
        ts_args_type = "preset: string, now: UnixSeconds | null | undefined, userId: UserId, hash: Presented, email?: string | Buffer | Uint8Array | null"
    )]
    pub fn explain_preset(
        &self,
        env: &Env,
        preset: PresetArg,
        now: Option<Seconds<Now>>,
        user_id: UserId,
        hash: Presented<Hash>,
        email: Option<Presented<Email>>,
    ) -> napi::Result<(Finding, Option<FailureEvent>)> {
        let email = email.as_ref().map(|e| e.0.as_slice());
        let explained = self.0.explain_preset_at(preset.0, &user_id.0, &hash.0, email, at(now));
        js(env, explained.map(|(f, e)| (f.into(), e.map(Into::into))))
    }
}
