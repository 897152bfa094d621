package userhash

// #include "userhash.h"
import "C"

import (
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
func WidgetScript(signer *Signer, cfg WidgetConfig) (string, error) { return widget(signer, cfg, true) }

// WidgetJSON returns the configuration object alone, as HTML-safe JSON.
func WidgetJSON(signer *Signer, cfg WidgetConfig) (string, error) { return widget(signer, cfg, false) }

// widget hands libuserhash the configuration as JSON (configJSON).
func widget(signer *Signer, cfg WidgetConfig, script bool) (string, error) {
	config, err := configJSON(cfg)
	if err != nil {
		return "", err
	}
	if signer == nil {
		return "", ErrClosed
	}
	return owned(func(out *C.userhash_string) error {
		return signer.native.call(func(h unsafe.Pointer) C.userhash_result {
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
