package userhash

// net/http middleware (README.md, net/http and html/template): each request's context carries a
// *Widget, the signer, the configuration, the app's user and CSP nonce, rendered only when a page
// asks (Script, JSON, or the template functions).

// #include "userhash.h"
import "C"

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"sync"
	"time"
)

// MiddlewareOption configures Middleware: WithUser (required) and WithNonce.
type MiddlewareOption func(*middleware)

type middleware struct {
	signer WidgetSigner
	cfg    WidgetConfig
	user   func(*http.Request) *WidgetUser
	nonce  func(*http.Request) string
}

// WithUser gives Middleware the request's logged-in user, or nil for an anonymous visitor: map
// your own user type to a WidgetUser here (its ID is required).
func WithUser(user func(r *http.Request) *WidgetUser) MiddlewareOption {
	return func(m *middleware) { m.user = user }
}

// WithNonce gives Middleware the request's CSP nonce (from your Content-Security-Policy
// middleware), put on the <script> element; without it the element has no nonce.
func WithNonce(nonce func(r *http.Request) string) MiddlewareOption {
	return func(m *middleware) { m.nonce = nonce }
}

// errNoUserOption is Middleware's error without WithUser.
var errNoUserOption = errors.New("userhash: Middleware needs the WithUser option, a func(*http.Request) " +
	"*userhash.WidgetUser that returns the logged-in user (nil for an anonymous visitor)")

// Middleware returns the middleware that puts a *Widget for cfg (Preset, AppID, Global, TTL,
// InvalidFields, Logger; User and Nonce come from WithUser and WithNonce) in each request's
// context (FromContext). InvalidFields defaults to DropInvalidFields here: a malformed email is
// logged and left out instead of failing every page. The configuration is checked now, with an
// anonymous visitor, so that a nil signer, an empty app id or an unknown preset stops the app at
// start-up.
func Middleware(signer WidgetSigner, cfg WidgetConfig, opts ...MiddlewareOption) (func(http.Handler) http.Handler, error) {
	if signer == nil {
		return nil, ErrNilSigner
	}
	if cfg.InvalidFields == "" {
		cfg.InvalidFields = DropInvalidFields
	}
	m := &middleware{signer: signer, cfg: cfg}
	for _, opt := range opts {
		opt(m)
	}
	if m.user == nil {
		return nil, errNoUserOption
	}
	anonymous := cfg
	anonymous.User = nil
	if _, err := signer.widget(anonymous, false, time.Now().Unix()); err != nil {
		return nil, err
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), widgetKey{}, m.widget(r))))
		})
	}, nil
}

func (m *middleware) widget(r *http.Request) *Widget {
	cfg := m.cfg
	if m.nonce != nil {
		cfg.Nonce = m.nonce(r)
	}
	return &Widget{signer: m.signer, cfg: cfg, user: func() *WidgetUser { return m.user(r) }}
}

// widgetKey is the context key of the *Widget.
type widgetKey struct{}

// FromContext returns the *Widget that Middleware put in ctx, or nil (whose methods return
// ErrNoWidget).
func FromContext(ctx context.Context) *Widget {
	w, _ := ctx.Value(widgetKey{}).(*Widget)
	return w
}

// ErrNoWidget is the error of a nil *Widget: the request did not pass through Middleware.
var ErrNoWidget = errors.New("userhash: no widget in the request's context: wrap the handler with the one " +
	"userhash.Middleware returns")

// Widget is one request's widget: the user is asked of WithUser once, when the page first renders
// the widget, and the snippet is signed then (a JWT is issued at that time).
type Widget struct {
	signer WidgetSigner
	cfg    WidgetConfig
	user   func() *WidgetUser
	once   sync.Once
	err    error
}

// Script returns the complete <script> element for the request's user, safe to emit as it is.
func (w *Widget) Script() (template.HTML, error) {
	s, err := w.render(true)
	return template.HTML(s), err
}

// JSON returns the configuration object alone (HTML-safe JSON) for a script of your own.
func (w *Widget) JSON() (template.JS, error) {
	s, err := w.render(false)
	return template.JS(s), err
}

// Nonce returns the CSP nonce that WithNonce gave for the request ("" without it).
func (w *Widget) Nonce() string {
	if w == nil {
		return ""
	}
	return w.cfg.Nonce
}

func (w *Widget) render(script bool) (string, error) {
	if w == nil {
		return "", ErrNoWidget
	}
	w.once.Do(func() {
		if w.cfg.User = w.user(); w.cfg.User != nil && w.cfg.User.ID == "" {
			w.err = errorOf(C.USERHASH_RESULT_EMPTY_USER_ID, "the user that the WithUser function returned has no ID: "+
				"set WidgetUser.ID to your user's id, or return nil for an anonymous visitor")
		}
	})
	if w.err != nil {
		return "", w.err
	}
	return w.signer.widget(w.cfg, script, time.Now().Unix())
}
