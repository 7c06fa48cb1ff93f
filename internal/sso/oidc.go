package sso

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"sync"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// OIDC is a Provider speaking OpenID Connect with the authorization code
// flow and PKCE. It is safe for concurrent use.
type OIDC struct {
	cfg Config

	// mu guards the discovery result. Discovery runs on first use rather
	// than in NewOIDC, because in development the provider is served by the
	// same process, which may not be listening yet. A failed discovery is
	// retried on the next call.
	mu       sync.Mutex
	provider *oidc.Provider
	oauth    *oauth2.Config
	verifier *oidc.IDTokenVerifier
}

var _ Provider = (*OIDC)(nil)

// NewOIDC returns an OIDC provider for cfg. It makes no network request.
func NewOIDC(cfg Config) *OIDC {
	return &OIDC{cfg: cfg.withDefaults()}
}

// Name returns Config.Name.
func (p *OIDC) Name() string { return p.cfg.Name }

// AuthURL returns the authorization endpoint URL with the state, the nonce
// and the PKCE S256 challenge of r. It runs discovery if needed.
func (p *OIDC) AuthURL(ctx context.Context, r Request) (string, error) {
	if err := r.validate(); err != nil {
		return "", err
	}
	oauth, _, _, err := p.discover(ctx)
	if err != nil {
		return "", err
	}
	return oauth.AuthCodeURL(r.State, oidc.Nonce(r.Nonce), oauth2.S256ChallengeOption(r.CodeVerifier)), nil
}

// Exchange redeems code with the PKCE verifier of r, verifies the ID
// token's signature, issuer, audience, expiry and nonce, and reads the
// person's claims from the ID token, falling back to userinfo for claims
// the ID token lacks.
//
// Errors wrap ErrUnavailable, ErrInvalidIDToken, ErrNonceMismatch,
// ErrMissingClaim or a *ProviderError from the token endpoint.
func (p *OIDC) Exchange(ctx context.Context, code string, r Request) (Identity, error) {
	if err := r.validate(); err != nil {
		return Identity{}, err
	}
	oauth, provider, verifier, err := p.discover(ctx)
	if err != nil {
		return Identity{}, err
	}
	ctx = oidc.ClientContext(ctx, p.cfg.HTTPClient)

	token, err := oauth.Exchange(ctx, code, oauth2.VerifierOption(r.CodeVerifier))
	if err != nil {
		return Identity{}, tokenError(err, code, r.CodeVerifier, p.cfg.ClientSecret)
	}
	idToken, err := verifyIDToken(ctx, verifier, token, r.Nonce)
	if err != nil {
		return Identity{}, err
	}
	claims, err := newClaimSet(idToken)
	if err != nil {
		return Identity{}, err
	}
	if claims.lacksAny(p.cfg.Claims) && provider.UserInfoEndpoint() != "" {
		if err := claims.addUserInfo(ctx, provider, token, idToken.Subject, p.cfg.Claims); err != nil {
			return Identity{}, err
		}
	}
	return claims.identity(p.cfg.Name, idToken.Subject, p.cfg.Claims)
}

// discover returns the discovered configuration, fetching it on first use
// or after an earlier failure.
func (p *OIDC) discover(ctx context.Context) (*oauth2.Config, *oidc.Provider, *oidc.IDTokenVerifier, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.provider != nil {
		return p.oauth, p.provider, p.verifier, nil
	}

	provider, err := oidc.NewProvider(oidc.ClientContext(ctx, p.cfg.HTTPClient), p.cfg.Issuer)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("%w: discovery for %s: %w", ErrUnavailable, p.cfg.Issuer, newScrubbedError(err))
	}
	p.provider = provider
	p.oauth = &oauth2.Config{
		ClientID:     p.cfg.ClientID,
		ClientSecret: p.cfg.ClientSecret,
		Endpoint:     provider.Endpoint(),
		RedirectURL:  p.cfg.RedirectURL,
		Scopes:       p.cfg.Scopes,
	}
	p.verifier = provider.Verifier(&oidc.Config{ClientID: p.cfg.ClientID})
	return p.oauth, p.provider, p.verifier, nil
}

func verifyIDToken(ctx context.Context, verifier *oidc.IDTokenVerifier, token *oauth2.Token, nonce string) (*oidc.IDToken, error) {
	raw, ok := token.Extra("id_token").(string)
	if !ok || raw == "" {
		return nil, fmt.Errorf("%w: token response has no id_token", ErrInvalidIDToken)
	}
	idToken, err := verifier.Verify(ctx, raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidIDToken, err)
	}
	if subtle.ConstantTimeCompare([]byte(idToken.Nonce), []byte(nonce)) != 1 {
		return nil, ErrNonceMismatch
	}
	if idToken.AccessTokenHash != "" {
		if err := idToken.VerifyAccessToken(token.AccessToken); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrInvalidIDToken, err)
		}
	}
	return idToken, nil
}

// tokenError turns a token endpoint failure into a *ProviderError when the
// provider returned an OAuth 2.0 error, and into ErrUnavailable otherwise.
// The message leaves out secrets, such as the code, the PKCE verifier and
// the client secret, which the provider's response may quote.
func tokenError(err error, secrets ...string) error {
	var retrieve *oauth2.RetrieveError
	if errors.As(err, &retrieve) && retrieve.ErrorCode != "" {
		return newProviderError(retrieve.ErrorCode, retrieve.ErrorDescription, err, secrets...)
	}
	return fmt.Errorf("%w: code exchange: %w", ErrUnavailable, newScrubbedError(err, secrets...))
}
