//! The panic boundary and the pointer checks shared by every exported function.

use std::ffi::c_char;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr;

use crate::result::{Failure, userhash_result};

/// Runs the body of an exported function: an error becomes its result code (its message
/// kept for `userhash_last_error_message`) and a panic becomes `Panic` instead of
/// unwinding into C.
pub(crate) fn guard(body: impl FnOnce() -> Result<(), Failure>) -> userhash_result {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => userhash_result::Ok,
        Ok(Err(failure)) => failure.record(),
        Err(_) => Failure::from(userhash_result::Panic).record(),
    }
}

/// `guard` for functions that return a static C string: NULL when absent or on panic.
pub(crate) fn guard_ptr(body: impl FnOnce() -> Option<&'static std::ffi::CStr>) -> *const c_char {
    catch_unwind(AssertUnwindSafe(body))
        .ok()
        .flatten()
        .map_or(ptr::null(), |s| s.as_ptr())
}

/// A size in bytes that an object can have: computed without overflow (`None` is an
/// overflow) and at most `isize::MAX` (C's `PTRDIFF_MAX`), the size limit of every object.
/// Anything larger comes from a caller bug, such as `(size_t)-1`, and is
/// `LengthOutOfRange` before any slice is made over it.
pub(crate) fn object_size(bytes: Option<usize>) -> Result<usize, userhash_result> {
    bytes
        .filter(|&n| n <= isize::MAX as usize)
        .ok_or(userhash_result::LengthOutOfRange)
}

/// Borrows `count` values of `T` at `ptr`.
///
/// # Safety
/// `ptr` is NULL or valid for reads of `count` values that stay unchanged during the call.
pub(crate) unsafe fn array<'a, T>(ptr: *const T, count: usize) -> Result<&'a [T], userhash_result> {
    if ptr.is_null() {
        return Err(userhash_result::NullParameter);
    }
    object_size(count.checked_mul(size_of::<T>()))?;
    // SAFETY: not NULL, at most isize::MAX bytes, and the caller guarantees `count` values.
    Ok(unsafe { std::slice::from_raw_parts(ptr, count) })
}

/// Borrows `len` bytes at `ptr`.
///
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
///
/// # Safety
/// As `input`.
pub(crate) unsafe fn optional_input<'a>(
    ptr: *const c_char,
    len: usize,
) -> Result<Option<&'a [u8]>, userhash_result> {
    if ptr.is_null() {
        return Ok(None);
    }
    // SAFETY: forwarded from the caller's contract.
    unsafe { input(ptr, len) }.map(Some)
}

/// Borrows `len` bytes at `ptr` as UTF-8 text (`TextNotUtf8` otherwise).
///
/// # Safety
/// As `input`.
pub(crate) unsafe fn text<'a>(ptr: *const c_char, len: usize) -> Result<&'a str, userhash_result> {
    // SAFETY: forwarded from the caller's contract.
    let bytes = unsafe { input(ptr, len) }?;
    std::str::from_utf8(bytes).map_err(|_| userhash_result::TextNotUtf8)
}

/// Reads an optional `int64_t` argument (NULL = absent).
///
/// # Safety
/// `ptr` is NULL or valid for a read.
pub(crate) unsafe fn optional_i64(ptr: *const i64) -> Option<i64> {
    // SAFETY: the caller guarantees NULL or a readable value.
    unsafe { ptr.as_ref() }.copied()
}

/// A string the library allocated: `len` bytes of UTF-8 at `ptr`, then a NUL (the text
/// itself contains none). Release it with `userhash_string_free`.
#[repr(C)]
pub struct userhash_string {
    /// The text, NUL-terminated.
    pub ptr: *mut c_char,
    /// Its length in bytes, without the NUL.
    pub len: usize,
}

/// Hands `text` to the caller as an owned `userhash_string`.
///
/// # Safety
/// `out` is not NULL and is writable.
pub(crate) unsafe fn write_string(out: *mut userhash_string, text: String) {
    let mut bytes = text.into_bytes();
    bytes.push(0);
    let len = bytes.len() - 1;
    let ptr = Box::into_raw(bytes.into_boxed_slice()).cast::<c_char>();
    // SAFETY: the caller guarantees `out`.
    unsafe { out.write(userhash_string { ptr, len }) };
}

/// Releases a string the library returned and sets it to `{NULL, 0}`; NULL, or a string
/// already released, is a no-op.
///
/// # Safety
/// `string` is NULL or points to a `userhash_string` that the library wrote, unchanged
/// since.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn userhash_string_free(string: *mut userhash_string) {
    // A release cannot fail; the result only records a panic, which cannot be reported here.
    let _ = guard(|| {
        // SAFETY: forwarded from the caller's contract.
        if let Some(string) = unsafe { string.as_mut() }
            && !string.ptr.is_null()
        {
            let bytes = ptr::slice_from_raw_parts_mut(string.ptr.cast::<u8>(), string.len + 1);
            // SAFETY: made by write_string from a boxed slice of exactly `len + 1` bytes.
            drop(unsafe { Box::from_raw(bytes) });
            *string = userhash_string {
                ptr: ptr::null_mut(),
                len: 0,
            };
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
    if object_size(Some(len))? < needed {
        Err(userhash_result::BufferTooSmall)
    } else {
        Ok(())
    }
}

/// Writes `text` and a terminating NUL to a buffer that `check_output` accepted for at
/// least `text.len() + 1` bytes.
///
/// # Safety
/// `out` is valid for writes of `text.len() + 1` bytes. It may alias the caller's inputs,
/// so it is written through the raw pointer, only after every input has been read, and
/// never inside a function that takes a borrowed input as an argument (such a borrow is
/// protected for the whole call: writing under it is undefined behaviour).
pub(crate) unsafe fn write_text(out: *mut c_char, text: &[u8]) {
    // SAFETY: `text` is our own memory, distinct from `out`; the caller guarantees room.
    unsafe {
        ptr::copy_nonoverlapping(text.as_ptr(), out.cast::<u8>(), text.len());
        out.add(text.len()).write(0);
    }
}

/// Checks an output pointer to a single value.
pub(crate) fn check_ptr<T>(ptr: *mut T) -> Result<(), userhash_result> {
    if ptr.is_null() {
        Err(userhash_result::NullParameter)
    } else {
        Ok(())
    }
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
