package userhash

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// plan stands for any named string type a caller's metadata may hold.
type plan string

type widgetCase struct {
	Name       string          `json:"name"`
	Preset     Preset          `json:"preset"`
	SecretText string          `json:"secret_text"`
	AppID      string          `json:"app_id"`
	Global     *string         `json:"global"`
	Nonce      *string         `json:"nonce"`
	User       json.RawMessage `json:"user"`
	JSON       string          `json:"json"`
	Script     string          `json:"script"`
	Error      string          `json:"error"`
}

func loadWidgets(t *testing.T) (cases, errs []widgetCase) {
	var doc struct {
		Widget struct {
			Cases  []widgetCase `json:"cases"`
			Errors []widgetCase `json:"errors"`
		} `json:"widget"`
	}
	loadJSON(t, "vectors.json", &doc)
	if len(doc.Widget.Cases) == 0 || len(doc.Widget.Errors) == 0 {
		t.Fatal("no widget vectors")
	}
	return doc.Widget.Cases, doc.Widget.Errors
}

// config turns a vector into a WidgetConfig (numbers in metadata become int64).
func (c widgetCase) config(t *testing.T) WidgetConfig {
	t.Helper()
	cfg := WidgetConfig{Preset: c.Preset, AppID: c.AppID}
	if c.Global != nil {
		cfg.Global = *c.Global
	}
	if c.Nonce != nil {
		cfg.Nonce = *c.Nonce
	}
	var user map[string]json.RawMessage
	if err := json.Unmarshal(c.User, &user); err != nil {
		t.Fatal(err)
	}
	if user == nil {
		return cfg
	}
	u := &WidgetUser{}
	for key, raw := range user {
		var s string
		switch key {
		case "id", "name", "email", "phone", "profile_picture_url":
			if err := json.Unmarshal(raw, &s); err != nil {
				t.Fatal(err)
			}
			*map[string]*string{"id": &u.ID, "name": &u.Name, "email": &u.Email, "phone": &u.Phone,
				"profile_picture_url": &u.ProfilePictureURL}[key] = s
		case "created_at":
			var n int64
			if err := json.Unmarshal(raw, &n); err != nil {
				t.Fatal(err)
			}
			u.CreatedAt = &n
		case "metadata":
			dec := json.NewDecoder(strings.NewReader(string(raw)))
			dec.UseNumber()
			var meta map[string]any
			if err := dec.Decode(&meta); err != nil {
				t.Fatal(err)
			}
			for k, v := range meta {
				if n, ok := v.(json.Number); ok {
					i, err := n.Int64()
					if err != nil {
						t.Fatal(err)
					}
					meta[k] = i
				}
			}
			u.Metadata = meta
		default:
			t.Fatalf("unknown user field %s", key)
		}
	}
	cfg.User = u
	return cfg
}

func TestWidgetVectors(t *testing.T) {
	cases, _ := loadWidgets(t)
	for _, c := range cases {
		c := c
		t.Run(c.Name, func(t *testing.T) {
			signer := mustSigner(t, c.SecretText)
			cfg := c.config(t)
			if cfg.User != nil && !strings.Contains(c.JSON, oracle(c.SecretText, cfg.User.ID)) {
				t.Fatal("the vector's hash is not crypto/hmac's")
			}
			if got, err := WidgetJSON(signer, cfg); err != nil || got != c.JSON {
				t.Errorf("WidgetJSON:\n got %s (%v)\nwant %s", got, err, c.JSON)
			}
			if got, err := WidgetScript(signer, cfg); err != nil || got != c.Script {
				t.Errorf("WidgetScript:\n got %s (%v)\nwant %s", got, err, c.Script)
			}
		})
	}
}

func TestWidgetErrors(t *testing.T) {
	_, errs := loadWidgets(t)
	codes := map[string]bool{}
	for _, c := range errs {
		c := c
		t.Run(c.Name, func(t *testing.T) {
			signer := mustSigner(t, c.SecretText)
			_, err := WidgetScript(signer, c.config(t))
			wantCode(t, err, c.Error)
			if c.Nonce == nil {
				_, err = WidgetJSON(signer, c.config(t))
				wantCode(t, err, c.Error)
			}
		})
		codes[c.Error] = true
	}
	for _, code := range []string{"unknown_preset", "empty_app_id", "empty_user_id", "invalid_email", "invalid_phone",
		"invalid_url", "invalid_timestamp", "invalid_metadata", "invalid_global_name", "invalid_nonce", "field_not_in_preset"} {
		if !codes[code] {
			t.Errorf("no vector for %s", code)
		}
	}
}

func TestWidgetGoConversions(t *testing.T) {
	signer := mustSigner(t, seedSecret)
	hash := oracle(seedSecret, "u")
	got, err := WidgetJSON(signer, WidgetConfig{Preset: PresetHal, AppID: "a", User: &WidgetUser{ID: "u",
		Metadata: map[string]any{"i": int8(-3), "u": uint32(7), "big": uint64(1 << 62), "t": true, "n": nil, "s": "<"}}})
	want := `{"appId":"a","visitorId":"u","userHash":"` + hash + `","metadata":{"big":4611686018427387904,"i":-3,"n":null,"s":"\u003c","t":true,"u":7}}`
	if err != nil || got != want {
		t.Errorf("got %s, %v", got, err)
	}
	if got, _ := WidgetJSON(signer, WidgetConfig{Preset: PresetHal, AppID: "a", User: &WidgetUser{ID: "u", Metadata: map[string]any{}}}); !strings.HasSuffix(got, `"metadata":{}}`) {
		t.Errorf("empty metadata: %s", got)
	}
	for _, bad := range []any{1.5, uint64(1 << 63), []string{}, map[string]any{}} {
		_, err := WidgetJSON(signer, WidgetConfig{Preset: PresetHal, AppID: "a", User: &WidgetUser{ID: "u", Metadata: map[string]any{"k": bad}}})
		wantCode(t, err, "invalid_metadata")
	}
	// encoding/json writes the metadata: float64(3) is the integer 3 (what JSON decoding
	// into map[string]any gives), a named string type is text; NaN has no JSON form.
	got, err = WidgetJSON(signer, WidgetConfig{Preset: PresetHal, AppID: "a", User: &WidgetUser{ID: "u",
		Metadata: map[string]any{"f": float64(3), "plan": plan("pro")}}})
	if want := `"metadata":{"f":3,"plan":"pro"}}`; err != nil || !strings.HasSuffix(got, want) {
		t.Errorf("got %s, %v; want …%s", got, err, want)
	}
	nan := &WidgetUser{ID: "u", Metadata: map[string]any{"k": math.NaN()}}
	_, err = WidgetJSON(signer, WidgetConfig{Preset: PresetHal, AppID: "a", User: nan})
	wantCode(t, err, "invalid_metadata")
	// JSON cannot carry bytes that are not UTF-8: refused, never replaced (so hashing another id).
	for _, user := range []WidgetUser{{ID: "user\xff"}, {ID: "u", Name: "\xff"},
		{ID: "u", Metadata: map[string]any{"\xff": 1}}, {ID: "u", Metadata: map[string]any{"k": "\xff"}}} {
		user := user
		_, err = WidgetScript(signer, WidgetConfig{Preset: PresetGeneric, AppID: "a", User: &user})
		wantCode(t, err, "text_not_utf8")
	}
	_, err = WidgetScript(signer, WidgetConfig{Preset: PresetTau, AppID: "a", Nonce: "\xff"})
	wantCode(t, err, "text_not_utf8")
	// Many metadata entries and long, escaped texts.
	meta := map[string]any{}
	for i := 0; i < 40; i++ {
		meta[strings.Repeat("k", i+1)] = i
	}
	name := strings.Repeat("\x01<\u2028", 2000)
	got, err = WidgetScript(signer, WidgetConfig{Preset: PresetGeneric, AppID: "a", User: &WidgetUser{ID: "u", Name: name, Metadata: meta}})
	if err != nil || !strings.Contains(got, strings.Repeat(`\u0001\u003c\u2028`, 2000)) || !strings.Contains(got, `"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk":39`) {
		t.Errorf("long config: %.200s, %v", got, err)
	}
	closed, _ := NewSigner(seedSecret)
	closed.Close()
	if _, err := WidgetJSON(closed, WidgetConfig{Preset: "tau", AppID: "a"}); err != ErrClosed {
		t.Errorf("closed signer: %v", err)
	}
}
