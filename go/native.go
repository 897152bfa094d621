package userhash

// The cgo flags, the C helpers of the hot paths, and what every file uses to call the C
// ABI: call (the thread-pinning wrapper), the result mappings, the output helpers.
//
// By default the header comes from ../bindings/c/include and the library from
// ../target/release (run `cargo build --release -p userhash-c` first). Point elsewhere with
// CGO_CFLAGS="-I/dir/with/userhash.h" and CGO_LDFLAGS="-L/lib/dir -Wl,-rpath,/lib/dir".

/*
#cgo CFLAGS: -I${SRCDIR}/../bindings/c/include
#cgo LDFLAGS: -L${SRCDIR}/../target/release -Wl,-rpath,${SRCDIR}/../target/release -luserhash
#include <string.h>
#include "userhash.h"

// The calls the benchmarks measure (and their integer twins) do not pin the goroutine to its OS thread (see call; the
// pin costs about 100 instructions a call, against some 700 for all of a Sign's Go side):
// their helpers return the result and, on failure only, a copy of its message made on the
// thread of the call. They return by
// value, so that no Go variable escapes to the heap for C to write to, and take the handle
// as an integer, which cgo does not check on every call as it checks a pointer argument.
typedef struct { userhash_result rc; char *message; } uh_status;
typedef struct { uh_status status; bool valid; } uh_bool;
typedef struct { uh_status status; userhash_verification v; } uh_verification;

static uh_status uh_status_of(userhash_result rc) {
	uh_status s = { rc, rc ? strdup(userhash_last_error_message()) : NULL };
	return s;
}

static uh_status uh_sign(uintptr_t s, const char *id, size_t len, char *out, size_t out_len) {
	return uh_status_of(userhash_signer_sign((const userhash_signer *)s, id, len, out, out_len));
}

static uh_status uh_sign_oneshot(const char *secret, size_t secret_len, const char *id, size_t len, char *out,
                                 size_t out_len) {
	return uh_status_of(userhash_sign(secret, secret_len, id, len, out, out_len));
}

static uh_status uh_keyring_sign(uintptr_t k, const char *id, size_t len, char *out, size_t out_len) {
	return uh_status_of(userhash_keyring_sign((const userhash_keyring *)k, id, len, out, out_len));
}

static uh_bool uh_verify(uintptr_t s, const char *id, size_t id_len, const char *hash, size_t hash_len) {
	uh_bool r = { { USERHASH_RESULT_OK, NULL }, false };
	r.status = uh_status_of(userhash_signer_verify((const userhash_signer *)s, id, id_len, hash, hash_len, &r.valid));
	return r;
}

// The integer id variants make the id's canonical text and the hash in one crossing.
static uh_status uh_sign_int(uintptr_t s, int64_t id, char *out, size_t out_len) {
	char text[USERHASH_INTEGER_ID_BUF_LEN];
	size_t len;
	userhash_result rc = userhash_integer_id(id, text, sizeof text, &len);
	return rc ? uh_status_of(rc) : uh_sign(s, text, len, out, out_len);
}

static uh_bool uh_verify_int(uintptr_t s, int64_t id, const char *hash, size_t hash_len) {
	char text[USERHASH_INTEGER_ID_BUF_LEN];
	size_t len;
	uh_bool r = { uh_status_of(userhash_integer_id(id, text, sizeof text, &len)), false };
	return r.status.rc ? r : uh_verify(s, text, len, hash, hash_len);
}

// has_now false is the current time; token false verifies a widget hash.
static uh_verification uh_keyring_verify(uintptr_t handle, const char *id, size_t id_len, const char *in,
                                         size_t in_len, bool has_now, int64_t now, bool token, int64_t leeway) {
	const userhash_keyring *k = (const userhash_keyring *)handle;
	const int64_t *at = has_now ? &now : NULL;
	uh_verification r = { { USERHASH_RESULT_OK, NULL } };
	r.status = uh_status_of(token ? userhash_keyring_verify_token(k, id, id_len, in, in_len, at, leeway, &r.v)
	                              : userhash_keyring_verify_detailed(k, id, id_len, in, in_len, at, &r.v));
	return r;
}
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
func chandle(h unsafe.Pointer) C.uintptr_t         { return C.uintptr_t(uintptr(h)) }
func ckeyring(h keyringHandle) *C.userhash_keyring { return (*C.userhash_keyring)(h) }

func nativeSignerFree(h signerHandle)   { C.userhash_signer_free(csigner(h)) }
func nativeKeyringFree(h keyringHandle) { C.userhash_keyring_free(ckeyring(h)) }

// call makes one C call and maps its result with result. libuserhash keeps an error's
// message per OS thread, so the goroutine stays on its thread from the call until the
// message has been read.
func call(f func() C.userhash_result) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	return result(f())
}

// call is the package's call with the pointer held for the length of the C call (see
// with), or ErrClosed.
func (n *native) call(f func(unsafe.Pointer) C.userhash_result) error {
	_, err := with(n, func(ptr unsafe.Pointer) (struct{}, error) {
		return struct{}{}, call(func() C.userhash_result { return f(ptr) })
	})
	return err
}

// result is the one mapping from a C result to an error: nil, or an *Error with the code
// and category of contract_gen.go and libuserhash's message for this thread's last failure.
func result(rc C.userhash_result) error {
	if rc == C.USERHASH_RESULT_OK {
		return nil
	}
	return errorOf(uint32(rc), C.GoString(C.userhash_last_error_message()))
}

// status is result for the hot paths, whose helpers copied the message (failure frees it).
func status(s C.uh_status) error {
	if s.rc == C.USERHASH_RESULT_OK {
		return nil
	}
	return failure(s)
}

func failure(s C.uh_status) error {
	defer C.free(unsafe.Pointer(s.message))
	return errorOf(uint32(s.rc), C.GoString(s.message))
}

// ---- The hot paths ----

func signHash(h signerHandle, id string, buf []byte) error {
	return status(C.uh_sign(chandle(h), cstr(id), clen(id), cbuf(buf), csize(buf)))
}

func signIntHash(h signerHandle, id int64, buf []byte) error {
	return status(C.uh_sign_int(chandle(h), C.int64_t(id), cbuf(buf), csize(buf)))
}

func signOneshotHash(secret, id string, buf []byte) error {
	return status(C.uh_sign_oneshot(cstr(secret), clen(secret), cstr(id), clen(id), cbuf(buf), csize(buf)))
}

func keyringSignHash(h keyringHandle, id string, buf []byte) error {
	return status(C.uh_keyring_sign(chandle(h), cstr(id), clen(id), cbuf(buf), csize(buf)))
}

func verifyHash(h signerHandle, id, hash string) (bool, error) {
	r := C.uh_verify(chandle(h), cstr(id), clen(id), cstr(hash), clen(hash))
	return bool(r.valid), status(r.status)
}

func verifyIntHash(h signerHandle, id int64, hash string) (bool, error) {
	r := C.uh_verify_int(chandle(h), C.int64_t(id), cstr(hash), clen(hash))
	return bool(r.valid), status(r.status)
}

// keyringVerify checks a widget hash, or a token when token is set, naming the key from
// keyIDs; failed tells a failure, and prefix is then its event's hash prefix.
func keyringVerify(h keyringHandle, keyIDs []string, id, presented string, token bool, o options) (
	v Verification, prefix string, failed bool, err error) {
	r := C.uh_keyring_verify(chandle(h), cstr(id), clen(id), cstr(presented), clen(presented), C.bool(o.hasNow),
		C.int64_t(o.now), C.bool(token), C.int64_t(o.leeway))
	if err := status(r.status); err != nil {
		return v, "", false, err
	}
	v.Outcome = outcomeNames[r.v.outcome]
	if r.v.reason != C.USERHASH_RESULT_OK {
		v.Reason, _ = contractCode(uint32(r.v.reason))
	}
	if r.v.key_index >= 0 {
		v.KeyID = keyIDs[r.v.key_index]
	}
	if failed = r.v.outcome != C.USERHASH_OUTCOME_VERIFIED; failed {
		prefix = string(unsafe.Slice((*byte)(unsafe.Pointer(&r.v.hash_prefix)), r.v.hash_prefix_len))
	}
	return v, prefix, failed, nil
}

// outcomeNames is contractOutcomes as a slice, read on every verification (a map lookup
// costs as much as the rest of the Go side).
var outcomeNames = func() []string {
	names := make([]string, len(contractOutcomes)+1) // the values are 1 to n
	for value, name := range contractOutcomes {
		names[value] = name
	}
	return names
}()

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

// cbuf and csize are an output buffer as C takes it.
func cbuf(buf []byte) *C.char   { return (*C.char)(unsafe.Pointer(&buf[0])) }
func csize(buf []byte) C.size_t { return C.size_t(len(buf)) }

// hashBuffer is where C writes n hashes (64 hex characters each) and a NUL; hashesOf views
// them as one string, without copying: one allocation per call.
func hashBuffer(n int) []byte { return make([]byte, n*hashLen+1) }

func hashesOf(buf []byte, err error) (string, error) {
	if err != nil {
		return "", err
	}
	return unsafeString(buf[:len(buf)-1]), nil
}

// textOf is the NUL-terminated text that C wrote to buf.
func textOf(buf []byte, err error) (string, error) { return C.GoString(cbuf(buf)), err }

// ownedString copies and frees a string that libuserhash wrote.
func ownedString(s *C.userhash_string, err error) (string, error) {
	if err != nil {
		return "", err
	}
	defer C.userhash_string_free(s)
	return C.GoStringN(s.ptr, C.int(s.len)), nil
}

// invalidMetadata is the error for metadata that encoding/json cannot write.
func invalidMetadata(err error) error {
	return errorOf(C.USERHASH_RESULT_INVALID_METADATA, err.Error())
}
