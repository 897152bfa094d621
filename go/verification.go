package userhash

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
