package userhash

// #include "userhash.h"
import "C"

import (
	"runtime"
	"sync/atomic"
	"unsafe"
)

// native is a Signer's or Keyring's reference-counted pointer (README.md, Close); a deferred
// release also keeps the owner, and so its finalizer, alive during the C call.
type native struct {
	ptr   unsafe.Pointer        // set before the owner is shared, never changed
	free  *func(unsafe.Pointer) // freeNative or freeKeyring, read when freeing
	state atomic.Int64          // the references, plus nativeClosed once closed
}

const nativeClosed = 1 << 62

// open returns owner, its native n holding the pointer that create made (freed with *free).
func open[T any, H *C.userhash_signer | *C.userhash_keyring](owner *T, n *native, create func(*H) C.userhash_result,
	free *func(unsafe.Pointer), finalizer func(*T) error) (*T, error) {
	var ptr H
	if err := call(func() C.userhash_result { return create(&ptr) }); err != nil {
		return nil, err
	}
	n.ptr, n.free = unsafe.Pointer(ptr), free
	n.state.Store(1)
	runtime.SetFinalizer(owner, finalizer)
	return owner, nil
}

// acquire returns the pointer for one call (to release), or ErrClosed: the count falls to 0 once.
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

// close marks the pointer closed and drops the owner's reference and finalizer, once; it returns nil.
func (n *native) close(owner any) error {
	for s := n.state.Load(); s&nativeClosed == 0; s = n.state.Load() {
		if n.state.CompareAndSwap(s, s|nativeClosed) {
			runtime.SetFinalizer(owner, nil)
			n.release()
		}
	}
	return nil
}

// with runs f with the pointer, holding a reference for the call, or returns ErrClosed.
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
