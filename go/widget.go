package userhash

// #include "userhash.h"
import "C"

import (
	"encoding/json"
	"unicode/utf8"
	"unsafe"
)

// Widget presets (docs/spec.md, section 5.1).
const (
	PresetTau     = "tau"     // window.taubotConfig = {appId, user: {id, hash, name, …}}
	PresetHal     = "hal"     // window.HalSettings = {appId, visitorId, name, email, userHash, metadata}
	PresetGeneric = "generic" // {appId, userId, userHash, …} under Global (window.userhashConfig)
)

// WidgetConfig is a widget configuration. User nil is an anonymous visitor (no id, no hash).
// Global names the generic preset's global ("" for window.userhashConfig). Nonce is the CSP
// nonce of the script element ("" for none); WidgetJSON does not use it. The json tags are
// the form in which libuserhash reads it (docs/spec.md, section 5.3).
type WidgetConfig struct {
	Preset string      `json:"preset"`
	AppID  string      `json:"app_id"`
	Global string      `json:"global,omitempty"`
	Nonce  string      `json:"-"`
	User   *WidgetUser `json:"user"`
}

// WidgetUser is the logged-in user. ID is required; the hash is computed from it, never
// given. An empty text field, a nil CreatedAt and a nil Metadata are left out; a non-nil
// empty Metadata is written as {}. Metadata values are written with encoding/json and
// must come out as a string, a bool, null or an integer within int64.
type WidgetUser struct {
	ID                string         `json:"id"`
	Name              string         `json:"name,omitempty"`
	Email             string         `json:"email,omitempty"`
	Phone             string         `json:"phone,omitempty"`
	ProfilePictureURL string         `json:"profile_picture_url,omitempty"`
	CreatedAt         *int64         `json:"created_at"`
	Metadata          map[string]any `json:"metadata"`
}

// WidgetScript returns the complete <script> element (docs/spec.md, section 5.2), with
// nonce="…" when cfg.Nonce is set: byte for byte what every userhash language writes.
func WidgetScript(signer *Signer, cfg WidgetConfig) (string, error) { return widget(signer, cfg, true) }

// WidgetJSON returns the configuration object alone, as HTML-safe JSON.
func WidgetJSON(signer *Signer, cfg WidgetConfig) (string, error) { return widget(signer, cfg, false) }

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

// configJSON is the configuration as libuserhash reads it. JSON cannot carry bytes that
// are not UTF-8 (encoding/json would replace them with U+FFFD, and so hash another id):
// such a text is handed to libuserhash as it is, which refuses it (text_not_utf8).
func configJSON(cfg WidgetConfig) ([]byte, error) {
	for _, text := range texts(cfg) {
		if !utf8.ValidString(text) {
			return []byte(text), nil
		}
	}
	config, err := json.Marshal(cfg)
	if err != nil {
		return nil, errorOf(C.USERHASH_RESULT_INVALID_METADATA, err.Error()) // only Metadata can fail
	}
	return config, nil
}

// texts are the strings of a configuration that go into its JSON.
func texts(cfg WidgetConfig) []string {
	all := []string{cfg.Preset, cfg.AppID, cfg.Global}
	if u := cfg.User; u != nil {
		all = append(all, u.ID, u.Name, u.Email, u.Phone, u.ProfilePictureURL)
		for key, value := range u.Metadata {
			text, _ := value.(string)
			all = append(all, key, text)
		}
	}
	return all
}
