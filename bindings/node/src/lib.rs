//! Node.js binding of userhash: conversions and one error mapping (node/README.md, Design).

// napi-rs registers the exports only outside `cfg(test)`, where they look unused.
#![cfg_attr(test, allow(dead_code))]

mod args;
mod convert;
mod error;
mod jwt;
mod keyring;
mod signer;
mod vendor;

use napi::Env;
use napi::bindgen_prelude::{BigInt, Buffer, Either, Either3, Either5};
use napi::bindgen_prelude::{Null, Uint8Array, Undefined};
use napi_derive::napi;

use crate::args::{Candidate, Plain, Secret, UserId, WidgetOptions};
use crate::error::js;
use crate::keyring::at;
use crate::vendor::{WidgetKey, signed};

/// A secret: a string (its UTF-8 is the key) or the raw key bytes.
#[napi(js_name = "Secret")]
pub type SecretType = Either3<String, Buffer, Uint8Array>;

/// A user id: a string (its UTF-8), bytes, or a safe integer or `bigint` (its decimal text).
#[napi(js_name = "UserId")]
pub type UserIdType = Either5<String, Buffer, Uint8Array, f64, BigInt>;

/// A hash or token handed back for checking; `null`/`undefined` is `missing`.
#[napi(js_name = "Presented")]
pub type PresentedType = Either5<String, Buffer, Uint8Array, Null, Undefined>;

/// Unix seconds: a safe integer or a bigint.
#[napi(js_name = "UnixSeconds")]
pub type UnixSecondsType = Either<f64, BigInt>;

/// The version of userhash, the same in every language.
#[napi]
pub const VERSION: &str = userhash::VERSION;

/// `hex(HMAC-SHA256(secret, userId))`, lowercase.
#[napi]
pub fn sign(env: &Env, secret: Secret, user_id: UserId) -> napi::Result<String> {
    js(env, userhash::sign(&secret.0, &user_id.0))
}

/// Whether `hash` is that of `userId` (either case, constant time); anything else is `false`.
#[napi(ts_args_type = "secret: Secret, userId: UserId, hash: string | Buffer | Uint8Array")]
pub fn verify(env: &Env, secret: Secret, user_id: UserId, hash: Candidate) -> napi::Result<bool> {
    js(env, userhash::verify(&secret.0, &user_id.0, hash.0))
}

/// 32 random bytes from the operating system, as 64 hex characters: use it as a text secret.
#[napi]
pub fn generate_secret(env: &Env) -> napi::Result<String> {
    js(env, userhash::generate_secret())
}

/// The widget options, a plain object.
type Options = Plain<WidgetOptions>;

/// The widget configuration for `options` as HTML-safe JSON, signed by `source` (a secret is
/// read as the preset's profile reads it).
#[napi(ts_args_type = "source: Source | Secret, options: WidgetOptions")]
pub fn widget_json(env: &Env, source: WidgetKey, options: Options) -> napi::Result<String> {
    let (config, _, now) = js(env, options.0.into_config())?;
    js(env, signed(source, config.preset, |key| config.to_json_at(key, at(now))))
}

/// The widget configuration for `options` as a complete `<script>` element, signed likewise.
#[napi(ts_args_type = "source: Source | Secret, options: WidgetOptions")]
pub fn widget_script(env: &Env, source: WidgetKey, options: Options) -> napi::Result<String> {
    let (config, nonce, now) = js(env, options.0.into_config())?;
    let nonce = nonce.as_deref();
    js(env, signed(source, config.preset, |key| config.to_script_at(key, nonce, at(now))))
}
