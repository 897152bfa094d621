package userhash_test

import (
	"errors"
	"fmt"
	"os"

	userhash "example.invalid/userhash/go"
)

func Example() {
	signer, err := userhash.NewSigner("your_secret_key") // keyed state built once: share it
	if err != nil {
		panic(err)
	}
	defer signer.Close()

	hash, _ := signer.Sign("user123")
	fmt.Println(hash)
	ok, _ := signer.Verify("user123", hash) // constant time, either hex case
	fmt.Println(ok)
	bad, _ := signer.Verify("user124", hash) // a wrong hash is false, not an error
	fmt.Println(bad)
	byInt, _ := signer.SignInt(42) // integer ids hash their decimal text
	byText, _ := signer.Sign("42")
	fmt.Println(byInt == byText)
	// Output:
	// 988eb0ea39d60e4c03569823e9a652b7ddd859ff5d027bbdf4cc02f0f2ca6221
	// true
	// false
	// true
}

func ExampleSign() {
	hash, err := userhash.Sign("your_secret_key", "user123") // one-off; prefer a Signer
	fmt.Println(hash, err)
	// Output: 988eb0ea39d60e4c03569823e9a652b7ddd859ff5d027bbdf4cc02f0f2ca6221 <nil>
}

func ExampleSignerFromEnv() {
	os.Setenv("WIDGET_SECRET", "your_secret_key\n") // a newline pasted from a secret file
	_, err := userhash.SignerFromEnv("WIDGET_SECRET")
	var uerr *userhash.Error
	if errors.As(err, &uerr) {
		fmt.Println(uerr.Code)
	}
	// Output: secret_whitespace
}
