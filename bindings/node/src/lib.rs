//! Node.js binding of userhash: type conversion and one error mapping, no logic.
//!
//! The npm package `userhash` (in `node/`) wraps these exports; its `Signer` class holds
//! the functions returned by `createSigner`.

mod convert;
mod error;
mod signer;

use napi::JsValue;
use napi::bindgen_prelude::{Env, Result, Unknown};
use napi_derive::napi;
use userhash::{Secret, Signer};

use crate::error::{Failure, thrown};

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

/// `{ sign, verify, signMany }` bound to one precomputed key. `signMany` returns the
/// hashes concatenated, 64 characters each.
#[napi(
    ts_args_type = "secret: string | Buffer | Uint8Array",
    ts_return_type = "{ sign(userId: string | Buffer | Uint8Array | number | bigint): string; verify(userId: string | Buffer | Uint8Array | number | bigint, hash: string | Buffer | Uint8Array): boolean; signMany(userIds: ReadonlyArray<string | Buffer | Uint8Array | number | bigint>): string }"
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
    ts_return_type = "{ sign(userId: string | Buffer | Uint8Array | number | bigint): string; verify(userId: string | Buffer | Uint8Array | number | bigint, hash: string | Buffer | Uint8Array): boolean; signMany(userIds: ReadonlyArray<string | Buffer | Uint8Array | number | bigint>): string }"
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

/// # Safety
/// `secret` must belong to the current call.
unsafe fn read_secret(env: &Env, secret: &Unknown) -> std::result::Result<Signer, Failure> {
    Ok(Signer::new(&unsafe {
        convert::secret(env.raw(), secret.raw())
    }?))
}
