//! JavaScript values to the bytes and options the core takes, and the core's results back
//! to JavaScript values. Every secret, user id, hash and option of every function goes
//! through here.

use std::ffi::{CStr, c_void};
use std::mem::MaybeUninit;
use std::ptr;

use napi::sys::{self, TypedarrayType, ValueType};
use userhash::{
    Error, FailureEvent, Finding, IntegerId, MetaValue, Preset, Secret, Verification, WidgetConfig,
    WidgetUser,
};
use zeroize::Zeroize;

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

/// The scratch of a secret's text, wiped when dropped: on every path out of [`secret`].
struct SecretScratch {
    scratch: Scratch,
    /// The bytes of `stack` to wipe: all of them unless the text is known to have fitted.
    /// (Ids do not keep this count: a store per call measured in `sign`.)
    stack_written: usize,
}

impl Drop for SecretScratch {
    fn drop(&mut self) {
        self.scratch.stack[..self.stack_written].zeroize();
        // The whole allocation, spare capacity included.
        self.scratch.heap.zeroize();
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
/// a `Uint8Array`/`Buffer` secret (its bytes as they are). The UTF-8 copy of a string is
/// wiped before this returns; the caller's string and bytes are JavaScript's.
///
/// # Safety
/// `env` and `value` must belong to the current call.
pub unsafe fn secret(env: sys::napi_env, value: sys::napi_value) -> Result<Secret, Failure> {
    unsafe {
        let value_type = type_of(env, value)?;
        if value_type == ValueType::napi_string {
            let mut secret = SecretScratch {
                scratch: Scratch::new(),
                stack_written: STACK_LEN,
            };
            let text = utf8(env, value, &mut secret.scratch)?;
            if fits_on_stack(text.len()) {
                // The text and Node-API's NUL.
                secret.stack_written = text.len() + 1;
            }
            let text = std::str::from_utf8(text).map_err(|_| Error::SecretNotUtf8)?;
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

/// Whether `written` bytes of UTF-8 in the stack buffer are a whole string. Node-API writes
/// whole characters (at most 4 bytes each) and then a NUL: when more than 4 bytes of the
/// buffer are left over, the whole string was written.
fn fits_on_stack(written: usize) -> bool {
    written + 1 + 4 < STACK_LEN
}

/// The UTF-8 of a string, read straight into the stack buffer when it fits.
unsafe fn utf8(
    env: sys::napi_env,
    value: sys::napi_value,
    scratch: &mut Scratch,
) -> Result<&[u8], Failure> {
    unsafe {
        let mut written = 0;
        check(sys::napi_get_value_string_utf8(
            env,
            value,
            scratch.stack.as_mut_ptr().cast(),
            STACK_LEN,
            &mut written,
        ))?;
        if fits_on_stack(written) {
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
        // A string's length is real (JavaScript holds it), yet it may be more than is left.
        scratch.heap.clear();
        scratch.heap.try_reserve_exact(len + 1)?;
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

/// Sets up the conversions for one environment (the main thread or a worker): keeps the
/// built-in getter of `ArrayBuffer.prototype.resizable` (there is none before Node 20),
/// so that [`bytes`] asks the buffer itself, whatever the prototype says later.
///
/// # Safety
/// `env` must be the live environment of the module being loaded.
pub unsafe fn init(env: sys::napi_env) -> Result<(), Failure> {
    const GETTER: &str = "Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'resizable')?.get";
    unsafe {
        let mut getter = ptr::null_mut();
        check(sys::napi_run_script(
            env,
            js_string(env, GETTER)?,
            &mut getter,
        ))?;
        if type_of(env, getter)? != ValueType::napi_function {
            return Ok(());
        }
        let mut reference = ptr::null_mut();
        check(sys::napi_create_reference(env, getter, 1, &mut reference))?;
        // SAFETY: napi-rs leaves the instance data to the addon; this is its only use. The
        // reference is deleted when the environment is torn down.
        check(sys::napi_set_instance_data(
            env,
            reference.cast(),
            Some(delete_reference),
            ptr::null_mut(),
        ))
    }
}

unsafe extern "C" fn delete_reference(env: sys::napi_env, data: *mut c_void, _hint: *mut c_void) {
    // SAFETY: `data` is the reference made in `init`, and this runs once, at teardown.
    unsafe { sys::napi_delete_reference(env, data.cast()) };
}

/// Whether `buffer` (an `ArrayBuffer`) is resizable, by the getter [`init`] kept.
unsafe fn is_resizable(env: sys::napi_env, buffer: sys::napi_value) -> Result<bool, Failure> {
    unsafe {
        let mut reference = ptr::null_mut();
        check(sys::napi_get_instance_data(env, &mut reference))?;
        if reference.is_null() {
            // This Node has no resizable ArrayBuffer.
            return Ok(false);
        }
        let (mut getter, mut resizable, mut result) = (ptr::null_mut(), ptr::null_mut(), false);
        check(sys::napi_get_reference_value(
            env,
            reference.cast(),
            &mut getter,
        ))?;
        // A built-in getter runs no user code: slices borrowed from other arguments stay
        // valid across this call.
        check(sys::napi_call_function(
            env,
            buffer,
            getter,
            0,
            ptr::null(),
            &mut resizable,
        ))?;
        check(sys::napi_get_value_bool(env, resizable, &mut result))?;
        Ok(result)
    }
}

/// Whether `buffer` (an `ArrayBuffer`) can be resizable at all. V8 reserves the memory of
/// a resizable buffer in whole pages, so a buffer whose data does not start on a page
/// boundary (one from `malloc`, as Node's are) is not: this spares nearly every call the
/// getter, which measured 150 ns. A resizable buffer is refused either way (the tests).
unsafe fn may_be_resizable(env: sys::napi_env, buffer: sys::napi_value) -> Result<bool, Failure> {
    const PAGE: usize = 4096;
    let mut data = ptr::null_mut();
    check(unsafe { sys::napi_get_arraybuffer_info(env, buffer, &mut data, ptr::null_mut()) })?;
    Ok(data.addr() % PAGE == 0)
}

/// Refuses the memory of a typed array that may change while the core reads it as a
/// slice: a `SharedArrayBuffer` (another thread may write it) or a resizable `ArrayBuffer`
/// (it may shrink).
unsafe fn fixed_memory(env: sys::napi_env, buffer: sys::napi_value) -> Result<(), Failure> {
    const COPY: &str = "pass a copy (Buffer.from(view) or view.slice())";
    unsafe {
        // `napi_is_arraybuffer` is false for a SharedArrayBuffer.
        let mut unshared = false;
        check(sys::napi_is_arraybuffer(env, buffer, &mut unshared))?;
        if !unshared {
            return Err(Failure::ArgType(format!(
                "bytes in a SharedArrayBuffer are refused, as another thread may write them \
                 while they are read: {COPY}"
            )));
        }
        if may_be_resizable(env, buffer)? && is_resizable(env, buffer)? {
            return Err(Failure::ArgType(format!(
                "bytes in a resizable ArrayBuffer are refused, as it may shrink while they \
                 are read: {COPY}"
            )));
        }
        Ok(())
    }
}

/// The bytes of a `Uint8Array` (a `Buffer` is one) over fixed, unshared memory; `None`
/// for any other object.
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
        let (mut kind, mut len, mut data, mut buffer) = (0, 0, ptr::null_mut(), ptr::null_mut());
        check(sys::napi_get_typedarray_info(
            env,
            value,
            &mut kind,
            &mut len,
            &mut data,
            &mut buffer,
            ptr::null_mut(),
        ))?;
        if kind != TypedarrayType::uint8_array {
            return Ok(None);
        }
        fixed_memory(env, buffer)?;
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

/// Whether a value is `undefined` or `null`: an option that was not given.
///
/// # Safety
/// `env` and `value` must belong to the current call.
pub unsafe fn is_absent(env: sys::napi_env, value: sys::napi_value) -> Result<bool, Failure> {
    let value_type = unsafe { type_of(env, value) }?;
    Ok(matches!(
        value_type,
        ValueType::napi_undefined | ValueType::napi_null
    ))
}

/// A string option; `None` when it is `undefined` or `null`.
///
/// # Safety
/// `env` and `value` must belong to the current call.
pub unsafe fn optional_text(
    env: sys::napi_env,
    value: sys::napi_value,
    what: &str,
) -> Result<Option<String>, Failure> {
    unsafe {
        if is_absent(env, value)? {
            return Ok(None);
        }
        text(env, value, what).map(Some)
    }
}

/// A whole number of seconds (a safe integer or a bigint in the i64 range); `None` when
/// not given. Anything else is the core's `invalid_timestamp`, naming `what`.
///
/// # Safety
/// `env` and `value` must belong to the current call.
pub unsafe fn seconds(
    env: sys::napi_env,
    value: sys::napi_value,
    what: &'static str,
) -> Result<Option<i64>, Failure> {
    unsafe {
        if is_absent(env, value)? {
            return Ok(None);
        }
        whole_number(env, value)?
            .map(Some)
            .ok_or(Failure::Core(Error::InvalidTimestamp(what)))
    }
}

/// A safe-integer number or a bigint in the i64 range; `None` for any other value.
unsafe fn whole_number(env: sys::napi_env, value: sys::napi_value) -> Result<Option<i64>, Failure> {
    unsafe {
        match type_of(env, value)? {
            ValueType::napi_number => {
                let mut n = 0f64;
                check(sys::napi_get_value_double(env, value, &mut n))?;
                Ok(safe_integer(n))
            }
            ValueType::napi_bigint => {
                Ok(bigint(env, value).ok().and_then(|n| i64::try_from(n).ok()))
            }
            _ => Ok(None),
        }
    }
}

/// A duration in seconds (`ttl`, `leeway`): [`seconds`], and not negative.
///
/// # Safety
/// `env` and `value` must belong to the current call.
pub unsafe fn duration(
    env: sys::napi_env,
    value: sys::napi_value,
    what: &'static str,
) -> Result<Option<u64>, Failure> {
    unsafe { seconds(env, value, what) }?
        .map(|n| u64::try_from(n).map_err(|_| Failure::Core(Error::InvalidTimestamp(what))))
        .transpose()
}

/// The bytes of a hash or token to verify: `undefined` and `null` are no bytes (the core
/// reports them `missing`); a string or bytes as they are; anything else a `TypeError`.
///
/// # Safety
/// As for [`user_id`].
pub unsafe fn presented<'s>(
    env: sys::napi_env,
    value: sys::napi_value,
    scratch: &'s mut Scratch,
    what: &str,
) -> Result<&'s [u8], Failure> {
    unsafe {
        if is_absent(env, value)? {
            return Ok(&[]);
        }
        hash(env, value, scratch)?.ok_or_else(|| {
            Failure::ArgType(format!(
                "{what} must be a string, Buffer or Uint8Array (or undefined), not {}",
                type_name(type_of(env, value).unwrap_or(ValueType::napi_object))
            ))
        })
    }
}

/// An optional argument given as text or bytes (the email of `explain`).
///
/// # Safety
/// As for [`user_id`].
pub unsafe fn optional_bytes<'s>(
    env: sys::napi_env,
    value: sys::napi_value,
    scratch: &'s mut Scratch,
    what: &str,
) -> Result<Option<&'s [u8]>, Failure> {
    unsafe {
        if is_absent(env, value)? {
            return Ok(None);
        }
        presented(env, value, scratch, what).map(Some)
    }
}

/// Property `name` of an object (`undefined` when it has none).
unsafe fn property(
    env: sys::napi_env,
    object: sys::napi_value,
    name: &CStr,
) -> Result<sys::napi_value, Failure> {
    let mut value = ptr::null_mut();
    check(unsafe { sys::napi_get_named_property(env, object, name.as_ptr(), &mut value) })?;
    Ok(value)
}

/// Whether `value` is an object that is not an array or typed array.
unsafe fn is_plain_object(env: sys::napi_env, value: sys::napi_value) -> Result<bool, Failure> {
    unsafe {
        if type_of(env, value)? != ValueType::napi_object {
            return Ok(false);
        }
        let (mut is_array, mut is_typed_array) = (false, false);
        check(sys::napi_is_array(env, value, &mut is_array))?;
        check(sys::napi_is_typedarray(env, value, &mut is_typed_array))?;
        Ok(!is_array && !is_typed_array)
    }
}

/// The widget options `{ preset, appId, global, nonce, user }` as the core's configuration
/// and the nonce. The user is `{ id, name, email, phone, profilePictureUrl, createdAt,
/// metadata }`, or `null`/`undefined` for an anonymous visitor; the core checks every field.
///
/// # Safety
/// `env` and `value` must belong to the current call.
pub unsafe fn widget_options(
    env: sys::napi_env,
    value: sys::napi_value,
) -> Result<(WidgetConfig, Option<String>), Failure> {
    unsafe {
        if !is_plain_object(env, value)? {
            return Err(Failure::ArgType(
                "the widget options must be an object { preset, appId, user, nonce, global }"
                    .to_owned(),
            ));
        }
        let preset = text(env, property(env, value, c"preset")?, "preset")?;
        let app_id = text(env, property(env, value, c"appId")?, "appId")?;
        let global = optional_text(env, property(env, value, c"global")?, "global")?;
        let nonce = optional_text(env, property(env, value, c"nonce")?, "nonce")?;
        let user = property(env, value, c"user")?;
        let user = if is_absent(env, user)? {
            None
        } else if is_plain_object(env, user)? {
            Some(widget_user(env, user)?)
        } else {
            return Err(Failure::ArgType(
                "user must be an object { id, name, … } or null for an anonymous visitor"
                    .to_owned(),
            ));
        };
        let config = WidgetConfig {
            preset: Preset::from_name(&preset)?,
            app_id,
            global,
            user,
        };
        Ok((config, nonce))
    }
}

unsafe fn widget_user(env: sys::napi_env, user: sys::napi_value) -> Result<WidgetUser, Failure> {
    unsafe {
        let mut scratch = Scratch::new();
        let id = user_id(env, property(env, user, c"id")?, &mut scratch)?;
        let id = String::from_utf8(id.to_vec())
            .map_err(|_| Error::InvalidUserIdType("bytes that are not UTF-8".to_owned()))?;
        let field = |name: &CStr, what: &str| optional_text(env, property(env, user, name)?, what);
        let metadata = property(env, user, c"metadata")?;
        Ok(WidgetUser {
            id,
            name: field(c"name", "name")?,
            email: field(c"email", "email")?,
            phone: field(c"phone", "phone")?,
            profile_picture_url: field(c"profilePictureUrl", "profilePictureUrl")?,
            created_at: seconds(env, property(env, user, c"createdAt")?, "createdAt")?,
            metadata: if is_absent(env, metadata)? {
                None
            } else {
                Some(widget_metadata(env, metadata)?)
            },
        })
    }
}

/// A flat object of text, safe-integer, boolean or null values; its own enumerable string
/// keys, in any order (the core sorts them).
unsafe fn widget_metadata(
    env: sys::napi_env,
    object: sys::napi_value,
) -> Result<Vec<(String, MetaValue)>, Failure> {
    const NOT_FLAT: &str = "values must be strings, safe integers, booleans or null";
    unsafe {
        if !is_plain_object(env, object)? {
            return Err(Error::InvalidMetadata("it must be a plain object").into());
        }
        let mut keys = ptr::null_mut();
        check(sys::napi_get_all_property_names(
            env,
            object,
            sys::KeyCollectionMode::own_only,
            sys::KeyFilter::enumerable | sys::KeyFilter::skip_symbols,
            sys::KeyConversion::numbers_to_strings,
            &mut keys,
        ))?;
        let mut len = 0;
        check(sys::napi_get_array_length(env, keys, &mut len))?;
        let mut entries = Vec::new();
        entries.try_reserve_exact(len as usize)?;
        for index in 0..len {
            let mut key = ptr::null_mut();
            check(sys::napi_get_element(env, keys, index, &mut key))?;
            let mut value = ptr::null_mut();
            check(sys::napi_get_property(env, object, key, &mut value))?;
            let meta = match type_of(env, value)? {
                ValueType::napi_string => MetaValue::Text(text(env, value, "a metadata value")?),
                ValueType::napi_boolean => {
                    let mut b = false;
                    check(sys::napi_get_value_bool(env, value, &mut b))?;
                    MetaValue::Bool(b)
                }
                ValueType::napi_null => MetaValue::Null,
                ValueType::napi_number | ValueType::napi_bigint => MetaValue::Integer(
                    whole_number(env, value)?.ok_or(Error::InvalidMetadata(NOT_FLAT))?,
                ),
                _ => return Err(Error::InvalidMetadata(NOT_FLAT).into()),
            };
            entries.push((text(env, key, "a metadata key")?, meta));
        }
        Ok(entries)
    }
}

/// A JS string of UTF-8 text.
///
/// # Safety
/// `env` must be the live environment of the current call.
pub unsafe fn js_string(env: sys::napi_env, text: &str) -> Result<sys::napi_value, Failure> {
    let mut value = ptr::null_mut();
    check(unsafe {
        sys::napi_create_string_utf8(env, text.as_ptr().cast(), text.len() as isize, &mut value)
    })?;
    Ok(value)
}

/// A JS string, or `null` for `None`.
unsafe fn js_optional_string(
    env: sys::napi_env,
    text: Option<&str>,
) -> Result<sys::napi_value, Failure> {
    unsafe {
        match text {
            Some(text) => js_string(env, text),
            None => js_null(env),
        }
    }
}

/// `null`.
///
/// # Safety
/// `env` must be the live environment of the current call.
pub unsafe fn js_null(env: sys::napi_env) -> Result<sys::napi_value, Failure> {
    let mut value = ptr::null_mut();
    check(unsafe { sys::napi_get_null(env, &mut value) })?;
    Ok(value)
}

/// A plain object with these properties, in this order.
unsafe fn js_object(
    env: sys::napi_env,
    fields: &[(&CStr, sys::napi_value)],
) -> Result<sys::napi_value, Failure> {
    unsafe {
        let mut object = ptr::null_mut();
        check(sys::napi_create_object(env, &mut object))?;
        for (name, value) in fields {
            check(sys::napi_set_named_property(
                env,
                object,
                name.as_ptr(),
                *value,
            ))?;
        }
        Ok(object)
    }
}

/// An array of these values.
///
/// # Safety
/// `env` must be the live environment of the current call.
pub unsafe fn js_array(
    env: sys::napi_env,
    values: &[sys::napi_value],
) -> Result<sys::napi_value, Failure> {
    unsafe {
        let mut array = ptr::null_mut();
        check(sys::napi_create_array_with_length(
            env,
            values.len(),
            &mut array,
        ))?;
        for (index, value) in (0..).zip(values) {
            check(sys::napi_set_element(env, array, index, *value))?;
        }
        Ok(array)
    }
}

/// `{ outcome, keyId, reason }`, with `null` for what the outcome does not have.
///
/// # Safety
/// `env` must be the live environment of the current call.
pub unsafe fn verification(
    env: sys::napi_env,
    result: &Verification,
) -> Result<sys::napi_value, Failure> {
    unsafe {
        js_object(
            env,
            &[
                (c"outcome", js_string(env, result.outcome())?),
                (c"keyId", js_optional_string(env, result.key_id())?),
                (c"reason", js_optional_string(env, result.reason())?),
            ],
        )
    }
}

/// `{ outcome, reason, keyId, userId, hashPrefix }`: what the core tells a monitoring hook.
///
/// # Safety
/// `env` must be the live environment of the current call.
pub unsafe fn failure_event(
    env: sys::napi_env,
    event: &FailureEvent,
) -> Result<sys::napi_value, Failure> {
    unsafe {
        js_object(
            env,
            &[
                (c"outcome", js_string(env, event.outcome)?),
                (c"reason", js_optional_string(env, event.reason)?),
                (c"keyId", js_optional_string(env, event.key_id.as_deref())?),
                (c"userId", js_string(env, &event.user_id)?),
                (c"hashPrefix", js_string(env, &event.hash_prefix)?),
            ],
        )
    }
}

/// `{ code, message }` of an `explain` finding.
///
/// # Safety
/// `env` must be the live environment of the current call.
pub unsafe fn finding(env: sys::napi_env, finding: &Finding) -> Result<sys::napi_value, Failure> {
    unsafe {
        js_object(
            env,
            &[
                (c"code", js_string(env, finding.code)?),
                (c"message", js_string(env, &finding.message)?),
            ],
        )
    }
}
