//! The C ABI of userhash (`libuserhash`), a thin layer over the `userhash` crate; the rules
//! every function follows are in README.md. cbindgen makes `include/userhash.h` from these
//! sources (`tests/headers.rs` checks it).

// Exported types carry their C names (`userhash_result`, `userhash_signer`).
#![allow(non_camel_case_types)]

mod boundary;
mod contract_gen;
mod keyring;
mod oneshot;
mod result;
mod signer;
mod verification;
mod widget;

// Every `pub` item of a module is part of the C ABI.
pub use boundary::*;
pub use contract_gen::*;
pub use keyring::*;
pub use oneshot::*;
pub use result::*;
pub use signer::*;
pub use verification::*;
pub use widget::*;
