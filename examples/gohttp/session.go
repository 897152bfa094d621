package main

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"sync"
)

// The login stand-in: sessions in memory, keyed by a random id in an HttpOnly cookie. A real
// app has its own authentication; all userhash needs is its user for a request (currentUser).

// User is the app's own user type.
type User struct{ ID, Name, Email string }

const sessionCookie = "sid"

var sessions = struct {
	sync.Mutex
	users map[string]User
}{users: map[string]User{}}

// randomText is n random bytes as unpadded base64url (a session id, a CSP nonce).
func randomText(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // the OS's CSPRNG failed: nothing safe to serve
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// currentUser is the logged-in user of r, or nil.
func currentUser(r *http.Request) *User {
	cookie, err := r.Cookie(sessionCookie)
	if err != nil {
		return nil
	}
	sessions.Lock()
	defer sessions.Unlock()
	if user, ok := sessions.users[cookie.Value]; ok {
		return &user
	}
	return nil
}

// login remembers /login?id=ID&name=NAME&email=EMAIL's user and redirects to /.
func login(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("id") == "" {
		http.Error(w, "usage: /login?id=ID&name=NAME&email=EMAIL", http.StatusBadRequest)
		return
	}
	sid := randomText(32)
	sessions.Lock()
	sessions.users[sid] = User{ID: q.Get("id"), Name: q.Get("name"), Email: q.Get("email")}
	sessions.Unlock()
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: sid, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/", http.StatusFound)
}

func logout(w http.ResponseWriter, r *http.Request) {
	if cookie, err := r.Cookie(sessionCookie); err == nil {
		sessions.Lock()
		delete(sessions.users, cookie.Value)
		sessions.Unlock()
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Path: "/", HttpOnly: true, MaxAge: -1})
	http.Redirect(w, r, "/", http.StatusFound)
}
