package userhash

import "errors"

// Error is every error from the userhash core. Code is its stable code (such as
// "empty_user_id") and Category its kind ("secret", "user_id", "keyring", "timestamp",
// "widget" …): the same strings in every language userhash supports. Message is the
// core's message with its details; it never contains a secret. Use errors.As to reach it.
type Error struct {
	Code     string
	Message  string
	Category string
}

func (e *Error) Error() string { return "userhash: " + e.Message + " [" + e.Code + "]" }

// ErrClosed is what the methods of a Signer or a Keyring return when called after Close
// (test for it with errors.Is), and what WidgetScript and WidgetJSON return for a closed or
// nil Signer.
var ErrClosed = errors.New("userhash: closed")

// errorOf is the *Error of a C result value: its code and category from contract_gen.go,
// with the message given.
func errorOf(value uint32, message string) *Error {
	code, category := contractCode(value)
	return &Error{Code: code, Message: message, Category: category}
}

// contractCode is the stable code and category of a C result value (contract_gen.go).
func contractCode(value uint32) (code, category string) {
	for _, e := range contractErrors {
		if e.value == value {
			return e.code, e.category
		}
	}
	return "", ""
}
