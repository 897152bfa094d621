// Command vectors checks userhash against the hash and token vectors of tests/vectors/vectors.json
// (sign, verify, lone_surrogate, token), with crypto/hmac as the oracle, and prints
// "N passed, N failed". The Go install test builds it in a fresh module outside the tree.
//
//	go run ./examples/vectors ../tests/vectors/vectors.json
package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"strconv"
	"strings"
	"time"

	userhash "example.invalid/userhash/go"
)

type vector struct {
	Name       string  `json:"name"`
	SecretHex  *string `json:"secret_hex"`
	SecretText *string `json:"secret_text"`
	UserIDHex  string  `json:"user_id_hex"`
	Hash       string  `json:"hash"`
	Valid      bool    `json:"valid"`
	ExpiresAt  string  `json:"expires_at"`
	Token      string  `json:"token"`
	Checks     []struct {
		Now     string `json:"now"`
		Leeway  int64  `json:"leeway"`
		Outcome string `json:"outcome"`
	} `json:"checks"`
}

var passed, failed int

func check(name string, ok bool, got ...any) {
	if ok {
		passed++
		return
	}
	failed++
	fmt.Printf("FAIL %s: got %v\n", name, got)
}

// oracle is the vendors' snippet: the expected hash.
func oracle(key, msg string) string {
	h := hmac.New(sha256.New, []byte(key))
	h.Write([]byte(msg))
	return hex.EncodeToString(h.Sum(nil))
}

// tokenOracle is docs/spec.md section 2.2: the expected v1 token.
func tokenOracle(secret, userID string, expiresAt int64) string {
	kdf := hmac.New(sha256.New, []byte("userhash-token-v1"))
	kdf.Write([]byte(secret))
	mac := hmac.New(sha256.New, kdf.Sum(nil))
	var be [8]byte
	binary.BigEndian.PutUint64(be[:], uint64(expiresAt))
	mac.Write([]byte("v1\x00"))
	mac.Write(be[:])
	mac.Write([]byte(userID))
	return "v1." + strconv.FormatInt(expiresAt, 10) + "." + hex.EncodeToString(mac.Sum(nil))
}

func must[T any](v T, err error) T {
	if err != nil {
		log.Fatal(err)
	}
	return v
}

// key is the vector's secret as bytes (lone_surrogate vectors give only its text).
func (v vector) key() string {
	if v.SecretHex == nil {
		return *v.SecretText
	}
	return string(must(hex.DecodeString(*v.SecretHex)))
}

func main() {
	var doc struct {
		Sign, Verify  []vector
		LoneSurrogate struct{ Cases []vector } `json:"lone_surrogate"`
		Token         struct {
			Cases      []vector
			Rejections []struct {
				Name, Token, Outcome string
				Reason               *string
			}
		}
	}
	if err := json.Unmarshal(must(os.ReadFile(os.Args[1])), &doc); err != nil {
		log.Fatal(err)
	}
	for _, v := range append(doc.Sign, doc.LoneSurrogate.Cases...) {
		key, id := v.key(), string(must(hex.DecodeString(v.UserIDHex)))
		signer := must(userhash.NewSignerBytes([]byte(key)))
		hash, err := signer.Sign(id)
		check("sign "+v.Name, err == nil && hash == oracle(key, id) && v.Hash == hash, hash, err)
		signer.Close()
	}
	for _, v := range doc.Verify {
		key, id := v.key(), string(must(hex.DecodeString(v.UserIDHex)))
		want := len(v.Hash) == 64 && strings.ToLower(v.Hash) == oracle(key, id)
		signer := must(userhash.NewSignerBytes([]byte(key)))
		ok, err := signer.Verify(id, v.Hash)
		check("verify "+v.Name, err == nil && ok == want && want == v.Valid, ok, err)
		signer.Close()
	}
	for _, v := range doc.Token.Cases {
		key, id := v.key(), string(must(hex.DecodeString(v.UserIDHex)))
		keyring := must(userhash.NewKeyringBytes("current", []byte(key)))
		expires := must(strconv.ParseInt(v.ExpiresAt, 10, 64))
		token, err := keyring.IssueTokenAt(id, expires)
		check("token "+v.Name, err == nil && token == tokenOracle(key, id, expires) && v.Token == token, token, err)
		for _, c := range v.Checks {
			now := must(strconv.ParseInt(c.Now, 10, 64))
			got, err := keyring.VerifyToken(id, v.Token, userhash.At(now), userhash.Leeway(time.Duration(c.Leeway)*time.Second))
			check(fmt.Sprintf("token %s at %d leeway %d", v.Name, now, c.Leeway), err == nil && got.Outcome == c.Outcome, got, err)
		}
		keyring.Close()
	}
	// The rejections are for user123 under the seed's secret at 1767225599 (the file's description).
	seed := must(userhash.NewKeyring("current", "your_secret_key"))
	for _, r := range doc.Token.Rejections {
		got, err := seed.VerifyToken("user123", r.Token, userhash.At(1767225599))
		reason := ""
		if r.Reason != nil {
			reason = *r.Reason
		}
		check("token rejection "+r.Name, err == nil && got.Outcome == r.Outcome && got.Reason == reason, got, err)
	}
	fmt.Printf("%d passed, %d failed\n", passed, failed)
	if failed > 0 || passed == 0 {
		os.Exit(1)
	}
}
