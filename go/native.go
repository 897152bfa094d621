package userhash

// The one file that talks to libuserhash: the cgo flags, C helpers that take Go strings as
// they are (_GoString_, no copy) and return small results by value (so that no Go value
// escapes to the heap for a C call, and each Go call crosses into C once), and the
// conversions between Go values and the C ABI.
//
// By default the header comes from ../bindings/c/include and the library from
// ../target/release (run `cargo build --release -p userhash-c` first). Point elsewhere with
// CGO_CFLAGS="-I/dir/with/userhash.h" and CGO_LDFLAGS="-L/lib/dir -Wl,-rpath,/lib/dir".

/*
#cgo CFLAGS: -I${SRCDIR}/../bindings/c/include
#cgo LDFLAGS: -L${SRCDIR}/../target/release -Wl,-rpath,${SRCDIR}/../target/release -luserhash
#include "userhash.h"

// A Go string as the ABI's pointer and length. Go's empty string may have a NULL pointer,
// which the ABI refuses even for length 0; an optional text is NULL when absent.
static const char *uh_ptr(_GoString_ s) { return _GoStringLen(s) ? _GoStringPtr(s) : ""; }
#define UH_STR(s) uh_ptr(s), _GoStringLen(s)
#define UH_OPT(has, s) ((has) ? uh_ptr(s) : NULL), _GoStringLen(s)
#define UH_AT(has, n) ((has) ? &(n) : NULL)

typedef struct { userhash_result rc; bool valid; } uh_bool;
typedef struct { userhash_result rc; userhash_verification v; } uh_verification;

static userhash_result uh_signer_new(_GoString_ key, bool raw, userhash_signer **out) {
	return (raw ? userhash_signer_new_bytes : userhash_signer_new)(UH_STR(key), out);
}

static userhash_result uh_sign(const userhash_signer *s, _GoString_ id, char *out) {
	return userhash_signer_sign(s, UH_STR(id), out, USERHASH_HASH_BUF_LEN);
}

static uh_bool uh_verify(const userhash_signer *s, _GoString_ id, _GoString_ hash) {
	uh_bool r = { USERHASH_RESULT_OK, false };
	r.rc = userhash_signer_verify(s, UH_STR(id), UH_STR(hash), &r.valid);
	return r;
}

// SignInt and VerifyInt: the id's canonical text and the hash in one call.
static userhash_result uh_sign_int(const userhash_signer *s, int64_t id, char *out) {
	char text[USERHASH_INTEGER_ID_BUF_LEN];
	size_t len;
	userhash_result rc = userhash_integer_id(id, text, sizeof text, &len);
	return rc ? rc : userhash_signer_sign(s, text, len, out, USERHASH_HASH_BUF_LEN);
}

static uh_bool uh_verify_int(const userhash_signer *s, int64_t id, _GoString_ hash) {
	uh_bool r = { USERHASH_RESULT_OK, false };
	char text[USERHASH_INTEGER_ID_BUF_LEN];
	size_t len;
	r.rc = userhash_integer_id(id, text, sizeof text, &len);
	if (!r.rc)
		r.rc = userhash_signer_verify(s, text, len, UH_STR(hash), &r.valid);
	return r;
}

static userhash_result uh_sign_oneshot(_GoString_ secret, _GoString_ id, char *out) {
	return userhash_sign(UH_STR(secret), UH_STR(id), out, USERHASH_HASH_BUF_LEN);
}

static uh_bool uh_verify_oneshot(_GoString_ secret, _GoString_ id, _GoString_ hash) {
	uh_bool r = { USERHASH_RESULT_OK, false };
	r.rc = userhash_verify(UH_STR(secret), UH_STR(id), UH_STR(hash), &r.valid);
	return r;
}

static userhash_result uh_keyring_new(_GoString_ id, _GoString_ key, bool raw, userhash_keyring **out) {
	return (raw ? userhash_keyring_new_bytes : userhash_keyring_new)(UH_STR(id), UH_STR(key), out);
}

static userhash_result uh_keyring_from_values(_GoString_ secret, bool has_secret, _GoString_ previous,
                                              bool has_previous, _GoString_ not_after, bool has_not_after,
                                              userhash_keyring **out) {
	return userhash_keyring_from_values(UH_OPT(has_secret, secret), UH_OPT(has_previous, previous),
	                                    UH_OPT(has_not_after, not_after), out);
}

static userhash_result uh_keyring_add(userhash_keyring *k, _GoString_ id, _GoString_ key, bool raw,
                                      bool has_not_before, int64_t not_before, bool has_not_after, int64_t not_after) {
	return (raw ? userhash_keyring_add_bytes : userhash_keyring_add)(k, UH_STR(id), UH_STR(key),
		UH_AT(has_not_before, not_before), UH_AT(has_not_after, not_after));
}

static userhash_result uh_keyring_sign(const userhash_keyring *k, _GoString_ id, char *out) {
	return userhash_keyring_sign(k, UH_STR(id), out, USERHASH_HASH_BUF_LEN);
}

static uh_verification uh_keyring_verify(const userhash_keyring *k, _GoString_ id, _GoString_ presented,
                                         bool token, bool has_now, int64_t now, int64_t leeway) {
	uh_verification r = { USERHASH_RESULT_OK };
	r.rc = token ? userhash_keyring_verify_token(k, UH_STR(id), UH_STR(presented), UH_AT(has_now, now), leeway, &r.v)
	             : userhash_keyring_verify_detailed(k, UH_STR(id), UH_STR(presented), UH_AT(has_now, now), &r.v);
	return r;
}

static userhash_result uh_issue_token(const userhash_keyring *k, _GoString_ id, bool at, int64_t n, char *out) {
	return (at ? userhash_keyring_issue_token_at : userhash_keyring_issue_token)(k, UH_STR(id), n, out,
		USERHASH_TOKEN_BUF_LEN);
}

// keyring NULL: the one-shot userhash_explain with the text secret.
static userhash_result uh_explain(const userhash_keyring *k, _GoString_ secret, _GoString_ id, _GoString_ hash,
                                  bool has_email, _GoString_ email, bool has_now, int64_t now, userhash_string *out) {
	if (!k)
		return userhash_explain(UH_STR(secret), UH_STR(id), UH_STR(hash), UH_OPT(has_email, email), out);
	return userhash_keyring_explain(k, UH_STR(id), UH_STR(hash), UH_OPT(has_email, email), UH_AT(has_now, now), out);
}

static userhash_result uh_widget(const userhash_signer *s, _GoString_ config, bool script, _GoString_ nonce,
                                 userhash_string *out) {
	if (!script)
		return userhash_widget_json(s, UH_STR(config), out);
	return userhash_widget_script(s, UH_STR(config), UH_OPT(_GoStringLen(nonce), nonce), out);
}
*/
import "C"

import (
	"encoding/json"
	"fmt"
	"runtime"
	"unsafe"
)

const hashLen = 64

// signerHandle and keyringHandle are the C pointers as the rest of the package holds them.
type (
	signerHandle  = unsafe.Pointer
	keyringHandle = unsafe.Pointer
)

func csigner(h signerHandle) *C.userhash_signer    { return (*C.userhash_signer)(h) }
func ckeyring(h keyringHandle) *C.userhash_keyring { return (*C.userhash_keyring)(h) }

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

// hashOut runs a call that writes one hash to out and returns the hash: one allocation,
// the string itself.
func hashOut(f func(out *C.char) C.userhash_result) (string, error) {
	buf := hashBuffer(1)
	if err := call(func() C.userhash_result { return f(cbuf(buf)) }); err != nil {
		return "", err
	}
	return hashString(buf), nil
}

// boolOut runs a call that answers with a bool.
func boolOut(f func() C.uh_bool) (bool, error) {
	var r C.uh_bool
	err := call(func() C.userhash_result { r = f(); return r.rc })
	return bool(r.valid), err
}

// handleOut runs a constructor that writes a handle to *out.
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

// hashBuffer is where C writes n hashes (64 hex characters each, then a NUL); hashString
// views it without the NUL as a string, without copying.
func hashBuffer(n int) []byte { return make([]byte, n*hashLen+1) }

func hashString(buf []byte) string { return unsafeString(buf[:len(buf)-1]) }

// unsafeString views b as a string; b must not change while the string is in use.
// (unsafe.String needs Go 1.20; this form works on Debian bookworm's Go 1.19 too.)
func unsafeString(b []byte) string { return *(*string)(unsafe.Pointer(&b)) }

func cbuf(buf []byte) *C.char { return (*C.char)(unsafe.Pointer(&buf[0])) }

func nativeSignerNew(key string, raw bool) (signerHandle, error) {
	return handleOut(func(out unsafe.Pointer) C.userhash_result {
		return C.uh_signer_new(key, C.bool(raw), (**C.userhash_signer)(out))
	})
}

func nativeSignerFree(h signerHandle) { C.userhash_signer_free(csigner(h)) }

func nativeSign(h signerHandle, userID string) (string, error) {
	return hashOut(func(out *C.char) C.userhash_result { return C.uh_sign(csigner(h), userID, out) })
}

func nativeSignInt(h signerHandle, userID int64) (string, error) {
	return hashOut(func(out *C.char) C.userhash_result { return C.uh_sign_int(csigner(h), C.int64_t(userID), out) })
}

// nativeSignMany signs every id in one C call; the hashes share one allocation. The ABI
// does not say which id failed: that one is found by signing them in turn.
func nativeSignMany(h signerHandle, userIDs []string) ([]string, error) {
	if len(userIDs) == 0 {
		return []string{}, nil
	}
	total := 0
	for _, id := range userIDs {
		total += len(id)
	}
	ids := make([]byte, 0, total+1) // +1: never empty, so &ids[0] exists
	lengths := make([]C.size_t, len(userIDs))
	for i, id := range userIDs {
		ids = append(ids, id...)
		lengths[i] = C.size_t(len(id))
	}
	buf := hashBuffer(len(userIDs))
	err := call(func() C.userhash_result {
		return C.userhash_signer_sign_many(csigner(h), cbuf(ids[:cap(ids)]), &lengths[0], C.size_t(len(userIDs)),
			cbuf(buf), C.size_t(len(buf)))
	})
	if err != nil {
		for i, id := range userIDs {
			if _, err := nativeSign(h, id); err != nil {
				return nil, fmt.Errorf("user id %d: %w", i, err)
			}
		}
		return nil, err
	}
	all := hashString(buf)
	hashes := make([]string, len(userIDs))
	for i := range hashes {
		hashes[i] = all[i*hashLen : (i+1)*hashLen]
	}
	return hashes, nil
}

func nativeVerify(h signerHandle, userID, hash string) (bool, error) {
	return boolOut(func() C.uh_bool { return C.uh_verify(csigner(h), userID, hash) })
}

func nativeVerifyInt(h signerHandle, userID int64, hash string) (bool, error) {
	return boolOut(func() C.uh_bool { return C.uh_verify_int(csigner(h), C.int64_t(userID), hash) })
}

func nativeSignOneshot(secret, userID string) (string, error) {
	return hashOut(func(out *C.char) C.userhash_result { return C.uh_sign_oneshot(secret, userID, out) })
}

func nativeVerifyOneshot(secret, userID, hash string) (bool, error) {
	return boolOut(func() C.uh_bool { return C.uh_verify_oneshot(secret, userID, hash) })
}

func nativeGenerateSecret() (string, error) {
	buf := make([]byte, C.USERHASH_SECRET_BUF_LEN)
	err := call(func() C.userhash_result { return C.userhash_generate_secret(cbuf(buf), C.size_t(len(buf))) })
	return string(buf[:len(buf)-1]), err
}

func nativeIntegerID(id int64) string {
	buf := make([]byte, C.USERHASH_INTEGER_ID_BUF_LEN)
	var n C.size_t
	if err := call(func() C.userhash_result {
		return C.userhash_integer_id(C.int64_t(id), cbuf(buf), C.size_t(len(buf)), &n)
	}); err != nil {
		panic(err) // every int64 has a canonical form that fits the buffer
	}
	return string(buf[:n])
}

func nativeVersion() string { return C.GoString(C.userhash_version()) }

// ---- Keyrings ----

func nativeKeyringNew(id, key string, raw bool) (keyringHandle, error) {
	return handleOut(func(out unsafe.Pointer) C.userhash_result {
		return C.uh_keyring_new(id, key, C.bool(raw), (**C.userhash_keyring)(out))
	})
}

// envValue is an environment variable as os.LookupEnv reads it.
type envValue struct {
	value string
	set   bool
}

func nativeKeyringFromValues(secret, previous, notAfter envValue) (keyringHandle, error) {
	return handleOut(func(out unsafe.Pointer) C.userhash_result {
		return C.uh_keyring_from_values(secret.value, C.bool(secret.set), previous.value, C.bool(previous.set),
			notAfter.value, C.bool(notAfter.set), (**C.userhash_keyring)(out))
	})
}

func nativeKeyringFree(h keyringHandle) { C.userhash_keyring_free(ckeyring(h)) }

func nativeKeyringAdd(h keyringHandle, id, key string, raw bool, w Window) error {
	var nb, na int64
	if w.NotBefore != nil {
		nb = *w.NotBefore
	}
	if w.NotAfter != nil {
		na = *w.NotAfter
	}
	return call(func() C.userhash_result {
		return C.uh_keyring_add(ckeyring(h), id, key, C.bool(raw), C.bool(w.NotBefore != nil), C.int64_t(nb),
			C.bool(w.NotAfter != nil), C.int64_t(na))
	})
}

// nativeKeyIDs copies every key id, primary first (each a view owned by the keyring).
func nativeKeyIDs(h keyringHandle) ([]string, error) {
	var count C.size_t
	if err := call(func() C.userhash_result { return C.userhash_keyring_key_count(ckeyring(h), &count) }); err != nil {
		return nil, err
	}
	ids := make([]string, count)
	for i := range ids {
		var id *C.char
		var n C.size_t
		if err := call(func() C.userhash_result {
			return C.userhash_keyring_key_id(ckeyring(h), C.size_t(i), &id, &n)
		}); err != nil {
			return nil, err
		}
		ids[i] = C.GoStringN(id, C.int(n))
	}
	return ids, nil
}

func nativeKeyringSign(h keyringHandle, userID string) (string, error) {
	return hashOut(func(out *C.char) C.userhash_result { return C.uh_keyring_sign(ckeyring(h), userID, out) })
}

// rawVerification is a userhash_verification with its names looked up in contract_gen.go;
// keyIndex is -1 when no key matched.
type rawVerification struct {
	outcome, reason, hashPrefix string
	keyIndex                    int64
}

// nativeVerifyKeyring checks a widget hash, or a token when token is set.
func nativeVerifyKeyring(h keyringHandle, userID, presented string, token bool, o options) (rawVerification, error) {
	var r C.uh_verification
	if err := call(func() C.userhash_result {
		r = C.uh_keyring_verify(ckeyring(h), userID, presented, C.bool(token), C.bool(o.hasNow), C.int64_t(o.now),
			C.int64_t(o.leeway))
		return r.rc
	}); err != nil {
		return rawVerification{}, err
	}
	v := rawVerification{
		outcome:    contractOutcomes[uint32(r.v.outcome)],
		hashPrefix: string(unsafe.Slice((*byte)(unsafe.Pointer(&r.v.hash_prefix)), r.v.hash_prefix_len)),
		keyIndex:   int64(r.v.key_index),
	}
	if r.v.reason != C.USERHASH_RESULT_OK {
		v.reason, _ = contractCode(uint32(r.v.reason))
	}
	return v, nil
}

// nativeIssueToken issues a token expiring at Unix second n (at), or n seconds from now.
func nativeIssueToken(h keyringHandle, userID string, at bool, n int64) (string, error) {
	buf := make([]byte, C.USERHASH_TOKEN_BUF_LEN)
	err := call(func() C.userhash_result {
		return C.uh_issue_token(ckeyring(h), userID, C.bool(at), C.int64_t(n), cbuf(buf))
	})
	return C.GoString(cbuf(buf)), err
}

// explanation is the JSON of userhash_keyring_explain and userhash_explain.
type explanation struct {
	Code, Message string
	Event         *eventJSON
}

// eventJSON is a FailureEvent as explain writes it, without the user id.
type eventJSON struct {
	Outcome    string
	Reason     string
	KeyID      string `json:"key_id"`
	UserID     string `json:"-"`
	HashPrefix string `json:"hash_prefix"`
}

// nativeExplain explains with the keyring h, or with the text secret when h is nil; the
// event is nil when the hash verifies.
func nativeExplain(h keyringHandle, secret, userID, hash string, o options) (Finding, *FailureEvent, error) {
	text, err := stringOut(func(out *C.userhash_string) C.userhash_result {
		return C.uh_explain(ckeyring(h), secret, userID, hash, C.bool(o.hasEmail), o.email, C.bool(o.hasNow),
			C.int64_t(o.now), out)
	})
	var e explanation
	if err == nil {
		err = json.Unmarshal([]byte(text), &e)
	}
	if err != nil || e.Event == nil {
		return Finding{e.Code, e.Message}, nil, err
	}
	event := FailureEvent(*e.Event)
	return Finding{e.Code, e.Message}, &event, nil
}

// ---- Widget snippets ----

// nativeWidget writes the snippet (script) or the JSON object of a configuration in JSON.
func nativeWidget(h signerHandle, config []byte, script bool, nonce string) (string, error) {
	return stringOut(func(out *C.userhash_string) C.userhash_result {
		return C.uh_widget(csigner(h), unsafeString(config), C.bool(script), nonce, out)
	})
}

// missingEnv is SignerFromEnv's error for a variable that is not set. The C ABI has no
// signer from a variable's value yet, so this one message is written here.
func missingEnv(name string) error {
	return errorOf(C.USERHASH_RESULT_MISSING_ENV, "environment variable "+name+" is not set")
}

// invalidMetadata is the error for metadata that encoding/json cannot write, with its message.
func invalidMetadata(err error) error {
	return errorOf(C.USERHASH_RESULT_INVALID_METADATA, err.Error())
}
