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

// ---- Keyrings ----

typedef struct { userhash_result rc; userhash_keyring *keyring; } uh_keyring_result;

static uh_keyring_result uh_keyring_new(_GoString_ id, _GoString_ secret, int raw) {
	uh_keyring_result r = { USERHASH_RESULT_OK, NULL };
	r.rc = raw ? userhash_keyring_new_bytes(uh_ptr(id), _GoStringLen(id), uh_ptr(secret), _GoStringLen(secret), &r.keyring)
	           : userhash_keyring_new(uh_ptr(id), _GoStringLen(id), uh_ptr(secret), _GoStringLen(secret), &r.keyring);
	return r;
}

static uh_keyring_result uh_keyring_from_env(void) {
	uh_keyring_result r = { USERHASH_RESULT_OK, NULL };
	r.rc = userhash_keyring_from_env(&r.keyring);
	return r;
}

static userhash_result uh_keyring_add(userhash_keyring *k, _GoString_ id, _GoString_ secret, int raw,
                                      int has_not_before, int64_t not_before, int has_not_after, int64_t not_after) {
	const int64_t *nb = has_not_before ? &not_before : NULL, *na = has_not_after ? &not_after : NULL;
	return raw ? userhash_keyring_add_bytes(k, uh_ptr(id), _GoStringLen(id), uh_ptr(secret), _GoStringLen(secret), nb, na)
	           : userhash_keyring_add(k, uh_ptr(id), _GoStringLen(id), uh_ptr(secret), _GoStringLen(secret), nb, na);
}

static userhash_result uh_keyring_sign(const userhash_keyring *k, _GoString_ id, char *out) {
	return userhash_keyring_sign(k, uh_ptr(id), _GoStringLen(id), out, USERHASH_HASH_BUF_LEN);
}

// The failure callback: C calls uh_failure_trampoline, which calls the exported Go function
// with the cgo.Handle of the keyring's hook (user_data). A panic in the hook is recovered in
// Go and its cgo.Handle left in uh_hook_panic, which the verify helpers return, so that Go
// panics again once the library has returned: nothing unwinds through libuserhash.
extern void goUserhashFailure(userhash_failure_event *event, uintptr_t hook);

static __thread uintptr_t uh_hook_panic;

static void uh_set_hook_panic(uintptr_t h) {
	if (!uh_hook_panic)
		uh_hook_panic = h;
}

static void uh_failure_trampoline(const userhash_failure_event *event, void *user_data) {
	goUserhashFailure((userhash_failure_event *)event, (uintptr_t)user_data);
}

static userhash_result uh_keyring_on_failure(userhash_keyring *k, uintptr_t hook) {
	return userhash_keyring_on_failure(k, uh_failure_trampoline, (void *)hook);
}

typedef struct { userhash_result rc; userhash_verification v; uintptr_t panic; } uh_verification_result;

static uh_verification_result uh_keyring_verify_detailed(const userhash_keyring *k, _GoString_ id, _GoString_ hash,
                                                         int has_now, int64_t now) {
	uh_verification_result r = { USERHASH_RESULT_OK, { 0, 0, -1 }, 0 };
	uh_hook_panic = 0;
	r.rc = userhash_keyring_verify_detailed(k, uh_ptr(id), _GoStringLen(id), uh_ptr(hash), _GoStringLen(hash),
	                                        has_now ? &now : NULL, &r.v);
	r.panic = uh_hook_panic;
	uh_hook_panic = 0;
	return r;
}

static uh_verification_result uh_keyring_verify_token(const userhash_keyring *k, _GoString_ id, _GoString_ token,
                                                      int has_now, int64_t now, uint64_t leeway) {
	uh_verification_result r = { USERHASH_RESULT_OK, { 0, 0, -1 }, 0 };
	uh_hook_panic = 0;
	r.rc = userhash_keyring_verify_token(k, uh_ptr(id), _GoStringLen(id), uh_ptr(token), _GoStringLen(token),
	                                     has_now ? &now : NULL, leeway, &r.v);
	r.panic = uh_hook_panic;
	uh_hook_panic = 0;
	return r;
}

static userhash_result uh_issue_token(const userhash_keyring *k, _GoString_ id, uint64_t ttl, char *out) {
	return userhash_keyring_issue_token(k, uh_ptr(id), _GoStringLen(id), ttl, out, USERHASH_TOKEN_BUF_LEN);
}

static userhash_result uh_issue_token_at(const userhash_keyring *k, _GoString_ id, int64_t expires_at, char *out) {
	return userhash_keyring_issue_token_at(k, uh_ptr(id), _GoStringLen(id), expires_at, out, USERHASH_TOKEN_BUF_LEN);
}

typedef struct { userhash_result rc; const char *code; size_t len; } uh_explain_result;

// keyring NULL: the one-shot userhash_explain with the text secret.
static uh_explain_result uh_explain(const userhash_keyring *k, _GoString_ secret, _GoString_ id, _GoString_ hash,
                                    int has_email, _GoString_ email, int64_t now, char *out, size_t out_len) {
	uh_explain_result r = { USERHASH_RESULT_OK, NULL, 0 };
	const char *e = has_email ? uh_ptr(email) : NULL;
	size_t e_len = has_email ? _GoStringLen(email) : 0;
	if (k)
		r.rc = userhash_keyring_explain(k, uh_ptr(id), _GoStringLen(id), uh_ptr(hash), _GoStringLen(hash), e, e_len,
		                                &now, &r.code, out, out_len, &r.len);
	else
		r.rc = userhash_explain(uh_ptr(secret), _GoStringLen(secret), uh_ptr(id), _GoStringLen(id), uh_ptr(hash),
		                        _GoStringLen(hash), e, e_len, &r.code, out, out_len, &r.len);
	return r;
}

// ---- Widget snippets ----

// The configuration arrives flat, with no pointers in Go memory: the texts back to back in
// text, and spec (int64s) giving each as an offset and a length (offset -1: NULL):
// [0,1] preset [2,3] app id [4,5] global [6,7] nonce, [8] has user, [9,10] id [11,12] name
// [13,14] email [15,16] phone [17,18] picture URL, [19] has created_at [20] created_at,
// [21] has metadata, then per metadata entry: key offset, key length, kind, text offset,
// text length, integer, boolean.
#define UH_SPEC_META 22
#define UH_SPEC_META_LEN 7

static const char *uh_spec_text(const char *text, const int64_t *spec, int i) {
	return spec[i] < 0 ? NULL : text + spec[i];
}

static userhash_result uh_widget(const userhash_signer *s, const char *text, const int64_t *spec, size_t meta_count,
                                 int script, char *out, size_t out_len, size_t *len_out) {
	userhash_widget_meta stack_meta[16];
	userhash_widget_meta *meta = stack_meta;
	if (meta_count > 16 && !(meta = calloc(meta_count, sizeof *meta)))
		return USERHASH_RESULT_PANIC;
	for (size_t i = 0; i < meta_count; i++) {
		const int64_t *m = spec + UH_SPEC_META + i * UH_SPEC_META_LEN;
		meta[i].key = text + m[0];
		meta[i].key_len = (size_t)m[1];
		meta[i].kind = (uint32_t)m[2];
		meta[i].text = m[3] < 0 ? NULL : text + m[3];
		meta[i].text_len = (size_t)m[4];
		meta[i].integer = m[5];
		meta[i].boolean = (uint8_t)m[6];
	}
	userhash_widget_user user = {
		uh_spec_text(text, spec, 9), (size_t)spec[10], uh_spec_text(text, spec, 11), (size_t)spec[12],
		uh_spec_text(text, spec, 13), (size_t)spec[14], uh_spec_text(text, spec, 15), (size_t)spec[16],
		uh_spec_text(text, spec, 17), (size_t)spec[18], spec[19] ? &spec[20] : NULL, spec[21] ? meta : NULL,
		meta_count,
	};
	userhash_widget_config config = {
		uh_spec_text(text, spec, 0), (size_t)spec[1], uh_spec_text(text, spec, 2), (size_t)spec[3],
		uh_spec_text(text, spec, 4), (size_t)spec[5], spec[8] ? &user : NULL,
	};
	userhash_result rc = script
		? userhash_widget_script(s, &config, uh_spec_text(text, spec, 6), (size_t)spec[7], out, out_len, len_out)
		: userhash_widget_json(s, &config, out, out_len, len_out);
	if (meta != stack_meta)
		free(meta);
	return rc;
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

// ---- Keyrings ----

// keyringHandle is a *C.userhash_keyring as the rest of the package holds it.
type keyringHandle = unsafe.Pointer

func ckeyring(h keyringHandle) *C.userhash_keyring { return (*C.userhash_keyring)(h) }

const (
	resultInvalidTimestamp = C.USERHASH_RESULT_INVALID_TIMESTAMP
	resultInvalidMetadata  = C.USERHASH_RESULT_INVALID_METADATA
	resultBufferTooSmall   = C.USERHASH_RESULT_BUFFER_TOO_SMALL
	tokenBufLen            = C.USERHASH_TOKEN_BUF_LEN
)

// outcomeNames and resultCodes are the library's stable names, read once.
var (
	outcomeNames [6]string
	resultCodes  [128]string
)

func init() {
	for i := range outcomeNames[1:] {
		outcomeNames[i+1] = C.GoString(C.userhash_outcome_name(C.uint32_t(i + 1)))
	}
	for i := range resultCodes {
		if code := C.userhash_result_code(C.uint32_t(i)); code != nil {
			resultCodes[i] = C.GoString(code)
		}
	}
}

// codeError is an *Error with the code of a result value raised on the Go side.
func codeError(rc C.userhash_result, message string) error {
	return &Error{Code: resultCodes[rc], Message: message}
}

func cbool(b bool) C.int {
	if b {
		return 1
	}
	return 0
}

func nativeKeyringNew(id, secret string, raw bool) (keyringHandle, error) {
	r := C.uh_keyring_new(id, secret, cbool(raw))
	return keyringHandle(r.keyring), resultError(r.rc)
}

func nativeKeyringFromEnv() (keyringHandle, error) {
	r := C.uh_keyring_from_env()
	return keyringHandle(r.keyring), resultError(r.rc)
}

func nativeKeyringFree(h keyringHandle) { C.userhash_keyring_free(ckeyring(h)) }

func nativeKeyringAdd(h keyringHandle, id, secret string, raw bool, w Window) error {
	var nb, na C.int64_t
	if w.NotBefore != nil {
		nb = C.int64_t(*w.NotBefore)
	}
	if w.NotAfter != nil {
		na = C.int64_t(*w.NotAfter)
	}
	return resultError(C.uh_keyring_add(ckeyring(h), id, secret, cbool(raw),
		cbool(w.NotBefore != nil), nb, cbool(w.NotAfter != nil), na))
}

// nativeKeyIDs reads every key id, primary first (at construction and after Add only).
func nativeKeyIDs(h keyringHandle) ([]string, error) {
	var count C.size_t
	if err := resultError(C.userhash_keyring_key_count(ckeyring(h), &count)); err != nil {
		return nil, err
	}
	ids := make([]string, count)
	for i := range ids {
		var n C.size_t
		buf := make([]byte, 256)
		rc := C.userhash_keyring_key_id(ckeyring(h), C.size_t(i), cbuf(buf), C.size_t(len(buf)), &n)
		if rc == resultBufferTooSmall {
			buf = make([]byte, n+1)
			rc = C.userhash_keyring_key_id(ckeyring(h), C.size_t(i), cbuf(buf), C.size_t(len(buf)), &n)
		}
		if err := resultError(rc); err != nil {
			return nil, err
		}
		ids[i] = string(buf[:n])
	}
	return ids, nil
}

func nativeKeyringOnFailure(h keyringHandle, hook uintptr) error {
	return resultError(C.uh_keyring_on_failure(ckeyring(h), C.uintptr_t(hook)))
}

// setHookPanic leaves the cgo.Handle of a recovered hook panic for the verify helper.
func setHookPanic(h uintptr) { C.uh_set_hook_panic(C.uintptr_t(h)) }

func nativeKeyringSign(h keyringHandle, userID string) (string, error) {
	buf := hashBuffer(1)
	if err := resultError(C.uh_keyring_sign(ckeyring(h), userID, cbuf(buf))); err != nil {
		return "", err
	}
	return hashString(buf), nil
}

// rawVerification is a userhash_verification and the cgo.Handle of a hook panic (0: none).
type rawVerification struct {
	outcome, reason int
	keyIndex        int64
	panic           uintptr
}

func verificationOf(r C.uh_verification_result) (rawVerification, error) {
	v := rawVerification{int(r.v.outcome), int(r.v.reason), int64(r.v.key_index), uintptr(r.panic)}
	return v, resultError(r.rc)
}

func nativeVerifyDetailed(h keyringHandle, userID, hash string, o options) (rawVerification, error) {
	return verificationOf(C.uh_keyring_verify_detailed(ckeyring(h), userID, hash, cbool(o.hasNow), C.int64_t(o.now)))
}

func nativeVerifyToken(h keyringHandle, userID, token string, o options) (rawVerification, error) {
	return verificationOf(C.uh_keyring_verify_token(ckeyring(h), userID, token, cbool(o.hasNow), C.int64_t(o.now),
		C.uint64_t(o.leeway)))
}

func tokenResult(buf []byte, rc C.userhash_result) (string, error) {
	if err := resultError(rc); err != nil {
		return "", err
	}
	n := 0
	for buf[n] != 0 {
		n++
	}
	return string(buf[:n]), nil
}

func nativeIssueToken(h keyringHandle, userID string, ttl uint64) (string, error) {
	buf := make([]byte, tokenBufLen)
	return tokenResult(buf, C.uh_issue_token(ckeyring(h), userID, C.uint64_t(ttl), cbuf(buf)))
}

func nativeIssueTokenAt(h keyringHandle, userID string, expiresAt int64) (string, error) {
	buf := make([]byte, tokenBufLen)
	return tokenResult(buf, C.uh_issue_token_at(ckeyring(h), userID, C.int64_t(expiresAt), cbuf(buf)))
}

// nativeExplain explains with the keyring h at o.now, or with the text secret when h is nil.
func nativeExplain(h keyringHandle, secret, userID, hash string, o options) (Finding, error) {
	buf := make([]byte, 512)
	for {
		r := C.uh_explain(ckeyring(h), secret, userID, hash, cbool(o.hasEmail), o.email, C.int64_t(o.now),
			cbuf(buf), C.size_t(len(buf)))
		if r.rc == resultBufferTooSmall && int(r.len) >= len(buf) {
			buf = make([]byte, r.len+1)
			continue
		}
		if err := resultError(r.rc); err != nil {
			return Finding{}, err
		}
		return Finding{Code: C.GoString(r.code), Message: string(buf[:r.len])}, nil
	}
}

// ---- Widget snippets ----

const (
	metaText    = C.USERHASH_META_KIND_TEXT
	metaInteger = C.USERHASH_META_KIND_INTEGER
	metaBool    = C.USERHASH_META_KIND_BOOL
	metaNull    = C.USERHASH_META_KIND_NULL
	specMeta    = C.UH_SPEC_META
)

// nativeWidget writes the snippet of the flat configuration (see uh_widget) in one call
// when the first buffer is large enough (it is sized for the worst case of escaping).
func nativeWidget(h signerHandle, text []byte, spec []int64, metaCount int, script bool, guess int) (string, error) {
	text = append(text, 0) // never empty, so &text[0] exists
	buf := make([]byte, guess)
	for {
		var n C.size_t
		rc := C.uh_widget(csigner(h), cbuf(text), (*C.int64_t)(unsafe.Pointer(&spec[0])), C.size_t(metaCount),
			cbool(script), cbuf(buf), C.size_t(len(buf)), &n)
		if rc == resultBufferTooSmall && int(n) >= len(buf) {
			buf = make([]byte, n+1)
			continue
		}
		if err := resultError(rc); err != nil {
			return "", err
		}
		return unsafeString(buf[:n]), nil
	}
}
