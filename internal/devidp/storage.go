package devidp

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// accessTokenLifetime bounds how long userinfo accepts an access token.
const accessTokenLifetime = 5 * time.Minute

var errNotFound = errors.New("devidp: not found")

// accessToken is an issued access token, kept so that userinfo can return
// the persona it was issued for.
type accessToken struct {
	ClientID string
	Subject  string
	Scopes   []string
	Expiry   time.Time
	Persona  persona
}

// storage is the in-memory op.Storage. It supports only the authorization
// code flow with PKCE: no refresh tokens, sessions or JWT profile grants.
type storage struct {
	clients map[string]*opClient
	key     *signingKey

	mu           sync.Mutex
	authRequests map[string]*authRequest
	codes        map[string]string // code to auth request ID
	tokens       map[string]*accessToken
}

var (
	_ op.Storage                   = (*storage)(nil)
	_ op.CanSetUserinfoFromRequest = (*storage)(nil)
)

func newStorage(clients map[string]*opClient, key *signingKey) *storage {
	return &storage{
		clients:      clients,
		key:          key,
		authRequests: map[string]*authRequest{},
		codes:        map[string]string{},
		tokens:       map[string]*accessToken{},
	}
}

// randomID returns 128 random bits as hex. Auth request IDs are such
// values, and the login form relies on them being unguessable.
func randomID() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("devidp: read random bytes: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// CreateAuthRequest stores the request. It rejects requests without a PKCE
// S256 challenge, because the product must always send one.
func (s *storage) CreateAuthRequest(_ context.Context, req *oidc.AuthRequest, _ string) (op.AuthRequest, error) {
	if req.CodeChallenge == "" || req.CodeChallengeMethod != oidc.CodeChallengeMethodS256 {
		return nil, oidc.ErrInvalidRequest().WithDescription("code_challenge with code_challenge_method S256 is required")
	}
	id, err := randomID()
	if err != nil {
		return nil, err
	}
	a := &authRequest{
		ID:            id,
		ClientID:      req.ClientID,
		RedirectURI:   req.RedirectURI,
		Scopes:        req.Scopes,
		State:         req.State,
		Nonce:         req.Nonce,
		ResponseType:  req.ResponseType,
		ResponseMode:  req.ResponseMode,
		CodeChallenge: &oidc.CodeChallenge{Challenge: req.CodeChallenge, Method: req.CodeChallengeMethod},
		Created:       time.Now(),
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	s.removeExpiredLocked(a.Created)
	s.authRequests[id] = a
	copied := *a
	return &copied, nil
}

// removeExpiredLocked bounds memory by dropping expired auth requests,
// their codes and expired tokens.
func (s *storage) removeExpiredLocked(now time.Time) {
	for id, a := range s.authRequests {
		if a.expired(now) {
			delete(s.authRequests, id)
		}
	}
	for code, id := range s.codes {
		if _, ok := s.authRequests[id]; !ok {
			delete(s.codes, code)
		}
	}
	for id, t := range s.tokens {
		if now.After(t.Expiry) {
			delete(s.tokens, id)
		}
	}
}

func (s *storage) AuthRequestByID(_ context.Context, id string) (op.AuthRequest, error) {
	a, err := s.authRequest(id)
	if err != nil {
		return nil, err
	}
	return a, nil
}

// authRequest returns a copy of the unexpired auth request id.
func (s *storage) authRequest(id string) (*authRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.authRequests[id]
	if !ok || a.expired(time.Now()) {
		return nil, fmt.Errorf("auth request %q: %w", id, errNotFound)
	}
	copied := *a
	return &copied, nil
}

func (s *storage) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	s.mu.Lock()
	id, ok := s.codes[code]
	s.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("code: %w", errNotFound)
	}
	return s.AuthRequestByID(ctx, id)
}

func (s *storage) SaveAuthCode(_ context.Context, id, code string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.authRequests[id]; !ok {
		return fmt.Errorf("auth request %q: %w", id, errNotFound)
	}
	s.codes[code] = id
	return nil
}

// DeleteAuthRequest removes the request and its codes. The op package
// calls it after a successful code exchange, which makes codes single-use.
func (s *storage) DeleteAuthRequest(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.authRequests, id)
	for code, requestID := range s.codes {
		if requestID == id {
			delete(s.codes, code)
		}
	}
	return nil
}

// completeLogin marks the auth request id as authenticated as p.
func (s *storage) completeLogin(id string, p persona) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.authRequests[id]
	if !ok || a.expired(time.Now()) {
		return fmt.Errorf("auth request %q: %w", id, errNotFound)
	}
	if a.LoggedIn {
		return fmt.Errorf("auth request %q: already logged in", id)
	}
	a.LoggedIn = true
	a.AuthTime = time.Now()
	a.Persona = p
	return nil
}
