package userhash_test

import (
	"errors"
	"fmt"
	"html/template"
	"log"
	"net/http"
	"net/http/httptest"
	"os"

	userhash "example.invalid/userhash/go"
)

// The middleware with a user resolver and a nonce; a template renders the widget, without
// the invalid email (DropInvalidFields is the middleware's default).
func ExampleMiddleware() {
	signer, err := userhash.NewSigner("your_secret_key")
	if err != nil {
		log.Fatal(err)
	}
	defer signer.Close()
	widget, err := userhash.Middleware(signer, userhash.WidgetConfig{Preset: userhash.PresetTau, AppID: "YOUR_APP_ID"},
		userhash.WithUser(func(r *http.Request) *userhash.WidgetUser {
			return &userhash.WidgetUser{ID: "user123", Email: "not an email"} // your session's user
		}),
		userhash.WithNonce(func(r *http.Request) string { return "rAnd0m" })) // your CSP middleware's
	if err != nil {
		log.Fatal(err)
	}
	page := template.Must(template.New("page").Funcs(userhash.TemplateFuncs()).Parse(`{{ userhashWidget .Request }}`))
	handler := widget(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page.Execute(w, map[string]any{"Request": r})
	}))
	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil)) // the bad email: left out, a slog warning
	fmt.Println(rec.Body.String())
	// Output:
	// <script nonce="rAnd0m">window.taubotConfig = {"appId":"YOUR_APP_ID","user":{"id":"user123","hash":"988eb0ea39d60e4c03569823e9a652b7ddd859ff5d027bbdf4cc02f0f2ca6221"}};</script>
}

// Without the middleware, the template's Execute fails with ErrNoWidget.
func ExampleTemplateFuncs() {
	page := template.Must(template.New("page").Funcs(userhash.TemplateFuncs()).Parse(`{{ userhashWidget .Request }}`))
	err := page.Execute(os.Stdout, map[string]any{"Request": httptest.NewRequest("GET", "/", nil)})
	fmt.Println(errors.Is(err, userhash.ErrNoWidget))
	// Output: true
}

// A nil Signer is its own error, with the contract's code null_parameter.
func ExampleWidgetScript_nilSigner() {
	_, err := userhash.WidgetScript(nil, userhash.WidgetConfig{Preset: userhash.PresetTau, AppID: "YOUR_APP_ID"})
	var uerr *userhash.Error
	fmt.Println(errors.Is(err, userhash.ErrNilSigner), errors.As(err, &uerr) && uerr.Code == "null_parameter")
	// Output: true true
}
