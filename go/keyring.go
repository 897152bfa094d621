package userhash

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"
	"unsafe"
)

// Outcomes of VerifyDetailed and VerifyToken (docs/spec.md, section 4): the same stable
// names in every language userhash supports.
const (
	OutcomeVerified  = "verified"  // right for this id; KeyID names the key that matched
	OutcomeMissing   = "missing"   // no hash or token: never a reason to skip verification
	OutcomeMalformed = "malformed" // cannot be a hash or token; Reason is the error code
	OutcomeMismatch  = "mismatch"  // well-formed, but not right for this id under any valid key
	OutcomeExpired   = "expired"   // a token past its expiry, or a hash only a retired key matches
)

// Verification is what VerifyDetailed and VerifyToken found. KeyID is the key that matched
// (verified and expired) and Reason the error code of a malformed input ("hash_not_hex",
// "token_format" …); both are "" otherwise.
type Verification struct {
	Outcome string
	KeyID   string
	Reason  string
}

// Verified reports whether the outcome is OutcomeVerified.
func (v Verification) Verified() bool { return v.Outcome == OutcomeVerified }

// String is "verified (key current)", "malformed [hash_not_hex]", "missing" …
func (v Verification) String() string {
	s := v.Outcome
	if v.KeyID != "" {
		s += " (key " + v.KeyID + ")"
	}
	if v.Reason != "" {
		s += " [" + v.Reason + "]"
	}
	return s
}

// Finding is what Explain concluded: a stable Code ("id_case", "secret_whitespace" …) and
// a sentence for a developer. Neither ever contains a secret.
type Finding struct {
	Code    string
	Message string
}

func (f Finding) String() string { return f.Message + " [" + f.Code + "]" }

// FailureEvent is a failed verification as a Keyring's OnFailure hook receives it: the
// outcome, the reason of a malformed input, the key id of an expired one, the user id (as
// UTF-8, invalid bytes replaced by U+FFFD) and at most the first 8 characters of what was
// presented. Never the secret, never the whole hash or token.
type FailureEvent struct {
	Outcome    string
	Reason     string
	KeyID      string
	UserID     string
	HashPrefix string
}

// Window is a key's validity [NotBefore, NotAfter) in Unix seconds; a nil bound is open.
// Until, From and Between build one.
type Window struct {
	NotBefore, NotAfter *int64
}

// Until is the window of a key retired at Unix second notAfter (valid up to notAfter - 1).
func Until(notAfter int64) Window { return Window{NotAfter: &notAfter} }

// From is the window of a key valid from Unix second notBefore on.
func From(notBefore int64) Window { return Window{NotBefore: &notBefore} }

// Between is the window [notBefore, notAfter).
func Between(notBefore, notAfter int64) Window {
	return Window{NotBefore: &notBefore, NotAfter: &notAfter}
}

// Option adjusts a verification or an explanation: At, Leeway, Email.
type Option struct {
	kind  int
	n     int64
	email string
}

const (
	optAt = iota + 1
	optLeeway
	optEmail
)

// At checks at Unix second unix instead of the current time.
func At(unix int64) Option { return Option{kind: optAt, n: unix} }

// Leeway lets VerifyToken accept a token up to d (in whole seconds, rounded down) past its
// expiry; a negative leeway is invalid_timestamp.
func Leeway(d time.Duration) Option { return Option{kind: optLeeway, n: int64(d)} }

// Email gives Explain the user's email, to recognize a hash of the email instead of the id.
func Email(email string) Option { return Option{kind: optEmail, email: email} }

type options struct {
	now      int64
	hasNow   bool
	leeway   int64 // whole seconds
	email    string
	hasEmail bool
}

func collect(opts []Option) (o options) {
	for _, opt := range opts {
		switch opt.kind {
		case optAt:
			o.now, o.hasNow = opt.n, true
		case optLeeway:
			o.leeway = seconds(time.Duration(opt.n))
		case optEmail:
			o.email, o.hasEmail = opt.email, true
		}
	}
	return o
}

// seconds is d in whole seconds, rounded down: a negative duration stays negative, for the
// core to refuse, instead of becoming 0.
func seconds(d time.Duration) int64 {
	s := int64(d / time.Second)
	if d%time.Second < 0 {
		s--
	}
	return s
}

// Keyring holds secrets under key ids, for rotation without downtime (docs/spec.md,
// section 3). The primary key (the first) signs hashes and tokens and is always valid;
// every other key only verifies, within its Window. Verification tries every key valid at
// the time, without stopping at a match, and names the key that matched.
//
// Call Add and OnFailure before sharing a Keyring; after that every method may be called
// from many goroutines at once, Close included. Close releases the native state once the
// calls in flight have returned (a finalizer does it for a Keyring that is never closed).
// It never prints its secrets.
type Keyring struct {
	native native                            // a *C.userhash_keyring
	keyIDs []string                          // by key index, primary first
	hook   atomic.Pointer[func(FailureEvent)] // nil: none
}

// NewKeyring builds a Keyring whose primary key is the text secret (the rules of
// NewSigner) under the key id primaryID.
func NewKeyring(primaryID, secret string) (*Keyring, error) {
	return adoptKeyring(nativeKeyringNew(primaryID, secret, false))
}

// NewKeyringBytes is NewKeyring with raw key bytes, taken as they are.
func NewKeyringBytes(primaryID string, key []byte) (*Keyring, error) {
	return adoptKeyring(nativeKeyringNew(primaryID, unsafeString(key), true))
}

// KeyringFromEnv builds a Keyring from USERHASH_SECRET (primary key "current") and, when
// USERHASH_PREVIOUS_SECRET is set, that secret as key "previous", valid until
// USERHASH_PREVIOUS_SECRET_NOT_AFTER (Unix seconds, required with it). Go reads the
// variables; libuserhash applies the rules.
func KeyringFromEnv() (*Keyring, error) {
	return adoptKeyring(nativeKeyringFromValues(lookupEnv("USERHASH_SECRET"),
		lookupEnv("USERHASH_PREVIOUS_SECRET"), lookupEnv("USERHASH_PREVIOUS_SECRET_NOT_AFTER")))
}

func lookupEnv(name string) envValue {
	value, set := os.LookupEnv(name)
	return envValue{value, set}
}

// freeKeyring releases a keyring's native state; a variable so that tests can count calls.
var freeKeyring = nativeKeyringFree

func adoptKeyring(h keyringHandle, err error) (*Keyring, error) {
	if err != nil {
		return nil, err
	}
	k := &Keyring{}
	k.native.init(h, &freeKeyring)
	runtime.SetFinalizer(k, (*Keyring).Close)
	if k.keyIDs, err = nativeKeyIDs(h); err != nil {
		k.Close()
		return nil, err
	}
	return k, nil
}

// Add adds a key that verifies but never signs: the text secret under id, valid within w.
// To rotate, make the new secret primary and add the old one with Until(retireAt).
func (k *Keyring) Add(id, secret string, w Window) error { return k.add(id, secret, false, w) }

// AddBytes is Add with raw key bytes.
func (k *Keyring) AddBytes(id string, key []byte, w Window) error {
	return k.add(id, unsafeString(key), true, w)
}

func (k *Keyring) add(id, key string, raw bool, w Window) error {
	_, err := with(&k.native, func(h unsafe.Pointer) (struct{}, error) {
		if err := nativeKeyringAdd(h, id, key, raw, w); err != nil {
			return struct{}{}, err
		}
		ids, err := nativeKeyIDs(h)
		if err == nil {
			k.keyIDs = ids
		}
		return struct{}{}, err
	})
	return err
}

// KeyIDs returns every key id, the primary first, then in the order added.
func (k *Keyring) KeyIDs() []string { return append([]string(nil), k.keyIDs...) }

// OnFailure calls hook with every failed Verify, VerifyDetailed and VerifyToken, and every
// Explain that does not verify, from now on (replacing an earlier hook; nil removes it).
// The hook runs on the verifying goroutine before the verification returns; if it panics,
// the verification panics with the same value.
func (k *Keyring) OnFailure(hook func(FailureEvent)) error {
	_, err := with(&k.native, func(unsafe.Pointer) (struct{}, error) {
		if hook == nil {
			k.hook.Store(nil)
		} else {
			k.hook.Store(&hook)
		}
		return struct{}{}, nil
	})
	return err
}

// report hands a failed verification of userID to the hook, if there is one.
func (k *Keyring) report(e FailureEvent, userID string) {
	if hook := k.hook.Load(); hook != nil {
		e.UserID = lossyUTF8(userID)
		(*hook)(e)
	}
}

// lossyUTF8 is s with each invalid UTF-8 sequence (each maximal part of one) replaced by
// U+FFFD, as the core's events and Rust's String::from_utf8_lossy write it.
func lossyUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		if r == utf8.RuneError && n == 1 {
			for n < len(s) && n < utf8.UTFMax-1 && !utf8.FullRuneInString(s[:n+1]) {
				n++ // s[:n+1] is still the start of a valid sequence
			}
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(s[:n])
		}
		s = s[n:]
	}
	return b.String()
}

// Close releases the native state, at once or when the last call in flight returns (it
// may be called from the OnFailure hook); calls that start after Close return ErrClosed.
// It is idempotent and always returns nil.
func (k *Keyring) Close() error { return k.native.close(k) }

// Sign returns the widget hash of userID under the primary key.
func (k *Keyring) Sign(userID string) (string, error) {
	return with(&k.native, func(h unsafe.Pointer) (string, error) { return nativeKeyringSign(h, userID) })
}

// Verify reports whether hash verifies for userID (VerifyDetailed(...).Verified()).
func (k *Keyring) Verify(userID, hash string, opts ...Option) (bool, error) {
	v, err := k.VerifyDetailed(userID, hash, opts...)
	return v.Verified(), err
}

// VerifyDetailed checks a widget hash under every key valid at the time (At; the current
// time otherwise): verified (with the key id), missing (empty: never a reason to skip),
// malformed (with the reason), mismatch, or expired (only a retired key matches). Only an
// invalid userID (empty) is an error.
func (k *Keyring) VerifyDetailed(userID, hash string, opts ...Option) (Verification, error) {
	return k.verify(userID, hash, false, opts)
}

// IssueToken returns a v1 token for userID (docs/spec.md, section 2) signed by the primary
// key, expiring ttl (in whole seconds, rounded down) from now; a negative ttl is
// invalid_timestamp.
func (k *Keyring) IssueToken(userID string, ttl time.Duration) (string, error) {
	return k.issueToken(userID, false, seconds(ttl))
}

// IssueTokenAt returns a v1 token for userID that verifies up to Unix second expiresAt - 1.
func (k *Keyring) IssueTokenAt(userID string, expiresAt int64) (string, error) {
	return k.issueToken(userID, true, expiresAt)
}

func (k *Keyring) issueToken(userID string, at bool, n int64) (string, error) {
	return with(&k.native, func(h unsafe.Pointer) (string, error) { return nativeIssueToken(h, userID, at, n) })
}

// VerifyToken checks a v1 token at the time (At; the current time otherwise): expired from
// second EXPIRES_AT + Leeway on, and only once its MAC is right; missing when empty;
// malformed (with the reason) for anything that is not v1.EXPIRES_AT.MAC.
func (k *Keyring) VerifyToken(userID, token string, opts ...Option) (Verification, error) {
	return k.verify(userID, token, true, opts)
}

// verify checks a hash or a token and reports a failure to the hook.
func (k *Keyring) verify(userID, presented string, token bool, opts []Option) (Verification, error) {
	o := collect(opts)
	return with(&k.native, func(h unsafe.Pointer) (Verification, error) {
		r, err := nativeVerifyKeyring(h, userID, presented, token, o)
		if err != nil {
			return Verification{}, err
		}
		v := Verification{Outcome: r.outcome, Reason: r.reason}
		if r.keyIndex >= 0 {
			v.KeyID = k.keyIDs[r.keyIndex]
		}
		if !v.Verified() {
			k.report(FailureEvent{Outcome: v.Outcome, Reason: v.Reason, KeyID: v.KeyID, HashPrefix: r.hashPrefix}, userID)
		}
		return v, nil
	})
}

// Explain tells why hash does or does not verify for userID (at At, or now): whitespace or
// case in the id, a number formatted differently, the Email hashed instead of the id, a
// secret with whitespace or meant as hex/base64, an uppercase or truncated hash, another
// key of this keyring. A server-side debugging aid, never for unauthenticated users; when
// hash does not verify, the OnFailure hook sees it like any failed verification.
func (k *Keyring) Explain(userID, hash string, opts ...Option) (Finding, error) {
	o := collect(opts)
	return with(&k.native, func(h unsafe.Pointer) (Finding, error) {
		f, event, err := nativeExplain(h, "", userID, hash, o)
		if event != nil {
			k.report(*event, userID)
		}
		return f, err
	})
}

// Explain tells why hash does or does not verify for userID under the text secret (see
// Keyring.Explain; the Email option applies).
func Explain(secret, userID, hash string, opts ...Option) (Finding, error) {
	f, _, err := nativeExplain(nil, secret, userID, hash, collect(opts))
	return f, err
}

// String never shows the secrets.
func (k *Keyring) String() string {
	return "userhash.Keyring(" + strconv.Quote(strings.Join(k.keyIDs, ",")) + ", <redacted>)"
}

// GoString never shows the secrets (%#v).
func (k *Keyring) GoString() string { return k.String() }
