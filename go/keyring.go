package userhash

// #include "userhash.h"
import "C"

import (
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unsafe"
)

// Keyring holds secrets under key ids for rotation (README.md): set its keys and hook, then share it.
type Keyring struct {
	native native                             // a *C.userhash_keyring
	keyIDs []string                           // by key index, primary first
	hook   atomic.Pointer[func(FailureEvent)] // nil or a nil func: none
}

// NewKeyring builds a Keyring whose primary (signing) key is the text secret under primaryID.
func NewKeyring(primaryID, secret string) (*Keyring, error) {
	return newKeyring(func(out **C.userhash_keyring) C.userhash_result {
		return C.userhash_keyring_new(cstr(primaryID), clen(primaryID), cstr(secret), clen(secret), out)
	})
}

// NewKeyringBytes is NewKeyring with raw key bytes, taken as they are.
func NewKeyringBytes(primaryID string, key []byte) (*Keyring, error) {
	return newKeyring(func(out **C.userhash_keyring) C.userhash_result {
		return C.userhash_keyring_new_bytes(cstr(primaryID), clen(primaryID), cstr(unsafeString(key)),
			C.size_t(len(key)), out)
	})
}

// KeyringFromEnv builds a Keyring from the USERHASH_ variables (README.md, Key rotation).
func KeyringFromEnv() (*Keyring, error) {
	secret, hasSecret := os.LookupEnv("USERHASH_SECRET")
	previous, hasPrevious := os.LookupEnv("USERHASH_PREVIOUS_SECRET")
	notAfter, hasNotAfter := os.LookupEnv("USERHASH_PREVIOUS_SECRET_NOT_AFTER")
	return newKeyring(func(out **C.userhash_keyring) C.userhash_result {
		return C.userhash_keyring_from_values(coptional(secret, hasSecret), clen(secret),
			coptional(previous, hasPrevious), clen(previous), coptional(notAfter, hasNotAfter), clen(notAfter), out)
	})
}

// freeKeyring frees a keyring's native state; a variable so that tests can count calls.
var freeKeyring = func(h unsafe.Pointer) { C.userhash_keyring_free(ckeyring(h)) }

func newKeyring(create func(out **C.userhash_keyring) C.userhash_result) (*Keyring, error) {
	k := &Keyring{}
	if _, err := open(k, &k.native, create, &freeKeyring, (*Keyring).Close); err != nil {
		return nil, err
	}
	if err := k.readKeyIDs(); err != nil {
		k.Close()
		return nil, err
	}
	return k, nil
}

// readKeyIDs copies every key id, primary first, from the views the keyring owns.
func (k *Keyring) readKeyIDs() error {
	return k.native.call(func(h unsafe.Pointer) C.userhash_result {
		var count, n C.size_t
		rc := C.userhash_keyring_key_count(ckeyring(h), &count)
		ids := make([]string, count)
		for i := 0; rc == C.USERHASH_RESULT_OK && i < len(ids); i++ {
			var id *C.char
			rc = C.userhash_keyring_key_id(ckeyring(h), C.size_t(i), &id, &n)
			ids[i] = C.GoStringN(id, C.int(n))
		}
		if rc == C.USERHASH_RESULT_OK {
			k.keyIDs = ids
		}
		return rc
	})
}

// Add adds a verify-only key: the text secret under id, valid within w.
func (k *Keyring) Add(id, secret string, w Window) error { return k.add(id, secret, false, w) }

// AddBytes is Add with raw key bytes.
func (k *Keyring) AddBytes(id string, key []byte, w Window) error {
	return k.add(id, unsafeString(key), true, w)
}

func (k *Keyring) add(id, key string, raw bool, w Window) error {
	nb, na := cint64(w.NotBefore), cint64(w.NotAfter)
	err := k.native.call(func(h unsafe.Pointer) C.userhash_result {
		if raw {
			return C.userhash_keyring_add_bytes(ckeyring(h), cstr(id), clen(id), cstr(key), clen(key), nb, na)
		}
		return C.userhash_keyring_add(ckeyring(h), cstr(id), clen(id), cstr(key), clen(key), nb, na)
	})
	if err != nil {
		return err
	}
	return k.readKeyIDs()
}

// KeyIDs returns every key id, the primary first, then in the order added.
func (k *Keyring) KeyIDs() []string { return append([]string(nil), k.keyIDs...) }

// OnFailure calls hook, on the verifying goroutine, with every failure from now on (nil: none).
func (k *Keyring) OnFailure(hook func(FailureEvent)) error {
	return k.native.call(func(unsafe.Pointer) C.userhash_result {
		k.hook.Store(&hook)
		return C.USERHASH_RESULT_OK
	})
}

// report hands a failure with userID to the hook, if there is one.
func (k *Keyring) report(e FailureEvent, userID string) {
	if hook := k.hook.Load(); hook != nil && *hook != nil {
		e.UserID = strings.ToValidUTF8(userID, "\uFFFD")
		(*hook)(e)
	}
}

// Close releases the native state once the calls in flight return (README.md, Close).
func (k *Keyring) Close() error { return k.native.close(k) }

// Sign returns the widget hash of userID under the primary key.
func (k *Keyring) Sign(userID string) (string, error) {
	h, err := k.native.acquire()
	if err != nil {
		return "", err
	}
	defer k.native.release()
	return hashes(1, func(out *C.char, size C.size_t) error {
		return hot(func() C.userhash_result {
			return C.userhash_keyring_sign(ckeyring(h), cstr(userID), clen(userID), out, size)
		})
	})
}

// Verify reports whether hash verifies for userID (VerifyDetailed(...).Verified()).
func (k *Keyring) Verify(userID, hash string, opts ...Option) (bool, error) {
	v, err := k.VerifyDetailed(userID, hash, opts...)
	return v.Verified(), err
}

// VerifyDetailed checks a widget hash under every key valid at the time (At, or now).
func (k *Keyring) VerifyDetailed(userID, hash string, opts ...Option) (Verification, error) {
	return k.verify(userID, hash, false, opts)
}

// IssueToken returns a v1 token for userID expiring ttl (whole seconds, rounded down) from now.
func (k *Keyring) IssueToken(userID string, ttl time.Duration) (string, error) {
	return k.issueToken(userID, false, seconds(ttl))
}

// IssueTokenAt returns a v1 token for userID that verifies up to Unix second expiresAt - 1.
func (k *Keyring) IssueTokenAt(userID string, expiresAt int64) (string, error) {
	return k.issueToken(userID, true, expiresAt)
}

func (k *Keyring) issueToken(userID string, at bool, n int64) (string, error) {
	return text(C.USERHASH_TOKEN_BUF_LEN, func(out *C.char, size C.size_t) error {
		return k.native.call(func(h unsafe.Pointer) C.userhash_result {
			if at {
				return C.userhash_keyring_issue_token_at(ckeyring(h), cstr(userID), clen(userID), C.int64_t(n), out, size)
			}
			return C.userhash_keyring_issue_token(ckeyring(h), cstr(userID), clen(userID), C.int64_t(n), out, size)
		})
	})
}

// VerifyToken checks a v1 token at the time (At, or now), with Leeway past its expiry.
func (k *Keyring) VerifyToken(userID, token string, opts ...Option) (Verification, error) {
	return k.verify(userID, token, true, opts)
}

// verify reports a failure to the hook while it holds the reference (the hook may Close).
func (k *Keyring) verify(userID, in string, token bool, opts []Option) (Verification, error) {
	h, err := k.native.acquire()
	if err != nil {
		return Verification{}, err
	}
	defer k.native.release()
	r, err := keyringVerify(h, userID, in, token, collect(opts))
	if err != nil {
		return Verification{}, err
	}
	v := Verification{Outcome: outcomeNames[r.outcome]}
	if r.reason != C.USERHASH_RESULT_OK {
		v.Reason = errorOf(uint32(r.reason), "-").Code
	}
	if r.key_index >= 0 {
		v.KeyID = k.keyIDs[r.key_index]
	}
	if r.outcome != C.USERHASH_OUTCOME_VERIFIED {
		prefix := string(unsafe.Slice((*byte)(unsafe.Pointer(&r.hash_prefix)), r.hash_prefix_len))
		k.report(FailureEvent{Outcome: v.Outcome, Reason: v.Reason, KeyID: v.KeyID, HashPrefix: prefix}, userID)
	}
	return v, nil
}

// outcomeNames is contractOutcomes as a slice (a map lookup costs as much as the rest).
var outcomeNames = func() []string {
	names := make([]string, len(contractOutcomes)+1) // the values are 1 to n
	for value, name := range contractOutcomes {
		names[value] = name
	}
	return names
}()

// Explain tells why hash does or does not verify for userID (at At, or now), for debugging.
func (k *Keyring) Explain(userID, hash string, opts ...Option) (Finding, error) {
	o, at := collect(opts), (*int64)(nil)
	if o.hasNow {
		at = &o.now
	}
	return with(&k.native, func(h unsafe.Pointer) (Finding, error) {
		return explain(func(out *C.userhash_string) C.userhash_result {
			return C.userhash_keyring_explain(ckeyring(h), cstr(userID), clen(userID), cstr(hash), clen(hash),
				coptional(o.email, o.hasEmail), clen(o.email), cint64(at), out)
		}, func(e FailureEvent) { k.report(e, userID) })
	})
}

// Explain is Keyring.Explain under the text secret (the Email option applies).
func Explain(secret, userID, hash string, opts ...Option) (Finding, error) {
	o := collect(opts)
	return explain(func(out *C.userhash_string) C.userhash_result {
		return C.userhash_explain(cstr(secret), clen(secret), cstr(userID), clen(userID), cstr(hash), clen(hash),
			coptional(o.email, o.hasEmail), clen(o.email), out)
	}, func(FailureEvent) {})
}

// explain reads the finding and the failure event (for report) from the JSON that f wrote.
func explain(f func(out *C.userhash_string) C.userhash_result, report func(FailureEvent)) (Finding, error) {
	var e struct {
		Finding
		Event *FailureEvent
	}
	text, err := owned(func(out *C.userhash_string) error { return call(func() C.userhash_result { return f(out) }) })
	if err == nil {
		err = json.Unmarshal([]byte(text), &e)
	}
	if e.Event != nil {
		report(*e.Event)
	}
	return e.Finding, err
}

// String and GoString never show the secrets.
func (k *Keyring) String() string {
	return "userhash.Keyring(" + strconv.Quote(strings.Join(k.keyIDs, ",")) + ", <redacted>)"
}

func (k *Keyring) GoString() string { return k.String() }
