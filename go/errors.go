package userhash

import "errors"

// Error is every error from the userhash core: its stable Code ("empty_user_id" …), its
// Category ("secret", "user_id", "widget" …) and the core's Message with its details,
// never a secret. Use errors.As to reach it.
type Error struct {
	Code     string
	Message  string
	Category string
}

func (e *Error) Error() string { return "userhash: " + e.Message + " [" + e.Code + "]" }

// ErrClosed is returned by the methods of a closed Signer or Keyring, and by WidgetScript
// and WidgetJSON for a closed or nil Signer. Test for it with errors.Is.
var ErrClosed = errors.New("userhash: closed")

// errorOf is the *Error of a C result value (contract_gen.go), with message, or the
// contract's message when message is "".
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
