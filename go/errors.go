package userhash

import "errors"

// Error is every error from the userhash core (README.md, Errors and codes); never with a secret.
type Error struct {
	Code     string
	Message  string
	Category string
}

func (e *Error) Error() string { return "userhash: " + e.Message + " [" + e.Code + "]" }

// ErrClosed is the error of a closed Signer or Keyring, and of the widget functions given a nil Signer.
var ErrClosed = errors.New("userhash: closed")

// errorOf is the *Error of a C result value with message, or with the contract's for "".
func errorOf(value uint32, message string) *Error {
	for _, e := range contractErrors {
		if e.value == value {
			if message == "" {
				message = e.message
			}
			return &Error{Code: e.code, Message: message, Category: e.category}
		}
	}
	return &Error{Message: message}
}
