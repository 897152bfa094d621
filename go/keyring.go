package userhash

import (
	"runtime"
	"runtime/cgo"
	"strconv"
	"sync/atomic"
	"time"
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

// Leeway lets VerifyToken accept a token up to d (whole seconds) past its expiry.
func Leeway(d time.Duration) Option { return Option{kind: optLeeway, n: int64(d)} }

// Email gives Explain the user's email, to recognize a hash of the email instead of the id.
func Email(email string) Option { return Option{kind: optEmail, email: email} }

type options struct {
	now      int64
	hasNow   bool
	leeway   int64
	email    string
	hasEmail bool
}

func collect(opts []Option) (o options, err error) {
	for _, opt := range opts {
		switch opt.kind {
		case optAt:
			o.now, o.hasNow = opt.n, true
		case optLeeway:
			if opt.n < 0 {
				return o, codeError(resultInvalidTimestamp, "the leeway must not be negative")
			}
			o.leeway = opt.n / int64(time.Second)
		case optEmail:
			o.email, o.hasEmail = opt.email, true
		}
	}
	return o, nil
}

// hookHolder is what a keyring's cgo.Handle refers to: the current hook (nil: none).
type hookHolder struct{ fn atomic.Value }

func (h *hookHolder) load() func(FailureEvent) {
	fn, _ := h.fn.Load().(func(FailureEvent))
	return fn
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
	native native     // a *C.userhash_keyring
	keyIDs []string   // by key index, primary first
	hook   cgo.Handle // of a *hookHolder, 0 until OnFailure
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
// USERHASH_PREVIOUS_SECRET_NOT_AFTER (Unix seconds, required with it).
func KeyringFromEnv() (*Keyring, error) { return adoptKeyring(nativeKeyringFromEnv()) }

// freeKeyring releases a keyring's native state; a variable so that tests can count calls.
var freeKeyring = nativeKeyringFree

func adoptKeyring(h keyringHandle, err error) (*Keyring, error) {
	if err != nil {
		return nil, err
	}
	ids, err := nativeKeyIDs(h)
	if err != nil {
		nativeKeyringFree(h)
		return nil, err
	}
	k := &Keyring{keyIDs: ids}
	k.native.init(h)
	runtime.SetFinalizer(k, (*Keyring).Close)
	return k, nil
}

// Add adds a key that verifies but never signs: the text secret under id, valid within w.
// To rotate, make the new secret primary and add the old one with Until(retireAt).
func (k *Keyring) Add(id, secret string, w Window) error { return k.add(id, secret, false, w) }

// AddBytes is Add with raw key bytes.
func (k *Keyring) AddBytes(id string, key []byte, w Window) error {
	return k.add(id, unsafeString(key), true, w)
}

func (k *Keyring) add(id, secret string, raw bool, w Window) error {
	h, err := k.native.acquire()
	if err != nil {
		return err
	}
	defer k.release()
	if err := nativeKeyringAdd(h, id, secret, raw, w); err != nil {
		return err
	}
	ids, err := nativeKeyIDs(h)
	if err == nil {
		k.keyIDs = ids
	}
	return err
}

// KeyIDs returns every key id, the primary first, then in the order added.
func (k *Keyring) KeyIDs() []string { return append([]string(nil), k.keyIDs...) }

// OnFailure calls hook with every failed Verify, VerifyDetailed and VerifyToken from now
// on (replacing an earlier hook; nil removes it). The hook runs on the verifying goroutine
// before the verification returns; if it panics, the verification panics with the same
// value once the library has returned.
func (k *Keyring) OnFailure(hook func(FailureEvent)) error {
	h, err := k.native.acquire()
	if err != nil {
		return err
	}
	defer k.release()
	if k.hook == 0 {
		if hook == nil {
			return nil
		}
		holder := cgo.NewHandle(&hookHolder{})
		if err := nativeKeyringOnFailure(h, uintptr(holder)); err != nil {
			holder.Delete()
			return err
		}
		k.hook = holder
	}
	k.hook.Value().(*hookHolder).fn.Store(hook)
	return nil
}

// Close releases the native state, at once or when the last call in flight returns (it
// may be called from the OnFailure hook); calls that start after Close return ErrClosed.
// It is idempotent and always returns nil.
func (k *Keyring) Close() error {
	if k.native.close(k) {
		k.free()
	}
	return nil
}

// release ends a call that acquired the native state (see native).
func (k *Keyring) release() {
	if k.native.release() {
		k.free()
	}
}

// free runs once, when no call can reach the keyring or its hook any more.
func (k *Keyring) free() {
	freeKeyring(k.native.ptr)
	if k.hook != 0 {
		k.hook.Delete()
	}
}

// Sign returns the widget hash of userID under the primary key.
func (k *Keyring) Sign(userID string) (string, error) {
	h, err := k.native.acquire()
	if err != nil {
		return "", err
	}
	defer k.release()
	return nativeKeyringSign(h, userID)
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
	o, err := collect(opts)
	if err != nil {
		return Verification{}, err
	}
	h, err := k.native.acquire()
	if err != nil {
		return Verification{}, err
	}
	defer k.release()
	return k.verification(nativeVerifyDetailed(h, userID, hash, o))
}

// IssueToken returns a v1 token for userID (docs/spec.md, section 2) signed by the primary
// key, expiring ttl (whole seconds) from now.
func (k *Keyring) IssueToken(userID string, ttl time.Duration) (string, error) {
	if ttl < 0 {
		return "", codeError(resultInvalidTimestamp, "the ttl must not be negative")
	}
	h, err := k.native.acquire()
	if err != nil {
		return "", err
	}
	defer k.release()
	return nativeIssueToken(h, userID, uint64(ttl/time.Second))
}

// IssueTokenAt returns a v1 token for userID that verifies up to Unix second expiresAt - 1.
func (k *Keyring) IssueTokenAt(userID string, expiresAt int64) (string, error) {
	h, err := k.native.acquire()
	if err != nil {
		return "", err
	}
	defer k.release()
	return nativeIssueTokenAt(h, userID, expiresAt)
}

// VerifyToken checks a v1 token at the time (At; the current time otherwise): expired from
// second EXPIRES_AT + Leeway on, and only once its MAC is right; missing when empty;
// malformed (with the reason) for anything that is not v1.EXPIRES_AT.MAC.
func (k *Keyring) VerifyToken(userID, token string, opts ...Option) (Verification, error) {
	o, err := collect(opts)
	if err != nil {
		return Verification{}, err
	}
	h, err := k.native.acquire()
	if err != nil {
		return Verification{}, err
	}
	defer k.release()
	return k.verification(nativeVerifyToken(h, userID, token, o))
}

// Explain tells why hash does or does not verify for userID (at At, or now): whitespace or
// case in the id, a number formatted differently, the Email hashed instead of the id, a
// secret with whitespace or meant as hex/base64, an uppercase or truncated hash, another
// key of this keyring. A server-side debugging aid, never for unauthenticated users; when
// hash does not verify, the OnFailure hook sees it like any failed verification.
func (k *Keyring) Explain(userID, hash string, opts ...Option) (Finding, error) {
	o, err := collect(opts)
	if err != nil {
		return Finding{}, err
	}
	if !o.hasNow {
		o.now = time.Now().Unix()
	}
	h, err := k.native.acquire()
	if err != nil {
		return Finding{}, err
	}
	defer k.release()
	return nativeExplain(h, "", userID, hash, o)
}

// Explain tells why hash does or does not verify for userID under the text secret (see
// Keyring.Explain; the Email option applies).
func Explain(secret, userID, hash string, opts ...Option) (Finding, error) {
	o, err := collect(opts)
	if err != nil {
		return Finding{}, err
	}
	return nativeExplain(nil, secret, userID, hash, o)
}

// verification turns the library's result into a Verification, panicking again with what
// the hook panicked with, if it did.
func (k *Keyring) verification(r rawVerification, err error) (Verification, error) {
	if r.panic != 0 {
		h := cgo.Handle(r.panic)
		value := h.Value()
		h.Delete()
		panic(value)
	}
	if err != nil {
		return Verification{}, err
	}
	v := Verification{Outcome: outcomeNames[r.outcome]}
	if r.reason != 0 {
		v.Reason = resultCodes[r.reason]
	}
	if r.keyIndex >= 0 {
		v.KeyID = k.keyIDs[r.keyIndex]
	}
	return v, nil
}

// String never shows the secrets.
func (k *Keyring) String() string {
	return "userhash.Keyring(" + strconv.Quote(join(k.keyIDs)) + ", <redacted>)"
}

// GoString never shows the secrets (%#v).
func (k *Keyring) GoString() string { return k.String() }

func join(ids []string) string {
	s := ""
	for i, id := range ids {
		if i > 0 {
			s += ","
		}
		s += id
	}
	return s
}
