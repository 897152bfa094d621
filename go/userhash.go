// Package userhash computes the widget hash hex(HMAC-SHA256(secret, user id)) with libuserhash,
// userhash's Rust core, through cgo (README.md). Build a Signer once and share it.
package userhash

// #include "userhash.h"
import "C"

// Sign is a one-off NewSigner(secret) + Sign(userID) with a text secret.
func Sign(secret, userID string) (string, error) {
	return hashes(1, func(out *C.char, size C.size_t) error {
		return hot(func() C.userhash_result {
			return C.userhash_sign(cstr(secret), clen(secret), cstr(userID), clen(userID), out, size)
		})
	})
}

// Verify is a one-off NewSigner(secret) + Verify(userID, hash) with a text secret.
func Verify(secret, userID, hash string) (bool, error) {
	var valid C.bool
	err := call(func() C.userhash_result {
		return C.userhash_verify(cstr(secret), clen(secret), cstr(userID), clen(userID), cstr(hash), clen(hash), &valid)
	})
	return bool(valid), err
}

// GenerateSecret returns a new text secret: 32 bytes from the OS's CSPRNG as 64 hex characters.
func GenerateSecret() (string, error) {
	return text(C.USERHASH_SECRET_BUF_LEN, func(out *C.char, size C.size_t) error {
		return call(func() C.userhash_result { return C.userhash_generate_secret(out, size) })
	})
}

// IntegerID returns the canonical (decimal) text of an integer id, which every userhash package hashes.
func IntegerID(id int64) string {
	var buf [C.USERHASH_INTEGER_ID_BUF_LEN]byte
	var n C.size_t // stays 0 if the call ever failed (every int64 fits): "" is no valid id
	C.userhash_integer_id(C.int64_t(id), cbuf(buf[:]), C.size_t(len(buf)), &n)
	return string(buf[:n])
}

// Version returns the version of the loaded libuserhash.
func Version() string { return C.GoString(C.userhash_version()) }
