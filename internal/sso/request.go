package sso

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
)

// Request is the per-login secret material of an authorization request.
// The caller stores it server-side (the state hashed) from AuthURL until the
// callback and passes it to Exchange.
type Request struct {
	// State binds the callback to the browser that started the login.
	State string
	// Nonce binds the ID token to this request.
	Nonce string
	// CodeVerifier is the PKCE verifier (RFC 7636); only its S256 challenge
	// leaves the server before the code exchange.
	CodeVerifier string
}

// NewRequest returns a Request with 256 random bits (crypto/rand) in each
// field, base64url-encoded without padding.
func NewRequest() (Request, error) {
	var r Request
	for _, field := range []*string{&r.State, &r.Nonce, &r.CodeVerifier} {
		value, err := randomString(32)
		if err != nil {
			return Request{}, err
		}
		*field = value
	}
	return r, nil
}

func (r Request) validate() error {
	if r.State == "" || r.Nonce == "" || r.CodeVerifier == "" {
		return errors.New("sso: request needs state, nonce and code verifier; create it with NewRequest")
	}
	return nil
}

func randomString(size int) (string, error) {
	b := make([]byte, size)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("sso: read random bytes: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
