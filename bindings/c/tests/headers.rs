//! Generates `src/contract_gen.rs` from the core's contract, then the C header and the
//! PHP `FFI::cdef` declarations with cbindgen, and fails when a committed file differs.
//! `UPDATE_HEADERS=1` rewrites them instead (run it twice when the contract changed: the
//! header is made from the sources the first run wrote).

use std::path::{Path, PathBuf};

const CONSTANTS: &[&str] = &[
    "USERHASH_TOKEN_BUF_LEN",
    "USERHASH_HASH_BUF_LEN",
    "USERHASH_SECRET_BUF_LEN",
    "USERHASH_INTEGER_ID_BUF_LEN",
    "USERHASH_HASH_PREFIX_BUF_LEN",
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
/// buffer-size constants are `#define`s, so the PHP package mirrors them as class constants
/// (and `php_declarations` writes the one a struct uses as an array length as its value).
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

/// `empty_secret` → `EmptySecret`.
fn variant(code: &str) -> String {
    code.split('_')
        .map(|word| word[..1].to_uppercase() + &word[1..])
        .collect()
}

/// The result and outcome enums, with their code strings, from `userhash_core::contract`.
fn contract_rs() -> String {
    let errors: Vec<_> = userhash_core::contract::errors().collect();
    let outcomes = userhash_core::Verification::OUTCOMES;
    let mut out = String::from(
        "// Generated from the core's contract (userhash_core::contract) by tests/headers.rs; do not\n\
         // edit.\n\n\
         use std::ffi::CStr;\n\n\
         /// The result of every fallible `userhash_` function.\n\
         ///\n\
         /// Values are part of the ABI and never change: a retired value is never reused. Values\n\
         /// 1-99 are the core library's errors, one per stable code string (see\n\
         /// `userhash_result_code`); values from 100 are errors of the C interface itself. On\n\
         /// failure, `userhash_last_error_message` gives the message with its details.\n\
         ///\n\
         /// A plain C enum (`repr(C)`, so C and PHP's `FFI::cdef` read it without preprocessor\n\
         /// lines). It is only ever returned to C; functions that take a result as an argument\n\
         /// take a `uint32_t`, so no out-of-range value can reach this type.\n\
         #[repr(C)]\n\
         #[derive(Debug, Clone, Copy, PartialEq, Eq)]\n\
         pub enum userhash_result {\n    /// Success; outputs have been written.\n    Ok = 0,\n",
    );
    for e in &errors {
        out += &format!(
            "    /// `{}`: {}.\n",
            e.code,
            e.message.replace("{0:?}", "{0}")
        );
        out += &format!("    {} = {},\n", variant(e.code), e.value);
    }
    out += "}\n\n/// The outcome of a detailed verification (docs/spec.md, section 4). Values start at 1,\n\
            /// so that a zeroed `userhash_verification` never reads as verified;\n\
            /// `userhash_outcome_name` gives the stable name every binding uses.\n\
            #[repr(C)]\n#[derive(Debug, Clone, Copy, PartialEq, Eq)]\npub enum userhash_outcome {\n";
    for (name, value) in outcomes.iter().zip(1..) {
        out += &format!("    /// `{name}`.\n    {} = {value},\n", variant(name));
    }
    out += "}\n\nimpl userhash_result {\n    /// The result whose C value is `value`.\n    \
            pub(crate) fn from_value(value: u32) -> Option<Self> {\n        \
            Some(match value {\n            0 => Self::Ok,\n";
    for e in &errors {
        out += &format!("            {} => Self::{},\n", e.value, variant(e.code));
    }
    out += "            _ => return None,\n        })\n    }\n\n    \
            /// The stable code string (`\"ok\"` for `Ok`).\n    \
            pub(crate) fn code(self) -> &'static CStr {\n        match self {\n            \
            Self::Ok => c\"ok\",\n";
    for e in &errors {
        out += &format!(
            "            Self::{} => c\"{}\",\n",
            variant(e.code),
            e.code
        );
    }
    out += "        }\n    }\n}\n\nimpl userhash_outcome {\n    \
            /// The outcome whose C value is `value`, with its stable name.\n    \
            pub(crate) fn from_value(value: u32) -> Option<(Self, &'static CStr)> {\n        \
            Some(match value {\n";
    for (name, value) in outcomes.iter().zip(1..) {
        out += &format!(
            "            {value} => (Self::{}, c\"{name}\"),\n",
            variant(name)
        );
    }
    out += "            _ => return None,\n        })\n    }\n}\n";
    out
}

#[test]
fn contract_sources_are_current() {
    check(&crate_dir().join("src/contract_gen.rs"), &contract_rs());
}

/// The PHP declarations, with the array length `USERHASH_HASH_PREFIX_BUF_LEN` as a number.
fn php_declarations() -> String {
    generate(php_config()).replace(
        "[USERHASH_HASH_PREFIX_BUF_LEN]",
        &format!("[{}]", userhash::USERHASH_HASH_PREFIX_BUF_LEN),
    )
}

/// The names used as array lengths (`char hash_prefix[NAME];`) in a header's declarations.
fn array_lengths(header: &str) -> Vec<&str> {
    header
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .flat_map(|line| line.split('[').skip(1))
        .filter_map(|rest| rest.split_once(']'))
        .map(|(inside, _)| inside)
        .filter(|inside| inside.starts_with(|c: char| c.is_ascii_alphabetic()))
        .collect()
}

#[test]
fn c_header_is_current() {
    check(&crate_dir().join("include/userhash.h"), &generate(config()));
}

#[test]
fn every_array_length_is_defined() {
    let header = generate(config());
    let lengths = array_lengths(&header);
    assert!(
        !lengths.is_empty(),
        "userhash_verification has hash_prefix[...]"
    );
    for name in lengths {
        assert!(
            header.contains(&format!("#define {name} ")),
            "{name} is used as an array length but not #defined"
        );
    }
    assert_eq!(array_lengths(&php_declarations()), Vec::<&str>::new());
}

#[test]
fn php_declarations_are_current() {
    let generated = php_declarations();
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
