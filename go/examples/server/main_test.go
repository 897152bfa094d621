package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	userhash "example.invalid/userhash/go"
)

const secret = "your_secret_key"

func stdlibHash(id string) string {
	h := hmac.New(sha256.New, []byte(secret))
	h.Write([]byte(id))
	return hex.EncodeToString(h.Sum(nil))
}

// get fetches /widget-settings from a real listener on 127.0.0.1.
func get(t *testing.T, cookie string) (*http.Response, map[string]string) {
	t.Helper()
	signer, err := userhash.NewSigner(secret)
	if err != nil {
		t.Fatal(err)
	}
	defer signer.Close()
	server := httptest.NewServer(newHandler(signer))
	defer server.Close()
	req, _ := http.NewRequest("GET", server.URL+"/widget-settings", nil)
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	resp, err := server.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]string
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func TestLoggedInUserGetsTheStdlibHash(t *testing.T) {
	resp, body := get(t, "session=demo-session")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("%d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if body["userId"] != "user123" || body["userHash"] != stdlibHash("user123") {
		t.Errorf("body %v", body)
	}
}

func TestAnonymousVisitorGetsNoHash(t *testing.T) {
	for _, cookie := range []string{"", "session=forged"} {
		resp, body := get(t, cookie)
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("cookie %q: status %d", cookie, resp.StatusCode)
		}
		if _, ok := body["userHash"]; ok {
			t.Errorf("cookie %q: body %v", cookie, body)
		}
	}
}
