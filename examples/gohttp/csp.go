package main

import (
	"context"
	"net/http"
)

// A fresh CSP nonce per response, in the request's context for the page and for userhash's
// WithNonce: only the scripts carrying it run.

type nonceKey struct{}

func withCSP(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		nonce := randomText(16)
		w.Header().Set("Content-Security-Policy", "script-src 'nonce-"+nonce+"'; object-src 'none'; base-uri 'none'")
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), nonceKey{}, nonce)))
	})
}

// cspNonce is the request's nonce (withCSP).
func cspNonce(r *http.Request) string {
	nonce, _ := r.Context().Value(nonceKey{}).(string)
	return nonce
}
