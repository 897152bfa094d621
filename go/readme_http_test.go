package userhash

import (
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestReadmeHTTPApp builds the README's net/http app (readmePrograms), serves it on 127.0.0.1 and
// checks its page: the README's, with the nonce of the response's CSP header and the hash of
// crypto/hmac; an anonymous visitor's carries no user.
func TestReadmeHTTPApp(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and links a program")
	}
	bin, blocks := readmePrograms(t, "go-http")
	if len(blocks) != 1 || blocks[0][1] != "app" {
		t.Fatalf("%d README apps, want go-http-app", len(blocks))
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	shown := regexp.MustCompile("(?ms)^<!-- test: go-http-page -->\n```html\n(.*?)^```").FindSubmatch(readme)
	if shown == nil {
		t.Fatal("no go-http-page block")
	}
	hash := oracle(seedSecret, "user123")
	if !strings.Contains(string(shown[1]), `"hash":"`+hash+`"`) {
		t.Fatal("the README's page has not crypto/hmac's hash")
	}

	listener, err := net.Listen("tcp", "127.0.0.1:0") // a free port, handed to the app
	if err != nil {
		t.Fatal(err)
	}
	port := listener.Addr().(*net.TCPAddr).Port
	listener.Close()
	ctx, cancel := context.WithCancel(context.Background())
	app := exec.CommandContext(ctx, filepath.Join(bin, "app"))
	app.Env = append(os.Environ(), "USERHASH_SECRET="+seedSecret, "PORT="+strconv.Itoa(port))
	var log strings.Builder
	app.Stderr = &log
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cancel(); app.Wait() }() // the server runs until killed

	get := func(cookie string) (string, string) {
		t.Helper()
		url := "http://127.0.0.1:" + strconv.Itoa(port) + "/"
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			req, _ := http.NewRequest("GET", url, nil)
			if cookie != "" {
				req.Header.Set("Cookie", cookie)
			}
			resp, err := http.DefaultClient.Do(req)
			if err == nil {
				defer resp.Body.Close()
				body, err := io.ReadAll(resp.Body)
				if err != nil || resp.StatusCode != 200 {
					t.Fatalf("%d %v\n%s", resp.StatusCode, err, log.String())
				}
				return resp.Header.Get("Content-Security-Policy"), string(body)
			}
			if time.Now().After(deadline) {
				t.Fatalf("the app does not answer: %v\n%s", err, log.String())
			}
		}
	}
	nonceOf := regexp.MustCompile(`^script-src 'nonce-([A-Za-z0-9_-]{22})'; object-src 'none'; base-uri 'none'$`)

	csp, body := get("session=demo-session")
	m := nonceOf.FindStringSubmatch(csp)
	if m == nil {
		t.Fatalf("CSP header %q", csp)
	}
	if want := strings.ReplaceAll(string(shown[1]), "NONCE", m[1]); body != want {
		t.Errorf("page:\n%s\nthe README says:\n%s", body, want)
	}

	csp, body = get("")
	m = nonceOf.FindStringSubmatch(csp)
	if m == nil || !strings.Contains(body, `<script nonce="`+m[1]+`">window.taubotConfig = {"appId":"YOUR_APP_ID"};</script>`) ||
		strings.Contains(body, "hash") {
		t.Errorf("anonymous page (%s):\n%s", csp, body)
	}
}
