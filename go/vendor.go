package userhash

// Vendor profiles and HS256 JWTs with a Keyring (README.md, Vendors): every rule is libuserhash's;
// this file converts Go values to the C ABI's arguments and its JSON results back.

// #include "userhash.h"
import "C"

import (
	"encoding/json"
	"time"
	"unsafe"
)

// Preset names a widget's vendor profile (docs/spec.md, section 5.1); TestPresetsAreTheContracts
// checks the constants against contract.json.
type Preset string

// The presets: TAU, Hal, generic, and the vendor profiles.
const (
	PresetTau         Preset = "tau"
	PresetHal         Preset = "hal"
	PresetGeneric     Preset = "generic"
	PresetIntercom    Preset = "intercom"     // classic identity verification: user_hash
	PresetIntercomJWT Preset = "intercom-jwt" // Messenger security: intercom_user_jwt
	PresetChatwoot    Preset = "chatwoot"
	PresetCrisp       Preset = "crisp"     // signs the email
	PresetHelpScout   Preset = "helpscout" // signs the email
	PresetFront       Preset = "front"
	PresetPylon       Preset = "pylon"   // signs the email; its secret is hex, decoded
	PresetZendesk     Preset = "zendesk" // a JWT whose header names the key (kid)
	PresetCanny       Preset = "canny"   // a JWT, no snippet
	PresetFeaturebase Preset = "featurebase"
)

// Presets lists every preset, in the contract's order; JWTPresets those whose vendor takes a JWT.
var (
	Presets = []Preset{PresetTau, PresetHal, PresetGeneric, PresetIntercom, PresetIntercomJWT, PresetChatwoot,
		PresetCrisp, PresetHelpScout, PresetFront, PresetPylon, PresetZendesk, PresetCanny, PresetFeaturebase}
	JWTPresets = []Preset{PresetIntercomJWT, PresetZendesk, PresetCanny, PresetFeaturebase}
)

// NewKeyringForPreset builds a Keyring whose primary key primaryID is the vendor dashboard's secret,
// read as preset's profile reads it: hex-decoded for Pylon, as text (NewKeyring) for the others.
func NewKeyringForPreset(preset Preset, primaryID, secret string) (*Keyring, error) {
	return newKeyring(func(out **C.userhash_keyring) C.userhash_result {
		return C.userhash_keyring_new_preset(cstr(string(preset)), clen(string(preset)), cstr(primaryID),
			clen(primaryID), cstr(secret), clen(secret), out)
	})
}

// wireConfig is a WidgetConfig as libuserhash reads it, with the TTL in whole seconds.
type wireConfig struct {
	WidgetConfig
	TTL *int64 `json:"ttl,omitempty"`
}

// configJSON is the configuration as JSON, or a text that is not UTF-8 as it is, for libuserhash to
// refuse (text_not_utf8): encoding/json would replace its bytes (another id).
func configJSON(cfg WidgetConfig) ([]byte, error) {
	wire := wireConfig{WidgetConfig: cfg}
	if cfg.TTL != 0 {
		ttl := seconds(cfg.TTL)
		wire.TTL = &ttl
	}
	config, err := json.Marshal(wire)
	if text, ok := notUTF8(cfg); ok {
		return []byte(text), nil
	} else if err != nil {
		return nil, errorOf(C.USERHASH_RESULT_INVALID_METADATA, err.Error()) // only Metadata can fail
	}
	if cfg.InvalidFields == DropInvalidFields {
		return config, logDropped(cfg.Logger, config)
	}
	return config, nil
}

// unixNow is the At option's time, or the clock's.
func (o Option) unixNow() int64 {
	if o.hasNow {
		return o.now
	}
	return time.Now().Unix()
}

// WidgetScript returns the <script> element for any preset, signed by the primary key (with its id
// as a JWT's kid); a JWT is issued at At (or now) and expires cfg.TTL later (default one hour).
func (k *Keyring) WidgetScript(cfg WidgetConfig, opts ...Option) (string, error) {
	return k.widget(cfg, true, collect(opts).unixNow())
}

// WidgetJSON is WidgetScript's data alone: the object, the call's arguments, or "null".
func (k *Keyring) WidgetJSON(cfg WidgetConfig, opts ...Option) (string, error) {
	return k.widget(cfg, false, collect(opts).unixNow())
}

func (k *Keyring) widget(cfg WidgetConfig, script bool, now int64) (string, error) {
	if k == nil {
		return "", ErrNilKeyring
	}
	config, err := configJSON(cfg)
	if err != nil {
		return "", err
	}
	return owned(func(out *C.userhash_string) error {
		return k.native.call(func(h unsafe.Pointer) C.userhash_result {
			if !script {
				return C.userhash_keyring_widget_json(ckeyring(h), cbuf(config), csize(config), C.int64_t(now), out)
			}
			return C.userhash_keyring_widget_script(ckeyring(h), cbuf(config), csize(config),
				coptional(cfg.Nonce, cfg.Nonce != ""), clen(cfg.Nonce), C.int64_t(now), out)
		})
	})
}

// JWTVerification is what VerifyJWT found: the outcome, and an authentic token's claims.
type JWTVerification struct {
	Verification
	// Claims is the claims object exactly as signed, for verified and expired tokens (else nil):
	// unmarshal it into your own type. A token that did not verify has no claims to trust.
	Claims json.RawMessage
}

// VerifyJWT checks a JWT of preset's profile at At (or now) with Leeway on exp, nbf and iat,
// telling the OnFailure hook about a failure (its UserID is the token's identity claim, which
// is not authenticated). A wrong token is an outcome; only a hash preset is an error.
func (k *Keyring) VerifyJWT(preset Preset, token string, opts ...Option) (JWTVerification, error) {
	o := collect(opts)
	var result struct {
		Outcome string          `json:"outcome"`
		Reason  string          `json:"reason"`
		KeyID   string          `json:"key_id"`
		Claims  json.RawMessage `json:"claims"`
		Event   *FailureEvent   `json:"event"`
	}
	return with(&k.native, func(h unsafe.Pointer) (JWTVerification, error) {
		text, err := owned(func(out *C.userhash_string) error {
			return call(func() C.userhash_result {
				return C.userhash_keyring_verify_jwt(ckeyring(h), cstr(string(preset)), clen(string(preset)),
					cstr(token), clen(token), C.int64_t(o.unixNow()), C.int64_t(o.leeway), out)
			})
		})
		if err == nil {
			err = json.Unmarshal([]byte(text), &result)
		}
		if err != nil {
			return JWTVerification{}, err
		}
		if result.Event != nil {
			k.report(*result.Event, result.Event.UserID)
		}
		v := JWTVerification{Verification: Verification{Outcome: result.Outcome, KeyID: result.KeyID,
			Reason: result.Reason}}
		if string(result.Claims) != "null" {
			v.Claims = result.Claims
		}
		return v, nil
	})
}

// ExplainJWT tells why a JWT of preset's profile does or does not verify at At (or now), with
// Leeway; a token that does not verify is reported to the OnFailure hook.
func (k *Keyring) ExplainJWT(preset Preset, token string, opts ...Option) (Finding, error) {
	o := collect(opts)
	return with(&k.native, func(h unsafe.Pointer) (Finding, error) {
		return explain(func(out *C.userhash_string) C.userhash_result {
			return C.userhash_keyring_explain_jwt(ckeyring(h), cstr(string(preset)), clen(string(preset)),
				cstr(token), clen(token), C.int64_t(o.unixNow()), C.int64_t(o.leeway), out)
		}, func(e FailureEvent) { k.report(e, e.UserID) })
	})
}

// ExplainPreset tells why a hash of preset's profile does or does not verify for userID at At
// (or now); an email profile (Crisp, Help Scout, Pylon) needs the Email option, the email it
// signs. A hash that does not verify is reported to the OnFailure hook.
func (k *Keyring) ExplainPreset(preset Preset, userID, hash string, opts ...Option) (Finding, error) {
	o := collect(opts)
	return with(&k.native, func(h unsafe.Pointer) (Finding, error) {
		return explain(func(out *C.userhash_string) C.userhash_result {
			return C.userhash_keyring_explain_preset(ckeyring(h), cstr(string(preset)), clen(string(preset)),
				cstr(userID), clen(userID), coptional(o.email, o.hasEmail), clen(o.email), cstr(hash), clen(hash),
				C.int64_t(o.unixNow()), out)
		}, func(e FailureEvent) { k.report(e, e.UserID) })
	})
}
