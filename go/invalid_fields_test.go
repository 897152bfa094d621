package userhash

import (
	"log/slog"
	"strings"
	"testing"
)

// TestDropInvalidFields: each optional field that fails its rule is left out (the snippet is the
// one without it) and logged, to the config's Logger or to slog.Default(); raise fails with its code.
func TestDropInvalidFields(t *testing.T) {
	signer := mustSigner(t, seedSecret)
	keyring, err := NewKeyring("current", seedSecret)
	if err != nil {
		t.Fatal(err)
	}
	defer keyring.Close()
	ms := int64(1701967378000)
	bad := &WidgetUser{ID: "user123", Name: "Jo", Email: "jo at example", Phone: "555", ProfilePictureURL: "ftp://x",
		CreatedAt: &ms}
	want := `{"appId":"demo","user":{"id":"user123","hash":"` + oracle(seedSecret, "user123") + `","name":"Jo"}}`
	for _, c := range []struct {
		name   string
		render func(WidgetConfig) (string, error)
	}{
		{"WidgetJSON", func(cfg WidgetConfig) (string, error) { return WidgetJSON(signer, cfg) }},
		{"Keyring.WidgetJSON", func(cfg WidgetConfig) (string, error) { return keyring.WidgetJSON(cfg) }},
	} {
		logged := &records{}
		got, err := c.render(WidgetConfig{Preset: PresetTau, AppID: "demo", User: bad, InvalidFields: DropInvalidFields,
			Logger: slog.New(logged)})
		if err != nil || got != want {
			t.Errorf("%s: %s, %v; want %s", c.name, got, err, want)
		}
		var fields []string
		for _, r := range logged.list {
			a := attrs(r)
			fields = append(fields, a["field"]+" "+a["code"])
		}
		if strings.Join(fields, ", ") != "email invalid_email, phone invalid_phone, profile_picture_url invalid_url, "+
			"created_at timestamp_in_milliseconds" {
			t.Errorf("%s: logged %q", c.name, fields)
		}
		for _, policy := range []InvalidFields{"", RaiseInvalidFields} {
			_, err := c.render(WidgetConfig{Preset: PresetTau, AppID: "demo", User: bad, InvalidFields: policy})
			wantCode(t, err, "invalid_email")
		}
	}

	logged, previous := &records{}, slog.Default()
	slog.SetDefault(slog.New(logged))
	defer slog.SetDefault(previous)
	if _, err := WidgetScript(signer, WidgetConfig{Preset: PresetTau, AppID: "demo", User: &WidgetUser{ID: "u", Email: "x"},
		InvalidFields: DropInvalidFields}); err != nil || len(logged.list) != 1 || attrs(logged.list[0])["field"] != "email" {
		t.Errorf("slog.Default(): %v %d", err, len(logged.list))
	}
}
