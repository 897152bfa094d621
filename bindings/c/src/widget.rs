//! Widget configuration snippets (docs/spec.md, section 5) from a configuration in JSON,
//! which every wrapper writes with its own JSON encoder and the core parses strictly.

use std::ffi::c_char;

use userhash_core::WidgetConfig;

use crate::boundary::{live, optional_input, text, userhash_string, utf8, write_out};
use crate::result::userhash_result;
use crate::signer::userhash_signer;

/// Writes the configuration object of the JSON `config_json` (fields as in the README) as
/// HTML-safe JSON, with the user id's hash, to `*json_out`. Strictly parsed: an unknown
/// field, a wrong type, a duplicate key or bad JSON is `USERHASH_RESULT_INVALID_WIDGET_CONFIG`.
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
    // SAFETY: forwarded from the caller's contract.
    unsafe {
        write_out(json_out, || {
            let signer = &live(signer)?.signer;
            let config = WidgetConfig::from_json(text(config_json, config_json_len)?)?;
            Ok(config.to_json(signer)?.into())
        })
    }
}

/// As `userhash_widget_json`, for the whole `<script>` element that assigns it to the
/// preset's global, with a CSP `nonce` attribute when `nonce` is not NULL.
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
    // SAFETY: forwarded from the caller's contract.
    unsafe {
        write_out(script_out, || {
            let signer = &live(signer)?.signer;
            let config = WidgetConfig::from_json(text(config_json, config_json_len)?)?;
            let nonce = optional_input(nonce, nonce_len)?.map(utf8).transpose()?;
            Ok(config.to_script(signer, nonce)?.into())
        })
    }
}
