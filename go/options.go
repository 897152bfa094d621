package userhash

import "time"

// Window is a key's validity [NotBefore, NotAfter) in Unix seconds; a nil bound is open.
type Window struct{ NotBefore, NotAfter *int64 }

// Until is the window of a key retired at Unix second notAfter (valid up to notAfter - 1).
func Until(notAfter int64) Window { return Window{NotAfter: &notAfter} }

// From is the window of a key valid from Unix second notBefore on.
func From(notBefore int64) Window { return Window{NotBefore: &notBefore} }

// Between is the window [notBefore, notAfter).
func Between(notBefore, notAfter int64) Window { return Window{&notBefore, &notAfter} }

// Option adjusts a verification, an explanation or an issued JWT: At, Leeway, Email, ExpiresAt.
type Option struct {
	now, leeway, expiresAt                    int64 // leeway in whole seconds
	email                                     string
	hasNow, hasLeeway, hasEmail, hasExpiresAt bool
}

// At checks at Unix second unix instead of the current time.
func At(unix int64) Option { return Option{now: unix, hasNow: true} }

// Leeway lets VerifyToken accept a token up to d (whole seconds, rounded down) past its expiry.
func Leeway(d time.Duration) Option { return Option{leeway: seconds(d), hasLeeway: true} }

// Email gives Explain the user's email, to recognize a hash of the email instead of the id.
func Email(email string) Option { return Option{email: email, hasEmail: true} }

func collect(opts []Option) (o Option) {
	for _, p := range opts {
		if p.hasNow {
			o.now, o.hasNow = p.now, true
		} else if p.hasLeeway {
			o.leeway = p.leeway
		} else if p.hasEmail {
			o.email, o.hasEmail = p.email, true
		} else if p.hasExpiresAt {
			o.expiresAt, o.hasExpiresAt = p.expiresAt, true
		}
	}
	return o
}

// seconds is d in whole seconds, rounded down (a negative d stays negative, for the core to refuse).
func seconds(d time.Duration) int64 {
	s := int64(d / time.Second)
	if d%time.Second < 0 {
		s--
	}
	return s
}

// Verification is what VerifyDetailed and VerifyToken found (README.md); "" where none applies.
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

// Finding is what Explain concluded: a stable Code and a sentence for a developer (never a secret).
type Finding struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (f Finding) String() string { return f.Message + " [" + f.Code + "]" }

// FailureEvent is a failed verification as OnFailure receives it (never a secret, hash or token).
type FailureEvent struct {
	Outcome    string `json:"outcome"`
	Reason     string `json:"reason"`
	KeyID      string `json:"key_id"`
	UserID     string `json:"user_id"`
	HashPrefix string `json:"hash_prefix"`
}
