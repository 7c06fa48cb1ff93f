package devidp

import (
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// authRequestLifetime bounds how long a tester may take on the login page
// and how long a code may wait for its exchange.
const authRequestLifetime = 10 * time.Minute

// authRequest is a stored authorization request. Storage returns copies,
// so a request held by the op package does not change under it.
type authRequest struct {
	ID            string
	ClientID      string
	RedirectURI   string
	Scopes        []string
	State         string
	Nonce         string
	ResponseType  oidc.ResponseType
	ResponseMode  oidc.ResponseMode
	CodeChallenge *oidc.CodeChallenge
	Created       time.Time

	// Set by the login form.
	LoggedIn bool
	AuthTime time.Time
	Persona  persona
}

var _ op.AuthRequest = (*authRequest)(nil)

func (a *authRequest) GetID() string                         { return a.ID }
func (a *authRequest) GetACR() string                        { return "" }
func (a *authRequest) GetAMR() []string                      { return nil }
func (a *authRequest) GetAudience() []string                 { return []string{a.ClientID} }
func (a *authRequest) GetAuthTime() time.Time                { return a.AuthTime }
func (a *authRequest) GetClientID() string                   { return a.ClientID }
func (a *authRequest) GetCodeChallenge() *oidc.CodeChallenge { return a.CodeChallenge }
func (a *authRequest) GetNonce() string                      { return a.Nonce }
func (a *authRequest) GetRedirectURI() string                { return a.RedirectURI }
func (a *authRequest) GetResponseType() oidc.ResponseType    { return a.ResponseType }
func (a *authRequest) GetResponseMode() oidc.ResponseMode    { return a.ResponseMode }
func (a *authRequest) GetScopes() []string                   { return a.Scopes }
func (a *authRequest) GetState() string                      { return a.State }
func (a *authRequest) Done() bool                            { return a.LoggedIn }

// GetSubject returns the subject derived from the persona's phone, or ""
// before login.
func (a *authRequest) GetSubject() string {
	if !a.LoggedIn {
		return ""
	}
	return subjectFor(a.Persona.Phone)
}

func (a *authRequest) expired(now time.Time) bool {
	return now.Sub(a.Created) > authRequestLifetime
}
