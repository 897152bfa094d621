package userhash

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
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (f Finding) String() string { return f.Message + " [" + f.Code + "]" }

// FailureEvent is a failed verification as a Keyring's OnFailure hook receives it: the
// outcome, the reason of a malformed input, the key id of an expired one, the user id (as
// UTF-8: each run of invalid bytes becomes one U+FFFD) and at most the first 8 bytes of
// what was presented. Never the secret, never the whole hash or token. The json tags are
// the names every userhash language uses.
type FailureEvent struct {
	Outcome    string `json:"outcome"`
	Reason     string `json:"reason"`
	KeyID      string `json:"key_id"`
	UserID     string `json:"user_id"`
	HashPrefix string `json:"hash_prefix"`
}
