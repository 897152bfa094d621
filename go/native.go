package userhash

// The cgo flags and the conversions between Go values and the C ABI that every file uses:
// call, the one helper that makes C calls and maps their results, and the output helpers.
//
// By default the header comes from ../bindings/c/include and the library from
// ../target/release (run `cargo build --release -p userhash-c` first). Point elsewhere with
// CGO_CFLAGS="-I/dir/with/userhash.h" and CGO_LDFLAGS="-L/lib/dir -Wl,-rpath,/lib/dir".

/*
#cgo CFLAGS: -I${SRCDIR}/../bindings/c/include
#cgo LDFLAGS: -L${SRCDIR}/../target/release -Wl,-rpath,${SRCDIR}/../target/release -luserhash
#include "userhash.h"
*/
import "C"

import (
	"runtime"
	"unsafe"
)

const hashLen = C.USERHASH_HASH_BUF_LEN - 1

// signerHandle and keyringHandle are the C pointers as the rest of the package holds them.
type (
	signerHandle  = unsafe.Pointer
	keyringHandle = unsafe.Pointer
)

func csigner(h signerHandle) *C.userhash_signer    { return (*C.userhash_signer)(h) }
func ckeyring(h keyringHandle) *C.userhash_keyring { return (*C.userhash_keyring)(h) }

func nativeSignerFree(h signerHandle)   { C.userhash_signer_free(csigner(h)) }
func nativeKeyringFree(h keyringHandle) { C.userhash_keyring_free(ckeyring(h)) }

// call makes one C call and maps its result: nil, or an *Error with the code and category
// of contract_gen.go and libuserhash's message. The message is kept per OS thread, so the
// goroutine stays on its thread from the call until the message has been read.
func call(f func() C.userhash_result) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if rc := f(); rc != C.USERHASH_RESULT_OK {
		return errorOf(uint32(rc), C.GoString(C.userhash_last_error_message()))
	}
	return nil
}

// cstr points to the bytes of s, which C reads during the call only. The ABI refuses NULL
// even for length 0, and "" may have no bytes. clen is the length.
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

// unsafeString views b as a string; b must not change while the string is in use.
// (unsafe.String needs Go 1.20; this form works on Debian bookworm's Go 1.19 too.)
func unsafeString(b []byte) string { return *(*string)(unsafe.Pointer(&b)) }

// hashesOut runs a call that writes n hashes (64 hex characters each, then a NUL) to out
// and views them as one string, without copying: one allocation.
func hashesOut(n int, f func(out *C.char, size C.size_t) C.userhash_result) (string, error) {
	buf := make([]byte, n*hashLen+1)
	if err := call(func() C.userhash_result { return f((*C.char)(unsafe.Pointer(&buf[0])), C.size_t(len(buf))) }); err != nil {
		return "", err
	}
	return unsafeString(buf[:len(buf)-1]), nil
}

// textOut runs a call that writes a NUL-terminated text of fewer than size bytes to out.
func textOut(size C.size_t, f func(out *C.char, size C.size_t) C.userhash_result) (string, error) {
	buf := make([]byte, size)
	out := (*C.char)(unsafe.Pointer(&buf[0]))
	err := call(func() C.userhash_result { return f(out, size) })
	return C.GoString(out), err
}

// handleOut runs a constructor that writes a handle to out.
func handleOut(f func(out unsafe.Pointer) C.userhash_result) (unsafe.Pointer, error) {
	var h unsafe.Pointer
	err := call(func() C.userhash_result { return f(unsafe.Pointer(&h)) })
	return h, err
}

// stringOut runs a call that writes an owned userhash_string, and copies and frees it.
func stringOut(f func(out *C.userhash_string) C.userhash_result) (string, error) {
	var out C.userhash_string
	if err := call(func() C.userhash_result { return f(&out) }); err != nil {
		return "", err
	}
	defer C.userhash_string_free(&out)
	return C.GoStringN(out.ptr, C.int(out.len)), nil
}

// missingEnv is SignerFromEnv's error for a variable that is not set. The C ABI has no
// signer from a variable's value yet, so this one message is written here.
func missingEnv(name string) error {
	return errorOf(C.USERHASH_RESULT_MISSING_ENV, "environment variable "+name+" is not set")
}

// invalidMetadata is the error for metadata that encoding/json cannot write.
func invalidMetadata(err error) error {
	return errorOf(C.USERHASH_RESULT_INVALID_METADATA, err.Error())
}
