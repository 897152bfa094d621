//! Gives the shared library an ELF SONAME, so that programs linked against it record
//! `libuserhash.so.0.1` and keep working across compatible updates (the `0.MINOR` of a 0.x
//! version is its ABI level, as cargo-c names it). `scripts/dist` installs the versioned file
//! and its symlinks.
fn main() {
    let target_os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if target_os == "linux" {
        let major = std::env::var("CARGO_PKG_VERSION_MAJOR").unwrap_or_default();
        let minor = std::env::var("CARGO_PKG_VERSION_MINOR").unwrap_or_default();
        let abi = if major == "0" { format!("0.{minor}") } else { major };
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libuserhash.so.{abi}");
    }
}
