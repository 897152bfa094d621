package userhash

// The Go side of the keyring failure callback (C: uh_failure_trampoline in native.go). A
// file of its own: the preamble of a file with //export may only declare.

/*
#include "userhash.h"
*/
import "C"

import "runtime/cgo"

// goUserhashFailure runs a keyring's hook with the event. hook is the cgo.Handle of the
// keyring's *hookHolder. A panic is recovered here, never unwound through libuserhash, and
// raised again by the verify method once the library has returned.
//
//export goUserhashFailure
func goUserhashFailure(event *C.userhash_failure_event, hook C.uintptr_t) {
	defer func() {
		if r := recover(); r != nil {
			setHookPanic(uintptr(cgo.NewHandle(r)))
		}
	}()
	fn := cgo.Handle(hook).Value().(*hookHolder).load()
	if fn == nil {
		return
	}
	e := FailureEvent{
		Outcome:    outcomeNames[event.outcome],
		Reason:     resultCodes[event.reason],
		UserID:     C.GoStringN(event.user_id, C.int(event.user_id_len)),
		HashPrefix: C.GoStringN(event.hash_prefix, C.int(event.hash_prefix_len)),
	}
	if event.key_id != nil {
		e.KeyID = C.GoStringN(event.key_id, C.int(event.key_id_len))
	}
	if e.Reason == "ok" {
		e.Reason = ""
	}
	fn(e)
}
