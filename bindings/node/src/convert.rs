//! The raw Node-API readers of each kind of argument: the hot path's, and copied, the typed.

use std::mem::MaybeUninit;
use std::ptr;

use napi::bindgen_prelude::{FromNapiValue, Function, FunctionRef, Unknown};
use napi::sys::{self, TypedarrayType, napi_env, napi_value};
use napi::{Env, JsValue, ValueType};
use userhash::{Error, IntegerId, Secret};
use zeroize::Zeroize;

use crate::error::{Failure, Result, check};

/// Room for a string id or hash without a heap allocation.
const STACK_LEN: usize = 1024;

/// Where a string's UTF-8 is read; the stack buffer stays uninitialized (zeroing it cost 5%).
pub struct Text {
    stack: [MaybeUninit<u8>; STACK_LEN],
    heap: Vec<u8>,
}

impl Default for Text {
    fn default() -> Self {
        let (stack, heap) = ([MaybeUninit::uninit(); STACK_LEN], Vec::new());
        Text { stack, heap }
    }
}

/// Where a user id is read: its text, or the decimal of an integer.
#[derive(Default)]
pub struct Scratch(Text, Option<IntegerId>);

/// A secret's text, wiped on drop: the heap, and the stack's first `.1` bytes (all unless fitted).
struct SecretText(Text, usize);

impl Drop for SecretText {
    fn drop(&mut self) {
        self.0.stack[..self.1].zeroize();
        self.0.heap.zeroize();
    }
}

/// A value's type, and the bytes of a string (UTF-8, lone surrogates as U+FFFD) or fixed bytes.
/// Safety: `env` and `value` are of the current call; use the slice before any JavaScript runs.
pub unsafe fn read(
    env: napi_env,
    value: napi_value,
    text: &mut Text,
) -> Result<(ValueType, Option<&[u8]>)> {
    // SAFETY: the caller's contract; each reader gets a value of the type it reads.
    unsafe {
        let value_type = type_of(env, value)?;
        let bytes = match value_type {
            ValueType::String => Some(utf8(env, value, text)?),
            ValueType::Object => bytes(env, value)?,
            _ => None,
        };
        Ok((value_type, bytes))
    }
}

/// A user id's bytes: as [`read`] gives them, or an integer's decimal. Safety: as for [`read`].
pub unsafe fn user_id(env: napi_env, value: napi_value, scratch: &mut Scratch) -> Result<&[u8]> {
    let Scratch(text, integer) = scratch;
    // SAFETY: the caller's contract; each reader gets a value of the type it reads.
    let id = match unsafe { read(env, value, text) }? {
        (_, Some(bytes)) => return Ok(bytes),
        (ValueType::Number, None) => {
            // SAFETY: as above.
            let n = unsafe { number(env, value) }?;
            IntegerId::from(safe_integer(n).ok_or_else(|| {
                Error::InvalidUserIdType(format!(
                    "the number {n}: only safe integers (Number.isSafeInteger) are accepted; \
                     pass larger ids as a bigint or a string"
                ))
            })?)
        }
        // SAFETY: as above.
        (ValueType::BigInt, None) => IntegerId::new(unsafe { bigint(env, value) }?),
        (other, None) => return Err(invalid_type(other)),
    };
    let id: &IntegerId = integer.insert(id);
    Ok(id.as_ref())
}

/// A string secret (its UTF-8, whose copy is wiped) or bytes.
pub fn secret(value: &Unknown) -> Result<Secret> {
    secret_as(value, Secret::from_text)
}

/// [`secret`] with a string read by `read_text` (a vendor profile's reading: text, or hex).
pub fn secret_as(
    value: &Unknown,
    read_text: impl FnOnce(&str) -> userhash::Result<Secret>,
) -> Result<Secret> {
    let mut secret = SecretText(Text::default(), STACK_LEN);
    // SAFETY: an `Unknown` is a value of the current call; the bytes are used at once.
    match unsafe { read(value.value().env, value.raw(), &mut secret.0) }? {
        (ValueType::String, Some(text)) => {
            if fits_on_stack(text.len()) {
                secret.1 = text.len() + 1; // and Node-API's NUL
            }
            let text = std::str::from_utf8(text).map_err(|_| Error::SecretNotUtf8)?;
            Ok(read_text(text)?)
        }
        (_, Some(bytes)) => Ok(Secret::from_bytes(bytes)?),
        (other, None) => Err(wrong_type("the secret", BYTES, other)),
    }
}

/// [`user_id`], copied, as other arguments may run JavaScript.
pub fn owned_user_id(value: &Unknown) -> Result<Vec<u8>> {
    let mut scratch = Scratch::default();
    // SAFETY: an `Unknown` is a value of the current call; the bytes are copied at once.
    owned(unsafe { user_id(value.value().env, value.raw(), &mut scratch) }?)
}

/// [`read`], copied.
pub fn owned_bytes(value: &Unknown) -> Result<(ValueType, Option<Vec<u8>>)> {
    let mut text = Text::default();
    // SAFETY: as for `owned_user_id`.
    let (value_type, bytes) = unsafe { read(value.value().env, value.raw(), &mut text) }?;
    Ok((value_type, bytes.map(owned).transpose()?))
}

/// `bytes` in memory of ours, or `ERR_MEMORY_ALLOCATION_FAILED`.
fn owned(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut copy = Vec::new();
    copy.try_reserve_exact(bytes.len())?;
    copy.extend_from_slice(bytes);
    Ok(copy)
}

/// A safe-integer number or a bigint in the i64 range; `None` for any other value.
pub fn whole_number(value: &Unknown) -> Result<Option<i64>> {
    let (env, value) = (value.value().env, value.raw());
    // SAFETY: an `Unknown` is a value of the current call; each reader gets its type.
    unsafe {
        Ok(match type_of(env, value)? {
            ValueType::Number => safe_integer(number(env, value)?),
            ValueType::BigInt => bigint(env, value).ok().and_then(|n| n.try_into().ok()),
            _ => None,
        })
    }
}

/// The `invalid_user_id_type` error for a value of this type.
pub fn invalid_type(value_type: ValueType) -> Failure {
    Failure::Core(Error::InvalidUserIdType(type_name(value_type).to_owned()))
}

/// What a secret or a hash may be.
pub const BYTES: &str = "a string, Buffer or Uint8Array";

/// The `ERR_INVALID_ARG_TYPE` of argument `name`, which must be `expected`, for a value of `got`.
pub fn wrong_type(name: &str, expected: &str, got: ValueType) -> Failure {
    Failure::ArgType(format!("{name} must be {expected}, not {}", type_name(got)))
}

/// A value's type as error messages name it.
fn type_name(value_type: ValueType) -> &'static str {
    match value_type {
        ValueType::Undefined => "undefined",
        ValueType::Null => "null",
        ValueType::Boolean => "a boolean",
        ValueType::Number => "a number",
        ValueType::String => "a string",
        ValueType::BigInt => "a bigint",
        ValueType::Symbol => "a symbol",
        ValueType::Function => "a function",
        _ => "an object that is not a Uint8Array",
    }
}

/// `n` when it is a safe integer (no NaN, no fraction, |n| ≤ 2^53 − 1): the cast is exact.
fn safe_integer(n: f64) -> Option<i64> {
    (n.abs() <= 9_007_199_254_740_991.0 && n.fract() == 0.0).then_some(n as i64)
}

/// Whether `written` bytes are the whole string: Node-API writes whole characters (≤ 4 bytes).
fn fits_on_stack(written: usize) -> bool {
    written + 1 + 4 < STACK_LEN
}

// Below, every `env` and value are of the current call, a value of the type it is read as.

unsafe fn type_of(env: napi_env, value: napi_value) -> Result<ValueType> {
    let mut value_type = 0;
    // SAFETY: see above.
    check(unsafe { sys::napi_typeof(env, value, &mut value_type) })?;
    Ok(ValueType::from(value_type))
}

unsafe fn number(env: napi_env, value: napi_value) -> Result<f64> {
    let mut n = 0f64;
    // SAFETY: see above.
    check(unsafe { sys::napi_get_value_double(env, value, &mut n) })?;
    Ok(n)
}

/// The UTF-8 of a string, read straight into the stack buffer when it fits.
unsafe fn utf8(env: napi_env, value: napi_value, text: &mut Text) -> Result<&[u8]> {
    let (stack, mut written, mut len) = (text.stack.as_mut_ptr().cast(), 0, 0);
    // SAFETY: see above; Node-API writes at most STACK_LEN bytes, its NUL included.
    check(unsafe { sys::napi_get_value_string_utf8(env, value, stack, STACK_LEN, &mut written) })?;
    if fits_on_stack(written) {
        // SAFETY: Node-API initialized the first `written` bytes.
        return Ok(unsafe { std::slice::from_raw_parts(text.stack.as_ptr().cast(), written) });
    }
    // SAFETY: see above; with no buffer, Node-API only reports the length.
    check(unsafe { sys::napi_get_value_string_utf8(env, value, ptr::null_mut(), 0, &mut len) })?;
    // A string's length is real (JavaScript holds it), yet more than may be left: no abort.
    text.heap.clear();
    text.heap.try_reserve_exact(len + 1)?;
    text.heap.resize(len + 1, 0);
    let heap = text.heap.as_mut_ptr().cast();
    // SAFETY: see above; into the `len + 1` bytes of the heap buffer.
    check(unsafe { sys::napi_get_value_string_utf8(env, value, heap, len + 1, &mut written) })?;
    Ok(&text.heap[..written])
}

/// The bytes of a `Uint8Array` (or `Buffer`) over fixed, unshared memory, else `None`.
unsafe fn bytes<'s>(env: napi_env, value: napi_value) -> Result<Option<&'s [u8]>> {
    let (mut kind, mut len, mut data, mut buf) = (0, 0, ptr::null_mut(), ptr::null_mut());
    let offset = ptr::null_mut();
    // SAFETY: see above; Node-API refuses a value that is not a typed array as an invalid arg.
    let status = unsafe {
        sys::napi_get_typedarray_info(env, value, &mut kind, &mut len, &mut data, &mut buf, offset)
    };
    match status {
        sys::Status::napi_invalid_arg => return Ok(None),
        status => check(status)?,
    }
    if kind != TypedarrayType::uint8_array {
        return Ok(None);
    }
    // SAFETY: see above; `buf` is the buffer of a typed array.
    unsafe { fixed_memory(env, buf) }?;
    // A detached or empty array has no data pointer.
    if data.is_null() || len == 0 {
        return Ok(Some(&[]));
    }
    // SAFETY: `len` bytes that no other thread writes and cannot shrink, until JavaScript runs.
    unsafe { Ok(Some(std::slice::from_raw_parts(data.cast(), len))) }
}

/// Refuses the memory of a `SharedArrayBuffer` or a resizable `ArrayBuffer`, which may change.
unsafe fn fixed_memory(env: napi_env, buffer: napi_value) -> Result<()> {
    let mut unshared = false; // `napi_is_arraybuffer` is false for a SharedArrayBuffer
    // SAFETY: see above; `buffer` is the buffer of a typed array, then an ArrayBuffer.
    let refused = unsafe {
        check(sys::napi_is_arraybuffer(env, buffer, &mut unshared))?;
        if !unshared {
            "in a SharedArrayBuffer are refused, as another thread may write them"
        } else if may_be_resizable(env, buffer)? && is_resizable(env, buffer)? {
            "in a resizable ArrayBuffer are refused, as it may shrink"
        } else {
            return Ok(());
        }
    };
    let copy = "pass a copy (Buffer.from(view) or view.slice())";
    let message = format!("bytes {refused} while they are read: {copy}");
    Err(Failure::ArgType(message))
}

/// Whether it can be resizable (V8 gives one whole pages): spares most calls the 150 ns getter.
unsafe fn may_be_resizable(env: napi_env, buffer: napi_value) -> Result<bool> {
    let mut data = ptr::null_mut();
    // SAFETY: see above; only the address of the data is read.
    check(unsafe { sys::napi_get_arraybuffer_info(env, buffer, &mut data, ptr::null_mut()) })?;
    Ok(data.addr() % 4096 == 0)
}

/// By the built-in getter [`init`] kept (Node 20+), which runs no user code: slices stay valid.
unsafe fn is_resizable(env: napi_env, buffer: napi_value) -> Result<bool> {
    let env = Env::from(env);
    // SAFETY: see above.
    let buffer = unsafe { Unknown::from_raw_unchecked(env.raw(), buffer) };
    Ok(match env.get_instance_data::<FunctionRef<(), bool>>()? {
        Some(getter) => getter.borrow_back(&env)?.apply(buffer, ())?,
        None => false,
    })
}

/// A bigint that fits in an i128.
unsafe fn bigint(env: napi_env, value: napi_value) -> Result<i128> {
    let (mut negative, mut count, mut words) = (0, 2, [0u64; 2]);
    // SAFETY: see above; Node-API writes at most `count` (2) words, then sets the bigint's count.
    check(unsafe {
        sys::napi_get_value_bigint_words(env, value, &mut negative, &mut count, words.as_mut_ptr())
    })?;
    let magnitude = u128::from(words[0]) | (u128::from(words[1]) << 64);
    let n = match negative {
        _ if count > 2 => None,
        0 => i128::try_from(magnitude).ok(),
        _ => 0i128.checked_sub_unsigned(magnitude),
    };
    n.ok_or_else(|| Error::UserIdOutOfRange.into())
}

/// Keeps, per environment (thread) as the module loads, the built-in `resizable` getter.
#[napi_derive::napi(module_exports)]
pub fn init(env: Env) -> napi::Result<()> {
    let script = "Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'resizable')?.get";
    let getter: Unknown = env.run_script(script)?;
    if getter.get_type()? == ValueType::Function {
        let getter = Function::<(), bool>::from_unknown(getter)?.create_ref()?;
        env.set_instance_data(getter, (), |_| {})?;
    }
    Ok(())
}
