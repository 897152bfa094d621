package userhash

// #include "userhash.h"
import "C"

import (
	"runtime"
	"sync/atomic"
	"unsafe"
)

// native is a Signer's or a Keyring's pointer into libuserhash, reference-counted so that
// Close never frees it under a call and never waits (README.md, Close): the owner holds
// one reference until Close, each method one for its call, and whoever drops the last one
// frees. The deferred release also keeps the owner, and its finalizer, alive until the C
// call has returned.
type native struct {
	ptr   unsafe.Pointer        // set before the owner is shared, never changed
	free  *func(unsafe.Pointer) // freeNative or freeKeyring, read when freeing
	state atomic.Int64          // the references, plus nativeClosed once closed
}

const nativeClosed = 1 << 62

// open runs a constructor and takes ownership of the pointer it made, to be freed with *free.
func (n *native) open(create func(out *unsafe.Pointer) C.userhash_result, free *func(unsafe.Pointer)) error {
	var ptr unsafe.Pointer
	err := call(func() C.userhash_result { return create(&ptr) })
	n.ptr, n.free = ptr, free
	n.state.Store(1)
	return err
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
	for s := n.state.Load(); s&nativeClosed == 0; s = n.state.Load() {
		if n.state.CompareAndSwap(s, s|nativeClosed) {
			runtime.SetFinalizer(owner, nil)
			n.release()
		}
	}
	return nil
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

// call is the package's call with the pointer held for the length of the C call.
func (n *native) call(f func(unsafe.Pointer) C.userhash_result) error {
	_, err := with(n, func(ptr unsafe.Pointer) (struct{}, error) {
		return struct{}{}, call(func() C.userhash_result { return f(ptr) })
	})
	return err
}
