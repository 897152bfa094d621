package userhash

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"unsafe"
)

// Close while other goroutines call methods (issue 13): a call in flight completes with the
// right answer, later calls return ErrClosed, and nothing reads freed memory.

const (
	closeRounds  = 50
	closeWorkers = 4
)

// hammer runs closeWorkers goroutines, each cycling through calls with its own user id
// until a call fails, and once every worker has made each call once (so that calls are in
// flight), closes from two goroutines at once. A call returns nil, ErrClosed, or an error
// describing a wrong result; anything but nil and ErrClosed fails the test. Once closed,
// calls stay closed, and the native state has been freed exactly once.
func hammer(t *testing.T, round int, frees *atomic.Int64, close func() error, calls ...func(id string) error) {
	var started, done sync.WaitGroup
	started.Add(closeWorkers)
	done.Add(closeWorkers)
	for w := 0; w < closeWorkers; w++ {
		id := fmt.Sprintf("user-%d-%d", round, w)
		go func() {
			defer done.Done()
			ready := false
			defer func() {
				if !ready {
					started.Done()
				}
			}()
			for i := 0; ; i++ {
				if err := calls[i%len(calls)](id); err != nil {
					if !errors.Is(err, ErrClosed) {
						t.Errorf("round %d: %v", round, err)
					}
					return
				}
				if i == len(calls)-1 {
					started.Done()
					ready = true
				}
			}
		}()
	}
	started.Wait()
	done.Add(2)
	for i := 0; i < 2; i++ {
		go func() {
			defer done.Done()
			if err := close(); err != nil {
				t.Errorf("Close: %v", err)
			}
		}()
	}
	done.Wait()
	for _, call := range calls {
		if err := call("after"); !errors.Is(err, ErrClosed) {
			t.Errorf("round %d: a call after Close returned %v, want ErrClosed", round, err)
		}
	}
	if n := frees.Swap(0); n != 1 {
		t.Errorf("round %d: freed %d times, want 1", round, n)
	}
}

// countFrees makes *free count its calls until the test ends.
func countFrees(t *testing.T, free *func(unsafe.Pointer)) *atomic.Int64 {
	real := *free
	n := new(atomic.Int64)
	*free = func(p unsafe.Pointer) {
		n.Add(1)
		real(p)
	}
	t.Cleanup(func() { *free = real })
	return n
}

// roundSecret differs per round, so that a call reading another round's state (freed
// memory reused) gets a hash under the wrong key.
func roundSecret(round int) string {
	return fmt.Sprintf("secret-%d-%s", round, strings.Repeat("k", round%70))
}

func TestSignerCloseWhileInUse(t *testing.T) {
	frees := countFrees(t, &freeNative)
	for round := 0; round < closeRounds && !t.Failed(); round++ {
		secret := roundSecret(round)
		s, err := NewSigner(secret)
		if err != nil {
			t.Fatal(err)
		}
		sign := func(id string) error {
			got, err := s.Sign(id)
			if err == nil && got != oracle(secret, id) {
				return fmt.Errorf("Sign(%q) = %s, want %s", id, got, oracle(secret, id))
			}
			return err
		}
		verify := func(id string) error {
			ok, err := s.Verify(id, oracle(secret, id))
			if err == nil && !ok {
				return fmt.Errorf("Verify(%q, its right hash) = false", id)
			}
			return err
		}
		hammer(t, round, frees, s.Close, sign, verify)
	}
}

func TestKeyringCloseWhileInUse(t *testing.T) {
	frees := countFrees(t, &freeKeyring)
	for round := 0; round < closeRounds && !t.Failed(); round++ {
		secret := roundSecret(round)
		k, err := NewKeyring("k", secret)
		if err != nil {
			t.Fatal(err)
		}
		var failures atomic.Int64
		if err := k.OnFailure(func(FailureEvent) { failures.Add(1) }); err != nil {
			t.Fatal(err)
		}
		sign := func(id string) error {
			got, err := k.Sign(id)
			if err == nil && got != oracle(secret, id) {
				return fmt.Errorf("Keyring.Sign(%q) = %s, want %s", id, got, oracle(secret, id))
			}
			return err
		}
		verify := func(id string) error {
			v, err := k.VerifyDetailed(id, oracle(secret, id))
			if err == nil && (v.Outcome != OutcomeVerified || v.KeyID != "k") {
				return fmt.Errorf("VerifyDetailed(%q, its right hash) = %v", id, v)
			}
			return err
		}
		mismatch := func(id string) error { // calls the hook
			v, err := k.VerifyDetailed(id, oracle(secret, id+"x"))
			if err == nil && v.Outcome != OutcomeMismatch {
				return fmt.Errorf("VerifyDetailed(%q, another id's hash) = %v", id, v)
			}
			return err
		}
		explain := func(id string) error {
			f, err := k.Explain(id, oracle(secret, id))
			if err == nil && f.Code != "verified" {
				return fmt.Errorf("Explain(%q, its right hash) = %v", id, f)
			}
			return err
		}
		hammer(t, round, frees, k.Close, sign, verify, mismatch, explain)
		if failures.Load() == 0 {
			t.Fatalf("round %d: the hook never ran", round)
		}
	}
}

// A hook may close its keyring: the verification it runs in completes, and the keyring is
// freed when that verification returns, not under it.
func TestKeyringClosedByItsHook(t *testing.T) {
	frees := countFrees(t, &freeKeyring)
	k, err := NewKeyring("k", seedSecret)
	if err != nil {
		t.Fatal(err)
	}
	var inHook []error
	k.OnFailure(func(FailureEvent) {
		inHook = append(inHook, k.Close())
		_, err := k.Sign("user123")
		inHook = append(inHook, err)
		if frees.Load() != 0 {
			inHook = append(inHook, errors.New("freed during the verification"))
		}
	})
	v, err := k.VerifyDetailed("user123", oracle(seedSecret, "user124"))
	if err != nil || v.Outcome != OutcomeMismatch {
		t.Errorf("the verification that closed: %v, %v", v, err)
	}
	if len(inHook) != 2 || inHook[0] != nil || !errors.Is(inHook[1], ErrClosed) {
		t.Errorf("in the hook: Close, then Sign: %v", inHook)
	}
	if _, err := k.VerifyDetailed("user123", ""); !errors.Is(err, ErrClosed) {
		t.Errorf("VerifyDetailed after Close: %v", err)
	}
	if frees.Load() != 1 {
		t.Errorf("freed %d times, want 1", frees.Load())
	}
}
