package userhash

import (
	"os"
	"runtime"
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
	h, err := nativeSignerNew(key, raw)
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
	return with(&s.native, func(h unsafe.Pointer) (string, error) { return nativeSign(h, userID) })
}

// SignInt returns the hash of an integer id: that of its canonical decimal text, so
// SignInt(42) equals Sign("42").
func (s *Signer) SignInt(userID int64) (string, error) {
	return with(&s.native, func(h unsafe.Pointer) (string, error) { return nativeSignInt(h, userID) })
}

// SignMany returns the hashes of userIDs, in order, with a single call into libuserhash.
// On an invalid id it returns no hashes and an error naming the id's index.
func (s *Signer) SignMany(userIDs []string) ([]string, error) {
	return with(&s.native, func(h unsafe.Pointer) ([]string, error) { return nativeSignMany(h, userIDs) })
}

// Verify reports whether hash (64 hex characters, either case) is the hash of userID,
// comparing in constant time. A wrong or malformed hash is false with a nil error; only
// an invalid userID (empty) is an error.
func (s *Signer) Verify(userID, hash string) (bool, error) {
	return with(&s.native, func(h unsafe.Pointer) (bool, error) { return nativeVerify(h, userID, hash) })
}

// VerifyInt is Verify for an integer id (see SignInt).
func (s *Signer) VerifyInt(userID int64, hash string) (bool, error) {
	return with(&s.native, func(h unsafe.Pointer) (bool, error) { return nativeVerifyInt(h, userID, hash) })
}

// String never shows the secret.
func (s *Signer) String() string { return "userhash.Signer(<redacted>)" }

// GoString never shows the secret (%#v).
func (s *Signer) GoString() string { return s.String() }
