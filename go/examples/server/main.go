// Command server hands the chat widget a logged-in user's id and hash over net/http.
//
//	USERHASH_SECRET=your_secret_key go run ./examples/server      # ADDR=127.0.0.1:8080 by default
//	curl -H 'Cookie: session=demo-session' http://127.0.0.1:8080/widget-settings
package main

import (
	"encoding/json"
	"log"
	"net/http"
	"os"

	userhash "example.invalid/userhash/go"
)

// sessions stands in for your authentication: session cookie → user id.
var sessions = map[string]string{"demo-session": "user123"}

func currentUserID(r *http.Request) (string, bool) {
	cookie, err := r.Cookie("session")
	if err != nil {
		return "", false
	}
	id, ok := sessions[cookie.Value]
	return id, ok
}

// newHandler serves the widget's settings as JSON for the page's script to fetch. Only
// authenticated users get an id and a hash; anonymous visitors get neither.
func newHandler(signer *userhash.Signer) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/widget-settings", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		id, ok := currentUserID(r)
		if !ok {
			w.WriteHeader(http.StatusUnauthorized)
			json.NewEncoder(w).Encode(map[string]string{"error": "not logged in"})
			return
		}
		hash, err := signer.Sign(id)
		if err != nil {
			http.Error(w, `{"error":"cannot sign"}`, http.StatusInternalServerError)
			return
		}
		json.NewEncoder(w).Encode(map[string]string{"userId": id, "userHash": hash})
	})
	return mux
}

func main() {
	signer, err := userhash.SignerFromEnv("USERHASH_SECRET") // built once, shared by every request
	if err != nil {
		log.Fatal(err)
	}
	defer signer.Close()
	addr := os.Getenv("ADDR")
	if addr == "" {
		addr = "127.0.0.1:8080"
	}
	log.Printf("listening on http://%s", addr)
	log.Fatal(http.ListenAndServe(addr, newHandler(signer)))
}
