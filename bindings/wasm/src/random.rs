//! getrandom's custom backend (built with `--cfg getrandom_backend="custom"`, see
//! scripts/dist.d/35-wasm.sh): the runtime's `crypto.getRandomValues`, imported from the glue,
//! as wasm32-unknown-unknown has no source of its own.

#[cfg(target_arch = "wasm32")]
#[link(wasm_import_module = "userhash")]
unsafe extern "C" {
    /// Fills `len` bytes at `ptr` (at most 65536) from `crypto.getRandomValues`.
    fn random(ptr: *mut u8, len: usize);
}

/// Safety: `dest` is writable for `len` bytes (getrandom's contract).
#[cfg(target_arch = "wasm32")]
#[unsafe(no_mangle)]
unsafe extern "Rust" fn __getrandom_v03_custom(
    dest: *mut u8,
    len: usize,
) -> Result<(), getrandom::Error> {
    const MAX: usize = 65536;
    for start in (0..len).step_by(MAX) {
        // SAFETY: within the `len` writable bytes of the caller's contract.
        unsafe { random(dest.add(start), MAX.min(len - start)) };
    }
    Ok(())
}
