package userhash

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
)

func TestOneSignerManyGoroutines(t *testing.T) {
	signer := mustSigner(t, seedSecret)
	const goroutines, each = 8, 500
	var wg sync.WaitGroup
	errs := make(chan string, goroutines*each)
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				id := int64(i*goroutines + g)
				text := strconv.FormatInt(id, 10)
				byText, err1 := signer.Sign(text)
				byInt, err2 := signer.SignInt(id)
				ok, err3 := signer.Verify(text, byInt)
				if want := oracle(seedSecret, text); byText != want || byInt != want || !ok ||
					err1 != nil || err2 != nil || err3 != nil {
					errs <- text
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for id := range errs {
		t.Errorf("wrong result for id %s", id)
	}
}

func TestTheSecretNeverShows(t *testing.T) {
	const secret = "hunter2-not-in-output"
	signer := mustSigner(t, secret)
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		if got := fmt.Sprintf(format, signer); got != "userhash.Signer(<redacted>)" {
			t.Errorf("%s: %q", format, got)
		}
	}
	for _, bad := range []string{secret + "\n", "\t" + secret, secret + "\xff"} {
		_, err := NewSigner(bad)
		if err == nil || strings.Contains(fmt.Sprintf("%v %+v %#v", err, err, err), secret) {
			t.Errorf("NewSigner(%q): %v", bad, err)
		}
	}
}

func TestWrongOrMalformedHashIsFalseNotAnError(t *testing.T) {
	signer := mustSigner(t, seedSecret)
	right := oracle(seedSecret, "user123")
	for _, bad := range []string{"", "v1,", " " + right, right[:63], right + "0", strings.Repeat("z", 64)} {
		if ok, err := signer.Verify("user123", bad); ok || err != nil {
			t.Errorf("Verify(%q) = %v, %v", bad, ok, err)
		}
		if ok, err := Verify(seedSecret, "user123", bad); ok || err != nil {
			t.Errorf("one-shot Verify(%q) = %v, %v", bad, ok, err)
		}
	}
}

func TestBytesAreHashedAsTheyAre(t *testing.T) {
	signer := mustSigner(t, seedSecret)
	for _, id := range []string{"user\x00123", "\xff\xfe", "José", "Jose\u0301"} {
		if got, err := signer.Sign(id); err != nil || got != oracle(seedSecret, id) {
			t.Errorf("Sign(%q) = %s, %v", id, got, err)
		}
	}
	key := []byte(seedSecret + "\n") // a raw key keeps its newline
	raw, err := NewSignerBytes(key)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	key[0] = 'X' // the Signer holds no reference to the caller's slice
	if got, _ := raw.Sign("user123"); got != oracle(seedSecret+"\n", "user123") {
		t.Errorf("raw key: %s", got)
	}
}

func TestIntegerIDs(t *testing.T) {
	signer := mustSigner(t, seedSecret)
	for _, n := range []int64{0, 7, -7, 9223372036854775807, -9223372036854775808} {
		text := strconv.FormatInt(n, 10)
		if IntegerID(n) != text {
			t.Errorf("IntegerID(%d) = %q", n, IntegerID(n))
		}
		if got, err := signer.SignInt(n); err != nil || got != oracle(seedSecret, text) {
			t.Errorf("SignInt(%d) = %s, %v", n, got, err)
		}
	}
}

func TestGenerateSecret(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 3; i++ {
		secret, err := GenerateSecret()
		if err != nil || !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(secret) || seen[secret] {
			t.Fatalf("GenerateSecret() = %q, %v", secret, err)
		}
		seen[secret] = true
		if got, err := Sign(secret, "user123"); err != nil || got != oracle(secret, "user123") {
			t.Errorf("a generated secret does not sign as text: %s, %v", got, err)
		}
	}
}

func TestOneVersionEverywhere(t *testing.T) {
	cargo, err := os.ReadFile(filepath.Join("..", "Cargo.toml"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\[workspace\.package\]\n(?:.*\n)*?version = "([^"]+)"`).FindSubmatch(cargo)
	if m == nil || Version() != string(m[1]) {
		t.Errorf("libuserhash %s, Cargo.toml %q", Version(), m)
	}
}
