package userhash

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

type vendorCase struct {
	widgetCase
	KeyID      string  `json:"key_id"`
	Now        int64   `json:"now"`
	TTL        *int64  `json:"ttl"`
	BareSecret bool    `json:"bare_secret"`
	JSON       *string `json:"json"` // null: the JSON text null
}

type jwtKey struct {
	ID         string `json:"id"`
	SecretText string `json:"secret_text"`
	NotAfter   *int64 `json:"not_after"`
}

type jwtCase struct {
	Name       string          `json:"name"`
	Preset     Preset          `json:"preset"`
	SecretText string          `json:"secret_text"`
	KeyID      *string         `json:"key_id"`
	User       json.RawMessage `json:"user"`
	IAT        int64           `json:"iat"`
	Exp        *int64          `json:"exp"`
	Token      string          `json:"token"`
	Claims     json.RawMessage `json:"claims"`
	Keys       []jwtKey        `json:"keys"`
	Now        int64           `json:"now"`
	Leeway     int64           `json:"leeway"`
	Outcome    string          `json:"outcome"`
	Reason     *string         `json:"reason"`
}

type explainVendorCase struct {
	Name          string  `json:"name"`
	Finding       string  `json:"finding"`
	Preset        Preset  `json:"preset"`
	SecretText    *string `json:"secret_text"`
	ProfileSecret *string `json:"profile_secret"`
	UserIDText    *string `json:"user_id_text"`
	Email         *string `json:"email"`
	Hash          *string `json:"hash"`
	Token         *string `json:"token"`
	Now           int64   `json:"now"`
	Verifies      bool    `json:"verifies"`
}

type vendorVectors struct {
	Vendors struct {
		Cases  []vendorCase `json:"cases"`
		Errors []vendorCase `json:"errors"`
	} `json:"vendors"`
	JWT struct {
		Issue  []jwtCase `json:"issue"`
		Verify []jwtCase `json:"verify"`
	} `json:"jwt"`
	ExplainVendor struct {
		Cases []explainVendorCase `json:"cases"`
	} `json:"explain_vendor"`
}

func loadVendorVectors(t *testing.T) vendorVectors {
	var doc vendorVectors
	loadJSON(t, "vectors.json", &doc)
	if len(doc.Vendors.Cases) == 0 || len(doc.Vendors.Errors) == 0 || len(doc.JWT.Issue) == 0 ||
		len(doc.JWT.Verify) == 0 || len(doc.ExplainVendor.Cases) == 0 {
		t.Fatal("no vendor vectors")
	}
	return doc
}

// opened(t)(NewKeyring…(…)) is the keyring, closed when the test ends, or fails the test.
func opened(t testing.TB) func(*Keyring, error) *Keyring {
	return func(k *Keyring, err error) *Keyring {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { k.Close() })
		return k
	}
}

// events records what a keyring's OnFailure hook receives.
type events struct {
	mu   sync.Mutex
	list []FailureEvent
}

func (e *events) hook(ev FailureEvent) { e.mu.Lock(); e.list = append(e.list, ev); e.mu.Unlock() }

func (e *events) take() []FailureEvent {
	e.mu.Lock()
	defer e.mu.Unlock()
	list := e.list
	e.list = nil
	return list
}

func (c vendorCase) config(t *testing.T) WidgetConfig {
	cfg := c.widgetCase.config(t)
	if c.TTL != nil {
		cfg.TTL = time.Duration(*c.TTL) * time.Second
	}
	return cfg
}

func TestVendorVectors(t *testing.T) {
	for _, c := range loadVendorVectors(t).Vendors.Cases {
		c := c
		t.Run(c.Name, func(t *testing.T) {
			k := opened(t)(NewKeyringForPreset(c.Preset, c.KeyID, c.SecretText))
			want := "null"
			if c.JSON != nil {
				want = *c.JSON
			}
			cfg := c.config(t)
			if got, err := k.WidgetJSON(cfg, At(c.Now)); err != nil || got != want {
				t.Errorf("WidgetJSON:\n got %s (%v)\nwant %s", got, err, want)
			}
			if got, err := k.WidgetScript(cfg, At(c.Now)); err != nil || got != c.Script {
				t.Errorf("WidgetScript:\n got %s (%v)\nwant %s", got, err, c.Script)
			}
			// A hash profile's hash is crypto/hmac's over what the profile signs, with its key.
			if cfg.User != nil && !isJWTPreset(c.Preset) {
				key, subject := c.SecretText, cfg.User.ID
				if c.Preset == PresetPylon {
					key = unhex(t, c.SecretText)
				}
				if c.Preset == PresetCrisp || c.Preset == PresetHelpScout || c.Preset == PresetPylon {
					subject = cfg.User.Email
				}
				if !strings.Contains(c.Script, oracle(key, subject)) {
					t.Error("the vector's hash is not crypto/hmac's")
				}
			}
		})
	}
}

func isJWTPreset(p Preset) bool {
	for _, j := range JWTPresets {
		if j == p {
			return true
		}
	}
	return false
}

func TestVendorErrors(t *testing.T) {
	for _, c := range loadVendorVectors(t).Vendors.Errors {
		c := c
		t.Run(c.Name, func(t *testing.T) {
			cfg := c.config(t)
			if c.BareSecret {
				_, err := WidgetScript(mustSigner(t, c.SecretText), cfg)
				wantCode(t, err, c.Error)
				return
			}
			k, err := NewKeyringForPreset(c.Preset, c.KeyID, c.SecretText)
			if err != nil {
				wantCode(t, err, c.Error)
				return
			}
			defer k.Close()
			_, err = k.WidgetScript(cfg, At(c.Now))
			wantCode(t, err, c.Error)
			if c.Error != "no_snippet" {
				_, err = k.WidgetJSON(cfg, At(c.Now))
				wantCode(t, err, c.Error)
			}
		})
	}
}

// claimsPart is the token's claims as signed, decoded by encoding/base64.
func claimsPart(t *testing.T, token string) []byte {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %s", token)
	}
	claims, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	return claims
}

func sameJSON(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatalf("%s: %v", a, err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return reflect.DeepEqual(x, y)
}

// PyJWT's tokens verify with their claims exactly as PyJWT signed them (jwt_test.go issues them).
func TestJWTIssueVectorsVerify(t *testing.T) {
	for _, c := range loadVendorVectors(t).JWT.Issue {
		c := c
		t.Run(c.Name, func(t *testing.T) {
			k := opened(t)(NewKeyringForPreset(c.Preset, *c.KeyID, c.SecretText))
			v, err := k.VerifyJWT(c.Preset, c.Token, At(c.IAT))
			if err != nil || !v.Verified() || v.KeyID != *c.KeyID {
				t.Fatalf("VerifyJWT = %v, %v", v, err)
			}
			if !bytes.Equal(v.Claims, claimsPart(t, c.Token)) || !sameJSON(t, v.Claims, c.Claims) {
				t.Errorf("claims %s, want %s", v.Claims, c.Claims)
			}
			if c.Exp != nil {
				v, _ = k.VerifyJWT(c.Preset, c.Token, At(*c.Exp))
				if v.Outcome != OutcomeExpired || v.Claims == nil {
					t.Errorf("at exp: %v", v)
				}
			}
		})
	}
}

// subjectClaim is the identity claim of each JWT profile (docs/spec.md, section 6).
var subjectClaim = map[Preset]string{PresetIntercomJWT: "user_id", PresetZendesk: "external_id",
	PresetCanny: "id", PresetFeaturebase: "userId"}

func TestJWTVerifyVectors(t *testing.T) {
	for _, c := range loadVendorVectors(t).JWT.Verify {
		c := c
		t.Run(c.Name, func(t *testing.T) {
			k := opened(t)(NewKeyring(c.Keys[0].ID, c.Keys[0].SecretText))
			for _, key := range c.Keys[1:] {
				if err := k.Add(key.ID, key.SecretText, Window{NotAfter: key.NotAfter}); err != nil {
					t.Fatal(err)
				}
			}
			var seen events
			k.OnFailure(seen.hook)
			opts := []Option{At(c.Now), Leeway(time.Duration(c.Leeway) * time.Second)}
			v, err := k.VerifyJWT(c.Preset, c.Token, opts...)
			if err != nil {
				t.Fatal(err)
			}
			want := Verification{Outcome: c.Outcome}
			if c.Reason != nil {
				want.Reason = *c.Reason
			}
			if c.KeyID != nil {
				want.KeyID = *c.KeyID
			}
			if v.Verification != want || (v.Claims != nil) != (c.KeyID != nil) {
				t.Fatalf("VerifyJWT = %v (claims %s), want %v", v, v.Claims, want)
			}
			if v.Claims != nil && !bytes.Equal(v.Claims, claimsPart(t, c.Token)) {
				t.Errorf("claims %s, not the token's", v.Claims)
			}
			got := seen.take()
			if v.Verified() != (len(got) == 0) || len(got) > 1 {
				t.Fatalf("hook got %v", got)
			}
			if len(got) == 1 {
				prefix := c.Token
				if len(prefix) > 8 {
					prefix = prefix[:8]
				}
				e := got[0]
				if e.Outcome != want.Outcome || e.Reason != want.Reason || e.KeyID != want.KeyID ||
					e.HashPrefix != strings.ToValidUTF8(prefix, "\uFFFD") || !utf8.ValidString(e.UserID) {
					t.Errorf("event %+v", e)
				}
				if e.Outcome == OutcomeMismatch || e.Outcome == OutcomeExpired {
					var claims map[string]any
					json.Unmarshal(claimsPart(t, c.Token), &claims)
					if subject, _ := claims[subjectClaim[c.Preset]].(string); e.UserID != subject {
						t.Errorf("event user %q, the token says %q", e.UserID, subject)
					}
				}
			}
			// ExplainJWT reports the same failure.
			if _, err := k.ExplainJWT(c.Preset, c.Token, opts...); err != nil {
				t.Fatal(err)
			}
			if again := seen.take(); !reflect.DeepEqual(again, got) {
				t.Errorf("ExplainJWT reported %v, VerifyJWT %v", again, got)
			}
		})
	}
}

func TestExplainVendorVectors(t *testing.T) {
	for _, c := range loadVendorVectors(t).ExplainVendor.Cases {
		c := c
		t.Run(c.Name, func(t *testing.T) {
			var k *Keyring
			if c.SecretText != nil {
				k = opened(t)(NewKeyring("current", *c.SecretText))
			} else {
				k = opened(t)(NewKeyringForPreset(c.Preset, "current", *c.ProfileSecret))
			}
			var seen events
			k.OnFailure(seen.hook)
			var f Finding
			var err error
			if c.Token != nil {
				f, err = k.ExplainJWT(c.Preset, *c.Token, At(c.Now))
			} else {
				opts := []Option{At(c.Now)}
				if c.Email != nil {
					opts = append(opts, Email(*c.Email))
				}
				f, err = k.ExplainPreset(c.Preset, *c.UserIDText, *c.Hash, opts...)
			}
			if err != nil || f.Code != c.Finding || strings.Contains(f.Message, "your_secret_key") {
				t.Fatalf("got %v, %v; want %s", f, err, c.Finding)
			}
			if got := seen.take(); (len(got) == 0) != c.Verifies {
				t.Errorf("hook got %v (verifies: %v)", got, c.Verifies)
			}
		})
	}
}

// TestPresetsAreTheContracts: the constants are contract.json's presets, the JWT ones its "jwt".
func TestPresetsAreTheContracts(t *testing.T) {
	var contract struct {
		Presets []struct {
			Name  Preset `json:"name"`
			Token string `json:"token"`
		} `json:"presets"`
	}
	loadJSON(t, "../../contract.json", &contract)
	var all, jwts []Preset
	for _, p := range contract.Presets {
		all = append(all, p.Name)
		if p.Token == "jwt" {
			jwts = append(jwts, p.Name)
		}
	}
	if !reflect.DeepEqual(all, Presets) || !reflect.DeepEqual(jwts, JWTPresets) {
		t.Errorf("Presets %v / JWTPresets %v, contract.json: %v / %v", Presets, JWTPresets, all, jwts)
	}
}

func TestVendorMisuse(t *testing.T) {
	_, err := NewKeyringForPreset("drift", "k", seedSecret)
	wantCode(t, err, "unknown_preset")
	_, err = NewKeyringForPreset(PresetPylon, "k", seedSecret)
	wantCode(t, err, "invalid_secret_hex")
	_, err = NewKeyringForPreset(PresetCrisp, "k", seedSecret+"\n")
	wantCode(t, err, "secret_whitespace")
	_, err = NewKeyringForPreset(PresetCrisp, "", seedSecret)
	wantCode(t, err, "empty_key_id")
	_, err = NewKeyringForPreset("cr\xffsp", "k", seedSecret)
	wantCode(t, err, "text_not_utf8")

	// Pylon keys with the bytes its hex decodes to, Crisp with the text.
	pylon := opened(t)(NewKeyringForPreset(PresetPylon, "k", "00ff"))
	crisp := opened(t)(NewKeyringForPreset(PresetCrisp, "k", "00ff"))
	if h, _ := pylon.Sign("u"); h != oracle("\x00\xff", "u") {
		t.Errorf("pylon: %s", h)
	}
	if h, _ := crisp.Sign("u"); h != oracle("00ff", "u") {
		t.Errorf("crisp: %s", h)
	}

	k := opened(t)(NewKeyringForPreset(PresetZendesk, "app_64f0d2c3", seedSecret))
	var seen events
	k.OnFailure(seen.hook)
	for _, p := range []Preset{PresetTau, PresetCrisp, PresetIntercom} {
		_, err = k.VerifyJWT(p, "a.b.c")
		wantCode(t, err, "not_a_jwt_profile")
		_, err = k.ExplainJWT(p, "a.b.c")
		wantCode(t, err, "not_a_jwt_profile")
	}
	_, err = k.VerifyJWT("drift", "a.b.c")
	wantCode(t, err, "unknown_preset")
	_, err = k.VerifyJWT(PresetZendesk, "a.b.c", Leeway(-time.Second))
	wantCode(t, err, "invalid_timestamp")
	_, err = k.ExplainPreset(PresetZendesk, "user123", "abc")
	wantCode(t, err, "field_not_in_preset")
	_, err = k.ExplainPreset(PresetCrisp, "user123", "abc")
	wantCode(t, err, "missing_email")
	user := &WidgetUser{ID: "user123", Email: "jo@example.com"}
	_, err = k.WidgetScript(WidgetConfig{Preset: PresetCanny, User: user})
	wantCode(t, err, "no_snippet")
	_, err = k.WidgetJSON(WidgetConfig{Preset: PresetZendesk, User: user, TTL: -time.Second})
	wantCode(t, err, "invalid_timestamp")
	_, err = k.WidgetJSON(WidgetConfig{Preset: PresetCrisp, TTL: time.Minute, User: user})
	wantCode(t, err, "field_not_in_preset")
	_, err = k.WidgetJSON(WidgetConfig{Preset: PresetZendesk, User: &WidgetUser{ID: "\xff"}})
	wantCode(t, err, "text_not_utf8")
	if got := seen.take(); len(got) != 0 {
		t.Errorf("errors are not failures: %v", got)
	}

	// The snippet's JWT is the keyring's: verified with the key id until now + TTL, then expired.
	const now = 1767225600
	token, err := k.WidgetJSON(WidgetConfig{Preset: PresetZendesk, User: user, TTL: time.Minute}, At(now))
	if err != nil {
		t.Fatal(err)
	}
	json.Unmarshal([]byte(token), &token)
	v, err := k.VerifyJWT(PresetZendesk, token, At(now+59))
	if err != nil || v.Verification != (Verification{Outcome: OutcomeVerified, KeyID: "app_64f0d2c3"}) ||
		string(v.Claims) != `{"scope":"user","external_id":"user123","email":"jo@example.com","iat":1767225600,"exp":1767225660}` {
		t.Errorf("%v %s %v", v, v.Claims, err)
	}
	v, _ = k.VerifyJWT(PresetZendesk, token, At(now+60))
	if got := seen.take(); v.Outcome != OutcomeExpired || len(got) != 1 || got[0].UserID != "user123" ||
		got[0].KeyID != "app_64f0d2c3" || got[0].HashPrefix != token[:8] {
		t.Errorf("%v %+v", v, got)
	}
	// The hook may close its own keyring; later calls are ErrClosed.
	k.OnFailure(func(FailureEvent) { k.Close() })
	if v, err := k.VerifyJWT(PresetZendesk, ""); err != nil || v.Outcome != OutcomeMissing {
		t.Errorf("%v %v", v, err)
	}
	for _, err := range []error{
		func() error { _, err := k.VerifyJWT(PresetZendesk, token); return err }(),
		func() error { _, err := k.ExplainJWT(PresetZendesk, token); return err }(),
		func() error { _, err := k.ExplainPreset(PresetIntercom, "u", "h"); return err }(),
		func() error { _, err := k.WidgetJSON(WidgetConfig{Preset: PresetZendesk, User: user}); return err }(),
	} {
		if !errors.Is(err, ErrClosed) {
			t.Errorf("after Close: %v", err)
		}
	}
}

func TestVendorGoroutines(t *testing.T) {
	k := opened(t)(NewKeyringForPreset(PresetIntercomJWT, "current", seedSecret))
	var seen events
	k.OnFailure(seen.hook)
	user := &WidgetUser{ID: "user123"}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				js, err := k.WidgetJSON(WidgetConfig{Preset: PresetIntercomJWT, AppID: "a", User: user}, At(1767225600))
				var out struct {
					Token string `json:"intercom_user_jwt"`
				}
				if err != nil || json.Unmarshal([]byte(js), &out) != nil {
					t.Error(js, err)
					return
				}
				if v, err := k.VerifyJWT(PresetIntercomJWT, out.Token, At(1767225600)); err != nil || !v.Verified() {
					t.Error(v, err)
				}
				if v, _ := k.VerifyJWT(PresetIntercomJWT, out.Token+"x", At(1767225600)); v.Verified() {
					t.Error("tampered token verified")
				}
			}
		}(g)
	}
	wg.Wait()
	if n := len(seen.take()); n != 8*50 {
		t.Errorf("%d failures reported, want %d", n, 8*50)
	}
}
