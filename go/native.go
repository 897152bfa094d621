package userhash

// The cgo flags (README.md, Install), the C ABI's call helpers, the native pointer, the errors.
// libuserhash is linked statically from lib/GOOS_GOARCH (in the tree, go/lib is a link to the
// lib/ of the module scripts/dist builds), with the system libraries rustc lists for it.

/*
#cgo CFLAGS: -I${SRCDIR}/lib/include
#cgo linux,amd64 LDFLAGS: -L${SRCDIR}/lib/linux_amd64
#cgo linux,arm64 LDFLAGS: -L${SRCDIR}/lib/linux_arm64
#cgo LDFLAGS: -luserhash -lgcc_s -lutil -lrt -lpthread -lm -ldl
#include "userhash.h"

// Verifications return their results by value, so that no Go variable escapes to the heap
// for C to write to; the handle is an integer (cgo checks each pointer argument).
typedef struct { userhash_result rc; bool valid; } uh_bool;
typedef struct { userhash_result rc; userhash_verification v; } uh_verification;

static uh_bool uh_verify(uintptr_t s, const char *id, size_t id_len, const char *hash, size_t hash_len) {
	uh_bool r = { USERHASH_RESULT_OK, false };
	r.rc = userhash_signer_verify((const userhash_signer *)s, id, id_len, hash, hash_len, &r.valid);
	return r;
}

static uh_verification uh_keyring_verify(uintptr_t k, const char *id, size_t id_len, const char *in, size_t in_len,
                                         bool has_now, int64_t now, bool token, int64_t leeway) {
	uh_verification r = { USERHASH_RESULT_OK };
	const int64_t *at = has_now ? &now : NULL;
	const userhash_keyring *kr = (const userhash_keyring *)k;
	r.rc = token ? userhash_keyring_verify_token(kr, id, id_len, in, in_len, at, leeway, &r.v)
	             : userhash_keyring_verify_detailed(kr, id, id_len, in, in_len, at, &r.v);
	return r;
}
*/
import "C"

import (
	"errors"
	"runtime"
	"strings"
	"sync/atomic"
	"unsafe"
)

const hashLen = C.USERHASH_HASH_BUF_LEN - 1

func csigner(h unsafe.Pointer) *C.userhash_signer   { return (*C.userhash_signer)(h) }
func ckeyring(h unsafe.Pointer) *C.userhash_keyring { return (*C.userhash_keyring)(h) }
func chandle(h unsafe.Pointer) C.uintptr_t          { return C.uintptr_t(uintptr(h)) }

// call makes one C call on a pinned OS thread, where libuserhash keeps the error's message.
func call(f func() C.userhash_result) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if rc := f(); rc != C.USERHASH_RESULT_OK {
		return errorOf(uint32(rc), C.GoString(C.userhash_last_error_message()))
	}
	return nil
}

// hot is call without the pin (100 instructions); a failure with details is made again in call.
func hot(f func() C.userhash_result) error {
	if rc := f(); rc == C.USERHASH_RESULT_OK {
		return nil
	} else if e := errorOf(uint32(rc), ""); !strings.Contains(e.Message, "{") {
		return e
	}
	return call(f)
}

// verify and keyringVerify are the verifications' C calls (see uh_bool).
func verify(h unsafe.Pointer, id, hash string) (bool, error) {
	var r C.uh_bool
	err := hot(func() C.userhash_result {
		r = C.uh_verify(chandle(h), cstr(id), clen(id), cstr(hash), clen(hash))
		return r.rc
	})
	return bool(r.valid), err
}

func keyringVerify(h unsafe.Pointer, id, in string, token bool, o Option) (C.userhash_verification, error) {
	var r C.uh_verification
	err := hot(func() C.userhash_result {
		r = C.uh_keyring_verify(chandle(h), cstr(id), clen(id), cstr(in), clen(in), C.bool(o.hasNow), C.int64_t(o.now),
			C.bool(token), C.int64_t(o.leeway))
		return r.rc
	})
	return r.v, err
}

// cstr points to the bytes of s for the call (never NULL: the ABI refuses it); clen is the length.
func cstr(s string) *C.char {
	if s == "" {
		return &nul
	}
	return (*C.char)(*(*unsafe.Pointer)(unsafe.Pointer(&s)))
}

var nul C.char

func clen(s string) C.size_t { return C.size_t(len(s)) }

// coptional is cstr, or NULL for a text not given.
func coptional(s string, given bool) *C.char {
	if !given {
		return nil
	}
	return cstr(s)
}

// cint64 points to *n, or is NULL for nil.
func cint64(n *int64) *C.int64_t { return (*C.int64_t)(unsafe.Pointer(n)) }

// unsafeString views b, which must not change, as a string (unsafe.String needs Go 1.20).
func unsafeString(b []byte) string { return *(*string)(unsafe.Pointer(&b)) }

// cbuf and csize are an output buffer as C takes it.
func cbuf(buf []byte) *C.char   { return (*C.char)(unsafe.Pointer(&buf[0])) }
func csize(buf []byte) C.size_t { return C.size_t(len(buf)) }

// hashes has f write n hashes and a NUL, and views them as one string (one allocation).
func hashes(n int, f func(out *C.char, size C.size_t) error) (string, error) {
	buf := make([]byte, n*hashLen+1)
	if err := f(cbuf(buf), csize(buf)); err != nil {
		return "", err
	}
	return unsafeString(buf[:len(buf)-1]), nil
}

// text is the NUL-terminated text that f wrote to a buffer of n bytes.
func text(n int, f func(out *C.char, size C.size_t) error) (string, error) {
	buf := make([]byte, n)
	err := f(cbuf(buf), csize(buf))
	return C.GoString(cbuf(buf)), err
}

// owned is the string that f had libuserhash write, copied and freed.
func owned(f func(out *C.userhash_string) error) (string, error) {
	var s C.userhash_string
	if err := f(&s); err != nil {
		return "", err
	}
	defer C.userhash_string_free(&s)
	return C.GoStringN(s.ptr, C.int(s.len)), nil
}

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
		return *new(T), err
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

// Error is every error from the userhash core (README.md, Errors and codes); never with a secret.
type Error struct {
	Code     string
	Message  string
	Category string
}

func (e *Error) Error() string { return "userhash: " + e.Message + " [" + e.Code + "]" }

// ErrClosed is the error of a closed Signer or Keyring, and of the widget functions given a nil Signer.
var ErrClosed = errors.New("userhash: closed")

// errorOf is the *Error of a C result value with message, or with the contract's for "".
func errorOf(value uint32, message string) *Error {
	for _, e := range contractErrors {
		if e.value == value {
			if message == "" {
				message = e.message
			}
			return &Error{Code: e.code, Message: message, Category: e.category}
		}
	}
	return &Error{Message: message}
}
