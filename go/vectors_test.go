package userhash

import (
	"strconv"
	"strings"
	"testing"
)

type signCase struct {
	Name       string  `json:"name"`
	SecretHex  string  `json:"secret_hex"`
	SecretText *string `json:"secret_text"`
	UserIDHex  string  `json:"user_id_hex"`
	UserIDInt  *string `json:"user_id_int"`
	Hash       string  `json:"hash"`
	Valid      bool    `json:"valid"`
}

func loadVectors(t *testing.T) (sign, verify []signCase) {
	var doc struct {
		Sign   []signCase `json:"sign"`
		Verify []signCase `json:"verify"`
	}
	loadJSON(t, "vectors.json", &doc)
	if len(doc.Sign) == 0 || len(doc.Verify) == 0 {
		t.Fatal("no vectors")
	}
	return doc.Sign, doc.Verify
}

func TestSignVectors(t *testing.T) {
	cases, _ := loadVectors(t)
	for _, c := range cases {
		c := c
		t.Run(c.Name, func(t *testing.T) {
			secret, id := unhex(t, c.SecretHex), unhex(t, c.UserIDHex)
			if got := oracle(secret, id); got != c.Hash {
				t.Fatalf("the vectors file disagrees with crypto/hmac: %s", got)
			}
			signer, err := NewSignerBytes([]byte(secret))
			if err != nil {
				t.Fatal(err)
			}
			defer signer.Close()
			check := func(how string, got string, err error) {
				t.Helper()
				if err != nil || got != c.Hash {
					t.Errorf("%s: got %q, %v", how, got, err)
				}
			}
			got, err := signer.Sign(id)
			check("Signer.Sign", got, err)
			many, err := signer.SignMany([]string{id, id})
			if err != nil || len(many) != 2 {
				t.Fatalf("SignMany: %v %v", many, err)
			}
			check("SignMany[0]", many[0], nil)
			check("SignMany[1]", many[1], nil)
			if ok, err := signer.Verify(id, strings.ToUpper(c.Hash)); !ok || err != nil {
				t.Errorf("Verify(uppercase) = %v, %v", ok, err)
			}
			if c.SecretText != nil {
				got, err := Sign(*c.SecretText, id)
				check("Sign", got, err)
				text, err := NewSigner(*c.SecretText)
				if err != nil {
					t.Fatal(err)
				}
				got, err = text.Sign(id)
				check("NewSigner(text).Sign", got, err)
				text.Close()
			}
			if c.UserIDInt != nil {
				// Ids beyond int64 have no Go integer type; their text form is signed above.
				if n, err := strconv.ParseInt(*c.UserIDInt, 10, 64); err == nil {
					got, err := signer.SignInt(n)
					check("SignInt", got, err)
					if ok, err := signer.VerifyInt(n, c.Hash); !ok || err != nil {
						t.Errorf("VerifyInt = %v, %v", ok, err)
					}
					if IntegerID(n) != *c.UserIDInt {
						t.Errorf("IntegerID(%d) = %q", n, IntegerID(n))
					}
				}
			}
		})
	}
}

func TestVerifyVectors(t *testing.T) {
	_, cases := loadVectors(t)
	for _, c := range cases {
		c := c
		t.Run(c.Name, func(t *testing.T) {
			secret, id := unhex(t, c.SecretHex), unhex(t, c.UserIDHex)
			stdlib := len(c.Hash) == 64 && strings.ToLower(c.Hash) == oracle(secret, id)
			if stdlib != c.Valid {
				t.Fatalf("the vectors file disagrees with crypto/hmac")
			}
			signer, err := NewSignerBytes([]byte(secret))
			if err != nil {
				t.Fatal(err)
			}
			defer signer.Close()
			if ok, err := signer.Verify(id, c.Hash); ok != c.Valid || err != nil {
				t.Errorf("Signer.Verify = %v, %v", ok, err)
			}
			if c.SecretText != nil {
				if ok, err := Verify(*c.SecretText, id, c.Hash); ok != c.Valid || err != nil {
					t.Errorf("Verify = %v, %v", ok, err)
				}
			}
		})
	}
}
