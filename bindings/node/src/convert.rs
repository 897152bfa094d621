//! JavaScript values to the bytes the core hashes. Every secret, user id and hash of every
//! function goes through here.

use std::mem::MaybeUninit;
use std::ptr;

use napi::sys::{self, TypedarrayType, ValueType};
use userhash::{Error, IntegerId, Secret};

use crate::error::{Failure, check};

/// Room for a string id or hash without a heap allocation.
const STACK_LEN: usize = 1024;

/// Where the bytes of one argument are put while a call runs. The stack buffer is left
/// uninitialized: zeroing it measured 5% of a `sign` call.
pub struct Scratch {
    stack: [MaybeUninit<u8>; STACK_LEN],
    heap: Vec<u8>,
    integer: Option<IntegerId>,
}

impl Scratch {
    pub fn new() -> Self {
        Scratch {
            stack: [MaybeUninit::uninit(); STACK_LEN],
            heap: Vec::new(),
            integer: None,
        }
    }
}

/// The bytes of a user id: a string as UTF-8 (a lone surrogate becomes U+FFFD, exactly as
/// `Buffer.from(string)` and `createHmac().update(string)` do), the bytes of a
/// `Uint8Array`/`Buffer`, or the canonical decimal of a safe integer or a bigint.
///
/// # Safety
/// `env` and `value` must belong to the current call. The slice borrows the memory of a
/// typed array: use it before running any JavaScript.
pub unsafe fn user_id(
    env: sys::napi_env,
    value: sys::napi_value,
    scratch: &mut Scratch,
) -> Result<&[u8], Failure> {
    unsafe {
        match type_of(env, value)? {
            ValueType::napi_string => utf8(env, value, scratch),
            ValueType::napi_number => {
                let mut n = 0f64;
                check(sys::napi_get_value_double(env, value, &mut n))?;
                let id = safe_integer(n).ok_or_else(|| {
                    Error::InvalidUserIdType(format!(
                        "the number {n}: only safe integers (Number.isSafeInteger) are \
                         accepted; pass larger ids as a bigint or a string"
                    ))
                })?;
                Ok(integer(scratch, IntegerId::from(id)))
            }
            ValueType::napi_bigint => {
                let id = IntegerId::new(bigint(env, value)?);
                Ok(integer(scratch, id))
            }
            ValueType::napi_object => {
                bytes(env, value)?.ok_or_else(|| invalid_type(type_name(ValueType::napi_object)))
            }
            other => Err(invalid_type(type_name(other))),
        }
    }
}

/// The key for a string secret (its UTF-8, refused when it has surrounding whitespace) or
/// a `Uint8Array`/`Buffer` secret (its bytes as they are).
///
/// # Safety
/// `env` and `value` must belong to the current call.
pub unsafe fn secret(env: sys::napi_env, value: sys::napi_value) -> Result<Secret, Failure> {
    unsafe {
        let mut scratch = Scratch::new();
        let value_type = type_of(env, value)?;
        if value_type == ValueType::napi_string {
            let text = std::str::from_utf8(utf8(env, value, &mut scratch)?)
                .map_err(|_| Error::SecretNotUtf8)?;
            return Ok(Secret::from_text(text)?);
        }
        if value_type == ValueType::napi_object
            && let Some(raw) = bytes(env, value)?
        {
            return Ok(Secret::from_bytes(raw)?);
        }
        Err(Failure::ArgType(format!(
            "the secret must be a string, Buffer or Uint8Array, not {}",
            type_name(value_type)
        )))
    }
}

/// The bytes of a hash argument (a string or bytes); `None` for anything else, which can
/// never be a valid hash.
///
/// # Safety
/// As for [`user_id`].
pub unsafe fn hash(
    env: sys::napi_env,
    value: sys::napi_value,
    scratch: &mut Scratch,
) -> Result<Option<&[u8]>, Failure> {
    unsafe {
        match type_of(env, value)? {
            ValueType::napi_string => utf8(env, value, scratch).map(Some),
            ValueType::napi_object => bytes(env, value),
            _ => Ok(None),
        }
    }
}

fn integer(scratch: &mut Scratch, id: IntegerId) -> &[u8] {
    let stored: &IntegerId = scratch.integer.insert(id);
    stored.as_ref()
}

fn invalid_type(what: &str) -> Failure {
    Failure::Core(Error::InvalidUserIdType(what.to_owned()))
}

fn type_name(value_type: sys::napi_valuetype) -> &'static str {
    match value_type {
        ValueType::napi_undefined => "undefined",
        ValueType::napi_null => "null",
        ValueType::napi_boolean => "a boolean",
        ValueType::napi_number => "a number",
        ValueType::napi_string => "a string",
        ValueType::napi_bigint => "a bigint",
        ValueType::napi_symbol => "a symbol",
        ValueType::napi_function => "a function",
        _ => "an object that is not a Uint8Array",
    }
}

/// `n` as an integer when it is a safe integer: no NaN, no fraction, |n| ≤ 2^53 − 1.
fn safe_integer(n: f64) -> Option<i64> {
    const MAX_SAFE: f64 = 9_007_199_254_740_991.0;
    // The range check first: the cast below is exact for every value that passes.
    (n.abs() <= MAX_SAFE && n.fract() == 0.0).then_some(n as i64)
}

unsafe fn type_of(
    env: sys::napi_env,
    value: sys::napi_value,
) -> Result<sys::napi_valuetype, Failure> {
    let mut value_type = 0;
    check(unsafe { sys::napi_typeof(env, value, &mut value_type) })?;
    Ok(value_type)
}

/// The UTF-8 of a string, read straight into the stack buffer when it fits.
unsafe fn utf8(
    env: sys::napi_env,
    value: sys::napi_value,
    scratch: &mut Scratch,
) -> Result<&[u8], Failure> {
    unsafe {
        // Node-API writes whole characters (at most 4 bytes each) and then a NUL: when more
        // than 4 bytes of the buffer are left over, the whole string was written.
        let mut written = 0;
        check(sys::napi_get_value_string_utf8(
            env,
            value,
            scratch.stack.as_mut_ptr().cast(),
            STACK_LEN,
            &mut written,
        ))?;
        if written + 1 + 4 < STACK_LEN {
            // SAFETY: Node-API initialized the first `written` bytes.
            return Ok(std::slice::from_raw_parts(
                scratch.stack.as_ptr().cast::<u8>(),
                written,
            ));
        }
        let mut len = 0;
        check(sys::napi_get_value_string_utf8(
            env,
            value,
            ptr::null_mut(),
            0,
            &mut len,
        ))?;
        scratch.heap.resize(len + 1, 0);
        check(sys::napi_get_value_string_utf8(
            env,
            value,
            scratch.heap.as_mut_ptr().cast(),
            len + 1,
            &mut written,
        ))?;
        Ok(&scratch.heap[..written])
    }
}

/// The bytes of a `Uint8Array` (a `Buffer` is one); `None` for any other object.
unsafe fn bytes<'s>(
    env: sys::napi_env,
    value: sys::napi_value,
) -> Result<Option<&'s [u8]>, Failure> {
    unsafe {
        let mut is_typed_array = false;
        check(sys::napi_is_typedarray(env, value, &mut is_typed_array))?;
        if !is_typed_array {
            return Ok(None);
        }
        let (mut kind, mut len, mut data) = (0, 0, ptr::null_mut());
        check(sys::napi_get_typedarray_info(
            env,
            value,
            &mut kind,
            &mut len,
            &mut data,
            ptr::null_mut(),
            ptr::null_mut(),
        ))?;
        if kind != TypedarrayType::uint8_array {
            return Ok(None);
        }
        // A detached or empty array has no data pointer.
        Ok(Some(if data.is_null() || len == 0 {
            &[]
        } else {
            std::slice::from_raw_parts(data.cast::<u8>(), len)
        }))
    }
}

/// A bigint that fits in an i128.
unsafe fn bigint(env: sys::napi_env, value: sys::napi_value) -> Result<i128, Failure> {
    unsafe {
        let (mut negative, mut count) = (0, 0usize);
        // With neither a sign nor a word buffer, Node-API only reports the word count.
        check(sys::napi_get_value_bigint_words(
            env,
            value,
            ptr::null_mut(),
            &mut count,
            ptr::null_mut(),
        ))?;
        if count > 2 {
            return Err(Error::UserIdOutOfRange.into());
        }
        let mut words = [0u64; 2];
        check(sys::napi_get_value_bigint_words(
            env,
            value,
            &mut negative,
            &mut count,
            words.as_mut_ptr(),
        ))?;
        let magnitude = u128::from(words[0]) | (u128::from(words[1]) << 64);
        let n = if negative != 0 {
            0i128.checked_sub_unsigned(magnitude)
        } else {
            i128::try_from(magnitude).ok()
        };
        n.ok_or_else(|| Error::UserIdOutOfRange.into())
    }
}

/// A string argument that is not a user id (an environment variable name).
///
/// # Safety
/// `env` and `value` must belong to the current call.
pub unsafe fn text(
    env: sys::napi_env,
    value: sys::napi_value,
    what: &str,
) -> Result<String, Failure> {
    unsafe {
        let value_type = type_of(env, value)?;
        if value_type != ValueType::napi_string {
            return Err(Failure::ArgType(format!(
                "{what} must be a string, not {}",
                type_name(value_type)
            )));
        }
        let mut scratch = Scratch::new();
        Ok(String::from_utf8_lossy(utf8(env, value, &mut scratch)?).into_owned())
    }
}
