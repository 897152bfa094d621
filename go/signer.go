package userhash

// #include "userhash.h"
import "C"

import (
	"errors"
	"fmt"
	"os"
	"unsafe"
)

// Signer holds a secret's precomputed HMAC state in libuserhash: build one, share it.
type Signer struct {
	native native // a *C.userhash_signer
}

// NewSigner builds a Signer from a text secret (its bytes; whitespace around it is an error).
func NewSigner(secret string) (*Signer, error) {
	return newSigner(func(out **C.userhash_signer) C.userhash_result {
		return C.userhash_signer_new(cstr(secret), clen(secret), out)
	})
}

// NewSignerBytes builds a Signer from raw key bytes, taken as they are (and not kept).
func NewSignerBytes(key []byte) (*Signer, error) {
	return newSigner(func(out **C.userhash_signer) C.userhash_result {
		return C.userhash_signer_new_bytes(cstr(unsafeString(key)), C.size_t(len(key)), out)
	})
}

// SignerFromEnv builds a Signer from the text of environment variable name.
func SignerFromEnv(name string) (*Signer, error) {
	value, set := os.LookupEnv(name)
	return newSigner(func(out **C.userhash_signer) C.userhash_result {
		return C.userhash_signer_from_env_value(cstr(name), clen(name), coptional(value, set), clen(value), out)
	})
}

// freeNative frees a signer's native state; a variable so that tests can count calls.
var freeNative = func(h unsafe.Pointer) { C.userhash_signer_free(csigner(h)) }

func newSigner(create func(out **C.userhash_signer) C.userhash_result) (*Signer, error) {
	s := &Signer{}
	return open(s, &s.native, create, &freeNative, (*Signer).Close)
}

// Close releases the native state once the calls in flight return (README.md, Close).
func (s *Signer) Close() error { return s.native.close(s) }

// Sign returns the 64-character lowercase hex hash of userID's bytes.
func (s *Signer) Sign(userID string) (string, error) {
	h, err := s.native.acquire() // not with: a closure less on the hot path
	if err != nil {
		return "", err
	}
	defer s.native.release()
	return hashes(1, func(out *C.char, size C.size_t) error {
		return hot(func() C.userhash_result {
			return C.userhash_signer_sign(csigner(h), cstr(userID), clen(userID), out, size)
		})
	})
}

// SignInt returns the hash of an integer id's canonical decimal text: SignInt(42) is Sign("42").
func (s *Signer) SignInt(userID int64) (string, error) { return s.Sign(IntegerID(userID)) }

// SignMany returns the hashes of userIDs, in order, with a single call into libuserhash.
func (s *Signer) SignMany(userIDs []string) ([]string, error) {
	total := 0
	for _, id := range userIDs {
		total += len(id)
	}
	joined, lengths := make([]byte, 0, total), make([]C.size_t, len(userIDs)+1) // +1: &lengths[0]
	for i, id := range userIDs {
		joined, lengths[i] = append(joined, id...), clen(id) // not strings.Join: 10 times the cost
	}
	all, err := hashes(len(userIDs), func(out *C.char, size C.size_t) error {
		return s.native.call(func(h unsafe.Pointer) C.userhash_result {
			return C.userhash_signer_sign_many(csigner(h), cstr(unsafeString(joined)), &lengths[0], C.size_t(len(userIDs)),
				out, size)
		})
	})
	for i := 0; err != nil && i < len(userIDs); i++ { // name the id that failed (the ABI does not say)
		if _, idErr := s.Sign(userIDs[i]); errors.Is(idErr, ErrClosed) {
			return nil, idErr
		} else if idErr != nil {
			return nil, fmt.Errorf("user id %d: %w", i, idErr)
		}
	}
	if err != nil {
		return nil, err
	}
	list := make([]string, len(userIDs))
	for i := range list {
		list[i] = all[i*hashLen : (i+1)*hashLen]
	}
	return list, nil
}

// Verify reports whether hash (either hex case) is userID's, in constant time (a wrong one: false, nil).
func (s *Signer) Verify(userID, hash string) (bool, error) {
	h, err := s.native.acquire()
	if err != nil {
		return false, err
	}
	defer s.native.release()
	return verify(h, userID, hash)
}

// VerifyInt is Verify for an integer id (see SignInt).
func (s *Signer) VerifyInt(userID int64, hash string) (bool, error) {
	return s.Verify(IntegerID(userID), hash)
}

// String and GoString never show the secret.
func (s *Signer) String() string { return "userhash.Signer(<redacted>)" }

func (s *Signer) GoString() string { return s.String() }
