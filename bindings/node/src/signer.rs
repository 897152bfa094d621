//! `NativeSigner`, and the hot path: raw Node-API `sign`, `verify` and `signMany` (README).

use std::ffi::{CStr, c_void};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr;

use napi::Env;
use napi::bindgen_prelude::{Either, JsObjectValue, Object, ToNapiValue};
use napi::sys::{self, napi_callback_info, napi_env, napi_value};
use napi_derive::napi;
use userhash::{HASH_HEX_LEN, Signer};

use crate::args::{EnvName, Secret, Text};
use crate::convert::{self, Scratch};
use crate::error::{Failure, Result, check, js, throw};
use crate::keyring::NativeKeyring;

/// One precomputed key: what a `Signer` signs with.
#[napi]
pub struct NativeSigner(pub(crate) Signer);

#[napi]
impl NativeSigner {
    /// Computes the keyed HMAC state of `secret` once.
    #[napi(constructor)]
    pub fn new(secret: Secret) -> Self {
        NativeSigner(Signer::new(&secret.0))
    }

    /// A signer whose secret is the text of environment variable `name`.
    #[napi(factory, ts_args_type = "name: string")]
    pub fn from_env(env: &Env, name: Text<EnvName>) -> napi::Result<Self> {
        let secret = userhash::Secret::from_env(&name.0);
        js(env, secret.map(|secret| Self(Signer::new(&secret))))
    }
}

/// What signs: a signer or a keyring's primary key.
#[napi]
pub type Source<'a> = Either<&'a NativeSigner, &'a NativeKeyring>;

pub fn key<'a>(source: Source<'a>) -> &'a Signer {
    match source {
        Either::A(signer) => &signer.0,
        Either::B(keyring) => keyring.0.primary_signer(),
    }
}

type Callback = unsafe extern "C" fn(napi_env, napi_callback_info) -> napi_value;

/// `{ sign, verify, signMany }`, each with its own keyed state; `signMany`'s hashes in one string.
#[napi(
    ts_return_type = "{ sign(userId: UserId): string; verify(userId: UserId, hash: unknown): boolean; signMany(userIds: ReadonlyArray<UserId>): string }"
)]
pub fn keyed<'env>(env: &'env Env, source: Source) -> napi::Result<Object<'env>> {
    let signer = key(source);
    let mut object = Object::new(env)?;
    for (name, callback) in
        [(c"sign", sign as Callback), (c"verify", verify), (c"signMany", sign_many)]
    {
        // SAFETY: `env` is the environment of this call.
        let function = unsafe { function(env.raw(), name, signer.clone(), callback) };
        object.set_named_property(&name.to_string_lossy(), js(env, function)?)?;
    }
    Ok(object)
}

/// A JS function calling `cb` with `signer` as data, dropped (wiped) when collected.
/// Safety: `env` is the live environment of the current call.
unsafe fn function(env: napi_env, name: &CStr, signer: Signer, cb: Callback) -> Result<napi_value> {
    let data = Box::into_raw(Box::new(signer)).cast::<c_void>();
    let (len, name) = (name.count_bytes() as isize, name.as_ptr());
    let (mut function, none) = (ptr::null_mut(), ptr::null_mut());
    // SAFETY: `env` is live; `data` is freed once, by the finalizer or here if attaching fails.
    unsafe {
        let (call, drop): (_, sys::napi_finalize) = (Some(cb), Some(drop_signer));
        let mut status = sys::napi_create_function(env, name, len, call, data, &mut function);
        if status == sys::Status::napi_ok {
            status = sys::napi_add_finalizer(env, function, data, drop, none, ptr::null_mut());
        }
        if status != sys::Status::napi_ok {
            drop_signer(env, data, none);
        }
        check(status).map(|()| function)
    }
}

unsafe extern "C" fn drop_signer(_env: napi_env, data: *mut c_void, _hint: *mut c_void) {
    // SAFETY: `data` is the `Box<Signer>` leaked in `function`, finalized once.
    drop(unsafe { Box::from_raw(data.cast::<Signer>()) });
}

/// Runs `body` with the function's signer and first `N` arguments (missing: `undefined`),
/// throwing its failure or a panic (which must not unwind into Node).
/// Safety: `env` and `info` are those of a call of a function made by [`function`].
unsafe fn run<const N: usize>(
    env: napi_env,
    info: napi_callback_info,
    body: impl FnOnce(&Signer, [napi_value; N]) -> Result<napi_value>,
) -> napi_value {
    let (mut argc, mut argv, mut data) = (N, [ptr::null_mut(); N], ptr::null_mut());
    let (args, this) = (argv.as_mut_ptr(), ptr::null_mut());
    // SAFETY: the caller's contract; at most N values are written; the data is a live `Signer`.
    let called = || unsafe {
        check(sys::napi_get_cb_info(env, info, &mut argc, args, this, &mut data))?;
        body(&*data.cast::<Signer>(), argv)
    };
    let failure = match catch_unwind(AssertUnwindSafe(called)) {
        Ok(Ok(value)) => return value,
        Ok(Err(failure)) => failure,
        Err(_) => napi::Error::from_reason("userhash panicked; please report this").into(),
    };
    // SAFETY: the caller's contract.
    unsafe { throw(env, failure) };
    ptr::null_mut()
}

/// ASCII hex as a JS string, one byte per character. Safety: `env` is the current call's.
unsafe fn latin1(env: napi_env, hex: &[u8]) -> Result<napi_value> {
    let (len, mut string) = (hex.len() as isize, ptr::null_mut());
    // SAFETY: the caller's contract; `hex` is `len` readable bytes.
    check(unsafe { sys::napi_create_string_latin1(env, hex.as_ptr().cast(), len, &mut string) })?;
    Ok(string)
}

// The callbacks. SAFETY (every block): Node-API calls them with the `env` and `info` of a
// function made by `function`; each id's bytes are used before any JavaScript runs.

/// `sign(userId)`: the hex hash.
unsafe extern "C" fn sign(env: napi_env, info: napi_callback_info) -> napi_value {
    let (mut scratch, mut hex) = (Scratch::default(), [0; HASH_HEX_LEN]);
    // SAFETY: see above.
    unsafe {
        run(env, info, |signer, [id]| {
            signer.sign_into(convert::user_id(env, id, &mut scratch)?, &mut hex)?;
            latin1(env, &hex)
        })
    }
}

/// `verify(userId, hash)`: a hash that is neither a string nor bytes is `false`, not an error.
unsafe extern "C" fn verify(env: napi_env, info: napi_callback_info) -> napi_value {
    let (mut scratch, mut text) = (Scratch::default(), convert::Text::default());
    // SAFETY: see above.
    unsafe {
        run(env, info, |signer, [id, hash]| {
            let id = convert::user_id(env, id, &mut scratch)?;
            let hash = convert::read(env, hash, &mut text)?.1.unwrap_or_default();
            Ok(bool::to_napi_value(env, signer.verify(id, hash)?)?)
        })
    }
}

/// The most ids one `signMany` takes: a V8 string holds 2^29 − 24 characters (hostile.test.js).
const MAX_SIGN_MANY: u32 = ((1 << 29) - 24) / HASH_HEX_LEN as u32;

/// Ids whose room is taken before any is read: an array's length is only a claim (sparse).
const PREALLOCATED_IDS: u32 = 4096;

const NOT_AN_ARRAY: &str =
    "signMany expects an array of user ids (Array.from(ids) for other iterables)";

/// `signMany(userIds)`; an element's getter may run JavaScript: each id is used before the next.
unsafe extern "C" fn sign_many(env: napi_env, info: napi_callback_info) -> napi_value {
    let (mut scratch, mut hex, mut len) = (Scratch::default(), [0; HASH_HEX_LEN], 0);
    // SAFETY: see above; the elements are asked only of an array.
    unsafe {
        run(env, info, |signer, [ids]| {
            match sys::napi_get_array_length(env, ids, &mut len) {
                sys::Status::napi_array_expected => {
                    return Err(Failure::ArgType(NOT_AN_ARRAY.into()));
                }
                status => check(status)?,
            }
            if len > MAX_SIGN_MANY {
                return Err(Failure::ArgRange(format!(
                    "signMany takes at most {MAX_SIGN_MANY} ids per call (their hashes make one \
                     string), not {len}: split the list"
                )));
            }
            let mut all = Vec::new();
            all.try_reserve_exact(HASH_HEX_LEN * len.min(PREALLOCATED_IDS) as usize)?;
            for index in 0..len {
                let mut id = ptr::null_mut();
                check(sys::napi_get_element(env, ids, index, &mut id))?;
                signer.sign_into(convert::user_id(env, id, &mut scratch)?, &mut hex)?;
                all.try_reserve(HASH_HEX_LEN)?;
                all.extend_from_slice(&hex);
            }
            latin1(env, &all)
        })
    }
}
