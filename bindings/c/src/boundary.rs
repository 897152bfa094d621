//! The panic boundary, the one mapping from `userhash::Error` to a result and the thread's
//! last error message, and the argument readers and output writers of every function.

use std::cell::RefCell;
use std::ffi::{CStr, CString, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr;

use userhash_core::contract::errors;

pub use crate::contract_gen::userhash_result;

/// Runs the body of an exported function: an error becomes its result (its message kept for
/// `userhash_last_error_message`), a panic `Panic` instead of unwinding into C.
pub(crate) fn guard(body: impl FnOnce() -> Result<(), Failure>) -> userhash_result {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => userhash_result::Ok,
        Ok(Err(failure)) => failure.record(),
        Err(_) => Failure::from(userhash_result::Panic).record(),
    }
}

/// `guard` for functions that return a static C string: NULL when absent or on panic.
pub(crate) fn guard_ptr(body: impl FnOnce() -> Option<&'static CStr>) -> *const c_char {
    catch_unwind(AssertUnwindSafe(body)).ok().flatten().map_or(ptr::null(), CStr::as_ptr)
}

/// Why a call failed: its result and its message (a core error's with its details).
pub(crate) struct Failure {
    result: userhash_result,
    message: String,
}

impl From<userhash_result> for Failure {
    fn from(result: userhash_result) -> Self {
        let spec = errors().find(|e| e.value == result as u32);
        let message = spec.map_or_else(String::new, |e| e.message.to_owned());
        Failure { result, message }
    }
}

impl From<userhash_core::Error> for Failure {
    fn from(err: userhash_core::Error) -> Self {
        // Every core value has a result: contract_gen.rs is generated from the same rows.
        let result =
            userhash_result::from_value(err.spec().value).unwrap_or(userhash_result::Panic);
        let message = err.to_string();
        Failure { result, message }
    }
}

thread_local! {
    static LAST_ERROR: RefCell<Option<CString>> = const { RefCell::new(None) };
}

impl Failure {
    /// Records the message for `userhash_last_error_message` and returns the result.
    pub(crate) fn record(self) -> userhash_result {
        // A detail (a key id, say) may hold a NUL: the message then loses only its tail.
        let head = self.message.split('\0').next().unwrap_or_default();
        LAST_ERROR.with(|last| *last.borrow_mut() = CString::new(head).ok());
        self.result
    }
}

/// The stable code string of `result` (`"empty_user_id"`), the same in every binding;
/// static, never freed; NULL for a value that is not a `userhash_result`.
#[unsafe(no_mangle)]
pub extern "C" fn userhash_result_code(result: u32) -> *const c_char {
    guard_ptr(|| userhash_result::from_value(result).map(userhash_result::code))
}

/// The message, with its details and never a secret, of the last call that failed on this
/// thread (empty if none): owned by the library, valid until the thread's next failure.
#[unsafe(no_mangle)]
pub extern "C" fn userhash_last_error_message() -> *const c_char {
    LAST_ERROR.with(|last| last.borrow().as_deref().unwrap_or(c"").as_ptr())
}

/// A size an object can have (no overflow, at most `PTRDIFF_MAX`), else `LengthOutOfRange`.
pub(crate) fn object_size(bytes: Option<usize>) -> Result<usize, userhash_result> {
    bytes.filter(|&n| n <= isize::MAX as usize).ok_or(userhash_result::LengthOutOfRange)
}

/// Borrows `count` values of `T` at `ptr`.
/// # Safety
/// `ptr` is NULL or valid for reads of `count` values that stay unchanged during the call.
pub(crate) unsafe fn array<'a, T>(ptr: *const T, count: usize) -> Result<&'a [T], userhash_result> {
    check_ptr(ptr.cast_mut())?;
    object_size(count.checked_mul(size_of::<T>()))?;
    // SAFETY: not NULL, at most isize::MAX bytes, and the caller guarantees `count` values.
    Ok(unsafe { std::slice::from_raw_parts(ptr, count) })
}

/// Borrows `len` bytes at `ptr`.
/// # Safety
/// As `array`.
pub(crate) unsafe fn input<'a>(
    ptr: *const c_char,
    len: usize,
) -> Result<&'a [u8], userhash_result> {
    // SAFETY: forwarded from the caller's contract.
    unsafe { array(ptr.cast::<u8>(), len) }
}

/// Borrows `len` bytes at `ptr`, or `None` when `ptr` is NULL (an optional argument).
/// # Safety
/// As `array`.
pub(crate) unsafe fn optional_input<'a>(
    ptr: *const c_char,
    len: usize,
) -> Result<Option<&'a [u8]>, userhash_result> {
    // SAFETY: forwarded from the caller's contract.
    (!ptr.is_null()).then(|| unsafe { input(ptr, len) }).transpose()
}

/// Borrows `len` bytes at `ptr` as UTF-8 text (`TextNotUtf8` otherwise).
/// # Safety
/// As `array`.
pub(crate) unsafe fn text<'a>(ptr: *const c_char, len: usize) -> Result<&'a str, userhash_result> {
    // SAFETY: forwarded from the caller's contract.
    utf8(unsafe { input(ptr, len) }?)
}

pub(crate) fn utf8(bytes: &[u8]) -> Result<&str, userhash_result> {
    std::str::from_utf8(bytes).map_err(|_| userhash_result::TextNotUtf8)
}

/// Reads an optional `int64_t` argument (NULL = absent).
/// # Safety
/// `ptr` is NULL or valid for a read.
pub(crate) unsafe fn optional_i64(ptr: *const i64) -> Option<i64> {
    // SAFETY: the caller guarantees NULL or a readable value.
    unsafe { ptr.as_ref() }.copied()
}

/// Borrows the object behind a handle (`NullParameter` for NULL).
/// # Safety
/// `handle` is NULL or a live handle that nothing modifies during the borrow.
pub(crate) unsafe fn live<'a, T>(handle: *const T) -> Result<&'a T, userhash_result> {
    // SAFETY: forwarded from the caller's contract.
    unsafe { handle.as_ref() }.ok_or(userhash_result::NullParameter)
}

/// `NullParameter` for a NULL pointer.
pub(crate) fn check_ptr<T>(ptr: *mut T) -> Result<(), userhash_result> {
    if ptr.is_null() { Err(userhash_result::NullParameter) } else { Ok(()) }
}

/// Behind `guard`: checks `out`, runs `body` and writes its value to `*out` on success only.
/// # Safety
/// `out` is NULL or writable; `body` may rely on the caller's contract for its arguments.
pub(crate) unsafe fn write_out<T>(
    out: *mut T,
    body: impl FnOnce() -> Result<T, Failure>,
) -> userhash_result {
    guard(|| {
        check_ptr(out)?;
        let value = body()?;
        // SAFETY: checked not NULL above; the caller guarantees it is writable.
        unsafe { out.write(value) };
        Ok(())
    })
}

/// `write_out` for a new handle: the value `body` makes, boxed, for `free` to release.
/// # Safety
/// As `write_out`.
pub(crate) unsafe fn new_handle<T>(
    out: *mut *mut T,
    body: impl FnOnce() -> Result<T, Failure>,
) -> userhash_result {
    // SAFETY: forwarded from the caller's contract.
    unsafe { write_out(out, || body().map(|value| Box::into_raw(Box::new(value)))) }
}

/// Releases a handle made by `new_handle`; NULL is a no-op.
/// # Safety
/// `handle` is NULL or a handle from `new_handle` not yet freed, never used afterwards.
pub(crate) unsafe fn free<T>(handle: *mut T) {
    // A drop cannot fail; the result only records a panic, which cannot be reported here.
    let _ = guard(|| {
        if !handle.is_null() {
            // SAFETY: the caller hands back ownership of a pointer from Box::into_raw.
            drop(unsafe { Box::from_raw(handle) });
        }
        Ok(())
    });
}

/// Checks an output buffer before any work is done, so that failures leave it untouched:
/// not NULL, a length an object can have, and at least `needed` bytes.
pub(crate) fn check_output(
    ptr: *mut c_char,
    len: usize,
    needed: usize,
) -> Result<(), userhash_result> {
    check_ptr(ptr)?;
    if object_size(Some(len))? < needed { Err(userhash_result::BufferTooSmall) } else { Ok(()) }
}

/// Writes `text` and a NUL to a buffer that `check_output` accepted for `text.len() + 1`.
/// # Safety
/// `out` is valid for that; as it may alias an input, it is written only when no input is
/// borrowed (writing under a protected borrow, a function's argument, is undefined behaviour).
pub(crate) unsafe fn write_text(out: *mut c_char, text: &[u8]) {
    // SAFETY: `text` is our own memory, distinct from `out`; the caller guarantees room.
    unsafe {
        ptr::copy_nonoverlapping(text.as_ptr(), out.cast::<u8>(), text.len());
        out.add(text.len()).write(0);
    }
}

/// Behind `guard`: checks `out` for `needed` bytes, runs `body` and writes the text it
/// returns and a NUL there on success only, once the inputs `body` borrowed are released.
/// # Safety
/// `out` is NULL or valid for `out_len` bytes; `body` may rely on the caller's contract.
pub(crate) unsafe fn write_buffer<T: AsRef<[u8]>>(
    out: *mut c_char,
    out_len: usize,
    needed: usize,
    body: impl FnOnce() -> Result<T, Failure>,
) -> userhash_result {
    guard(|| {
        check_output(out, out_len, needed)?;
        let text = body()?;
        let text = text.as_ref();
        assert!(text.len() < needed, "a fixed-size output fits its buffer");
        // SAFETY: check_output accepted `out` for `needed` bytes, more than `text` takes.
        unsafe { write_text(out, text) };
        Ok(())
    })
}

/// A string the library allocated, for `userhash_string_free`: `len` bytes of UTF-8, a NUL.
#[repr(C)]
pub struct userhash_string {
    /// The text, NUL-terminated.
    pub ptr: *mut c_char,
    /// Its length in bytes, without the NUL.
    pub len: usize,
}

impl From<String> for userhash_string {
    /// Hands `text` over as an owned string, for `userhash_string_free` to release.
    fn from(text: String) -> Self {
        let mut bytes = text.into_bytes();
        bytes.push(0);
        let len = bytes.len() - 1;
        let ptr = Box::into_raw(bytes.into_boxed_slice()).cast::<c_char>();
        userhash_string { ptr, len }
    }
}

/// Releases a string the library returned and sets it to `{NULL, 0}`; NULL, or a string
/// already released, is a no-op.
/// # Safety
/// `string` is NULL or points to a `userhash_string` the library wrote, unchanged since.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_string_free(string: *mut userhash_string) {
    // A release cannot fail; the result only records a panic, which cannot be reported here.
    let _ = guard(|| {
        // SAFETY: forwarded from the caller's contract.
        if let Some(string) = unsafe { string.as_mut() }
            && !string.ptr.is_null()
        {
            let bytes = ptr::slice_from_raw_parts_mut(string.ptr.cast::<u8>(), string.len + 1);
            // SAFETY: made by `from` out of a boxed slice of exactly `len + 1` bytes.
            drop(unsafe { Box::from_raw(bytes) });
            *string = userhash_string { ptr: ptr::null_mut(), len: 0 };
        }
        Ok(())
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_the_panic_result() {
        assert_eq!(guard(|| panic!("boom")), userhash_result::Panic);
        assert!(guard_ptr(|| panic!("boom")).is_null());
    }

    #[test]
    fn errors_and_success_pass_through() {
        assert_eq!(guard(|| Ok(())), userhash_result::Ok);
        assert_eq!(
            guard(|| Err(userhash_result::EmptyUserId.into())),
            userhash_result::EmptyUserId
        );
    }
}
