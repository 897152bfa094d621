package userhash

/*
#include "userhash.h"

// Verifications return their result by value: a pointer to a Go variable passed to C
// moves the variable to the heap, an allocation per call. The integer id variants make
// the id's canonical text and the hash in the same crossing.
typedef struct { userhash_result rc; bool valid; } uh_bool;

static uh_bool uh_verify(const userhash_signer *s, const char *id, size_t id_len, const char *hash, size_t hash_len) {
	uh_bool r = { USERHASH_RESULT_OK, false };
	r.rc = userhash_signer_verify(s, id, id_len, hash, hash_len, &r.valid);
	return r;
}

static uh_bool uh_verify_int(const userhash_signer *s, int64_t id, const char *hash, size_t hash_len) {
	char text[USERHASH_INTEGER_ID_BUF_LEN];
	size_t len;
	uh_bool r = { userhash_integer_id(id, text, sizeof text, &len), false };
	return r.rc ? r : uh_verify(s, text, len, hash, hash_len);
}

static userhash_result uh_sign_int(const userhash_signer *s, int64_t id, char *out, size_t out_len) {
	char text[USERHASH_INTEGER_ID_BUF_LEN];
	size_t len;
	userhash_result rc = userhash_integer_id(id, text, sizeof text, &len);
	return rc ? rc : userhash_signer_sign(s, text, len, out, out_len);
}
*/
import "C"

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"unsafe"
)

// Signer holds a secret's precomputed HMAC-SHA256 state in libuserhash. Build one at
// startup and share it: every method may be called from many goroutines at once, Close
// included. Close releases the native state once the calls in flight have returned (a
// finalizer does it for a Signer that is never closed). It never prints its secret.
type Signer struct {
	native native // a *C.userhash_signer
}

// NewSigner builds a Signer from a text secret, the form widget vendors hand out: its
// UTF-8 bytes are the key, and leading or trailing whitespace is an error
// (secret_whitespace), never trimmed.
func NewSigner(secret string) (*Signer, error) { return newSigner(secret, false) }

// NewSignerBytes builds a Signer from raw key bytes, taken as they are (only empty is
// refused). The Signer keeps no reference to key.
func NewSignerBytes(key []byte) (*Signer, error) { return newSigner(unsafeString(key), true) }

// SignerFromEnv builds a Signer from the text of environment variable name.
func SignerFromEnv(name string) (*Signer, error) {
	secret, ok := os.LookupEnv(name)
	if !ok {
		return nil, missingEnv(name)
	}
	return NewSigner(secret)
}

// freeNative releases a signer's native state; a variable so that tests can count calls.
var freeNative = nativeSignerFree

func newSigner(key string, raw bool) (*Signer, error) {
	h, err := handleOut(func(out unsafe.Pointer) C.userhash_result {
		if raw {
			return C.userhash_signer_new_bytes(cstr(key), clen(key), (**C.userhash_signer)(out))
		}
		return C.userhash_signer_new(cstr(key), clen(key), (**C.userhash_signer)(out))
	})
	if err != nil {
		return nil, err
	}
	s := &Signer{}
	s.native.init(h, &freeNative)
	runtime.SetFinalizer(s, (*Signer).Close)
	return s, nil
}

// Close releases the native state, at once or when the last call in flight returns; calls
// that start after Close return ErrClosed. It is idempotent and always returns nil.
func (s *Signer) Close() error { return s.native.close(s) }

// Sign returns the 64-character lowercase hex hash of userID's bytes.
func (s *Signer) Sign(userID string) (string, error) {
	return with(&s.native, func(h unsafe.Pointer) (string, error) { return sign(h, userID) })
}

func sign(h signerHandle, userID string) (string, error) {
	return hashesOut(1, func(out *C.char, n C.size_t) C.userhash_result {
		return C.userhash_signer_sign(csigner(h), cstr(userID), clen(userID), out, n)
	})
}

// SignInt returns the hash of an integer id: that of its canonical decimal text, so
// SignInt(42) equals Sign("42").
func (s *Signer) SignInt(userID int64) (string, error) {
	return with(&s.native, func(h unsafe.Pointer) (string, error) {
		return hashesOut(1, func(out *C.char, n C.size_t) C.userhash_result {
			return C.uh_sign_int(csigner(h), C.int64_t(userID), out, n)
		})
	})
}

// SignMany returns the hashes of userIDs, in order, with a single call into libuserhash.
// On an invalid id it returns no hashes and an error naming the id's index.
func (s *Signer) SignMany(userIDs []string) ([]string, error) {
	return with(&s.native, func(h unsafe.Pointer) ([]string, error) {
		if len(userIDs) == 0 {
			return []string{}, nil
		}
		joined, lengths := strings.Join(userIDs, ""), make([]C.size_t, len(userIDs))
		for i, id := range userIDs {
			lengths[i] = clen(id)
		}
		all, err := hashesOut(len(userIDs), func(out *C.char, n C.size_t) C.userhash_result {
			return C.userhash_signer_sign_many(csigner(h), cstr(joined), &lengths[0], C.size_t(len(lengths)), out, n)
		})
		if err != nil {
			return nil, failedID(h, userIDs, err)
		}
		hashes := make([]string, len(userIDs))
		for i := range hashes {
			hashes[i] = all[i*hashLen : (i+1)*hashLen]
		}
		return hashes, nil
	})
}

// failedID names the id that failed a batch (the ABI does not say), by signing in turn.
func failedID(h signerHandle, userIDs []string, err error) error {
	for i, id := range userIDs {
		if _, idErr := sign(h, id); idErr != nil {
			return fmt.Errorf("user id %d: %w", i, idErr)
		}
	}
	return err
}

// Verify reports whether hash (64 hex characters, either case) is the hash of userID,
// comparing in constant time. A wrong or malformed hash is false with a nil error; only
// an invalid userID (empty) is an error.
func (s *Signer) Verify(userID, hash string) (bool, error) {
	return s.verify(func(h *C.userhash_signer) C.uh_bool {
		return C.uh_verify(h, cstr(userID), clen(userID), cstr(hash), clen(hash))
	})
}

// VerifyInt is Verify for an integer id (see SignInt).
func (s *Signer) VerifyInt(userID int64, hash string) (bool, error) {
	return s.verify(func(h *C.userhash_signer) C.uh_bool {
		return C.uh_verify_int(h, C.int64_t(userID), cstr(hash), clen(hash))
	})
}

func (s *Signer) verify(f func(*C.userhash_signer) C.uh_bool) (bool, error) {
	return with(&s.native, func(h unsafe.Pointer) (bool, error) {
		var r C.uh_bool
		err := call(func() C.userhash_result { r = f(csigner(h)); return r.rc })
		return bool(r.valid), err
	})
}

// String never shows the secret.
func (s *Signer) String() string { return "userhash.Signer(<redacted>)" }

// GoString never shows the secret (%#v).
func (s *Signer) GoString() string { return s.String() }
