//! The WebAssembly build of userhash for edge runtimes (node/README.md, Edge runtimes): the
//! core behind `extern "C"` functions over linear memory, for the hand-written glue in
//! node/wasm/. No wasm-bindgen: the module imports one function (randomness) and exports
//! plain numbers.
//!
//! The calling convention, the same for every function:
//! - inputs are `(pointer, length)` pairs into memory the glue took with `uh_alloc`;
//! - a call returns `0`, or the core's stable C value of its error (contract.json);
//! - its output (the text, or on failure the error as JSON `{code, message, kind}`) is in
//!   the one output buffer, `uh_out_ptr()`/`uh_out_len()`, until the next call;
//! - a new object comes back as a handle (a pointer), released with its `_free` function;
//! - times are always given: the glue passes `Date.now()`, as the clock of
//!   wasm32-unknown-unknown panics (the core's `unix_now` is never called).

mod args;
mod boundary;
mod keyring;
mod random;
mod signer;
mod widget;

pub use boundary::{uh_alloc, uh_free, uh_out_len, uh_out_ptr};
