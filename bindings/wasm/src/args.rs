//! The inputs as the glue passes them: bytes at a pointer, a user id with the kind of JS
//! value it was, optional times as a flag and a value, secrets with whether they were text.

use userhash::{Error, IntegerId, Preset, Secret, check_duration};

use crate::boundary::{Failure, Result};

/// Borrows `len` bytes at `ptr`. Safety: `ptr` and `len` are memory from `uh_alloc`
/// holding an input, or `len` is 0.
pub unsafe fn bytes<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
    if len == 0 {
        return &[];
    }
    // SAFETY: the caller's contract.
    unsafe { std::slice::from_raw_parts(ptr, len) }
}

/// The text of a string argument named `name` (a key id, a preset, a JSON configuration),
/// which the glue encoded as UTF-8.
pub fn text<'a>(bytes: &'a [u8], name: &str) -> Result<&'a str> {
    std::str::from_utf8(bytes).map_err(|_| Failure::ArgType(format!("{name} must be a string")))
}

/// What kind of JS value a user id was; the bytes are then its UTF-8, its decimal text, or
/// what the error message says it was.
pub mod id_kind {
    /// A string (as UTF-8, lone surrogates as U+FFFD) or a `Uint8Array`: hashed as they are.
    pub const BYTES: u32 = 0;
    /// A safe integer or a bigint, as decimal text.
    pub const INTEGER: u32 = 1;
    /// A number that is not a safe integer, as JS writes it.
    pub const UNSAFE_NUMBER: u32 = 2;
    // Any other kind (3): a value no id can be; the bytes are its type's name (`undefined`,
    // `a boolean`, …), as the error says.
}

/// A user id's bytes, as the native addon reads the same JS value: an integer is hashed as
/// the core's canonical decimal (`integer` holds it).
pub fn user_id<'a>(
    kind: u32,
    bytes: &'a [u8],
    integer: &'a mut Option<IntegerId>,
) -> Result<&'a [u8]> {
    let what = || String::from_utf8_lossy(bytes).into_owned();
    match kind {
        id_kind::BYTES => Ok(bytes),
        id_kind::INTEGER => {
            let n = what().parse::<i128>().map_err(|_| Error::UserIdOutOfRange)?;
            let id: &IntegerId = integer.insert(IntegerId::new(n));
            Ok(id.as_ref())
        }
        id_kind::UNSAFE_NUMBER => Err(Error::InvalidUserIdType(format!(
            "the number {}: only safe integers (Number.isSafeInteger) are accepted; pass larger \
             ids as a bigint or a string",
            what()
        ))
        .into()),
        _ => Err(Error::InvalidUserIdType(what()).into()),
    }
}

/// An optional time or duration: `0` absent, `1` the value, `2` not a whole number in range.
pub fn seconds(flag: u32, value: i64, name: &'static str) -> Result<Option<i64>> {
    match flag {
        0 => Ok(None),
        1 => Ok(Some(value)),
        _ => Err(Error::InvalidTimestamp(name).into()),
    }
}

/// The time of a call: the caller's `now`, or the glue's `Date.now()`.
pub fn now(flag: u32, value: i64) -> Result<i64> {
    Ok(seconds(flag, value, "now")?.unwrap_or(value))
}

/// An optional duration (`ttl`, `leeway`), checked by the core's rule.
pub fn duration(flag: u32, value: i64, name: &'static str) -> Result<Option<u64>> {
    Ok(seconds(flag, value, name)?.map(|n| check_duration(n, name)).transpose()?)
}

/// A secret: a string's UTF-8 (read as `preset`'s profile reads it, when given) or key bytes.
pub fn secret(bytes: &[u8], is_text: u32, preset: Option<Preset>) -> Result<Secret> {
    if is_text == 0 {
        return Ok(Secret::from_bytes(bytes)?);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| Error::SecretNotUtf8)?;
    Ok(match preset {
        Some(preset) => preset.secret(text)?,
        None => Secret::from_text(text)?,
    })
}

/// A preset named by `bytes`, when `given` is not 0.
pub fn preset(given: u32, bytes: &[u8]) -> Result<Option<Preset>> {
    (given != 0).then(|| Ok(Preset::from_name(text(bytes, "the preset")?)?)).transpose()
}
