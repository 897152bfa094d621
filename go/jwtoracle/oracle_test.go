// Package jwtoracle checks the package's JWTs against github.com/golang-jwt/jwt/v5, both ways:
// tokens userhash issues (in snippets and with IssueJWT) are verified by golang-jwt with the right
// key and refused with a wrong one, and tokens golang-jwt issues for the same claims verify with
// userhash.
package jwtoracle

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	userhash "example.invalid/userhash/go"
	"github.com/golang-jwt/jwt/v5"
)

const secret = "your_secret_key"

type jwtCase struct {
	Name       string          `json:"name"`
	Preset     userhash.Preset `json:"preset"`
	SecretText string          `json:"secret_text"`
	KeyID      string          `json:"key_id"`
	User       *struct {
		ID                string `json:"id"`
		Name              string `json:"name"`
		Email             string `json:"email"`
		ProfilePictureURL string `json:"profile_picture_url"`
	} `json:"user"`
	IAT    int64          `json:"iat"`
	Exp    *int64         `json:"exp"`
	Token  string         `json:"token"`
	Claims map[string]any `json:"claims"`
	AppID  string         `json:"app_id"`
	Now    int64          `json:"now"`
	TTL    *int64         `json:"ttl"`
}

func vectors(t *testing.T) (issue, vendors []jwtCase) {
	data, err := os.ReadFile(filepath.Join("..", "..", "tests", "vectors", "vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		JWT struct {
			Issue []jwtCase `json:"issue"`
		} `json:"jwt"`
		Vendors struct {
			Cases []jwtCase `json:"cases"`
		} `json:"vendors"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	for _, c := range doc.Vendors.Cases {
		for _, p := range userhash.JWTPresets {
			if c.Preset == p && c.User != nil {
				vendors = append(vendors, c)
			}
		}
	}
	if len(doc.JWT.Issue) == 0 || len(vendors) == 0 {
		t.Fatal("no JWT vectors")
	}
	return doc.JWT.Issue, vendors
}

func keyring(t *testing.T, preset userhash.Preset, keyID, secret string) *userhash.Keyring {
	t.Helper()
	k, err := userhash.NewKeyringForPreset(preset, keyID, secret)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { k.Close() })
	return k
}

// parse verifies token with golang-jwt: HS256 only, the key, the time at now.
func parse(token, key string, now int64) (*jwt.Token, error) {
	return jwt.Parse(token, func(*jwt.Token) (any, error) { return []byte(key), nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithIssuedAt(),
		jwt.WithTimeFunc(func() time.Time { return time.Unix(now, 0) }))
}

// tokenOf is the JWT in a JWT profile's snippet data.
func tokenOf(t *testing.T, preset userhash.Preset, data string) string {
	t.Helper()
	var out struct {
		Intercom    string `json:"intercom_user_jwt"`
		Featurebase string `json:"featurebaseJwt"`
	}
	var token string
	if json.Unmarshal([]byte(data), &token) == nil {
		return token // zendesk, canny: the token as a JSON string
	}
	if err := json.Unmarshal([]byte(data), &out); err != nil {
		t.Fatal(err)
	}
	return out.Intercom + out.Featurebase
}

// Tokens userhash issues (in every JWT profile's snippet, and for the issue vectors' users)
// verify with golang-jwt under the key, with the vector's claims, and fail under another key.
func TestOurTokensVerifyWithGolangJWT(t *testing.T) {
	issue, vendors := vectors(t)
	for _, c := range append(issue, vendors...) {
		c := c
		t.Run(c.Name, func(t *testing.T) {
			now, ttl := c.IAT, time.Duration(0)
			if c.Now != 0 {
				now = c.Now
			}
			if c.Exp != nil {
				ttl = time.Duration(*c.Exp-c.IAT) * time.Second
			}
			if c.TTL != nil {
				ttl = time.Duration(*c.TTL) * time.Second
			}
			user := &userhash.WidgetUser{ID: c.User.ID, Name: c.User.Name, Email: c.User.Email,
				ProfilePictureURL: c.User.ProfilePictureURL}
			appID := c.AppID
			if appID == "" && (c.Preset == userhash.PresetIntercomJWT || c.Preset == userhash.PresetFeaturebase) {
				appID = "app"
			}
			k := keyring(t, c.Preset, c.KeyID, c.SecretText)
			data, err := k.WidgetJSON(userhash.WidgetConfig{Preset: c.Preset, AppID: appID, User: user, TTL: ttl},
				userhash.At(now))
			if err != nil {
				// exp-less profiles take no TTL: their vector has exp null.
				t.Fatal(err)
			}
			token := tokenOf(t, c.Preset, data)
			if c.Token != "" && c.Exp != nil && token != c.Token {
				t.Errorf("our token %s is not PyJWT's %s", token, c.Token)
			}
			parsed, err := parse(token, c.SecretText, now)
			if err != nil || !parsed.Valid {
				t.Fatalf("golang-jwt refuses our token: %v", err)
			}
			if kid, _ := parsed.Header["kid"].(string); (c.Preset == userhash.PresetZendesk) != (kid == c.KeyID) {
				t.Errorf("kid %q", kid)
			}
			if c.Claims != nil {
				claims := parsed.Claims.(jwt.MapClaims)
				for name, want := range c.Claims {
					if got := claims[name]; got != want {
						t.Errorf("claim %s = %v, want %v", name, got, want)
					}
				}
			}
			if _, err := parse(token, "another_secret", now); err == nil {
				t.Error("golang-jwt accepts our token under another key")
			}
			if c.Exp != nil || c.TTL != nil {
				if _, err := parse(token, c.SecretText, now+int64(ttl/time.Second)); err == nil {
					t.Error("golang-jwt accepts our token at exp")
				}
			}
		})
	}
}

// Tokens IssueJWT issues for the issue vectors' users (PyJWT's bytes) verify with golang-jwt under
// the key at iat, with exactly the vector's claims and the profile's kid, and fail under another
// key and at exp; issued without ExpiresAt they have no exp.
func TestIssuedTokensVerifyWithGolangJWT(t *testing.T) {
	issue, _ := vectors(t)
	for _, c := range issue {
		c := c
		t.Run(c.Name, func(t *testing.T) {
			k := keyring(t, c.Preset, c.KeyID, c.SecretText)
			user := userhash.WidgetUser{ID: c.User.ID, Name: c.User.Name, Email: c.User.Email,
				ProfilePictureURL: c.User.ProfilePictureURL}
			opts := []userhash.Option{userhash.At(c.IAT)}
			if c.Exp != nil {
				opts = append(opts, userhash.ExpiresAt(*c.Exp))
			}
			token, err := k.IssueJWT(c.Preset, user, opts...)
			if err != nil || token != c.Token {
				t.Fatalf("IssueJWT = %s (%v), PyJWT's %s", token, err, c.Token)
			}
			parsed, err := parse(token, c.SecretText, c.IAT)
			if err != nil || !parsed.Valid {
				t.Fatalf("golang-jwt refuses our token: %v", err)
			}
			if kid, ok := parsed.Header["kid"]; (c.Preset == userhash.PresetZendesk) != ok ||
				(ok && kid != c.KeyID) || parsed.Header["typ"] != "JWT" {
				t.Errorf("header %v", parsed.Header)
			}
			claims := parsed.Claims.(jwt.MapClaims)
			if len(claims) != len(c.Claims) {
				t.Errorf("claims %v, want %v", claims, c.Claims)
			}
			for name, want := range c.Claims {
				if got := claims[name]; got != want {
					t.Errorf("claim %s = %v, want %v", name, got, want)
				}
			}
			if _, err := parse(token, "another_secret", c.IAT); err == nil {
				t.Error("golang-jwt accepts our token under another key")
			}
			if c.Exp != nil {
				if _, err := parse(token, c.SecretText, *c.Exp); err == nil {
					t.Error("golang-jwt accepts our token at exp")
				}
				plain, err := k.IssueJWT(c.Preset, user, userhash.At(c.IAT))
				parsed, perr := parse(plain, c.SecretText, *c.Exp+86400)
				if err != nil || perr != nil || parsed.Claims.(jwt.MapClaims)["exp"] != nil {
					t.Errorf("without ExpiresAt: %v %v %v", err, perr, parsed)
				}
			}
		})
	}
}

// Tokens golang-jwt issues for the vectors' claims verify with userhash, with those claims;
// under another key, or with another algorithm, they do not.
func TestGolangJWTTokensVerifyWithOurs(t *testing.T) {
	issue, _ := vectors(t)
	for _, c := range issue {
		c := c
		t.Run(c.Name, func(t *testing.T) {
			k := keyring(t, c.Preset, c.KeyID, c.SecretText)
			sign := func(method jwt.SigningMethod, key string, claims map[string]any) string {
				token := jwt.NewWithClaims(method, jwt.MapClaims(claims))
				if c.Preset == userhash.PresetZendesk {
					token.Header["kid"] = c.KeyID
				}
				s, err := token.SignedString([]byte(key))
				if err != nil {
					t.Fatal(err)
				}
				return s
			}
			token := sign(jwt.SigningMethodHS256, c.SecretText, c.Claims)
			v, err := k.VerifyJWT(c.Preset, token, userhash.At(c.IAT))
			if err != nil || !v.Verified() || v.KeyID != c.KeyID {
				t.Fatalf("userhash refuses golang-jwt's token: %v %v", v, err)
			}
			var claims map[string]any
			if err := json.Unmarshal(v.Claims, &claims); err != nil || len(claims) != len(c.Claims) {
				t.Fatalf("claims %s: %v", v.Claims, err)
			}
			for name, want := range c.Claims {
				if claims[name] != want {
					t.Errorf("claim %s = %v, want %v", name, claims[name], want)
				}
			}
			if v, _ := k.VerifyJWT(c.Preset, sign(jwt.SigningMethodHS256, "another_secret", c.Claims),
				userhash.At(c.IAT)); v.Outcome != userhash.OutcomeMismatch {
				t.Errorf("another key: %v", v)
			}
			if v, _ := k.VerifyJWT(c.Preset, sign(jwt.SigningMethodHS512, c.SecretText, c.Claims),
				userhash.At(c.IAT)); v.Outcome != userhash.OutcomeMalformed || v.Reason != "jwt_header" {
				t.Errorf("HS512: %v", v)
			}
			none, err := jwt.NewWithClaims(jwt.SigningMethodNone, jwt.MapClaims(c.Claims)).
				SignedString(jwt.UnsafeAllowNoneSignatureType)
			if err != nil {
				t.Fatal(err)
			}
			if v, _ := k.VerifyJWT(c.Preset, none, userhash.At(c.IAT)); v.Verified() {
				t.Errorf("alg none verified: %v", v)
			}
			if c.Exp != nil {
				expired := map[string]any{}
				for name, value := range c.Claims {
					expired[name] = value
				}
				expired["exp"] = c.IAT
				v, _ := k.VerifyJWT(c.Preset, sign(jwt.SigningMethodHS256, c.SecretText, expired), userhash.At(c.IAT))
				if v.Outcome != userhash.OutcomeExpired {
					t.Errorf("exp = now: %v", v)
				}
			}
		})
	}
}
