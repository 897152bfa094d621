//! Node.js binding of userhash: type conversion and one error mapping, no logic.
//!
//! The npm package `userhash` (in `node/`) wraps these exports; its `Signer` class holds
//! the functions returned by `createSigner`.

mod convert;
mod error;
mod keyring;
mod signer;

use napi::JsValue;
use napi::bindgen_prelude::{Env, Result, Unknown};
use napi_derive::napi;
use userhash::{Secret, Signer};

use crate::convert::Scratch;
use crate::error::{Failure, thrown};

/// Runs when the module loads, in each thread.
#[napi(module_exports)]
pub fn init(env: Env) -> Result<()> {
    // SAFETY: `env` is the environment loading the module.
    unsafe { convert::init(env.raw()) }.map_err(|failure| thrown(&env, failure))
}

/// The version of userhash, the same in every language.
#[napi]
pub const VERSION: &str = userhash::VERSION;

/// `hex(HMAC-SHA256(secret, userId))`, lowercase.
#[napi(
    ts_args_type = "secret: string | Buffer | Uint8Array, userId: string | Buffer | Uint8Array | number | bigint"
)]
pub fn sign(env: Env, secret: Unknown, user_id: Unknown) -> Result<String> {
    // SAFETY (every block below): the values and `env` belong to this call.
    let hex = unsafe {
        read_secret(&env, &secret)
            .and_then(|signer| signer::sign_value(env.raw(), &signer, user_id.raw()))
    };
    let hex = hex.map_err(|failure| thrown(&env, failure))?;
    Ok(String::from_utf8_lossy(&hex).into_owned())
}

/// Whether `hash` is the hash of `userId` (either hex case, compared in constant time).
/// A wrong or malformed hash is `false`; only an invalid secret or user id throws.
#[napi(
    ts_args_type = "secret: string | Buffer | Uint8Array, userId: string | Buffer | Uint8Array | number | bigint, hash: string | Buffer | Uint8Array"
)]
pub fn verify(env: Env, secret: Unknown, user_id: Unknown, hash: Unknown) -> Result<bool> {
    let valid = unsafe {
        read_secret(&env, &secret)
            .and_then(|signer| signer::verify_value(env.raw(), &signer, user_id.raw(), hash.raw()))
    };
    valid.map_err(|failure| thrown(&env, failure))
}

/// 32 random bytes from the operating system, as 64 hex characters: use it as a text secret.
#[napi]
pub fn generate_secret(env: Env) -> Result<String> {
    userhash::generate_secret().map_err(|error| thrown(&env, error.into()))
}

/// `{ sign, verify, signMany, widgetJson, widgetScript }` bound to one precomputed key.
/// `signMany` returns the hashes concatenated, 64 characters each.
#[napi(
    ts_args_type = "secret: string | Buffer | Uint8Array",
    ts_return_type = "{ sign(userId: string | Buffer | Uint8Array | number | bigint): string; verify(userId: string | Buffer | Uint8Array | number | bigint, hash: string | Buffer | Uint8Array): boolean; signMany(userIds: ReadonlyArray<string | Buffer | Uint8Array | number | bigint>): string; widgetJson(options: object): string; widgetScript(options: object): string }"
)]
pub fn create_signer<'env>(env: &'env Env, secret: Unknown) -> Result<Unknown<'env>> {
    let functions = unsafe {
        read_secret(env, &secret).and_then(|signer| signer::functions(env.raw(), &signer))
    };
    functions
        .map_err(|failure| thrown(env, failure))
        .map(|value| unsafe { Unknown::from_raw_unchecked(env.raw(), value) })
}

/// `createSigner` with the secret read, as text, from environment variable `name`.
#[napi(
    ts_args_type = "name: string",
    ts_return_type = "{ sign(userId: string | Buffer | Uint8Array | number | bigint): string; verify(userId: string | Buffer | Uint8Array | number | bigint, hash: string | Buffer | Uint8Array): boolean; signMany(userIds: ReadonlyArray<string | Buffer | Uint8Array | number | bigint>): string; widgetJson(options: object): string; widgetScript(options: object): string }"
)]
pub fn signer_from_env<'env>(env: &'env Env, name: Unknown) -> Result<Unknown<'env>> {
    let functions = unsafe {
        convert::text(env.raw(), name.raw(), "the environment variable name")
            .and_then(|name| Ok(Signer::new(&Secret::from_env(&name)?)))
            .and_then(|signer| signer::functions(env.raw(), &signer))
    };
    functions
        .map_err(|failure| thrown(env, failure))
        .map(|value| unsafe { Unknown::from_raw_unchecked(env.raw(), value) })
}

/// Why `hash` does or does not verify for `userId` under `secret`: `{ code, message }`.
#[napi(
    ts_args_type = "secret: string | Buffer | Uint8Array, userId: string | Buffer | Uint8Array | number | bigint, hash: string | Buffer | Uint8Array | null | undefined, email?: string | Buffer | Uint8Array | null",
    ts_return_type = "{ code: string; message: string }"
)]
pub fn explain<'env>(
    env: &'env Env,
    secret: Unknown,
    user_id: Unknown,
    hash: Unknown,
    email: Unknown,
) -> Result<Unknown<'env>> {
    let mut scratch = [Scratch::new(), Scratch::new(), Scratch::new()];
    let [id_scratch, hash_scratch, email_scratch] = &mut scratch;
    let raw = env.raw();
    let finding = unsafe {
        (|| {
            let secret = convert::secret(raw, secret.raw())?;
            let id = convert::user_id(raw, user_id.raw(), id_scratch)?;
            let hash = convert::presented(raw, hash.raw(), hash_scratch, "the hash")?;
            let email = convert::optional_bytes(raw, email.raw(), email_scratch, "email")?;
            convert::finding(raw, &userhash::explain(&secret, id, hash, email)?)
        })()
    };
    finding
        .map_err(|failure| thrown(env, failure))
        .map(|value| unsafe { Unknown::from_raw_unchecked(raw, value) })
}

/// The widget configuration for `options` as HTML-safe JSON, signed with `secret`.
#[napi(ts_args_type = "secret: string | Buffer | Uint8Array, options: object")]
pub fn widget_json(env: Env, secret: Unknown, options: Unknown) -> Result<String> {
    widget(&env, &secret, &options, false)
}

/// The widget configuration for `options` as a complete `<script>` element.
#[napi(ts_args_type = "secret: string | Buffer | Uint8Array, options: object")]
pub fn widget_script(env: Env, secret: Unknown, options: Unknown) -> Result<String> {
    widget(&env, &secret, &options, true)
}

fn widget(env: &Env, secret: &Unknown, options: &Unknown, script: bool) -> Result<String> {
    let text = unsafe {
        read_secret(env, secret)
            .and_then(|signer| signer::widget(env.raw(), &signer, options.raw(), script))
    };
    text.map_err(|failure| thrown(env, failure))
}

/// # Safety
/// `secret` must belong to the current call.
unsafe fn read_secret(env: &Env, secret: &Unknown) -> std::result::Result<Signer, Failure> {
    Ok(Signer::new(&unsafe {
        convert::secret(env.raw(), secret.raw())
    }?))
}
