package userhash

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// page is the template the middleware tests render: the snippet, then a script of the page's
// own reading the JSON (html/template leaves a template.JS as it is in a script).
var page = template.Must(template.New("page").Funcs(TemplateFuncs()).Parse(
	`<body>{{ userhashWidget .Request }}<script nonce="{{ .Nonce }}">const c = {{ userhashWidgetJSON .Request.Context }};</script></body>`))

// serve renders page for a request through the middleware, returning the response's body.
func serve(t *testing.T, mw func(http.Handler) http.Handler, target string) (int, string) {
	t.Helper()
	handler := mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var buf bytes.Buffer
		data := map[string]any{"Request": r, "Nonce": FromContext(r.Context()).Nonce()}
		if err := page.Execute(&buf, data); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Write(buf.Bytes())
	}))
	server := httptest.NewServer(handler)
	defer server.Close()
	resp, err := server.Client().Get(server.URL + target)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// queryUser is the tests' user resolver: ?id=&name=&email= (no id: anonymous), counting calls.
func queryUser(calls *int) MiddlewareOption {
	return WithUser(func(r *http.Request) *WidgetUser {
		*calls++
		q := r.URL.Query()
		if !q.Has("id") {
			return nil
		}
		return &WidgetUser{ID: q.Get("id"), Name: q.Get("name"), Email: q.Get("email")}
	})
}

func fixedNonce(r *http.Request) string { return "bm9uY2U=" }

func mustMiddleware(t *testing.T, signer WidgetSigner, cfg WidgetConfig, opts ...MiddlewareOption) func(http.Handler) http.Handler {
	t.Helper()
	mw, err := Middleware(signer, cfg, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return mw
}

// tauPage is the page for a TAU config (JSON written here, the hash by crypto/hmac).
func tauPage(config string) string {
	return `<body><script nonce="bm9uY2U=">window.taubotConfig = ` + config + `;</script>` +
		`<script nonce="bm9uY2U=">const c = ` + config + `;</script></body>`
}

func TestMiddlewareRendersTheUsersWidget(t *testing.T) {
	calls := 0
	mw := mustMiddleware(t, mustSigner(t, seedSecret), WidgetConfig{Preset: PresetTau, AppID: "demo"},
		queryUser(&calls), WithNonce(fixedNonce))
	status, body := serve(t, mw, "/?id=user123&name=Jo")
	want := tauPage(`{"appId":"demo","user":{"id":"user123","hash":"` + oracle(seedSecret, "user123") + `","name":"Jo"}}`)
	if status != 200 || body != want {
		t.Errorf("%d\n%s\nwant\n%s", status, body, want)
	}
	if calls != 1 {
		t.Errorf("the user was resolved %d times for a page rendering the widget twice, want once", calls)
	}
}

func TestMiddlewareAnonymousVisitor(t *testing.T) {
	calls := 0
	mw := mustMiddleware(t, mustSigner(t, seedSecret), WidgetConfig{Preset: PresetTau, AppID: "demo"},
		queryUser(&calls), WithNonce(fixedNonce))
	if status, body := serve(t, mw, "/"); status != 200 || body != tauPage(`{"appId":"demo"}`) {
		t.Errorf("%d %s", status, body)
	}
}

func TestMiddlewareScriptInjectionNameStaysText(t *testing.T) {
	calls := 0
	mw := mustMiddleware(t, mustSigner(t, seedSecret), WidgetConfig{Preset: PresetTau, AppID: "demo"},
		queryUser(&calls), WithNonce(fixedNonce))
	name := "</script><script>window.pwned=1</script>\u2028"
	_, body := serve(t, mw, "/?id=u1&name="+strings.NewReplacer("<", "%3C", ">", "%3E", "/", "%2F").Replace(name))
	escaped := `\u003c/script\u003e\u003cscript\u003ewindow.pwned=1\u003c/script\u003e\u2028`
	want := tauPage(`{"appId":"demo","user":{"id":"u1","hash":"` + oracle(seedSecret, "u1") + `","name":"` + escaped + `"}}`)
	if body != want {
		t.Errorf("%s\nwant\n%s", body, want)
	}
}

func TestMiddlewareWithoutNonce(t *testing.T) {
	calls := 0
	mw := mustMiddleware(t, mustSigner(t, seedSecret), WidgetConfig{Preset: PresetTau, AppID: "demo"}, queryUser(&calls))
	if _, body := serve(t, mw, "/"); !strings.HasPrefix(body, `<body><script>window.taubotConfig = {"appId":"demo"};</script><script nonce="">`) {
		t.Errorf("%s", body)
	}
}

func TestMiddlewareResolvesNoUserForAPageWithoutTheWidget(t *testing.T) {
	calls := 0
	mw := mustMiddleware(t, mustSigner(t, seedSecret), WidgetConfig{Preset: PresetTau, AppID: "demo"}, queryUser(&calls))
	rec := httptest.NewRecorder()
	mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if FromContext(r.Context()) == nil {
			t.Error("no widget in the context")
		}
	})).ServeHTTP(rec, httptest.NewRequest("GET", "/?id=user123", nil))
	if calls != 0 {
		t.Errorf("the user was resolved %d times, want none", calls)
	}
}

// records is a slog handler keeping what it is given.
type records struct{ list []slog.Record }

func (h *records) Enabled(context.Context, slog.Level) bool { return true }
func (h *records) Handle(_ context.Context, r slog.Record) error {
	h.list = append(h.list, r)
	return nil
}
func (h *records) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *records) WithGroup(string) slog.Handler      { return h }

// attrs is a record's attributes as text.
func attrs(r slog.Record) map[string]string {
	m := map[string]string{}
	r.Attrs(func(a slog.Attr) bool {
		m[a.Key] = a.Value.String()
		return true
	})
	return m
}

func TestMiddlewareDropsAnInvalidEmailWithAWarning(t *testing.T) {
	calls, logged := 0, &records{}
	mw := mustMiddleware(t, mustSigner(t, seedSecret),
		WidgetConfig{Preset: PresetTau, AppID: "demo", Logger: slog.New(logged)}, queryUser(&calls), WithNonce(fixedNonce))
	status, body := serve(t, mw, "/?id=user123&email=not-an-email")
	if want := tauPage(`{"appId":"demo","user":{"id":"user123","hash":"` + oracle(seedSecret, "user123") + `"}}`); status != 200 || body != want {
		t.Errorf("%d %s\nwant %s", status, body, want)
	}
	if len(logged.list) != 2 { // Script and JSON each render it
		t.Fatalf("%d warnings, want 2", len(logged.list))
	}
	r := logged.list[0]
	if a := attrs(r); r.Level != slog.LevelWarn || a["field"] != "email" || a["code"] != "invalid_email" ||
		strings.Contains(a["reason"], "not-an-email") || !strings.Contains(r.Message, "userhash") {
		t.Errorf("%v %s %v", r.Level, r.Message, a)
	}
}

func TestMiddlewareRaiseInvalidFieldsFailsTheRender(t *testing.T) {
	calls := 0
	mw := mustMiddleware(t, mustSigner(t, seedSecret),
		WidgetConfig{Preset: PresetTau, AppID: "demo", InvalidFields: RaiseInvalidFields}, queryUser(&calls))
	status, body := serve(t, mw, "/?id=user123&email=not-an-email")
	if status != 500 || !strings.Contains(body, "[invalid_email]") || strings.Contains(body, "not-an-email") {
		t.Errorf("%d %s", status, body)
	}
}

func TestMiddlewareUserWithoutIDNamesWithUser(t *testing.T) {
	mw := mustMiddleware(t, mustSigner(t, seedSecret), WidgetConfig{Preset: PresetTau, AppID: "demo"},
		WithUser(func(*http.Request) *WidgetUser { return &WidgetUser{Name: "Jo"} }))
	rec := httptest.NewRecorder()
	mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, err := FromContext(r.Context()).Script()
		wantCode(t, err, "empty_user_id")
		if !strings.Contains(err.Error(), "WithUser") {
			t.Errorf("%v does not name WithUser", err)
		}
	})).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
}

// TestMiddlewareKeyringJWT: an Intercom JWT from a Keyring, its MAC checked with crypto/hmac.
func TestMiddlewareKeyringJWT(t *testing.T) {
	k, err := NewKeyring("current", seedSecret)
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	calls := 0
	mw := mustMiddleware(t, k, WidgetConfig{Preset: PresetIntercomJWT, AppID: "abc123"}, queryUser(&calls))
	rec := httptest.NewRecorder()
	var settings struct {
		AppID string `json:"app_id"`
		JWT   string `json:"intercom_user_jwt"`
	}
	mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		js, err := FromContext(r.Context()).JSON()
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(js), &settings); err != nil {
			t.Fatal(err)
		}
	})).ServeHTTP(rec, httptest.NewRequest("GET", "/?id=user123", nil))
	parts := strings.Split(settings.JWT, ".")
	if settings.AppID != "abc123" || len(parts) != 3 {
		t.Fatalf("%+v", settings)
	}
	mac := hmac.New(sha256.New, []byte(seedSecret))
	mac.Write([]byte(parts[0] + "." + parts[1]))
	if parts[2] != base64.RawURLEncoding.EncodeToString(mac.Sum(nil)) {
		t.Error("the JWT's MAC is not crypto/hmac's")
	}
	var claims struct {
		UserID   string `json:"user_id"`
		Iat, Exp int64
	}
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	if err := json.Unmarshal(payload, &claims); err != nil || claims.UserID != "user123" || claims.Exp-claims.Iat != 3600 {
		t.Errorf("%s %v", payload, err)
	}
}

func TestMiddlewareRefusesAtStartUp(t *testing.T) {
	signer, calls := mustSigner(t, seedSecret), 0
	closed, _ := NewSigner(seedSecret)
	closed.Close()
	tau := WidgetConfig{Preset: PresetTau, AppID: "demo"}
	for _, c := range []struct {
		name   string
		signer WidgetSigner
		cfg    WidgetConfig
		opts   []MiddlewareOption
		want   error
		code   string
	}{
		{"nil", nil, tau, []MiddlewareOption{queryUser(&calls)}, ErrNilSigner, "null_parameter"},
		{"nil *Signer", (*Signer)(nil), tau, []MiddlewareOption{queryUser(&calls)}, ErrNilSigner, "null_parameter"},
		{"nil *Keyring", (*Keyring)(nil), tau, []MiddlewareOption{queryUser(&calls)}, ErrNilKeyring, "null_parameter"},
		{"closed", closed, tau, []MiddlewareOption{queryUser(&calls)}, ErrClosed, ""},
		{"no WithUser", signer, tau, nil, errNoUserOption, ""},
		{"empty app id", signer, WidgetConfig{Preset: PresetTau}, []MiddlewareOption{queryUser(&calls)}, nil, "empty_app_id"},
		{"unknown preset", signer, WidgetConfig{Preset: "tawk", AppID: "x"}, []MiddlewareOption{queryUser(&calls)}, nil, "unknown_preset"},
	} {
		mw, err := Middleware(c.signer, c.cfg, c.opts...)
		if mw != nil || err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		if c.want != nil && !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
		if c.code != "" {
			wantCode(t, err, c.code)
		}
	}
	if !strings.Contains(errNoUserOption.Error(), "WithUser") {
		t.Error(errNoUserOption)
	}
	if calls != 0 {
		t.Errorf("the user was resolved %d times at start-up", calls)
	}
}

func TestWidgetWithoutMiddleware(t *testing.T) {
	if w := FromContext(context.Background()); w != nil {
		t.Fatalf("%v", w)
	}
	var w *Widget
	if _, err := w.Script(); !errors.Is(err, ErrNoWidget) {
		t.Errorf("Script: %v", err)
	}
	if _, err := w.JSON(); !errors.Is(err, ErrNoWidget) {
		t.Errorf("JSON: %v", err)
	}
	if w.Nonce() != "" {
		t.Error("a nonce")
	}
	err := page.Execute(io.Discard, map[string]any{"Request": httptest.NewRequest("GET", "/", nil)})
	if !errors.Is(err, ErrNoWidget) || !strings.Contains(err.Error(), "userhash.Middleware") {
		t.Errorf("Execute: %v", err)
	}
}

func TestTemplateFuncsRefuseAnotherArgument(t *testing.T) {
	tmpl := template.Must(template.New("t").Funcs(TemplateFuncs()).Parse(`{{ userhashWidget . }}`))
	err := tmpl.Execute(io.Discard, "user123")
	if err == nil || !strings.Contains(err.Error(), "given string: give it the *http.Request or its context.Context") {
		t.Errorf("%v", err)
	}
}

func TestNilSignerAndKeyringHaveTheirOwnError(t *testing.T) {
	cfg := WidgetConfig{Preset: PresetTau, AppID: "demo"}
	_, scriptErr := WidgetScript(nil, cfg)
	_, jsonErr := WidgetJSON(nil, cfg)
	var k *Keyring
	_, keyringErr := k.WidgetScript(cfg)
	_, keyringJSONErr := k.WidgetJSON(cfg)
	for _, c := range []struct {
		err, want error
		names     string
	}{{scriptErr, ErrNilSigner, "NewSigner"}, {jsonErr, ErrNilSigner, "SignerFromEnv"},
		{keyringErr, ErrNilKeyring, "KeyringFromEnv"}, {keyringJSONErr, ErrNilKeyring, "NewKeyring"}} {
		if !errors.Is(c.err, c.want) || errors.Is(c.err, ErrClosed) || !strings.Contains(c.err.Error(), c.names) {
			t.Errorf("%v, want %v", c.err, c.want)
		}
		wantCode(t, c.err, "null_parameter")
	}
}
