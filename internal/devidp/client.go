package devidp

import (
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// Client is a relying party registered with the development provider.
type Client struct {
	// ID is the client_id.
	ID string
	// Secret is the client secret. An empty secret registers a public
	// client, which must use PKCE (as every client of this provider must).
	Secret string
	// RedirectURIs are the exact callback URLs the client may use.
	RedirectURIs []string
}

// idTokenLifetime is short because tokens are only read once, at login.
const idTokenLifetime = 5 * time.Minute

// opClient adapts Client to op.Client: a confidential web client (or a
// public one without secret) that may only use the authorization code
// flow.
type opClient struct {
	Client
	loginURL func(authRequestID string) string
}

var _ op.Client = (*opClient)(nil)

func (c *opClient) GetID() string                    { return c.ID }
func (c *opClient) RedirectURIs() []string           { return c.Client.RedirectURIs }
func (c *opClient) PostLogoutRedirectURIs() []string { return nil }
func (c *opClient) ApplicationType() op.ApplicationType {
	return op.ApplicationTypeWeb
}

func (c *opClient) AuthMethod() oidc.AuthMethod {
	if c.Secret == "" {
		return oidc.AuthMethodNone
	}
	return oidc.AuthMethodBasic
}

func (c *opClient) ResponseTypes() []oidc.ResponseType {
	return []oidc.ResponseType{oidc.ResponseTypeCode}
}

func (c *opClient) GrantTypes() []oidc.GrantType {
	return []oidc.GrantType{oidc.GrantTypeCode}
}

func (c *opClient) LoginURL(authRequestID string) string { return c.loginURL(authRequestID) }
func (c *opClient) AccessTokenType() op.AccessTokenType  { return op.AccessTokenTypeBearer }
func (c *opClient) IDTokenLifetime() time.Duration       { return idTokenLifetime }

// DevMode allows http redirect URIs.
func (c *opClient) DevMode() bool { return true }

func (c *opClient) RestrictAdditionalIdTokenScopes() func([]string) []string {
	return keepScopes
}

func (c *opClient) RestrictAdditionalAccessTokenScopes() func([]string) []string {
	return keepScopes
}

func (c *opClient) IsScopeAllowed(string) bool { return true }

// IDTokenUserinfoClaimsAssertion puts the person's claims in the ID token
// even when an access token is issued, as the provincial provider does.
func (c *opClient) IDTokenUserinfoClaimsAssertion() bool { return true }
func (c *opClient) ClockSkew() time.Duration             { return 0 }

func keepScopes(scopes []string) []string { return scopes }
