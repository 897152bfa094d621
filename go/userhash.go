// Package userhash computes identity-verification hashes for chat and support widgets,
//
//	hash = lowercase hex(HMAC-SHA256(key = secret, msg = user id))
//
// with libuserhash, the Rust core that every userhash package shares, through cgo. Build
// a Signer once and share it; Sign and Verify are one-off conveniences.
package userhash

// Sign is a one-off NewSigner(secret) + Sign(userID) with a text secret.
func Sign(secret, userID string) (string, error) { return nativeSignOneshot(secret, userID) }

// Verify is a one-off NewSigner(secret) + Verify(userID, hash) with a text secret.
func Verify(secret, userID, hash string) (bool, error) {
	return nativeVerifyOneshot(secret, userID, hash)
}

// GenerateSecret returns a new text secret: 32 bytes from the OS's CSPRNG as 64 lowercase
// hex characters.
func GenerateSecret() (string, error) { return nativeGenerateSecret() }

// IntegerID returns the canonical text of an integer id (decimal, '-' only for negatives,
// no leading zeros): the bytes every userhash package hashes for that number.
func IntegerID(id int64) string { return nativeIntegerID(id) }

// Version returns the version of the loaded libuserhash.
func Version() string { return nativeVersion() }
