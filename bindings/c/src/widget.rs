//! Widget configuration snippets (docs/spec.md, section 5) from a configuration in JSON,
//! which every wrapper writes with its own JSON encoder and the core parses strictly.

use std::ffi::c_char;

use userhash_core::WidgetConfig;

use crate::boundary::{check_ptr, guard, text, userhash_string, write_string};
use crate::result::{Failure, userhash_result};
use crate::signer::userhash_signer;

/// Reads a configuration given as JSON.
///
/// # Safety
/// `config_json` points to `config_json_len` readable bytes.
unsafe fn read_config(
    config_json: *const c_char,
    config_json_len: usize,
) -> Result<WidgetConfig, Failure> {
    // SAFETY: forwarded from the caller's contract.
    Ok(WidgetConfig::from_json(unsafe {
        text(config_json, config_json_len)
    }?)?)
}

/// Writes the configuration object for `config_json` as HTML-safe JSON, with the hash of
/// the user's id, to `*json_out` (release it with `userhash_string_free`).
///
/// `config_json` is UTF-8 JSON (docs/spec.md, section 5.3): `{"preset", "app_id",
/// "global"?, "user"?: {"id", "name"?, "email"?, "phone"?, "profile_picture_url"?,
/// "created_at"?, "metadata"?}}`, where `null` is a field left out and `id` is text or an
/// integer. A field it does not have, a value of the wrong type, a key given twice or text
/// that is not JSON is `USERHASH_RESULT_INVALID_WIDGET_CONFIG`; then each field's own rule
/// applies (two metadata entries with one key are `USERHASH_RESULT_INVALID_METADATA`).
///
/// # Safety
/// `signer` is a live handle; `config_json` points to `config_json_len` readable bytes;
/// `json_out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_widget_json(
    signer: *const userhash_signer,
    config_json: *const c_char,
    config_json_len: usize,
    json_out: *mut userhash_string,
) -> userhash_result {
    guard(|| {
        check_ptr(json_out)?;
        // SAFETY: the caller guarantees a live handle or NULL and readable inputs.
        let signer = unsafe { signer.as_ref() }.ok_or(userhash_result::NullParameter)?;
        let config = unsafe { read_config(config_json, config_json_len) }?;
        let json = config.to_json(signer.inner())?;
        // SAFETY: checked not NULL above; the caller guarantees it is writable.
        unsafe { write_string(json_out, json) };
        Ok(())
    })
}

/// Writes a whole `<script>` element assigning the configuration of `config_json` (as for
/// `userhash_widget_json`) to the preset's global, with a CSP `nonce` attribute when
/// `nonce` is not NULL, to `*script_out` (release it with `userhash_string_free`).
///
/// # Safety
/// As `userhash_widget_json`; `nonce` is NULL or points to `nonce_len` readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_widget_script(
    signer: *const userhash_signer,
    config_json: *const c_char,
    config_json_len: usize,
    nonce: *const c_char,
    nonce_len: usize,
    script_out: *mut userhash_string,
) -> userhash_result {
    guard(|| {
        check_ptr(script_out)?;
        // SAFETY: the caller guarantees a live handle or NULL and readable inputs.
        let signer = unsafe { signer.as_ref() }.ok_or(userhash_result::NullParameter)?;
        let config = unsafe { read_config(config_json, config_json_len) }?;
        let nonce = if nonce.is_null() {
            None
        } else {
            Some(unsafe { text(nonce, nonce_len) }?)
        };
        let script = config.to_script(signer.inner(), nonce)?;
        // SAFETY: checked not NULL above; the caller guarantees it is writable.
        unsafe { write_string(script_out, script) };
        Ok(())
    })
}
