//! The C entry points with arbitrary lengths, buffer sizes and bytes: never panic (a panic
//! would come back as USERHASH_RESULT_PANIC, which is asserted never to happen), write
//! outputs only on success (with a last error message on failure), and agree with the Rust
//! API.
#![no_main]

use arbitrary::Unstructured;
use cabi::{
    userhash_result, userhash_sign, userhash_signer_free, userhash_signer_new_bytes,
    userhash_signer_sign, userhash_signer_verify, userhash_verify,
};
use libfuzzer_sys::fuzz_target;
use userhash_fuzz::last_error;

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let (Ok(secret), Ok(id), Ok(hash), Ok(out_len)) = (
        u.arbitrary::<&[u8]>(),
        u.arbitrary::<&[u8]>(),
        u.arbitrary::<&[u8]>(),
        u.int_in_range(0..=80usize),
    ) else {
        return;
    };
    let mut out = vec![0xAAu8; out_len];
    let mut valid = false;
    // SAFETY: every pointer is valid for the length passed with it.
    unsafe {
        let r = userhash_sign(
            secret.as_ptr().cast(),
            secret.len(),
            id.as_ptr().cast(),
            id.len(),
            out.as_mut_ptr().cast(),
            out.len(),
        );
        assert_ne!(r, userhash_result::Panic);
        if r != userhash_result::Ok {
            assert!(out.iter().all(|&b| b == 0xAA), "output written on failure");
            assert!(!last_error().is_empty(), "a failure has a message");
        }
        let r = userhash_verify(
            secret.as_ptr().cast(),
            secret.len(),
            id.as_ptr().cast(),
            id.len(),
            hash.as_ptr().cast(),
            hash.len(),
            &mut valid,
        );
        assert_ne!(r, userhash_result::Panic);

        let mut signer = std::ptr::null_mut();
        let r = userhash_signer_new_bytes(secret.as_ptr().cast(), secret.len(), &mut signer);
        assert_ne!(r, userhash_result::Panic);
        if r != userhash_result::Ok {
            assert!(signer.is_null());
            return;
        }
        let mut hex = [0u8; 65];
        let r = userhash_signer_sign(
            signer,
            id.as_ptr().cast(),
            id.len(),
            hex.as_mut_ptr().cast(),
            hex.len(),
        );
        if r == userhash_result::Ok {
            let rust = userhash::Signer::new(&userhash::Secret::from_bytes(secret).unwrap())
                .sign(id)
                .unwrap();
            assert_eq!(&hex[..64], rust.as_bytes());
            assert_eq!(hex[64], 0);
            let r = userhash_signer_verify(
                signer,
                id.as_ptr().cast(),
                id.len(),
                hex.as_ptr().cast(),
                64,
                &mut valid,
            );
            assert!(r == userhash_result::Ok && valid);
        }
        userhash_signer_free(signer);
    }
});
