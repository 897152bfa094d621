//! A dropped `Signer` leaves no keyed state behind: an allocator that looks at a watched
//! block just before freeing it sees only zeros.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};

use userhash::Signer;

/// Address of the block to look at when it is freed (0: none).
static WATCHED: AtomicUsize = AtomicUsize::new(0);
/// Its bytes as they were when it was freed, and how many were copied.
static SEEN: [AtomicU8; 256] = [const { AtomicU8::new(0) }; 256];
static SEEN_LEN: AtomicUsize = AtomicUsize::new(0);

struct Spy;

// SAFETY: every call is forwarded to `System`; `dealloc` only reads the block it is handed,
// which is still allocated until `System.dealloc` returns.
unsafe impl GlobalAlloc for Spy {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if WATCHED.compare_exchange(ptr as usize, 0, Ordering::SeqCst, Ordering::SeqCst).is_ok() {
            let len = layout.size().min(SEEN.len());
            for (i, slot) in SEEN.iter().enumerate().take(len) {
                slot.store(unsafe { ptr.add(i).read() }, Ordering::SeqCst);
            }
            SEEN_LEN.store(len, Ordering::SeqCst);
        }
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Spy = Spy;

/// The bytes of `value`'s box as the allocator saw them when the box was freed.
fn bytes_when_freed<T>(value: Box<T>) -> Vec<u8> {
    WATCHED.store(&*value as *const T as usize, Ordering::SeqCst);
    drop(value);
    let len = SEEN_LEN.load(Ordering::SeqCst);
    SEEN[..len].iter().map(|b| b.load(Ordering::SeqCst)).collect()
}

#[test]
fn a_dropped_signer_is_wiped() {
    let signer = Box::new(Signer::from_bytes(b"hunter2").unwrap());
    let size = size_of::<Signer>();
    // SAFETY: a Signer is two arrays of u32 (no padding), read while the box is alive.
    let live = unsafe { std::slice::from_raw_parts(&*signer as *const Signer as *const u8, size) };
    assert!(live.iter().any(|&b| b != 0), "the keyed state is in the box");
    let freed = bytes_when_freed(signer);
    assert_eq!(freed.len(), size);
    assert!(freed.iter().all(|&b| b == 0), "{freed:?}");
}
