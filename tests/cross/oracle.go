// crypto/hmac oracle, the seeds' Go snippet. Prints
// "<hash of the raw bytes> <hash of the text forms, or ->" per sign case.
package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
)

type signCase struct {
	SecretHex  string  `json:"secret_hex"`
	SecretText *string `json:"secret_text"`
	UserIDHex  string  `json:"user_id_hex"`
	UserIDText *string `json:"user_id_text"`
}

func sign(key, msg []byte) string {
	h := hmac.New(sha256.New, key)
	h.Write(msg)
	return hex.EncodeToString(h.Sum(nil))
}

func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

func main() {
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		panic(err)
	}
	var doc struct {
		Sign []signCase `json:"sign"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		panic(err)
	}
	for _, c := range doc.Sign {
		text := "-"
		if c.SecretText != nil && c.UserIDText != nil {
			text = sign([]byte(*c.SecretText), []byte(*c.UserIDText))
		}
		fmt.Println(sign(mustHex(c.SecretHex), mustHex(c.UserIDHex)), text)
	}
}
