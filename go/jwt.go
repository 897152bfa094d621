package userhash

// A vendor JWT issued alone (README.md, Vendors): the user goes to libuserhash as the JSON user
// object of a widget configuration; the claims, the times and every rule are libuserhash's.

// #include "userhash.h"
import "C"

import (
	"encoding/json"
	"unsafe"
)

// ExpiresAt gives IssueJWT the token's exp, Unix second unix; without it the token has no exp.
func ExpiresAt(unix int64) Option { return Option{expiresAt: unix, hasExpiresAt: true} }

// IssueJWT returns a JWT of preset's profile for user, signed by the primary key (with its id as
// the kid where the vendor wants one): the profile's claims in its order, then iat = At (or now)
// and exp = ExpiresAt (none without it; Featurebase takes none). A hash preset is
// not_a_jwt_profile; a field the profile does not sign is field_not_in_preset.
func (k *Keyring) IssueJWT(preset Preset, user WidgetUser, opts ...Option) (string, error) {
	o, exp := collect(opts), (*int64)(nil)
	if o.hasExpiresAt {
		exp = &o.expiresAt
	}
	data, err := userJSON(user)
	if err != nil {
		return "", err
	}
	return owned(func(out *C.userhash_string) error {
		return k.native.call(func(h unsafe.Pointer) C.userhash_result {
			return C.userhash_keyring_issue_jwt(ckeyring(h), cstr(string(preset)), clen(string(preset)),
				cbuf(data), csize(data), C.int64_t(o.unixNow()), cint64(exp), out)
		})
	})
}

// userJSON is the user as a configuration's user object, encoded as configJSON encodes it (a text
// that is not UTF-8 as it is, for libuserhash to refuse).
func userJSON(user WidgetUser) ([]byte, error) {
	if text, ok := notUTF8(WidgetConfig{User: &user}); ok {
		return []byte(text), nil
	}
	data, err := json.Marshal(user)
	if err != nil {
		return nil, errorOf(C.USERHASH_RESULT_INVALID_METADATA, err.Error()) // only Metadata can fail
	}
	return data, nil
}
