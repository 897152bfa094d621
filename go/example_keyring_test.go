package userhash_test

import (
	"fmt"
	"log"
	"time"

	userhash "example.invalid/userhash/go"
)

// Zero-downtime rotation: the new secret signs, the old one verifies until it is retired.
func ExampleKeyring() {
	keyring, err := userhash.NewKeyring("2026-11", "new-secret")
	if err != nil {
		log.Fatal(err)
	}
	defer keyring.Close()
	retireAt := int64(1767225600) // deploy time + 24 h
	if err := keyring.Add("2026-05", "old-secret", userhash.Until(retireAt)); err != nil {
		log.Fatal(err)
	}

	oldHash, _ := userhash.Sign("old-secret", "user123") // a page rendered before the deploy
	v, _ := keyring.VerifyDetailed("user123", oldHash, userhash.At(retireAt-1))
	fmt.Println(v.Outcome, v.KeyID)
	v, _ = keyring.VerifyDetailed("user123", oldHash, userhash.At(retireAt))
	fmt.Println(v)
	v, _ = keyring.VerifyDetailed("user123", "") // a blank hash is a failure, never a skip
	fmt.Println(v.Verified(), v)
	// Output:
	// verified 2026-05
	// expired (key 2026-05)
	// false missing
}

// Monitoring: every failed verification, without the secret or the whole hash.
func ExampleKeyring_OnFailure() {
	keyring, _ := userhash.NewKeyring("current", "your_secret_key")
	defer keyring.Close()
	keyring.OnFailure(func(e userhash.FailureEvent) {
		log.Printf("identity check failed: %s %s user=%q hash=%q…", e.Outcome, e.Reason, e.UserID, e.HashPrefix)
	})
	v, _ := keyring.VerifyDetailed("user123", "3f0a-not-hex")
	fmt.Println(v.Outcome, v.Reason)
	// Output: malformed hash_wrong_length
}

// Expiring tokens for your own endpoints.
func ExampleKeyring_VerifyToken() {
	keyring, _ := userhash.NewKeyring("current", "your_secret_key")
	defer keyring.Close()
	token, _ := keyring.IssueTokenAt("user123", 1767225600)
	fmt.Println(token[:14])
	v, _ := keyring.VerifyToken("user123", token, userhash.At(1767225599))
	fmt.Println(v)
	v, _ = keyring.VerifyToken("user123", token, userhash.At(1767225600))
	fmt.Println(v)
	v, _ = keyring.VerifyToken("user123", token, userhash.At(1767225600), userhash.Leeway(30*time.Second))
	fmt.Println(v)
	fresh, _ := keyring.IssueToken("user123", time.Hour) // expires an hour from now
	v, _ = keyring.VerifyToken("user123", fresh)
	fmt.Println(v.Verified())
	// Output:
	// v1.1767225600.
	// verified (key current)
	// expired (key current)
	// verified (key current)
	// true
}

// Debugging "Identity verification failed": which mistake made the page's hash.
func ExampleExplain() {
	pageHash, _ := userhash.Sign("your_secret_key", "user123\n") // the server hashed "user123\n"
	finding, _ := userhash.Explain("your_secret_key", "user123", pageHash)
	fmt.Println(finding.Code)
	emailHash, _ := userhash.Sign("your_secret_key", "jo@example.com")
	finding, _ = userhash.Explain("your_secret_key", "user123", emailHash, userhash.Email("jo@example.com"))
	fmt.Println(finding.Code)
	// Output:
	// id_whitespace
	// email_instead_of_id
}

// A widget snippet that is safe inside HTML, with the hash computed from the id.
func ExampleWidgetScript() {
	signer, _ := userhash.NewSigner("your_secret_key")
	defer signer.Close()
	script, err := userhash.WidgetScript(signer, userhash.WidgetConfig{
		Preset: userhash.PresetTau,
		AppID:  "YOUR_APP_ID",
		Nonce:  "r4nd0m", // the page's CSP nonce
		User:   &userhash.WidgetUser{ID: "user123", Name: "</script>"},
	})
	fmt.Println(script, err)
	anonymous, _ := userhash.WidgetScript(signer, userhash.WidgetConfig{Preset: userhash.PresetHal, AppID: "your-app-id"})
	fmt.Println(anonymous)
	// Output:
	// <script nonce="r4nd0m">window.taubotConfig = {"appId":"YOUR_APP_ID","user":{"id":"user123","hash":"988eb0ea39d60e4c03569823e9a652b7ddd859ff5d027bbdf4cc02f0f2ca6221","name":"\u003c/script\u003e"}};</script> <nil>
	// <script>window.HalSettings = {"appId":"your-app-id"};</script>
}
