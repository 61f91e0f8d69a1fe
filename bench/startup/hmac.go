// The native peer: what `hooks sign --provider github` computes, as a Go program. go build hmac.go
package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
)

func main() {
	body, err := os.ReadFile(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	mac := hmac.New(sha256.New, []byte(os.Args[1]))
	mac.Write(body)
	fmt.Println("X-Hub-Signature-256: sha256=" + hex.EncodeToString(mac.Sum(nil)))
}
