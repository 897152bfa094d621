package userhash

import "errors"

// Error is every error from the userhash core. Code is its stable code (such as
// "empty_user_id"), the same string in every language userhash supports; use errors.As
// to reach it.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return "userhash: " + e.Message + " [" + e.Code + "]" }

// ErrClosed is what the methods of a Signer or a Keyring return when called after Close
// (test for it with errors.Is), and what WidgetScript and WidgetJSON return for a closed or
// nil Signer.
var ErrClosed = errors.New("userhash: closed")
