package userhash

// #include "userhash.h"
import "C"

import (
	"log/slog"
	"time"
	"unicode/utf8"
	"unsafe"
)

// WidgetConfig is a widget configuration (README.md): a nil User is anonymous; "" and 0 are unset.
type WidgetConfig struct {
	Preset Preset        `json:"preset"`
	AppID  string        `json:"app_id"`
	Global string        `json:"global,omitempty"`
	Nonce  string        `json:"-"`
	TTL    time.Duration `json:"-"` // a JWT's lifetime in whole seconds (vendor.go: wireConfig)
	User   *WidgetUser   `json:"user"`
	// InvalidFields says what an optional user field that fails its rule does: RaiseInvalidFields
	// ("", the default: the call fails with its code) or DropInvalidFields (left out, logged).
	InvalidFields InvalidFields `json:"invalid_fields,omitempty"`
	// Logger receives a warning per field DropInvalidFields leaves out; nil: slog.Default().
	Logger *slog.Logger `json:"-"`
}

// WidgetUser is the logged-in user: ID is required; "" and nil fields are left out.
type WidgetUser struct {
	ID                string         `json:"id"`
	Name              string         `json:"name,omitempty"`
	Email             string         `json:"email,omitempty"`
	Phone             string         `json:"phone,omitempty"`
	ProfilePictureURL string         `json:"profile_picture_url,omitempty"`
	CreatedAt         *int64         `json:"created_at"`
	Metadata          map[string]any `json:"metadata"`
}

// WidgetScript returns the complete <script> element (docs/spec.md, section 5.2).
func WidgetScript(signer *Signer, cfg WidgetConfig) (string, error) {
	return signer.widget(cfg, true, 0)
}

// WidgetJSON returns the configuration object alone, as HTML-safe JSON.
func WidgetJSON(signer *Signer, cfg WidgetConfig) (string, error) {
	return signer.widget(cfg, false, 0)
}

// WidgetSigner is what signs a widget snippet for Middleware: a *Signer (the presets that name
// no key) or a *Keyring (every preset, JWTs included).
type WidgetSigner interface {
	widget(cfg WidgetConfig, script bool, now int64) (string, error)
}

// ErrNilSigner and ErrNilKeyring are returned where a nil *Signer or *Keyring is given to sign a
// widget (WidgetScript, WidgetJSON, the Keyring's methods, Middleware): an *Error whose code is
// the contract's null_parameter, with a message that says what to build.
var (
	ErrNilSigner = errorOf(C.USERHASH_RESULT_NULL_PARAMETER,
		"the *Signer is nil: build it once at start-up with NewSigner or SignerFromEnv and check its error")
	ErrNilKeyring = errorOf(C.USERHASH_RESULT_NULL_PARAMETER,
		"the *Keyring is nil: build it once at start-up with NewKeyring, NewKeyringForPreset or KeyringFromEnv and check its error")
)

// widget hands libuserhash the configuration as JSON (configJSON); a Signer issues no JWT, so
// it has no use for now.
func (s *Signer) widget(cfg WidgetConfig, script bool, _ int64) (string, error) {
	if s == nil {
		return "", ErrNilSigner
	}
	config, err := configJSON(cfg)
	if err != nil {
		return "", err
	}
	return owned(func(out *C.userhash_string) error {
		return s.native.call(func(h unsafe.Pointer) C.userhash_result {
			if !script {
				return C.userhash_widget_json(csigner(h), cbuf(config), csize(config), out)
			}
			return C.userhash_widget_script(csigner(h), cbuf(config), csize(config), coptional(cfg.Nonce, cfg.Nonce != ""),
				clen(cfg.Nonce), out)
		})
	})
}

// notUTF8 is the first text of the configuration's JSON that is not UTF-8, if any.
func notUTF8(cfg WidgetConfig) (string, bool) {
	all := []string{string(cfg.Preset), cfg.AppID, cfg.Global}
	if u := cfg.User; u != nil {
		all = append(all, u.ID, u.Name, u.Email, u.Phone, u.ProfilePictureURL)
		for key, value := range u.Metadata {
			text, _ := value.(string)
			all = append(all, key, text)
		}
	}
	for _, text := range all {
		if !utf8.ValidString(text) {
			return text, true
		}
	}
	return "", false
}
