//! Regenerates the C header and the PHP `FFI::cdef` declarations with cbindgen and fails
//! when the committed files differ. `UPDATE_HEADERS=1` rewrites them instead.

use std::path::{Path, PathBuf};

const CONSTANTS: &[&str] = &[
    "USERHASH_TOKEN_BUF_LEN",
    "USERHASH_HASH_BUF_LEN",
    "USERHASH_SECRET_BUF_LEN",
    "USERHASH_INTEGER_ID_BUF_LEN",
];

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn config() -> cbindgen::Config {
    cbindgen::Config::from_file(crate_dir().join("cbindgen.toml")).expect("cbindgen.toml")
}

fn generate(config: cbindgen::Config) -> String {
    let mut out = Vec::new();
    cbindgen::Builder::new()
        .with_config(config)
        .with_src(crate_dir().join("src/lib.rs"))
        .generate()
        .expect("cbindgen parses bindings/c/src")
        .write(&mut out);
    String::from_utf8(out).expect("UTF-8 header")
}

/// `FFI::cdef` takes declarations only: no `#include`, `#define` or include guard. The
/// buffer-size constants are `#define`s, so the PHP package mirrors them as class constants.
fn php_config() -> cbindgen::Config {
    let mut config = config();
    config.no_includes = true;
    config.include_guard = None;
    config.cpp_compat = false;
    config.header = Some(
        "/* userhash C ABI declarations for PHP's FFI::cdef (no preprocessor lines). */".into(),
    );
    config.export.exclude = CONSTANTS.iter().map(|c| c.to_string()).collect();
    config
}

fn check(path: &Path, generated: &str) {
    if std::env::var_os("UPDATE_HEADERS").is_some() {
        std::fs::write(path, generated).expect("write generated file");
        return;
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is stale: run `UPDATE_HEADERS=1 cargo test -p userhash-c --test headers`",
        path.display()
    );
}

#[test]
fn c_header_is_current() {
    check(&crate_dir().join("include/userhash.h"), &generate(config()));
}

#[test]
fn php_declarations_are_current() {
    let generated = generate(php_config());
    assert!(
        !generated
            .lines()
            .any(|line| line.trim_start().starts_with('#')),
        "FFI::cdef rejects preprocessor lines"
    );
    check(
        &crate_dir().join("../../php-ext/src/userhash.ffi.h"),
        &generated,
    );
}
