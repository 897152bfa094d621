//! The C ABI of userhash over the `userhash` crate; README.md has the rules every function
//! follows. cbindgen makes `include/userhash.h` from these sources (`tests/headers.rs`).

// Exported types carry their C names (`userhash_result`, `userhash_signer`).
#![allow(non_camel_case_types)]

mod boundary;
mod contract_gen;
mod keyring;
mod oneshot;
mod signer;
mod vendor;
mod verification;

// Every `pub` item of a module is part of the C ABI.
pub use boundary::*;
pub use contract_gen::*;
pub use keyring::*;
pub use oneshot::*;
pub use signer::*;
pub use vendor::*;
pub use verification::*;
