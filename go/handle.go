package userhash

import (
	"runtime"
	"sync/atomic"
	"unsafe"
)

// native is a Signer's or a Keyring's pointer into libuserhash, reference-counted so that
// Close never frees it under a call: the owner holds one reference until Close, each
// method one for the length of its call (with; the hot paths acquire and defer release
// themselves, a closure less), and whoever drops the last one frees.
// Close never waits (a sync.RWMutex would deadlock when a keyring's failure hook, which
// runs inside a verification, closes the keyring). The deferred release also keeps the
// owner, and so its finalizer, alive until the C call has returned.
type native struct {
	ptr   unsafe.Pointer        // set before the owner is shared, never changed
	free  *func(unsafe.Pointer) // freeNative or freeKeyring, read when freeing
	state atomic.Int64          // the references, plus nativeClosed once closed
}

const nativeClosed = 1 << 62

// init takes ownership of ptr (the owner's reference), to be released with *free.
func (n *native) init(ptr unsafe.Pointer, free *func(unsafe.Pointer)) {
	n.ptr, n.free = ptr, free
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

// release drops a reference, and frees when it was the last.
func (n *native) release() {
	if n.state.Add(-1) == nativeClosed {
		(*n.free)(n.ptr)
	}
}

// close marks the pointer closed and drops the owner's reference (and the owner's
// finalizer) the first time; later calls do nothing. It always returns nil.
func (n *native) close(owner any) error {
	for {
		s := n.state.Load()
		if s&nativeClosed != 0 {
			return nil
		}
		if n.state.CompareAndSwap(s, s|nativeClosed) {
			runtime.SetFinalizer(owner, nil)
			n.release()
			return nil
		}
	}
}

// with runs f with the pointer, holding a reference for the length of the call, or
// returns ErrClosed.
func with[T any](n *native, f func(unsafe.Pointer) (T, error)) (T, error) {
	ptr, err := n.acquire()
	if err != nil {
		var zero T
		return zero, err
	}
	defer n.release()
	return f(ptr)
}
