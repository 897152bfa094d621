package userhash

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

// Every jwt.issue vector: the user (decoded by encoding/json from the vector) issued at iat with
// the vector's exp gives PyJWT's token byte for byte, its claims exactly the vector's.
func TestJWTIssueVectors(t *testing.T) {
	for _, c := range loadVendorVectors(t).JWT.Issue {
		c := c
		t.Run(c.Name, func(t *testing.T) {
			var user WidgetUser
			if err := json.Unmarshal(c.User, &user); err != nil {
				t.Fatal(err)
			}
			k := opened(t)(NewKeyringForPreset(c.Preset, *c.KeyID, c.SecretText))
			opts := []Option{At(c.IAT)}
			if c.Exp != nil {
				opts = append(opts, ExpiresAt(*c.Exp))
			}
			token, err := k.IssueJWT(c.Preset, user, opts...)
			if err != nil || token != c.Token {
				t.Fatalf("IssueJWT:\n got %s (%v)\nwant %s", token, err, c.Token)
			}
			if !sameJSON(t, claimsPart(t, token), c.Claims) {
				t.Errorf("claims %s, want %s", claimsPart(t, token), c.Claims)
			}
			// The options in any order; a later At wins.
			again := []Option{At(0)}
			for i := len(opts) - 1; i >= 0; i-- {
				again = append(again, opts[i])
			}
			if token, _ := k.IssueJWT(c.Preset, user, again...); token != c.Token {
				t.Errorf("options reordered: %s", token)
			}
		})
	}
}

// header is a token's header, decoded by encoding/base64 and encoding/json.
func header(t *testing.T, token string) map[string]any {
	t.Helper()
	part, err := base64.RawURLEncoding.DecodeString(strings.Split(token, ".")[0])
	var h map[string]any
	if err != nil || json.Unmarshal(part, &h) != nil {
		t.Fatalf("header of %s: %v", token, err)
	}
	return h
}

func TestIssueJWTDefaults(t *testing.T) {
	k := opened(t)(NewKeyringForPreset(PresetZendesk, "app_64f0d2c3", seedSecret))
	start := time.Now().Unix()
	token, err := k.IssueJWT(PresetZendesk, WidgetUser{ID: "user123"})
	if err != nil {
		t.Fatal(err)
	}
	var claims map[string]any
	if err := json.Unmarshal(claimsPart(t, token), &claims); err != nil {
		t.Fatal(err)
	}
	iat, _ := claims["iat"].(float64)
	if int64(iat) < start || int64(iat) > time.Now().Unix() || claims["exp"] != nil || len(claims) != 3 {
		t.Errorf("issued now, no exp: %v", claims)
	}
	if h := header(t, token); h["kid"] != "app_64f0d2c3" || h["alg"] != "HS256" || h["typ"] != "JWT" || len(h) != 3 {
		t.Errorf("header %v", h)
	}
	if v, err := k.VerifyJWT(PresetZendesk, token); err != nil || !v.Verified() || !bytes.Equal(v.Claims, claimsPart(t, token)) {
		t.Errorf("%v %s %v", v, v.Claims, err)
	}
	// The user's fields as the configuration's: the zero values are left out.
	token, _ = k.IssueJWT(PresetZendesk, WidgetUser{ID: "user123", Name: "Jo", Email: "jo@example.com"},
		At(1767225600), ExpiresAt(1767226200))
	if want := `{"scope":"user","external_id":"user123","name":"Jo","email":"jo@example.com","iat":1767225600,"exp":1767226200}`; string(claimsPart(t, token)) != want {
		t.Errorf("claims %s", claimsPart(t, token))
	}
}

func TestIssueJWTMisuse(t *testing.T) {
	k := opened(t)(NewKeyringForPreset(PresetIntercomJWT, "current", seedSecret))
	var seen events
	k.OnFailure(seen.hook)
	user := WidgetUser{ID: "user123"}
	for _, c := range []struct {
		preset Preset
		user   WidgetUser
		opts   []Option
		code   string
	}{
		{"drift", user, nil, "unknown_preset"},
		{"Intercom-JWT", user, nil, "unknown_preset"},
		{"in\xfftercom", user, nil, "text_not_utf8"},
		{PresetCrisp, user, nil, "not_a_jwt_profile"},
		{PresetIntercom, user, nil, "not_a_jwt_profile"},
		{PresetTau, user, []Option{ExpiresAt(1767229200)}, "not_a_jwt_profile"},
		{PresetFeaturebase, user, []Option{ExpiresAt(1767229200)}, "field_not_in_preset"},
		{PresetIntercomJWT, WidgetUser{}, nil, "empty_user_id"},
		{PresetIntercomJWT, WidgetUser{ID: "\xff"}, nil, "text_not_utf8"},
		{PresetIntercomJWT, WidgetUser{ID: "u", Name: "J\xffo"}, nil, "text_not_utf8"},
		{PresetIntercomJWT, WidgetUser{ID: "u", Email: "not an email"}, nil, "invalid_email"},
		{PresetIntercomJWT, WidgetUser{ID: "u", Phone: "+15551234567"}, nil, "field_not_in_preset"},
		{PresetIntercomJWT, WidgetUser{ID: "u", Metadata: map[string]any{"plan": make(chan int)}}, nil, "invalid_metadata"},
		{PresetIntercomJWT, user, []Option{At(-1)}, "invalid_timestamp"},
		{PresetIntercomJWT, user, []Option{ExpiresAt(-1)}, "invalid_timestamp"},
		{PresetIntercomJWT, user, []Option{At(1767225600000)}, "timestamp_in_milliseconds"},
		{PresetIntercomJWT, user, []Option{ExpiresAt(time.Now().UnixMilli())}, "timestamp_in_milliseconds"},
	} {
		token, err := k.IssueJWT(c.preset, c.user, c.opts...)
		if token != "" {
			t.Errorf("%s %+v: a token with the error", c.preset, c.user)
		}
		wantCode(t, err, c.code)
	}
	if _, err := k.IssueJWT(PresetFeaturebase, user, ExpiresAt(1767229200)); !strings.Contains(err.Error(), "exp") {
		t.Errorf("featurebase's exp is not named: %v", err)
	}
	if got := seen.take(); len(got) != 0 {
		t.Errorf("errors are not failures: %v", got)
	}
	k.Close()
	if _, err := k.IssueJWT(PresetIntercomJWT, user); !errors.Is(err, ErrClosed) {
		t.Errorf("after Close: %v", err)
	}
}

func TestIssueJWTGoroutines(t *testing.T) {
	k := opened(t)(NewKeyringForPreset(PresetIntercomJWT, "current", seedSecret))
	const want = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoidXNlcjEyMyIsImlhdCI6MTc2NzIyNTYwMCwiZXhwIjoxNzY3MjI5MjAwfQ.R-hGQb0dWR1obrvJi8M5nqcD33ddmb_XPAyIC610_20"
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				token, err := k.IssueJWT(PresetIntercomJWT, WidgetUser{ID: "user123"}, At(1767225600), ExpiresAt(1767229200))
				if err != nil || token != want {
					t.Error(token, err)
					return
				}
				if _, err := k.IssueJWT(PresetCrisp, WidgetUser{ID: "user123"}); err == nil {
					t.Error("crisp issued a JWT")
					return
				}
			}
		}()
	}
	wg.Wait()
}
