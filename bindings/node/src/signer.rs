//! A signer's `sign`, `verify` and `signMany` (and its widget snippets) as plain Node-API
//! callbacks.
//!
//! Each function carries its own copy of the keyed HMAC state as callback data, so a call
//! is one Node-API dispatch: no `this` unwrap or class check, no argument vector, no
//! `String` allocation, and the hex goes back as a Latin-1 string. napi-rs' generated
//! wrappers cost about 80 ns more per call and its class methods about 220 ns more, as
//! much as the hash itself (measurements in node/README.md).

use std::ffi::{CStr, c_void};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr;

use napi::sys;
use userhash::{HASH_HEX_LEN, Signer};

use crate::convert::{self, Scratch};
use crate::error::{Failure, check, throw};

/// An object `{ sign, verify, signMany, widgetJson, widgetScript }` whose functions share
/// nothing but copies of `signer`.
///
/// # Safety
/// `env` must be the live environment of the current call.
pub unsafe fn functions(env: sys::napi_env, signer: &Signer) -> Result<sys::napi_value, Failure> {
    let callbacks: [(&CStr, Callback); 5] = [
        (c"sign", sign),
        (c"verify", verify),
        (c"signMany", sign_many),
        (c"widgetJson", widget_json),
        (c"widgetScript", widget_script),
    ];
    unsafe {
        let mut object = ptr::null_mut();
        check(sys::napi_create_object(env, &mut object))?;
        for (name, callback) in callbacks {
            let function = function(env, name, signer.clone(), callback)?;
            check(sys::napi_set_named_property(
                env,
                object,
                name.as_ptr(),
                function,
            ))?;
        }
        Ok(object)
    }
}

type Callback = unsafe extern "C" fn(sys::napi_env, sys::napi_callback_info) -> sys::napi_value;

/// A JS function calling `callback` with `signer` as its data; the signer is dropped (and its
/// keyed state wiped) when the function is garbage-collected.
unsafe fn function(
    env: sys::napi_env,
    name: &CStr,
    signer: Signer,
    callback: Callback,
) -> Result<sys::napi_value, Failure> {
    let data = Box::into_raw(Box::new(signer)).cast::<c_void>();
    let mut function = ptr::null_mut();
    // SAFETY: `data` is a live boxed `Signer`; it is freed exactly once, by the finalizer
    // once the finalizer is attached, or here when attaching fails.
    unsafe {
        let created = check(sys::napi_create_function(
            env,
            name.as_ptr(),
            name.count_bytes() as isize,
            Some(callback),
            data,
            &mut function,
        ))
        .and_then(|()| {
            check(sys::napi_add_finalizer(
                env,
                function,
                data,
                Some(drop_signer),
                ptr::null_mut(),
                ptr::null_mut(),
            ))
        });
        if created.is_err() {
            drop_signer(env, data, ptr::null_mut());
        }
        created.map(|()| function)
    }
}

unsafe extern "C" fn drop_signer(_env: sys::napi_env, data: *mut c_void, _hint: *mut c_void) {
    // SAFETY: `data` is the `Box<Signer>` leaked in `function`, finalized once.
    drop(unsafe { Box::from_raw(data.cast::<Signer>()) });
}

/// The signer behind the called function and its first `N` arguments (missing ones are
/// `undefined`).
unsafe fn arguments<'a, const N: usize>(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> Result<(&'a Signer, [sys::napi_value; N]), Failure> {
    let (mut argc, mut argv, mut data) = (N, [ptr::null_mut(); N], ptr::null_mut());
    unsafe {
        check(sys::napi_get_cb_info(
            env,
            info,
            &mut argc,
            argv.as_mut_ptr(),
            ptr::null_mut(),
            &mut data,
        ))?;
        // SAFETY: every function made by `function` has a live `Signer` as its data.
        Ok((&*data.cast::<Signer>(), argv))
    }
}

/// Runs `body`, throwing its failure (or a panic, which must not unwind into Node) as a
/// JS exception.
unsafe fn respond(
    env: sys::napi_env,
    body: impl FnOnce() -> Result<sys::napi_value, Failure>,
) -> sys::napi_value {
    let failure = match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(value)) => return value,
        Ok(Err(failure)) => failure,
        Err(_) => Failure::Napi(napi::Error::from_reason(
            "userhash panicked; please report this",
        )),
    };
    unsafe { throw(env, failure) };
    ptr::null_mut()
}

/// ASCII hex as a JS string, one byte per character: no UTF-8 decoding.
unsafe fn latin1(env: sys::napi_env, hex: &[u8]) -> Result<sys::napi_value, Failure> {
    let mut string = ptr::null_mut();
    check(unsafe {
        sys::napi_create_string_latin1(env, hex.as_ptr().cast(), hex.len() as isize, &mut string)
    })?;
    Ok(string)
}

/// The hex hash of a user id value.
///
/// # Safety
/// `env` and `id` must belong to the current call.
pub unsafe fn sign_value(
    env: sys::napi_env,
    signer: &Signer,
    id: sys::napi_value,
) -> Result<[u8; HASH_HEX_LEN], Failure> {
    let mut scratch = Scratch::new();
    let mut hex = [0; HASH_HEX_LEN];
    signer.sign_into(
        unsafe { convert::user_id(env, id, &mut scratch) }?,
        &mut hex,
    )?;
    Ok(hex)
}

/// Whether `hash` is the hash of a user id value. Anything that is neither a string nor
/// bytes cannot be the hash: `false`, not an error; an invalid id still throws.
///
/// # Safety
/// `env`, `id` and `hash` must belong to the current call.
pub unsafe fn verify_value(
    env: sys::napi_env,
    signer: &Signer,
    id: sys::napi_value,
    hash: sys::napi_value,
) -> Result<bool, Failure> {
    let (mut id_scratch, mut hash_scratch) = (Scratch::new(), Scratch::new());
    unsafe {
        let id = convert::user_id(env, id, &mut id_scratch)?;
        match convert::hash(env, hash, &mut hash_scratch)? {
            Some(hash) => Ok(signer.verify(id, hash)?),
            None => signer.sign_raw(id).map(|_| false).map_err(Failure::from),
        }
    }
}

unsafe extern "C" fn sign(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
    unsafe {
        respond(env, || {
            let (signer, [id]) = arguments(env, info)?;
            latin1(env, &sign_value(env, signer, id)?)
        })
    }
}

unsafe extern "C" fn verify(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
    unsafe {
        respond(env, || {
            let (signer, [id, hash]) = arguments(env, info)?;
            let mut result = ptr::null_mut();
            check(sys::napi_get_boolean(
                env,
                verify_value(env, signer, id, hash)?,
                &mut result,
            ))?;
            Ok(result)
        })
    }
}

/// The most ids one `signMany` takes: its result is one string of 64 characters per id, and
/// a V8 string holds at most 2^29 − 24 characters on 64-bit targets
/// (`buffer.constants.MAX_STRING_LENGTH`; node/test/hostile.test.js checks it).
const MAX_SIGN_MANY: u32 = ((1 << 29) - 24) / HASH_HEX_LEN as u32;

/// Ids whose room is taken before any is read. Beyond that the result grows with the ids
/// actually read: an array's length is a claim (a sparse array costs nothing to make), so it
/// never sizes an allocation.
const PREALLOCATED_IDS: u32 = 4096;

/// The hashes of every id of an array, in order, concatenated into one string (64
/// characters each) that the JS side slices: one string creation instead of one per id
/// and one array store per id, which measured 2.6x rather than 5x faster than `createHmac`.
unsafe extern "C" fn sign_many(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    unsafe {
        respond(env, || {
            let (signer, [ids]) = arguments(env, info)?;
            let mut is_array = false;
            check(sys::napi_is_array(env, ids, &mut is_array))?;
            if !is_array {
                return Err(Failure::ArgType(
                    "signMany expects an array of user ids (Array.from(ids) for other iterables)"
                        .to_owned(),
                ));
            }
            let mut len = 0;
            check(sys::napi_get_array_length(env, ids, &mut len))?;
            if len > MAX_SIGN_MANY {
                return Err(Failure::ArgRange(format!(
                    "signMany takes at most {MAX_SIGN_MANY} ids per call (their hashes make \
                     one string), not {len}: split the list"
                )));
            }
            let mut all = Vec::new();
            all.try_reserve_exact(HASH_HEX_LEN * len.min(PREALLOCATED_IDS) as usize)?;
            let mut scratch = Scratch::new();
            let mut hex = [0; HASH_HEX_LEN];
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

/// The widget configuration of `options` (see [`convert::widget_options`]) as HTML-safe
/// JSON, or as a complete `<script>` element with the options' nonce.
///
/// # Safety
/// `env` and `options` must belong to the current call.
pub unsafe fn widget(
    env: sys::napi_env,
    signer: &Signer,
    options: sys::napi_value,
    script: bool,
) -> Result<String, Failure> {
    let (config, nonce) = unsafe { convert::widget_options(env, options) }?;
    Ok(if script {
        config.to_script(signer, nonce.as_deref())?
    } else {
        config.to_json(signer)?
    })
}

unsafe extern "C" fn widget_json(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    unsafe {
        respond(env, || {
            let (signer, [options]) = arguments(env, info)?;
            convert::js_string(env, &widget(env, signer, options, false)?)
        })
    }
}

unsafe extern "C" fn widget_script(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    unsafe {
        respond(env, || {
            let (signer, [options]) = arguments(env, info)?;
            convert::js_string(env, &widget(env, signer, options, true)?)
        })
    }
}
