package userhash

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"
)

// tokenOracle is docs/spec.md section 2.2 with crypto/hmac: the expected value of a token.
func tokenOracle(secret, userID string, expiresAt uint64) string {
	kdf := hmac.New(sha256.New, []byte("userhash-token-v1"))
	kdf.Write([]byte(secret))
	mac := hmac.New(sha256.New, kdf.Sum(nil))
	var be [8]byte
	binary.BigEndian.PutUint64(be[:], expiresAt)
	mac.Write([]byte("v1\x00"))
	mac.Write(be[:])
	mac.Write([]byte(userID))
	return "v1." + strconv.FormatUint(expiresAt, 10) + "." + hex.EncodeToString(mac.Sum(nil))
}

func mustKeyring(t testing.TB, id, secret string) *Keyring {
	t.Helper()
	k, err := NewKeyring(id, secret)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { k.Close() })
	return k
}

func wantVerification(t *testing.T, what string, got Verification, err error, outcome, keyID, reason string) {
	t.Helper()
	if err != nil || got != (Verification{Outcome: outcome, KeyID: keyID, Reason: reason}) {
		t.Errorf("%s: got %+v, %v; want %s/%s/%s", what, got, err, outcome, keyID, reason)
	}
}

func TestRotationEndToEnd(t *testing.T) {
	const retireAt = 1767225600
	k := mustKeyring(t, "2026-11", "new-secret")
	if err := k.Add("2026-05", "old-secret", Until(retireAt)); err != nil {
		t.Fatal(err)
	}
	if got := k.KeyIDs(); strings.Join(got, ",") != "2026-11,2026-05" {
		t.Fatalf("KeyIDs = %v", got)
	}
	// New hashes come from the new key.
	hash, err := k.Sign("user123")
	if err != nil || hash != oracle("new-secret", "user123") {
		t.Fatalf("Sign = %s, %v", hash, err)
	}
	v, err := k.VerifyDetailed("user123", hash, At(retireAt+1000))
	wantVerification(t, "new hash", v, err, "verified", "2026-11", "")
	// Hashes from the old key verify until not_after - 1, then are expired.
	old := oracle("old-secret", "user123")
	v, err = k.VerifyDetailed("user123", old, At(retireAt-1))
	wantVerification(t, "old hash before not_after", v, err, "verified", "2026-05", "")
	if ok, err := k.Verify("user123", old, At(retireAt-1)); !ok || err != nil {
		t.Errorf("Verify old before = %v, %v", ok, err)
	}
	v, err = k.VerifyDetailed("user123", old, At(retireAt))
	wantVerification(t, "old hash at not_after", v, err, "expired", "2026-05", "")
	if ok, err := k.Verify("user123", old, At(retireAt)); ok || err != nil {
		t.Errorf("Verify old at not_after = %v, %v", ok, err)
	}
	// Neither key, a blank hash, a malformed one.
	v, err = k.VerifyDetailed("user123", oracle("other", "user123"), At(retireAt-1))
	wantVerification(t, "other key", v, err, "mismatch", "", "")
	v, err = k.VerifyDetailed("user123", "", At(retireAt-1))
	wantVerification(t, "blank", v, err, "missing", "", "")
	v, err = k.VerifyDetailed("user123", strings.Repeat("z", 64), At(retireAt-1))
	wantVerification(t, "non-hex", v, err, "malformed", "", "hash_not_hex")
	v, err = k.VerifyDetailed("user123", old[:10])
	wantVerification(t, "short", v, err, "malformed", "", "hash_wrong_length")
	// A key not yet valid.
	if err := k.Add("2027-05", "next-secret", Between(retireAt+100, retireAt+200)); err != nil {
		t.Fatal(err)
	}
	next := oracle("next-secret", "user123")
	v, err = k.VerifyDetailed("user123", next, At(retireAt+99))
	wantVerification(t, "before not_before", v, err, "expired", "2027-05", "")
	v, err = k.VerifyDetailed("user123", next, At(retireAt+100))
	wantVerification(t, "at not_before", v, err, "verified", "2027-05", "")
	if s := v.String(); s != "verified (key 2027-05)" {
		t.Errorf("String = %q", s)
	}
}

// The outcome constants are the names of the generated contract.
func TestOutcomesAreTheContracts(t *testing.T) {
	want := []string{OutcomeVerified, OutcomeMissing, OutcomeMalformed, OutcomeMismatch, OutcomeExpired}
	for i, name := range want {
		if contractOutcomes[uint32(i+1)] != name || len(contractOutcomes) != len(want) {
			t.Errorf("outcome %d: contract %q, constant %q", i+1, contractOutcomes[uint32(i+1)], name)
		}
	}
}

func TestKeyringErrors(t *testing.T) {
	_, err := NewKeyring("", "s")
	wantCode(t, err, "empty_key_id")
	_, err = NewKeyring("k", "s\n")
	wantCode(t, err, "secret_whitespace")
	_, err = NewKeyringBytes("k", nil)
	wantCode(t, err, "empty_secret")
	k := mustKeyring(t, "current", seedSecret)
	wantCode(t, k.Add("current", "x", Window{}), "duplicate_key_id")
	wantCode(t, k.Add("old", "x", Between(10, 10)), "invalid_key_window")
	wantCode(t, k.Add("old", "", Window{}), "empty_secret")
	wantCode(t, k.Add("\xff", "x", Window{}), "text_not_utf8")
	_, err = k.Sign("")
	wantCode(t, err, "empty_user_id")
	_, err = k.VerifyDetailed("", "")
	wantCode(t, err, "empty_user_id")
	_, err = k.IssueToken("u", -time.Second)
	wantCode(t, err, "invalid_timestamp")
	_, err = k.IssueTokenAt("u", -1)
	wantCode(t, err, "invalid_timestamp")
	_, err = k.VerifyToken("u", "", Leeway(-time.Second))
	wantCode(t, err, "invalid_timestamp")
	_, err = k.VerifyToken("u", "", Leeway(-time.Millisecond))
	wantCode(t, err, "invalid_timestamp")
	_, err = k.IssueToken("u", -time.Millisecond) // whole seconds rounded down: -1
	wantCode(t, err, "invalid_timestamp")
	if tok, err := k.IssueToken("u", 1999*time.Millisecond); err != nil || tok == "" {
		t.Errorf("IssueToken(1.999 s) = %q, %v", tok, err)
	}
	// time.Now().UnixMilli() where seconds are asked: refused, not a key or token that
	// never expires.
	_, err = k.IssueTokenAt("u", 1767225600000)
	wantCode(t, err, "timestamp_in_milliseconds")
	wantCode(t, k.Add("old", "x", Until(1767225600000)), "timestamp_in_milliseconds")
	wantCode(t, k.Add("old", "x", Until(-1)), "invalid_timestamp")
	if len(k.KeyIDs()) != 1 {
		t.Errorf("a failed Add left a key: %v", k.KeyIDs())
	}
	// Raw key bytes keep their newline.
	raw, err := NewKeyringBytes("raw", []byte(seedSecret+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if err := raw.AddBytes("old", []byte{0, 1, 2}, Window{}); err != nil {
		t.Fatal(err)
	}
	if h, _ := raw.Sign("u"); h != oracle(seedSecret+"\n", "u") {
		t.Errorf("raw Sign = %s", h)
	}
	if v, _ := raw.VerifyDetailed("u", oracle("\x00\x01\x02", "u")); v.KeyID != "old" {
		t.Errorf("raw AddBytes: %+v", v)
	}
}

func TestKeyringClose(t *testing.T) {
	k, err := NewKeyring("k", seedSecret)
	if err != nil {
		t.Fatal(err)
	}
	if err := k.OnFailure(func(FailureEvent) {}); err != nil {
		t.Fatal(err)
	}
	if k.Close() != nil || k.Close() != nil {
		t.Fatal("Close is not idempotent")
	}
	_, err1 := k.Sign("u")
	_, err2 := k.VerifyDetailed("u", "")
	_, err3 := k.IssueTokenAt("u", 1)
	_, err4 := k.VerifyToken("u", "")
	_, err5 := k.Explain("u", "")
	for i, err := range []error{err1, err2, err3, err4, err5, k.Add("x", "y", Window{}), k.OnFailure(nil)} {
		if !errors.Is(err, ErrClosed) {
			t.Errorf("call %d after Close: %v", i, err)
		}
	}
}

func TestKeyringFromEnv(t *testing.T) {
	t.Setenv("USERHASH_SECRET", "new-secret")
	t.Setenv("USERHASH_PREVIOUS_SECRET", "old-secret")
	t.Setenv("USERHASH_PREVIOUS_SECRET_NOT_AFTER", "1767225600")
	k, err := KeyringFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	if strings.Join(k.KeyIDs(), ",") != "current,previous" {
		t.Fatalf("KeyIDs = %v", k.KeyIDs())
	}
	v, err := k.VerifyDetailed("u", oracle("old-secret", "u"), At(1767225599))
	wantVerification(t, "previous", v, err, "verified", "previous", "")
	v, err = k.VerifyDetailed("u", oracle("old-secret", "u"), At(1767225600))
	wantVerification(t, "previous retired", v, err, "expired", "previous", "")
	t.Setenv("USERHASH_PREVIOUS_SECRET_NOT_AFTER", "soon")
	_, err = KeyringFromEnv()
	wantCode(t, err, "invalid_timestamp")
	t.Setenv("USERHASH_PREVIOUS_SECRET_NOT_AFTER", "1767225600000")
	_, err = KeyringFromEnv()
	wantCode(t, err, "timestamp_in_milliseconds")
	os.Unsetenv("USERHASH_PREVIOUS_SECRET_NOT_AFTER")
	_, err = KeyringFromEnv()
	wantCode(t, err, "missing_env")
	if !strings.Contains(err.Error(), "USERHASH_PREVIOUS_SECRET_NOT_AFTER") {
		t.Errorf("message %q", err.Error())
	}
	t.Setenv("USERHASH_SECRET", "")
	_, err = KeyringFromEnv()
	wantCode(t, err, "empty_secret")
	os.Unsetenv("USERHASH_SECRET")
	_, err = KeyringFromEnv()
	wantCode(t, err, "missing_env")
	if !strings.Contains(err.Error(), "environment variable USERHASH_SECRET is not set") {
		t.Errorf("message %q", err.Error())
	}
}

type tokenDoc struct {
	Cases []struct {
		Name       string  `json:"name"`
		SecretHex  string  `json:"secret_hex"`
		SecretText *string `json:"secret_text"`
		UserIDHex  string  `json:"user_id_hex"`
		ExpiresAt  string  `json:"expires_at"`
		Token      string  `json:"token"`
		Checks     []struct {
			Now     string `json:"now"`
			Leeway  int64  `json:"leeway"`
			Outcome string `json:"outcome"`
		} `json:"checks"`
	} `json:"cases"`
	Rejections []struct {
		Name    string  `json:"name"`
		Token   string  `json:"token"`
		Outcome string  `json:"outcome"`
		Reason  *string `json:"reason"`
	} `json:"rejections"`
}

func loadTokens(t *testing.T) tokenDoc {
	var doc struct {
		Token tokenDoc `json:"token"`
	}
	loadJSON(t, "vectors.json", &doc)
	if len(doc.Token.Cases) == 0 || len(doc.Token.Rejections) == 0 {
		t.Fatal("no token vectors")
	}
	return doc.Token
}

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestTokenVectors(t *testing.T) {
	for _, c := range loadTokens(t).Cases {
		c := c
		t.Run(c.Name, func(t *testing.T) {
			secret, id := unhex(t, c.SecretHex), unhex(t, c.UserIDHex)
			expires := mustInt(t, c.ExpiresAt)
			if got := tokenOracle(secret, id, uint64(expires)); got != c.Token {
				t.Fatalf("the vectors file disagrees with crypto/hmac: %s", got)
			}
			keyrings := []*Keyring{}
			k, err := NewKeyringBytes("bytes", []byte(secret))
			if err != nil {
				t.Fatal(err)
			}
			defer k.Close()
			keyrings = append(keyrings, k)
			if c.SecretText != nil {
				keyrings = append(keyrings, mustKeyring(t, "text", *c.SecretText))
			}
			for _, k := range keyrings {
				token, err := k.IssueTokenAt(id, expires)
				if err != nil || token != c.Token {
					t.Errorf("IssueTokenAt = %s, %v", token, err)
				}
				for _, check := range c.Checks {
					v, err := k.VerifyToken(id, c.Token, At(mustInt(t, check.Now)), Leeway(time.Duration(check.Leeway)*time.Second))
					keyID := ""
					if check.Outcome == "verified" || check.Outcome == "expired" {
						keyID = k.KeyIDs()[0]
					}
					wantVerification(t, fmt.Sprintf("now %s leeway %d", check.Now, check.Leeway), v, err, check.Outcome, keyID, "")
				}
			}
		})
	}
}

func TestTokenRejections(t *testing.T) {
	k := mustKeyring(t, "current", seedSecret)
	for _, c := range loadTokens(t).Rejections {
		v, err := k.VerifyToken("user123", c.Token, At(1767225599))
		reason, keyID := "", ""
		if c.Reason != nil {
			reason = *c.Reason
		}
		if c.Outcome == "verified" {
			keyID = "current"
		}
		wantVerification(t, c.Name, v, err, c.Outcome, keyID, reason)
	}
}

func TestIssueTokenWithTTL(t *testing.T) {
	k := mustKeyring(t, "current", seedSecret)
	before := time.Now().Unix()
	token, err := k.IssueToken("user123", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(token, ".")
	expires := mustInt(t, parts[1])
	if expires < before+3600 || expires > time.Now().Unix()+3600 {
		t.Fatalf("expiry %d, issued at %d", expires, before)
	}
	if token != tokenOracle(seedSecret, "user123", uint64(expires)) {
		t.Errorf("token %s differs from crypto/hmac", token)
	}
	if v, err := k.VerifyToken("user123", token); !v.Verified() || err != nil {
		t.Errorf("VerifyToken now = %v, %v", v, err)
	}
	// A widget hash is never a token, and a token is never a widget hash.
	if v, _ := k.VerifyToken("user123", oracle(seedSecret, "user123")); v.Outcome != "malformed" {
		t.Errorf("hash as token: %v", v)
	}
	if v, _ := k.VerifyDetailed("user123", parts[2]); v.Outcome != "mismatch" {
		t.Errorf("token MAC as hash: %v", v)
	}
}

// The table of crates/userhash/tests/explain.rs, the mistaken hashes made with crypto/hmac.
func TestExplainTable(t *testing.T) {
	key := seedSecret
	right := oracle(key, "user123")
	cases := []struct{ code, id, hash, email string }{
		{"verified", "user123", right, ""},
		{"missing_hash", "user123", "", ""},
		{"hash_whitespace", "user123", right + "\n", ""},
		{"uppercase_hash", "user123", strings.ToUpper(right), ""},
		{"truncated_hash", "user123", right[:40], ""},
		{"malformed_hash", "user123", "not a hash", ""},
		{"id_whitespace", "user123", oracle(key, "user123\n"), ""},
		{"id_whitespace", "user123", oracle(key, " user123"), ""},
		{"id_whitespace", " user123 ", oracle(key, "user123"), ""},
		{"id_case", "User123", oracle(key, "user123"), ""},
		{"id_case", "abc", oracle(key, "ABC"), ""},
		{"id_number_format", "42", oracle(key, "42.0"), ""},
		{"id_number_format", "42.0", oracle(key, "42"), ""},
		{"id_number_format", "42", oracle(key, "042"), ""},
		{"email_instead_of_id", "user123", oracle(key, "jo@example.com"), "jo@example.com"},
		{"secret_whitespace", "user123", oracle(key+"\n", "user123"), ""},
		{"secret_whitespace", "user123", oracle(key+"\r\n", "user123"), ""},
		{"unknown", "user123", oracle("another key", "user123"), ""},
	}
	k := mustKeyring(t, "current", key)
	for _, c := range cases {
		var opts []Option
		if c.email != "" {
			opts = append(opts, Email(c.email))
		}
		for how, explain := range map[string]func() (Finding, error){
			"keyring":  func() (Finding, error) { return k.Explain(c.id, c.hash, opts...) },
			"one-shot": func() (Finding, error) { return Explain(key, c.id, c.hash, opts...) },
		} {
			f, err := explain()
			if err != nil || f.Code != c.code {
				t.Errorf("%s %q / %q: got %+v, %v; want %s", how, c.id, c.hash, f, err, c.code)
			}
			if f.Message == "" || strings.Contains(f.Message, key) {
				t.Errorf("%s message %q", how, f.Message)
			}
		}
	}
	_, err := Explain(key, "", right)
	wantCode(t, err, "empty_user_id")
}

// The explain cases of tests/vectors/vectors.json, with the keyring and, for one key with a
// text secret, the one-shot Explain. Every finding code is one of the generated FindingCodes.
func TestExplainVectors(t *testing.T) {
	var doc struct {
		Explain struct {
			Cases []struct {
				Name, Finding, Hash string
				UserIDText          string `json:"user_id_text"`
				Keys                []struct {
					ID         string
					SecretHex  string  `json:"secret_hex"`
					SecretText *string `json:"secret_text"`
					NotAfter   *int64  `json:"not_after"`
				}
				Now   int64
				Email *string
			}
		}
	}
	loadJSON(t, "vectors.json", &doc)
	if len(doc.Explain.Cases) == 0 {
		t.Fatal("no explain vectors")
	}
	known := map[string]bool{}
	for _, code := range FindingCodes {
		known[code] = true
	}
	for _, c := range doc.Explain.Cases {
		var k *Keyring
		for i, key := range c.Keys {
			var err error
			switch {
			case i > 0 && key.SecretText != nil:
				err = k.Add(key.ID, *key.SecretText, Window{NotAfter: key.NotAfter})
			case i > 0:
				err = k.AddBytes(key.ID, []byte(unhex(t, key.SecretHex)), Window{NotAfter: key.NotAfter})
			case key.SecretText != nil:
				k, err = NewKeyring(key.ID, *key.SecretText)
			default:
				k, err = NewKeyringBytes(key.ID, []byte(unhex(t, key.SecretHex)))
			}
			if err != nil {
				t.Fatalf("%s: key %s: %v", c.Name, key.ID, err)
			}
		}
		opts := []Option{At(c.Now)}
		if c.Email != nil {
			opts = append(opts, Email(*c.Email))
		}
		if f, err := k.Explain(c.UserIDText, c.Hash, opts...); err != nil || f.Code != c.Finding || !known[f.Code] {
			t.Errorf("%s: got %+v, %v", c.Name, f, err)
		}
		if key := c.Keys[0]; len(c.Keys) == 1 && key.SecretText != nil {
			if f, err := Explain(*key.SecretText, c.UserIDText, c.Hash, opts...); err != nil || f.Code != c.Finding {
				t.Errorf("%s: one-shot got %+v, %v", c.Name, f, err)
			}
		}
		k.Close()
	}
}

func TestExplainSecretEncodingAndKeys(t *testing.T) {
	decoded, _ := hex.DecodeString("deadbeefcafe0123")
	if f, _ := Explain("deadbeefcafe0123", "u", oracle(string(decoded), "u")); f.Code != "secret_encoding" {
		t.Errorf("hex: %+v", f)
	}
	if f, _ := Explain("c2VjcmV0LWtleS1ieXRlcw==", "u", oracle("secret-key-bytes", "u")); f.Code != "secret_encoding" {
		t.Errorf("base64: %+v", f)
	}
	k := mustKeyring(t, "new", "new")
	if err := k.Add("old", "old", Until(100)); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		now        int64
		hash, code string
	}{{99, oracle("old", "u"), "other_key"}, {100, oracle("old", "u"), "retired_key"}, {99, oracle("old", "U"), "id_case"}} {
		if f, err := k.Explain("u", c.hash, At(c.now)); err != nil || f.Code != c.code {
			t.Errorf("at %d: %+v, %v; want %s", c.now, f, err, c.code)
		}
	}
	// A long id makes a long message (an owned string from libuserhash).
	long := strings.Repeat("x", 5000)
	if f, err := k.Explain(long, oracle("new", long+" ")); err != nil || f.Code != "id_whitespace" || len(f.Message) < 5000 {
		t.Errorf("long id: %s, %d bytes, %v", f.Code, len(f.Message), err)
	}
}

func TestFailureHook(t *testing.T) {
	const secret = "hunter2-not-in-any-event"
	k := mustKeyring(t, "current", secret)
	if err := k.Add("old", "old-secret", Until(100)); err != nil {
		t.Fatal(err)
	}
	var events []FailureEvent
	if err := k.OnFailure(func(e FailureEvent) { events = append(events, e) }); err != nil {
		t.Fatal(err)
	}
	right := oracle(secret, "user123")
	k.VerifyDetailed("user123", right)                           // verified: no event
	k.VerifyDetailed("user123", "")                              // missing
	k.VerifyDetailed("user123", strings.ToUpper(right[:63])+"g") // malformed
	k.VerifyDetailed("user\xff", oracle("x", "y"))               // mismatch, id not UTF-8
	k.VerifyDetailed("\xff\xfeu", "0")                           // malformed; a run of invalid bytes is one U+FFFD
	k.VerifyDetailed("user123", oracle("old-secret", "user123"), At(100))
	k.VerifyToken("user123", "v2.1.x")
	k.Explain("user123", right) // verified: no event
	k.Explain("user123", "")    // missing: a diagnosis that fails is reported, like probing
	want := []FailureEvent{
		{Outcome: "missing", UserID: "user123"},
		{Outcome: "malformed", Reason: "hash_not_hex", UserID: "user123", HashPrefix: strings.ToUpper(right[:8])},
		{Outcome: "mismatch", UserID: "user\uFFFD", HashPrefix: oracle("x", "y")[:8]},
		{Outcome: "malformed", Reason: "hash_wrong_length", UserID: "\uFFFDu", HashPrefix: "0"},
		{Outcome: "expired", KeyID: "old", UserID: "user123", HashPrefix: oracle("old-secret", "user123")[:8]},
		{Outcome: "malformed", Reason: "token_version", UserID: "user123", HashPrefix: "v2.1.x"},
		{Outcome: "missing", UserID: "user123"},
	}
	if fmt.Sprint(events) != fmt.Sprint(want) {
		t.Fatalf("events\n got %+v\nwant %+v", events, want)
	}
	for _, e := range events {
		if strings.Contains(fmt.Sprintf("%+v", e), secret) || strings.Contains(e.HashPrefix, right) {
			t.Errorf("event shows a secret: %+v", e)
		}
	}
	// Removing the hook; a panic in a hook comes back from the verification.
	if err := k.OnFailure(nil); err != nil {
		t.Fatal(err)
	}
	k.VerifyDetailed("user123", "")
	if len(events) != len(want) {
		t.Errorf("a removed hook was called")
	}
	k.OnFailure(func(e FailureEvent) { panic("hook failed: " + e.Outcome) })
	func() {
		defer func() {
			if r := recover(); r != "hook failed: missing" {
				t.Errorf("recovered %v", r)
			}
		}()
		k.VerifyDetailed("user123", "")
		t.Error("no panic")
	}()
	// The keyring still works after the panic.
	if v, err := k.VerifyDetailed("user123", right); !v.Verified() || err != nil {
		t.Errorf("after a hook panic: %v, %v", v, err)
	}
}

func TestKeyringManyGoroutines(t *testing.T) {
	k := mustKeyring(t, "new", "new-secret")
	if err := k.Add("old", "old-secret", Until(2000000000)); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	failures := 0
	k.OnFailure(func(FailureEvent) { mu.Lock(); failures++; mu.Unlock() })
	const goroutines, each = 8, 200
	var wg sync.WaitGroup
	errs := make(chan string, goroutines*each)
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				id := fmt.Sprintf("user%d", i*goroutines+g)
				h, _ := k.Sign(id)
				v1, _ := k.VerifyDetailed(id, oracle("old-secret", id), At(1767225600))
				v2, _ := k.VerifyDetailed(id, "nope", At(1767225600))
				tok, _ := k.IssueTokenAt(id, 1767225600)
				v3, _ := k.VerifyToken(id, tok, At(1767225600))
				if h != oracle("new-secret", id) || v1.KeyID != "old" || v2.Outcome != "malformed" || v3.Outcome != "expired" {
					errs <- id
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for id := range errs {
		t.Errorf("wrong result for %s", id)
	}
	if failures != goroutines*each*2 {
		t.Errorf("%d failure events, want %d", failures, goroutines*each*2)
	}
}

func TestKeyringNeverShowsSecrets(t *testing.T) {
	const secret = "hunter2-not-in-output"
	k := mustKeyring(t, "current", secret)
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		got := fmt.Sprintf(format, k)
		if got != `userhash.Keyring("current", <redacted>)` {
			t.Errorf("%s: %q", format, got)
		}
	}
	for _, bad := range []string{secret + "\n", " " + secret} {
		_, err := NewKeyring("k", bad)
		if err == nil || strings.Contains(fmt.Sprintf("%v %+v %#v", err, err, err), secret) {
			t.Errorf("NewKeyring(%q): %v", bad, err)
		}
		err = k.Add("k2", bad, Window{})
		if err == nil || strings.Contains(fmt.Sprintf("%v %+v %#v", err, err, err), secret) {
			t.Errorf("Add(%q): %v", bad, err)
		}
	}
	f, _ := k.Explain("user123", oracle(secret+"\n", "user123"))
	if f.Code != "secret_whitespace" || strings.Contains(f.Message, secret) {
		t.Errorf("explain: %+v", f)
	}
}

func TestFinalizerFreesAnUnclosedKeyring(t *testing.T) {
	var mu sync.Mutex
	frees, free := map[unsafe.Pointer]int{}, freeKeyring
	freeKeyring = func(h unsafe.Pointer) {
		mu.Lock()
		frees[h]++
		mu.Unlock()
		free(h)
	}
	defer func() { freeKeyring = free }()
	count := func(h unsafe.Pointer) int {
		mu.Lock()
		defer mu.Unlock()
		return frees[h]
	}
	dropped := func() unsafe.Pointer { // never closed, with a hook
		k, err := NewKeyring("k", seedSecret)
		if err != nil {
			t.Fatal(err)
		}
		k.OnFailure(func(FailureEvent) {})
		return k.native.ptr
	}()
	for i := 0; i < 100 && count(dropped) == 0; i++ {
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	if count(dropped) != 1 {
		t.Fatalf("a dropped Keyring was freed %d times, want 1", count(dropped))
	}
}
