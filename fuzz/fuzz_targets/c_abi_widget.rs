//! The C widget entry points (`userhash_widget_json`, `userhash_widget_script`) with every
//! pointer NULL or real, any bytes in every field (well-formed, arbitrary, not UTF-8),
//! metadata of every kind (and unknown kinds), and output buffers of any size: never the
//! PANIC result; on failure nothing is written (a buffer too small gets only the length
//! it needs); the result and the text agree with the Rust API on the same configuration.
#![no_main]

use std::ptr;

use arbitrary::{Result, Unstructured};
use cabi::{
    userhash_meta_kind, userhash_result, userhash_signer, userhash_signer_free,
    userhash_signer_new_bytes, userhash_widget_config, userhash_widget_json, userhash_widget_meta,
    userhash_widget_script, userhash_widget_user,
};
use libfuzzer_sys::fuzz_target;
use userhash::{MetaValue, Preset, Signer, WidgetConfig, WidgetUser};
use userhash_fuzz::{
    CBytes, OutBuf, UNWRITTEN_LEN, check_sized, checked, email, global, nonce, null_or, phone,
    result_code, text_errors, timestamp, url,
};

const KEY: &[u8] = b"fuzz-key";
const BASE: i64 = 1_767_225_600;

/// Well-formed text from `make`, or arbitrary bytes (perhaps not UTF-8).
fn bytes_or(
    make: fn(&mut Unstructured) -> Result<String>,
) -> impl FnOnce(&mut Unstructured) -> Result<Vec<u8>> {
    move |u| {
        Ok(if u.ratio(1, 4)? {
            u.arbitrary::<&[u8]>()?.to_vec()
        } else {
            make(u)?.into_bytes()
        })
    }
}

fn any_text(u: &mut Unstructured) -> Result<String> {
    u.arbitrary()
}

/// One metadata entry and the storage its pointers point into.
struct Meta {
    key: CBytes,
    kind: u32,
    text: CBytes,
    integer: i64,
    boolean: u8,
}

impl Meta {
    fn new(u: &mut Unstructured) -> Result<Self> {
        Ok(Meta {
            key: CBytes::new(u, bytes_or(any_text))?,
            kind: if u.ratio(1, 16)? {
                u.arbitrary()?
            } else {
                u.int_in_range(0..=3)?
            },
            text: CBytes::new(u, bytes_or(any_text))?,
            integer: u.arbitrary()?,
            boolean: u.arbitrary()?,
        })
    }

    fn c(&self) -> userhash_widget_meta {
        userhash_widget_meta {
            key: self.key.ptr(),
            key_len: self.key.len(),
            kind: self.kind,
            text: self.text.ptr(),
            text_len: self.text.len(),
            integer: self.integer,
            boolean: self.boolean,
        }
    }

    /// The Rust entry, or the interface errors of this one.
    fn rust(&self, errors: &mut Vec<userhash_result>) -> Option<(String, MetaValue)> {
        let key = text_errors(&self.key, errors);
        let value = match self.kind {
            k if k == userhash_meta_kind::Text as u32 => {
                MetaValue::Text(text_errors(&self.text, errors)?)
            }
            k if k == userhash_meta_kind::Integer as u32 => MetaValue::Integer(self.integer),
            k if k == userhash_meta_kind::Bool as u32 => MetaValue::Bool(self.boolean != 0),
            k if k == userhash_meta_kind::Null as u32 => MetaValue::Null,
            _ => {
                errors.push(userhash_result::InvalidMetadata);
                return None;
            }
        };
        Some((key?, value))
    }
}

/// An optional text field: NULL, or bytes; not UTF-8 is `TEXT_NOT_UTF8`.
fn optional_text(input: &CBytes, errors: &mut Vec<userhash_result>) -> Option<String> {
    input.get()?;
    text_errors(input, errors)
}

/// The user and the storage its pointers point into.
struct User {
    id: CBytes,
    name: CBytes,
    email: CBytes,
    phone: CBytes,
    url: CBytes,
    created_at: Option<i64>,
    /// `Err`: a NULL pointer with this length.
    metadata: Result<Vec<Meta>, usize>,
    c_metadata: Vec<userhash_widget_meta>,
}

impl User {
    fn new(u: &mut Unstructured) -> Result<Self> {
        let metadata = if u.arbitrary()? {
            Err(u.arbitrary()?)
        } else {
            (0..u.int_in_range(0..=4)?)
                .map(|_| Meta::new(u))
                .collect::<Result<Vec<_>>>()
                .map(Ok)?
        };
        let c_metadata = metadata
            .as_ref()
            .map_or(Vec::new(), |m| m.iter().map(Meta::c).collect());
        Ok(User {
            id: CBytes::new(u, bytes_or(any_text))?,
            name: CBytes::optional(u, bytes_or(any_text))?,
            email: CBytes::optional(u, bytes_or(email))?,
            phone: CBytes::optional(u, bytes_or(phone))?,
            url: CBytes::optional(u, bytes_or(url))?,
            created_at: if u.arbitrary()? {
                Some(timestamp(u, BASE)?)
            } else {
                None
            },
            metadata,
            c_metadata,
        })
    }

    fn c(&self) -> userhash_widget_user {
        let (metadata, metadata_len) = match &self.metadata {
            Ok(_) => (self.c_metadata.as_ptr(), self.c_metadata.len()),
            Err(len) => (ptr::null(), *len),
        };
        userhash_widget_user {
            id: self.id.ptr(),
            id_len: self.id.len(),
            name: self.name.ptr(),
            name_len: self.name.len(),
            email: self.email.ptr(),
            email_len: self.email.len(),
            phone: self.phone.ptr(),
            phone_len: self.phone.len(),
            profile_picture_url: self.url.ptr(),
            profile_picture_url_len: self.url.len(),
            created_at: self.created_at.as_ref().map_or(ptr::null(), ptr::from_ref),
            metadata,
            metadata_len,
        }
    }

    /// The Rust user, or the interface errors of this one.
    fn rust(&self, errors: &mut Vec<userhash_result>) -> Option<WidgetUser> {
        let before = errors.len();
        let id = match self.id.get().map(std::str::from_utf8) {
            None => Err(userhash_result::NullParameter),
            Some(Err(_)) => Err(userhash_result::UserIdNotUnicode),
            Some(Ok(id)) => Ok(id.to_owned()),
        };
        let id = id.map_err(|e| errors.push(e)).unwrap_or_default();
        let metadata = match &self.metadata {
            Err(_) => None,
            Ok(entries) => Some(entries.iter().filter_map(|m| m.rust(errors)).collect()),
        };
        let user = WidgetUser {
            id,
            name: optional_text(&self.name, errors),
            email: optional_text(&self.email, errors),
            phone: optional_text(&self.phone, errors),
            profile_picture_url: optional_text(&self.url, errors),
            created_at: self.created_at,
            metadata,
        };
        (errors.len() == before).then_some(user)
    }
}

/// The configuration and the storage its pointers point into.
struct Config {
    preset: CBytes,
    app_id: CBytes,
    global: CBytes,
    user: Option<User>,
}

impl Config {
    fn new(u: &mut Unstructured) -> Result<Self> {
        let preset = |u: &mut Unstructured| -> Result<Vec<u8>> {
            Ok(match u.int_in_range(0..=7u8)? {
                0 => u.arbitrary::<&[u8]>()?.to_vec(),
                1 => b"TAU".to_vec(),
                2 | 3 => b"tau".to_vec(),
                4 | 5 => b"hal".to_vec(),
                _ => b"generic".to_vec(),
            })
        };
        Ok(Config {
            preset: CBytes::new(u, preset)?,
            app_id: CBytes::new(u, bytes_or(any_text))?,
            global: CBytes::optional(u, bytes_or(global))?,
            user: if u.ratio(1, 8)? {
                None
            } else {
                Some(User::new(u)?)
            },
        })
    }

    /// The C struct; `user` must outlive it.
    fn c(&self, user: Option<&userhash_widget_user>) -> userhash_widget_config {
        userhash_widget_config {
            preset: self.preset.ptr(),
            preset_len: self.preset.len(),
            app_id: self.app_id.ptr(),
            app_id_len: self.app_id.len(),
            global: self.global.ptr(),
            global_len: self.global.len(),
            user: user.map_or(ptr::null(), ptr::from_ref),
        }
    }

    /// The Rust configuration, or the interface errors of this one (an unknown preset
    /// is the core's error, met while reading the struct).
    fn rust(&self, errors: &mut Vec<userhash_result>) -> Option<WidgetConfig> {
        let before = errors.len();
        let preset = text_errors(&self.preset, errors).and_then(|name| {
            Preset::from_name(&name)
                .map_err(|e| errors.push(e.into()))
                .ok()
        });
        let app_id = text_errors(&self.app_id, errors);
        let global = optional_text(&self.global, errors);
        let user = self.user.as_ref().map(|user| user.rust(errors));
        if errors.len() != before {
            return None;
        }
        Some(WidgetConfig {
            preset: preset?,
            app_id: app_id?,
            global,
            user: user.map(Option::unwrap),
        })
    }
}

/// A signer handle, or NULL; freed on drop.
struct SignerHandle(*mut userhash_signer);

impl SignerHandle {
    fn new(u: &mut Unstructured) -> Result<Self> {
        if u.ratio(1, 32)? {
            return Ok(SignerHandle(ptr::null_mut()));
        }
        let mut signer = ptr::null_mut();
        // SAFETY: KEY is valid for its length; signer is writable.
        let result =
            unsafe { userhash_signer_new_bytes(KEY.as_ptr().cast(), KEY.len(), &mut signer) };
        assert_eq!(result, userhash_result::Ok);
        Ok(SignerHandle(signer))
    }
}

impl Drop for SignerHandle {
    fn drop(&mut self) {
        // SAFETY: NULL or a live handle, not used afterwards.
        unsafe { userhash_signer_free(self.0) };
    }
}

/// Checks a call that writes a text of any length against the interface errors and the
/// text (or error) Rust gave.
fn check_text(
    result: userhash_result,
    interface_errors: &[userhash_result],
    rust: &Option<userhash::Result<String>>,
    out: &OutBuf,
    len: usize,
    len_null: bool,
) {
    let untouched = out.untouched() && len == UNWRITTEN_LEN;
    match rust {
        None => {
            assert!(
                interface_errors.contains(&result),
                "{result:?} not among {interface_errors:?}"
            );
            assert!(untouched, "output written on failure");
        }
        Some(Err(e)) => {
            assert_eq!(result_code(result), e.code());
            assert!(untouched, "output written on failure");
        }
        Some(Ok(text)) => check_sized(result, out, len, len_null, text.as_bytes()),
    }
}

/// An output buffer around the size the text needs, to hit the boundary.
fn out_for(u: &mut Unstructured, rust: &Option<userhash::Result<String>>) -> Result<OutBuf> {
    let needed = match rust {
        Some(Ok(text)) => text.len() + 1,
        _ => 64,
    };
    OutBuf::around(u, needed)
}

fn run(u: &mut Unstructured) -> Result<()> {
    let config = Config::new(u)?;
    let c_user = config.user.as_ref().map(User::c);
    let c_config = config.c(c_user.as_ref());
    let config_null = u.ratio(1, 32)?;
    let config_ptr: *const userhash_widget_config =
        if config_null { ptr::null() } else { &c_config };
    let signer = SignerHandle::new(u)?;
    let nonce = CBytes::optional(u, bytes_or(nonce))?;

    let mut errors = Vec::new();
    if signer.0.is_null() {
        errors.push(userhash_result::NullParameter);
    }
    let rust_config = if config_null {
        errors.push(userhash_result::NullParameter);
        None
    } else {
        config.rust(&mut errors)
    };
    let rust_signer = Signer::from_bytes(KEY).unwrap();
    let json = rust_config
        .as_ref()
        .filter(|_| errors.is_empty())
        .map(|c| c.to_json(&rust_signer));
    let mut out = out_for(u, &json)?;
    let mut len = UNWRITTEN_LEN;
    let len_out = null_or(u, &mut len)?;
    // SAFETY: every pointer is NULL or valid for its length.
    let result = checked(unsafe {
        userhash_widget_json(signer.0, config_ptr, out.ptr(), out.len(), len_out)
    });
    check_text(result, &errors, &json, &out, len, len_out.is_null());

    let rust_nonce = optional_text(&nonce, &mut errors);
    let script = rust_config
        .as_ref()
        .filter(|_| errors.is_empty())
        .map(|c| c.to_script(&rust_signer, rust_nonce.as_deref()));
    let mut out = out_for(u, &script)?;
    let mut len = UNWRITTEN_LEN;
    let len_out = null_or(u, &mut len)?;
    // SAFETY: every pointer is NULL or valid for its length.
    let result = checked(unsafe {
        userhash_widget_script(
            signer.0,
            config_ptr,
            nonce.ptr(),
            nonce.len(),
            out.ptr(),
            out.len(),
            len_out,
        )
    });
    check_text(result, &errors, &script, &out, len, len_out.is_null());
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
