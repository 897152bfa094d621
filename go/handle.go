package userhash

import (
	"runtime"
	"sync/atomic"
	"unsafe"
)

// native is a Signer's or a Keyring's pointer into libuserhash, reference-counted so that
// Close never frees it under a call. The owner holds one reference until Close; each
// method holds one for the length of its call into C (acquire, then a deferred release);
// whoever drops the last reference frees. Once closed, acquire fails with ErrClosed.
//
// A sync.RWMutex would make Close wait for the calls in flight instead, and deadlock when a
// keyring's failure hook (which runs inside a verification) closes the keyring, or calls
// one of its methods while another goroutine closes it. Here Close never waits.
//
// The deferred release also keeps the owner reachable until the C call has returned, as a
// deferred runtime.KeepAlive would: its finalizer cannot run during the call.
type native struct {
	ptr   unsafe.Pointer // set before the owner is shared, never changed
	state atomic.Int64   // the references, plus nativeClosed once closed
}

const nativeClosed = 1 << 62

// init takes ownership of ptr: the owner's reference.
func (n *native) init(ptr unsafe.Pointer) {
	n.ptr = ptr
	n.state.Store(1)
}

// acquire returns the pointer for one call, or ErrClosed. Each success needs one release.
// After Close no reference is ever added, so the count only falls to zero once.
func (n *native) acquire() (unsafe.Pointer, error) {
	for {
		s := n.state.Load()
		if s&nativeClosed != 0 {
			return nil, ErrClosed
		}
		if n.state.CompareAndSwap(s, s+1) {
			return n.ptr, nil
		}
	}
}

// release drops a reference and reports whether it was the last: then the caller frees.
func (n *native) release() bool { return n.state.Add(-1) == nativeClosed }

// close marks the pointer closed and drops the owner's reference (and owner's finalizer)
// the first time; it reports whether the caller must free now. Later calls do nothing.
func (n *native) close(owner any) bool {
	for {
		s := n.state.Load()
		if s&nativeClosed != 0 {
			return false
		}
		if n.state.CompareAndSwap(s, s|nativeClosed) {
			runtime.SetFinalizer(owner, nil)
			return n.release()
		}
	}
}
