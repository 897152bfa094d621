package userhash

// The one file that talks to libuserhash: cgo flags, small C helpers (so each Go call
// crosses into C once) and the conversions between Go values and the C ABI.
//
// By default the header comes from ../bindings/c/include and the library from
// ../target/release (run `cargo build --release -p userhash-c` first). Point elsewhere with
// CGO_CFLAGS="-I/dir/with/userhash.h" and CGO_LDFLAGS="-L/lib/dir -Wl,-rpath,/lib/dir".

/*
#cgo CFLAGS: -I${SRCDIR}/../bindings/c/include
#cgo LDFLAGS: -L${SRCDIR}/../target/release -Wl,-rpath,${SRCDIR}/../target/release -luserhash
#include "userhash.h"

// Go's empty string may have a NULL data pointer; the C ABI refuses NULL even for length 0.
static const char *uh_ptr(_GoString_ s) {
	return _GoStringLen(s) ? _GoStringPtr(s) : "";
}

typedef struct { userhash_result rc; userhash_signer *signer; } uh_new_result;

static uh_new_result uh_signer_new(_GoString_ secret, int raw) {
	uh_new_result r = { USERHASH_RESULT_OK, NULL };
	r.rc = raw ? userhash_signer_new_bytes(uh_ptr(secret), _GoStringLen(secret), &r.signer)
	           : userhash_signer_new(uh_ptr(secret), _GoStringLen(secret), &r.signer);
	return r;
}

static userhash_result uh_sign(const userhash_signer *s, _GoString_ id, char *out) {
	return userhash_signer_sign(s, uh_ptr(id), _GoStringLen(id), out, USERHASH_HASH_BUF_LEN);
}

static userhash_result uh_sign_int(const userhash_signer *s, int64_t id, char *out) {
	char text[USERHASH_INTEGER_ID_BUF_LEN];
	size_t len = 0;
	userhash_result rc = userhash_integer_id(id, text, sizeof text, &len);
	return rc ? rc : userhash_signer_sign(s, text, len, out, USERHASH_HASH_BUF_LEN);
}

// Signs n ids laid end to end in ids (id i ends at ends[i]) into out, 64 bytes each, plus
// a final NUL. On failure *failed is the index of the id that failed.
static userhash_result uh_sign_many(const userhash_signer *s, const char *ids, const size_t *ends,
                                    size_t n, char *out, size_t *failed) {
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		userhash_result rc = userhash_signer_sign(s, ids + start, ends[i] - start, out + 64 * i,
		                                          USERHASH_HASH_BUF_LEN);
		if (rc) { *failed = i; return rc; }
		start = ends[i];
	}
	return USERHASH_RESULT_OK;
}

typedef struct { userhash_result rc; bool valid; } uh_verify_result;

static uh_verify_result uh_verify(const userhash_signer *s, _GoString_ id, _GoString_ hash) {
	uh_verify_result r = { USERHASH_RESULT_OK, false };
	r.rc = userhash_signer_verify(s, uh_ptr(id), _GoStringLen(id), uh_ptr(hash), _GoStringLen(hash), &r.valid);
	return r;
}

static uh_verify_result uh_verify_int(const userhash_signer *s, int64_t id, _GoString_ hash) {
	uh_verify_result r = { USERHASH_RESULT_OK, false };
	char text[USERHASH_INTEGER_ID_BUF_LEN];
	size_t len = 0;
	r.rc = userhash_integer_id(id, text, sizeof text, &len);
	if (!r.rc)
		r.rc = userhash_signer_verify(s, text, len, uh_ptr(hash), _GoStringLen(hash), &r.valid);
	return r;
}

static userhash_result uh_sign_oneshot(_GoString_ secret, _GoString_ id, char *out) {
	return userhash_sign(uh_ptr(secret), _GoStringLen(secret), uh_ptr(id), _GoStringLen(id), out,
	                     USERHASH_HASH_BUF_LEN);
}

static uh_verify_result uh_verify_oneshot(_GoString_ secret, _GoString_ id, _GoString_ hash) {
	uh_verify_result r = { USERHASH_RESULT_OK, false };
	r.rc = userhash_verify(uh_ptr(secret), _GoStringLen(secret), uh_ptr(id), _GoStringLen(id),
	                       uh_ptr(hash), _GoStringLen(hash), &r.valid);
	return r;
}

static userhash_result uh_integer_id(int64_t id, char *out, size_t *len) {
	return userhash_integer_id(id, out, USERHASH_INTEGER_ID_BUF_LEN, len);
}
*/
import "C"

import (
	"fmt"
	"unsafe"
)

const (
	resultMissingEnv = C.USERHASH_RESULT_MISSING_ENV
	hashLen          = 64
	secretBufLen     = C.USERHASH_SECRET_BUF_LEN
	intIDBufLen      = C.USERHASH_INTEGER_ID_BUF_LEN
	resultOK         = C.USERHASH_RESULT_OK
)

// signerHandle is a *C.userhash_signer as the rest of the package holds it.
type signerHandle = unsafe.Pointer

func csigner(h signerHandle) *C.userhash_signer { return (*C.userhash_signer)(h) }

// resultError is the one mapping from a C result to a Go error: nil for OK, else an
// *Error with the stable code and the library's message.
func resultError(rc C.userhash_result) error {
	if rc == resultOK {
		return nil
	}
	return &Error{Code: nativeCode(rc), Message: C.GoString(C.userhash_error_message(C.uint32_t(rc)))}
}

// hashBuffer is where C writes n hashes (64 hex characters each, then a NUL); hashString
// views it without the NUL as a string, without copying: one allocation per call.
func hashBuffer(n int) []byte { return make([]byte, n*hashLen+1) }

func hashString(buf []byte) string { return unsafeString(buf[:len(buf)-1]) }

// unsafeString views b as a string; b must not change while the string is in use.
// (unsafe.String needs Go 1.20; this form works on Debian bookworm's Go 1.19 too.)
func unsafeString(b []byte) string { return *(*string)(unsafe.Pointer(&b)) }

func cbuf(buf []byte) *C.char { return (*C.char)(unsafe.Pointer(&buf[0])) }

func nativeSignerNew(secret string, raw bool) (signerHandle, error) {
	rawFlag := C.int(0)
	if raw {
		rawFlag = 1
	}
	r := C.uh_signer_new(secret, rawFlag)
	return signerHandle(r.signer), resultError(r.rc)
}

func nativeSignerFree(h signerHandle) { C.userhash_signer_free(csigner(h)) }

func nativeSign(h signerHandle, userID string) (string, error) {
	buf := hashBuffer(1)
	if err := resultError(C.uh_sign(csigner(h), userID, cbuf(buf))); err != nil {
		return "", err
	}
	return hashString(buf), nil
}

func nativeSignInt(h signerHandle, userID int64) (string, error) {
	buf := hashBuffer(1)
	if err := resultError(C.uh_sign_int(csigner(h), C.int64_t(userID), cbuf(buf))); err != nil {
		return "", err
	}
	return hashString(buf), nil
}

// nativeSignMany signs every id in one C call; the hashes share one allocation.
func nativeSignMany(h signerHandle, userIDs []string) ([]string, error) {
	if len(userIDs) == 0 {
		return []string{}, nil
	}
	total := 0
	for _, id := range userIDs {
		total += len(id)
	}
	ids := make([]byte, 0, total+1) // +1: never empty, so &ids[0] exists
	ends := make([]C.size_t, len(userIDs))
	for i, id := range userIDs {
		ids = append(ids, id...)
		ends[i] = C.size_t(len(ids))
	}
	buf := hashBuffer(len(userIDs))
	var failed C.size_t
	rc := C.uh_sign_many(csigner(h), cbuf(ids[:cap(ids)]), &ends[0], C.size_t(len(userIDs)), cbuf(buf), &failed)
	if err := resultError(rc); err != nil {
		return nil, fmt.Errorf("user id %d: %w", failed, err)
	}
	all := hashString(buf)
	hashes := make([]string, len(userIDs))
	for i := range hashes {
		hashes[i] = all[i*hashLen : (i+1)*hashLen]
	}
	return hashes, nil
}

func nativeVerify(h signerHandle, userID, hash string) (bool, error) {
	r := C.uh_verify(csigner(h), userID, hash)
	return bool(r.valid), resultError(r.rc)
}

func nativeVerifyInt(h signerHandle, userID int64, hash string) (bool, error) {
	r := C.uh_verify_int(csigner(h), C.int64_t(userID), hash)
	return bool(r.valid), resultError(r.rc)
}

func nativeSignOneshot(secret, userID string) (string, error) {
	buf := hashBuffer(1)
	if err := resultError(C.uh_sign_oneshot(secret, userID, cbuf(buf))); err != nil {
		return "", err
	}
	return hashString(buf), nil
}

func nativeVerifyOneshot(secret, userID, hash string) (bool, error) {
	r := C.uh_verify_oneshot(secret, userID, hash)
	return bool(r.valid), resultError(r.rc)
}

func nativeGenerateSecret() (string, error) {
	buf := make([]byte, secretBufLen)
	if err := resultError(C.userhash_generate_secret(cbuf(buf), secretBufLen)); err != nil {
		return "", err
	}
	return string(buf[:secretBufLen-1]), nil
}

func nativeIntegerID(id int64) string {
	buf := make([]byte, intIDBufLen)
	var n C.size_t
	if err := resultError(C.uh_integer_id(C.int64_t(id), cbuf(buf), &n)); err != nil {
		panic(err) // every int64 has a canonical form that fits the buffer
	}
	return string(buf[:n])
}

func nativeVersion() string { return C.GoString(C.userhash_version()) }

// nativeCode is the stable code of a C result value (for errors raised on the Go side).
func nativeCode(rc C.userhash_result) string {
	return C.GoString(C.userhash_result_code(C.uint32_t(rc)))
}
