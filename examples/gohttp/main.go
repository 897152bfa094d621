// Command gohttp is a net/http + html/template site whose chat widget identifies its visitors
// with userhash's Middleware and TemplateFuncs: the contract of examples/README.md.
//
//	PORT=8000 USERHASH_SECRET=dev-secret USERHASH_APP_ID=demo WIDGET_ORIGIN=http://127.0.0.1:8300 go run .
//
//	GET /login?id=ID&name=NAME&email=EMAIL  login stand-in: remembers the user in a session cookie
//	GET /logout                  forgets it
//	GET /                        the page: the TAU config of the logged-in user (or the anonymous
//	                             config), then the widget script from WIDGET_ORIGIN
//	GET /vendor/PRESET           the same for a vendor's widget (intercom-jwt, zendesk, crisp,
//	                             chatwoot), whose SDK comes from VENDOR_ORIGIN
package main

import (
	"bytes"
	"embed"
	"html/template"
	"log"
	"net/http"
	"os"

	userhash "example.invalid/userhash/go"
)

//go:embed templates
var files embed.FS

// The template functions are added before parsing: {{ userhashWidget .Request }}.
var templates = template.Must(template.New("").Funcs(userhash.TemplateFuncs()).ParseFS(files, "templates/*.html"))

// render executes a template into memory first, so that a failure is a clean 500.
func render(w http.ResponseWriter, name string, data map[string]any) {
	var page bytes.Buffer
	if err := templates.ExecuteTemplate(&page, name, data); err != nil {
		log.Printf("%s: %v", name, err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(page.Bytes())
}

// widgetUser maps the app's user to the widget's (nil: an anonymous visitor), with the fields
// a vendor takes.
func widgetUser(fields ...string) func(*http.Request) *userhash.WidgetUser {
	return func(r *http.Request) *userhash.WidgetUser {
		u := currentUser(r)
		if u == nil {
			return nil
		}
		wu := &userhash.WidgetUser{ID: u.ID}
		for _, f := range fields {
			switch f {
			case "name":
				wu.Name = u.Name
			case "email":
				wu.Email = u.Email
			}
		}
		return wu
	}
}

// vendorPage is a vendor's page: its SDK's name at VENDOR_ORIGIN, the user fields it takes,
// whether it takes the app id; Zendesk's ze-snippet defines zE, so its SDK comes first.
type vendorPage struct {
	sdk      string
	fields   []string
	appID    bool
	sdkFirst bool
}

var vendorPages = map[userhash.Preset]vendorPage{
	userhash.PresetIntercomJWT: {sdk: "intercom", fields: []string{"name", "email"}, appID: true},
	userhash.PresetZendesk:     {sdk: "zendesk", fields: []string{"name", "email"}, sdkFirst: true},
	userhash.PresetCrisp:       {sdk: "crisp", fields: []string{"email"}},
	userhash.PresetChatwoot:    {sdk: "chatwoot", fields: []string{"name", "email"}},
}

func main() {
	// The secret is read and checked once, at start-up: a missing variable stops the app here,
	// with the variable's name.
	signer, err := userhash.SignerFromEnv("USERHASH_SECRET")
	if err != nil {
		log.Fatal(err)
	}
	appID, widgetOrigin, vendorOrigin := os.Getenv("USERHASH_APP_ID"), os.Getenv("WIDGET_ORIGIN"), os.Getenv("VENDOR_ORIGIN")
	mux := http.NewServeMux()
	mux.HandleFunc("GET /login", login)
	mux.HandleFunc("GET /logout", logout)

	// The TAU widget: the middleware puts the request's widget in its context; the template's
	// userhashWidget renders it (the hash computed from the id, the nonce on the element).
	tau, err := userhash.Middleware(signer, userhash.WidgetConfig{Preset: userhash.PresetTau, AppID: appID},
		userhash.WithUser(widgetUser("name", "email")), userhash.WithNonce(cspNonce))
	if err != nil {
		log.Fatal(err)
	}
	mux.Handle("GET /{$}", tau(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		render(w, "page.html", map[string]any{"Request": r, "User": currentUser(r), "Nonce": cspNonce(r),
			"WidgetOrigin": widgetOrigin})
	})))

	// Vendor widgets: a keyring, because Zendesk names its signing key (the key id goes into the
	// JWT header); one middleware per vendor, each with the fields that vendor takes.
	keyID := os.Getenv("USERHASH_KEY_ID")
	if keyID == "" {
		keyID = "current"
	}
	keyring, err := userhash.NewKeyring(keyID, os.Getenv("USERHASH_SECRET"))
	if err != nil {
		log.Fatal(err)
	}
	for preset, page := range vendorPages {
		cfg := userhash.WidgetConfig{Preset: preset}
		if page.appID {
			cfg.AppID = appID
		}
		mw, err := userhash.Middleware(keyring, cfg, userhash.WithUser(widgetUser(page.fields...)),
			userhash.WithNonce(cspNonce))
		if err != nil {
			log.Fatalf("%s: %v", preset, err)
		}
		data := map[string]any{"Preset": preset, "SDK": vendorOrigin + "/vendors.js?vendor=" + page.sdk,
			"SDKFirst": page.sdkFirst}
		mux.Handle("GET /vendor/"+string(preset), mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			render(w, "vendor.html", with(data, map[string]any{"Request": r, "Nonce": cspNonce(r)}))
		})))
	}

	port := os.Getenv("PORT")
	if port == "" {
		port = "8000"
	}
	log.Printf("Go net/http example on http://127.0.0.1:%s", port)
	log.Fatal(http.ListenAndServe("127.0.0.1:"+port, withCSP(mux)))
}

// with is a page's fixed data and its request's, in a new map.
func with(fixed, request map[string]any) map[string]any {
	data := make(map[string]any, len(fixed)+len(request))
	for _, m := range []map[string]any{fixed, request} {
		for k, v := range m {
			data[k] = v
		}
	}
	return data
}
