package userhash

import "time"

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

// at is the time given with At, or nil.
func (o *options) at() *int64 {
	if o.hasNow {
		return &o.now
	}
	return nil
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
