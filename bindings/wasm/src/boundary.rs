//! Memory the glue writes inputs to, the one output buffer, and the one mapping of a failure
//! to a status and the error the glue throws.

use std::cell::RefCell;

use serde::Serialize;
use zeroize::Zeroize;

/// Everything a call can fail with.
pub enum Failure {
    /// A core error: its stable code and C value.
    Core(userhash::Error),
    /// A value of a type no input takes: a `TypeError` `ERR_INVALID_ARG_TYPE`, as in Node.
    ArgType(String),
}

impl From<userhash::Error> for Failure {
    fn from(error: userhash::Error) -> Self {
        Failure::Core(error)
    }
}

pub type Result<T, E = Failure> = std::result::Result<T, E>;

/// The status of a failure that is not a core error (no contract value is this large).
const ARG_TYPE_STATUS: u32 = u32::MAX;

/// The error as the glue throws it: the class of the native addon's (node/README.md, Errors).
#[derive(Serialize)]
struct Thrown<'a> {
    code: &'a str,
    message: String,
    kind: &'static str,
}

thread_local! {
    // wasm32-unknown-unknown has one thread: this is the module instance's buffer.
    static OUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

fn set_out(bytes: &[u8]) {
    OUT.with_borrow_mut(|out| {
        out.zeroize(); // it may have held a JWT or a hash
        out.extend_from_slice(bytes);
    });
}

/// Runs an exported function's body: its text in the output buffer and `0`, or the error.
pub fn run<T: AsRef<[u8]>>(body: impl FnOnce() -> Result<T>) -> u32 {
    match body() {
        Ok(text) => {
            set_out(text.as_ref());
            0
        }
        Err(failure) => {
            use userhash::Error::{InvalidUserIdType, UserIdOutOfRange};
            let (status, thrown) = match &failure {
                Failure::Core(error) => {
                    let kind = match error {
                        InvalidUserIdType(_) => "TypeError",
                        UserIdOutOfRange => "RangeError",
                        _ => "Error",
                    };
                    let (code, message) = (error.code(), error.to_string());
                    (error.spec().value, Thrown { code, message, kind })
                }
                Failure::ArgType(message) => {
                    let (code, message) = ("ERR_INVALID_ARG_TYPE", message.clone());
                    (ARG_TYPE_STATUS, Thrown { code, message, kind: "TypeError" })
                }
            };
            set_out(serde_json::to_string(&thrown).unwrap_or_default().as_bytes());
            status
        }
    }
}

/// [`run`] for a body that makes a new object: its handle (a pointer) as the output.
pub fn new_handle<T>(body: impl FnOnce() -> Result<T>) -> u32 {
    run(|| body().map(|value| (Box::into_raw(Box::new(value)) as usize as u32).to_le_bytes()))
}

/// [`run`] for a body whose output is a value serialized as JSON.
pub fn json<T: Serialize>(body: impl FnOnce() -> Result<T>) -> u32 {
    run(|| body().map(|value| serde_json::to_vec(&value).unwrap_or_default()))
}

/// Borrows the object of a live handle. Safety: `handle` came from [`new_handle`] for a `T`
/// and has not been freed (the glue frees each once, when its object is collected).
pub unsafe fn live<'a, T>(handle: u32) -> &'a T {
    // SAFETY: the caller's contract.
    unsafe { &*(handle as usize as *const T) }
}

/// Releases a handle. Safety: as for [`live`]; the handle is not used afterwards.
pub unsafe fn release<T>(handle: u32) {
    // SAFETY: the caller's contract; a Box made by `new_handle`.
    drop(unsafe { Box::from_raw(handle as usize as *mut T) });
}

/// `len` bytes of memory for the glue to write an input to (never NULL).
#[unsafe(no_mangle)]
pub extern "C" fn uh_alloc(len: usize) -> *mut u8 {
    let mut bytes = vec![0u8; len].into_boxed_slice();
    let ptr = bytes.as_mut_ptr();
    std::mem::forget(bytes);
    ptr
}

/// Releases memory from [`uh_alloc`], wiped first (it may have held a secret).
/// # Safety
/// `ptr` and `len` are those of one `uh_alloc`, not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn uh_free(ptr: *mut u8, len: usize) {
    // SAFETY: the caller's contract: the boxed slice `uh_alloc` leaked.
    let mut bytes = unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(ptr, len)) };
    bytes.zeroize();
}

/// Where the last call's output starts.
#[unsafe(no_mangle)]
pub extern "C" fn uh_out_ptr() -> *const u8 {
    OUT.with_borrow(|out| out.as_ptr())
}

/// The length of the last call's output in bytes.
#[unsafe(no_mangle)]
pub extern "C" fn uh_out_len() -> usize {
    OUT.with_borrow(Vec::len)
}
