package devidp

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

var errUnsupported = errors.New("devidp: not supported by the development provider")

// CreateAccessToken stores an access token for an auth request; the op
// package only passes auth requests because no other grant is enabled.
func (s *storage) CreateAccessToken(_ context.Context, req op.TokenRequest) (string, time.Time, error) {
	a, ok := req.(*authRequest)
	if !ok {
		return "", time.Time{}, fmt.Errorf("access token for %T: %w", req, errUnsupported)
	}
	id, err := randomID()
	if err != nil {
		return "", time.Time{}, err
	}
	now := time.Now()
	t := &accessToken{
		ClientID: a.ClientID,
		Subject:  a.GetSubject(),
		Scopes:   a.Scopes,
		Expiry:   now.Add(accessTokenLifetime),
		Persona:  a.Persona,
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	s.removeExpiredLocked(now)
	s.tokens[id] = t
	return id, t.Expiry, nil
}

func (s *storage) CreateAccessAndRefreshTokens(context.Context, op.TokenRequest, string) (string, string, time.Time, error) {
	return "", "", time.Time{}, fmt.Errorf("refresh tokens: %w", errUnsupported)
}

func (s *storage) TokenRequestByRefreshToken(context.Context, string) (op.RefreshTokenRequest, error) {
	return nil, op.ErrInvalidRefreshToken
}

// TerminateSession does nothing because the provider keeps no sessions:
// every login shows the persona form.
func (s *storage) TerminateSession(context.Context, string, string) error { return nil }

func (s *storage) RevokeToken(_ context.Context, tokenID, _, clientID string) *oidc.Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.tokens[tokenID]; ok && t.ClientID == clientID {
		delete(s.tokens, tokenID)
	}
	return nil
}

func (s *storage) GetRefreshTokenInfo(context.Context, string, string) (string, string, error) {
	return "", "", op.ErrInvalidRefreshToken
}

func (s *storage) SigningKey(context.Context) (op.SigningKey, error) { return s.key, nil }

func (s *storage) SignatureAlgorithms(context.Context) ([]jose.SignatureAlgorithm, error) {
	return []jose.SignatureAlgorithm{jose.RS256}, nil
}

func (s *storage) KeySet(context.Context) ([]op.Key, error) {
	return []op.Key{publicKey{s.key}}, nil
}

func (s *storage) GetClientByClientID(_ context.Context, clientID string) (op.Client, error) {
	c, ok := s.clients[clientID]
	if !ok {
		return nil, fmt.Errorf("client %q: %w", clientID, errNotFound)
	}
	return c, nil
}

func (s *storage) AuthorizeClientIDSecret(_ context.Context, clientID, secret string) error {
	c, ok := s.clients[clientID]
	if !ok || subtle.ConstantTimeCompare([]byte(c.Secret), []byte(secret)) != 1 {
		return fmt.Errorf("client %q: invalid client credentials", clientID)
	}
	return nil
}

// SetUserinfoFromScopes does nothing, as op.OPStorage documents for this
// deprecated method. SetUserinfoFromRequest adds the claims.
func (s *storage) SetUserinfoFromScopes(context.Context, *oidc.UserInfo, string, string, []string) error {
	return nil
}

// SetUserinfoFromRequest adds the persona's claims to the ID token.
func (s *storage) SetUserinfoFromRequest(_ context.Context, info *oidc.UserInfo, req op.IDTokenRequest, _ []string) error {
	a, ok := req.(*authRequest)
	if !ok {
		return fmt.Errorf("id token for %T: %w", req, errUnsupported)
	}
	setPersonaClaims(info, a.GetSubject(), a.Persona)
	return nil
}

// SetUserinfoFromToken returns the persona's claims at the userinfo
// endpoint.
func (s *storage) SetUserinfoFromToken(_ context.Context, info *oidc.UserInfo, tokenID, subject, _ string) error {
	s.mu.Lock()
	t, ok := s.tokens[tokenID]
	s.mu.Unlock()
	if !ok || t.Subject != subject || time.Now().After(t.Expiry) {
		return fmt.Errorf("access token: %w", errNotFound)
	}
	setPersonaClaims(info, t.Subject, t.Persona)
	return nil
}

func (s *storage) SetIntrospectionFromToken(_ context.Context, resp *oidc.IntrospectionResponse, tokenID, subject, clientID string) error {
	s.mu.Lock()
	t, ok := s.tokens[tokenID]
	s.mu.Unlock()
	if !ok || t.Subject != subject || t.ClientID != clientID || time.Now().After(t.Expiry) {
		return fmt.Errorf("access token: %w", errNotFound)
	}
	resp.Active = true
	resp.Subject = t.Subject
	resp.ClientID = t.ClientID
	resp.Scope = t.Scopes
	resp.Expiration = oidc.FromTime(t.Expiry)
	return nil
}

func (s *storage) GetPrivateClaimsFromScopes(context.Context, string, string, []string) (map[string]any, error) {
	return nil, nil
}

func (s *storage) GetKeyByIDAndClientID(context.Context, string, string) (*jose.JSONWebKey, error) {
	return nil, fmt.Errorf("client keys: %w", errUnsupported)
}

func (s *storage) ValidateJWTProfileScopes(context.Context, string, []string) ([]string, error) {
	return nil, fmt.Errorf("jwt profile grant: %w", errUnsupported)
}

func (s *storage) Health(context.Context) error { return nil }

// Claim names, equal to the sso package defaults.
const (
	claimIDNumber   = "id_number"
	claimOrgName    = "legal_org_name"
	claimCreditCode = "legal_credit_code"
)

func setPersonaClaims(info *oidc.UserInfo, subject string, p persona) {
	info.Subject = subject
	info.Name = p.Name
	info.PhoneNumber = p.Phone
	info.PhoneNumberVerified = true
	if p.IDNumber != "" {
		info.AppendClaims(claimIDNumber, p.IDNumber)
	}
	if p.legal() {
		info.AppendClaims(claimOrgName, p.OrgName)
		info.AppendClaims(claimCreditCode, p.CreditCode)
	}
}
