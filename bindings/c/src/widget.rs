//! Widget configuration snippets (docs/spec.md, section 5) from a C struct.

use std::ffi::c_char;

use userhash::{MetaValue, Preset, WidgetConfig, WidgetUser};

use crate::boundary::{array, guard, input, optional_i64, text, write_sized};
use crate::result::userhash_result;
use crate::signer::userhash_signer;

/// The kind of a metadata value (`userhash_widget_meta.kind`).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum userhash_meta_kind {
    /// A JSON string: `text` / `text_len`.
    Text = 0,
    /// A JSON integer: `integer`.
    Integer = 1,
    /// `true` or `false`: `boolean`.
    Bool = 2,
    /// `null`.
    Null = 3,
}

/// One metadata entry (Hal and generic presets). Keys are written sorted by their UTF-8
/// bytes, whatever the order of the array.
#[repr(C)]
pub struct userhash_widget_meta {
    /// The key: UTF-8, not empty.
    pub key: *const c_char,
    /// Length of `key` in bytes.
    pub key_len: usize,
    /// A `userhash_meta_kind` value; any other is `USERHASH_RESULT_INVALID_METADATA`.
    pub kind: u32,
    /// The text of a `USERHASH_META_KIND_TEXT` value (UTF-8).
    pub text: *const c_char,
    /// Length of `text` in bytes.
    pub text_len: usize,
    /// The value of a `USERHASH_META_KIND_INTEGER`.
    pub integer: i64,
    /// The value of a `USERHASH_META_KIND_BOOL`: 0 is false, anything else true (a byte, not
    /// a C `bool`, so that no caller can hand Rust an invalid `bool`).
    pub boolean: u8,
}

/// The logged-in user. Every text is UTF-8 given as pointer + length; a NULL pointer
/// leaves the optional field out. The hash is computed from `id`, never given.
#[repr(C)]
pub struct userhash_widget_user {
    /// The user id (required, not empty), hashed as its bytes.
    pub id: *const c_char,
    /// Length of `id` in bytes.
    pub id_len: usize,
    /// Full name, or NULL.
    pub name: *const c_char,
    /// Length of `name` in bytes.
    pub name_len: usize,
    /// Email address, or NULL.
    pub email: *const c_char,
    /// Length of `email` in bytes.
    pub email_len: usize,
    /// Phone number in E.164 form (tau, generic), or NULL.
    pub phone: *const c_char,
    /// Length of `phone` in bytes.
    pub phone_len: usize,
    /// http(s) URL of a profile picture (tau, generic), or NULL.
    pub profile_picture_url: *const c_char,
    /// Length of `profile_picture_url` in bytes.
    pub profile_picture_url_len: usize,
    /// Unix seconds at which the user was created (tau, generic), or NULL. Negative is
    /// `USERHASH_RESULT_INVALID_TIMESTAMP`, 10^11 or more (milliseconds)
    /// `USERHASH_RESULT_TIMESTAMP_IN_MILLISECONDS`.
    pub created_at: *const i64,
    /// `metadata_len` entries (hal, generic), or NULL for no metadata. A non-NULL pointer
    /// with `metadata_len` 0 is an empty object. Two entries with the same key are
    /// `USERHASH_RESULT_INVALID_METADATA`.
    pub metadata: *const userhash_widget_meta,
    /// Number of entries at `metadata`.
    pub metadata_len: usize,
}

/// A widget configuration.
#[repr(C)]
pub struct userhash_widget_config {
    /// `"tau"`, `"hal"` or `"generic"` (anything else is `USERHASH_RESULT_UNKNOWN_PRESET`).
    pub preset: *const c_char,
    /// Length of `preset` in bytes.
    pub preset_len: usize,
    /// The app id the vendor gave you (not empty).
    pub app_id: *const c_char,
    /// Length of `app_id` in bytes.
    pub app_id_len: usize,
    /// The global the script element assigns (generic preset only), or NULL for the
    /// preset's own (`window.taubotConfig`, `window.HalSettings`, `window.userhashConfig`).
    pub global: *const c_char,
    /// Length of `global` in bytes.
    pub global_len: usize,
    /// The logged-in user, or NULL for an anonymous visitor (no id, no hash).
    pub user: *const userhash_widget_user,
}

/// An optional text field: NULL is absent.
///
/// # Safety
/// As `boundary::input`.
unsafe fn optional_text(ptr: *const c_char, len: usize) -> Result<Option<String>, userhash_result> {
    if ptr.is_null() {
        return Ok(None);
    }
    // SAFETY: forwarded from the caller's contract.
    unsafe { text(ptr, len) }.map(|t| Some(t.to_owned()))
}

/// # Safety
/// `meta` points to a readable entry whose pointers follow the struct's contract.
unsafe fn meta_entry(meta: &userhash_widget_meta) -> Result<(String, MetaValue), userhash_result> {
    // SAFETY: forwarded from the caller's contract.
    let key = unsafe { text(meta.key, meta.key_len) }?.to_owned();
    let value = match meta.kind {
        k if k == userhash_meta_kind::Text as u32 => {
            // SAFETY: as above.
            MetaValue::Text(unsafe { text(meta.text, meta.text_len) }?.to_owned())
        }
        k if k == userhash_meta_kind::Integer as u32 => MetaValue::Integer(meta.integer),
        k if k == userhash_meta_kind::Bool as u32 => MetaValue::Bool(meta.boolean != 0),
        k if k == userhash_meta_kind::Null as u32 => MetaValue::Null,
        _ => return Err(userhash::Error::InvalidMetadata("unknown value kind").into()),
    };
    Ok((key, value))
}

/// # Safety
/// `user` follows the contract of `userhash_widget_user`.
unsafe fn widget_user(user: &userhash_widget_user) -> Result<WidgetUser, userhash_result> {
    // SAFETY: every pointer below follows the struct's contract.
    unsafe {
        let id = std::str::from_utf8(input(user.id, user.id_len)?)
            .map_err(|_| userhash_result::UserIdNotUnicode)?
            .to_owned();
        let metadata = if user.metadata.is_null() {
            None
        } else {
            // Grown with the entries read, never to the size metadata_len only claims.
            let mut entries = Vec::new();
            for entry in array(user.metadata, user.metadata_len)? {
                entries.push(meta_entry(entry)?);
            }
            Some(entries)
        };
        Ok(WidgetUser {
            id,
            name: optional_text(user.name, user.name_len)?,
            email: optional_text(user.email, user.email_len)?,
            phone: optional_text(user.phone, user.phone_len)?,
            profile_picture_url: optional_text(
                user.profile_picture_url,
                user.profile_picture_url_len,
            )?,
            created_at: optional_i64(user.created_at),
            metadata,
        })
    }
}

/// Converts the C configuration.
///
/// # Safety
/// `config` is NULL or follows the contract of `userhash_widget_config`.
unsafe fn widget_config(
    config: *const userhash_widget_config,
) -> Result<WidgetConfig, userhash_result> {
    // SAFETY: every pointer below follows the struct's contract.
    unsafe {
        let config = config.as_ref().ok_or(userhash_result::NullParameter)?;
        Ok(WidgetConfig {
            preset: Preset::from_name(text(config.preset, config.preset_len)?)?,
            app_id: text(config.app_id, config.app_id_len)?.to_owned(),
            global: optional_text(config.global, config.global_len)?,
            user: config.user.as_ref().map(|u| widget_user(u)).transpose()?,
        })
    }
}

/// Writes the configuration object as HTML-safe JSON (docs/spec.md, section 5.2; the hash
/// computed from the user's id with `signer`) and a NUL to `json_out`, and its length
/// without the NUL to `*json_len_out`. When `json_out_len` is too small the result is
/// `USERHASH_RESULT_BUFFER_TOO_SMALL` and only `*json_len_out` is written: call again with
/// `*json_len_out + 1` bytes. Invalid fields give their result codes.
///
/// # Safety
/// `signer` is a live handle; `config` and everything it points to is readable as its
/// documentation says; `json_out` points to `json_out_len` writable bytes; `json_len_out`
/// is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_widget_json(
    signer: *const userhash_signer,
    config: *const userhash_widget_config,
    json_out: *mut c_char,
    json_out_len: usize,
    json_len_out: *mut usize,
) -> userhash_result {
    guard(|| {
        // SAFETY: the caller guarantees a live handle or NULL and a readable config.
        let signer = unsafe { signer.as_ref() }.ok_or(userhash_result::NullParameter)?;
        let json = unsafe { widget_config(config) }?.to_json(signer.inner())?;
        // SAFETY: the caller guarantees the output pointers.
        unsafe { write_sized(json_out, json_out_len, json_len_out, json.as_bytes()) }
    })
}

/// Writes the complete `<script>` element (`<script>GLOBAL = JSON;</script>`, with
/// `nonce="…"` when `nonce` is not NULL) and a NUL to `script_out`, and its length without
/// the NUL to `*script_len_out`; buffer sizes as in `userhash_widget_json`.
///
/// # Safety
/// As `userhash_widget_json`; `nonce` is NULL or points to `nonce_len` readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_widget_script(
    signer: *const userhash_signer,
    config: *const userhash_widget_config,
    nonce: *const c_char,
    nonce_len: usize,
    script_out: *mut c_char,
    script_out_len: usize,
    script_len_out: *mut usize,
) -> userhash_result {
    guard(|| {
        // SAFETY: the caller guarantees a live handle or NULL and readable inputs.
        let signer = unsafe { signer.as_ref() }.ok_or(userhash_result::NullParameter)?;
        let config = unsafe { widget_config(config) }?;
        let nonce = unsafe { optional_text(nonce, nonce_len) }?;
        let script = config.to_script(signer.inner(), nonce.as_deref())?;
        // SAFETY: the caller guarantees the output pointers.
        unsafe {
            write_sized(
                script_out,
                script_out_len,
                script_len_out,
                script.as_bytes(),
            )
        }
    })
}
