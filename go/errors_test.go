package userhash

import (
	"errors"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"
)

type matrixInput struct {
	Text     *string `json:"text"`
	BytesHex *string `json:"bytes_hex"`
	Repeat   *string `json:"repeat"`
	Count    int     `json:"count"`
	Env      *string `json:"env"`
}

type matrixCase struct {
	Name      string      `json:"name"`
	Call      string      `json:"call"`
	Secret    matrixInput `json:"secret"`
	UserID    matrixInput `json:"user_id"`
	Hash      string      `json:"hash"`
	Code      string      `json:"code"`
	AppliesTo []string    `json:"applies_to"`
}

// Secret decoders of the core that the C ABI, and so this package, does not offer: Go
// decodes with encoding/hex or encoding/base64 and calls NewSignerBytes.
var notOffered = map[string]bool{"secret_from_hex": true, "secret_from_base64": true}

func (in matrixInput) value(t *testing.T) (s string, raw bool) {
	switch {
	case in.Text != nil:
		return *in.Text, false
	case in.BytesHex != nil:
		return unhex(t, *in.BytesHex), true
	case in.Repeat != nil:
		return strings.Repeat(*in.Repeat, in.Count), false
	}
	t.Fatalf("input %+v has no Go form", in)
	return "", false
}

func (c matrixCase) run(t *testing.T) (string, error) {
	var signer *Signer
	var err error
	if c.Secret.Env != nil {
		signer, err = SignerFromEnv(*c.Secret.Env)
	} else if secret, raw := c.Secret.value(t); raw {
		signer, err = NewSignerBytes([]byte(secret))
	} else {
		signer, err = NewSigner(secret)
	}
	if err != nil {
		return "", err
	}
	defer signer.Close()
	id, _ := c.UserID.value(t)
	if c.Call == "verify" {
		ok, err := signer.Verify(id, c.Hash)
		return strconv.FormatBool(ok), err
	}
	return signer.Sign(id)
}

// TestErrorMatrix runs tests/vectors/errors.json: every case Go's types can express gives
// its stable code (or, for huge inputs, the stdlib hash).
func TestErrorMatrix(t *testing.T) {
	var doc struct {
		Cases       []matrixCase `json:"cases"`
		VerifyFalse []struct {
			Name string `json:"name"`
			Hash string `json:"hash"`
		} `json:"verify_false"`
	}
	loadJSON(t, "errors.json", &doc)
	ran := 0
	for _, c := range doc.Cases {
		c := c
		if notOffered[c.Call] || c.AppliesTo != nil { // AppliesTo lists dynamic languages only
			continue
		}
		ran++
		t.Run(c.Name, func(t *testing.T) {
			got, err := c.run(t)
			if c.Code != "" {
				wantCode(t, err, c.Code)
			} else if err != nil || got != c.Hash {
				t.Fatalf("got %q, %v; want %s", got, err, c.Hash)
			}
		})
	}
	if ran < len(doc.Cases)/2 {
		t.Fatalf("only %d of %d cases ran", ran, len(doc.Cases))
	}
	signer := mustSigner(t, "k")
	for _, c := range doc.VerifyFalse {
		if ok, err := signer.Verify("user123", c.Hash); ok || err != nil {
			t.Errorf("%s: Verify = %v, %v", c.Name, ok, err)
		}
	}
}

func TestErrorsCarryCodeAndMessage(t *testing.T) {
	_, err := NewSigner(seedSecret + "\n")
	wantCode(t, err, "secret_whitespace")
	if err.(*Error).Category != "secret" {
		t.Errorf("category %q", err.(*Error).Category)
	}
	if !strings.HasSuffix(err.Error(), " [secret_whitespace]") || !strings.HasPrefix(err.Error(), "userhash: ") {
		t.Errorf("message %q", err.Error())
	}
	_, err = NewSigner("caf\xe9")
	wantCode(t, err, "secret_not_utf8")
	_, err = NewSignerBytes(nil)
	wantCode(t, err, "empty_secret")
	_, err = Sign("", "user123")
	wantCode(t, err, "empty_secret")
	_, err = Verify(seedSecret, "", "")
	wantCode(t, err, "empty_user_id")
}

// The message is libuserhash's for the calling goroutine's own failure, with its details,
// while goroutines on the same OS threads fail with other messages: keyring Adds (the
// pinned call) and Signs and Verifies of an empty id (the hot paths, whose helpers copy it).
func TestErrorMessagesAreTheCallersOwn(t *testing.T) {
	signer := mustSigner(t, seedSecret)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		id := "key-" + strconv.Itoa(g)
		k := mustKeyring(t, id, seedSecret)
		calls := []func() error{
			func() error { return k.Add(id, seedSecret, Window{}) },
			func() error { _, err := signer.Sign(""); return err },
			func() error { _, err := signer.Verify("", ""); return err },
			func() error { _, err := k.VerifyDetailed("", ""); return err },
		}
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 3000 && !t.Failed(); i++ {
				err := calls[(g+i)%len(calls)]()
				var e *Error
				if !errors.As(err, &e) || e.Message == "" ||
					(e.Code == "duplicate_key_id") != strings.Contains(e.Message, strconv.Quote(id)) ||
					(e.Code == "empty_user_id") == strings.Contains(e.Message, "key-") {
					t.Errorf("goroutine %d, call %d: %v", g, (g+i)%len(calls), err)
				}
			}
		}(g)
	}
	wg.Wait()
}

func TestSignerFromEnv(t *testing.T) {
	t.Setenv("USERHASH_GO_TEST_SECRET", seedSecret)
	signer, err := SignerFromEnv("USERHASH_GO_TEST_SECRET")
	if err != nil {
		t.Fatal(err)
	}
	defer signer.Close()
	if got, _ := signer.Sign("user123"); got != oracle(seedSecret, "user123") {
		t.Errorf("got %s", got)
	}
	_, err = SignerFromEnv("USERHASH_GO_TEST_UNSET")
	wantCode(t, err, "missing_env")
	if err.Error() != "userhash: environment variable USERHASH_GO_TEST_UNSET is not set [missing_env]" {
		t.Errorf("message %q", err.Error())
	}
}

func TestSignManyNamesTheFailingID(t *testing.T) {
	signer := mustSigner(t, seedSecret)
	hashes, err := signer.SignMany([]string{"a", "b", "", "d"})
	wantCode(t, err, "empty_user_id")
	if hashes != nil || !strings.HasPrefix(err.Error(), "user id 2: ") {
		t.Errorf("got %v, %v", hashes, err)
	}
	if hashes, err := signer.SignMany(nil); err != nil || len(hashes) != 0 {
		t.Errorf("SignMany(nil) = %v, %v", hashes, err)
	}
}

func TestClose(t *testing.T) {
	signer, err := NewSigner(seedSecret)
	if err != nil {
		t.Fatal(err)
	}
	if signer.Close() != nil || signer.Close() != nil {
		t.Fatal("Close is not idempotent")
	}
	if _, err := signer.Sign("user123"); !errors.Is(err, ErrClosed) {
		t.Errorf("Sign after Close: %v", err)
	}
	if _, err := signer.SignInt(1); !errors.Is(err, ErrClosed) {
		t.Errorf("SignInt after Close: %v", err)
	}
	if _, err := signer.SignMany([]string{"a"}); !errors.Is(err, ErrClosed) {
		t.Errorf("SignMany after Close: %v", err)
	}
	if _, err := signer.Verify("user123", ""); !errors.Is(err, ErrClosed) {
		t.Errorf("Verify after Close: %v", err)
	}
	if _, err := signer.VerifyInt(1, ""); !errors.Is(err, ErrClosed) {
		t.Errorf("VerifyInt after Close: %v", err)
	}
}

func TestFinalizerFreesAnUnclosedSigner(t *testing.T) {
	var mu sync.Mutex
	frees, free := map[unsafe.Pointer]int{}, freeNative
	freeNative = func(h unsafe.Pointer) {
		mu.Lock()
		frees[h]++
		mu.Unlock()
		free(h)
	}
	defer func() { freeNative = free }()
	count := func(h unsafe.Pointer) int {
		mu.Lock()
		defer mu.Unlock()
		return frees[h]
	}

	closed, err := NewSigner(seedSecret)
	if err != nil {
		t.Fatal(err)
	}
	dropped := func() unsafe.Pointer { // a Signer never closed
		s, err := NewSigner(seedSecret)
		if err != nil {
			t.Fatal(err)
		}
		return s.native.ptr
	}()
	closedHandle := closed.native.ptr // taken while both live, so the two addresses differ
	closed.Close()
	for i := 0; i < 100 && count(dropped) == 0; i++ {
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	runtime.GC()
	if count(closedHandle) != 1 || count(dropped) != 1 {
		t.Fatalf("closed freed %d times, dropped %d times; want 1 and 1", count(closedHandle), count(dropped))
	}
	runtime.KeepAlive(closed)
}
