// Package sso signs people in through an external identity provider, such
// as the Hubei provincial unified identity provider (湖北省统一身份认证), and
// turns the result into an Identity.
//
// The protocol sits behind the Provider interface. OIDC implements it with
// OpenID Connect. Ticket implements the CAS-like ticket exchange that many
// provincial platforms offer instead: a login page that returns a ticket,
// a token endpoint that redeems it and a user-information endpoint. Claim
// names are configuration because each provider names them differently.
package sso

import (
	"context"
	"errors"
)

// Errors returned by providers. Callers test for them with errors.Is and
// map them to messages for the person logging in.
var (
	// ErrNonceMismatch means the ID token carries a nonce other than the one
	// sent with the authorization request, which indicates a replayed token.
	ErrNonceMismatch = errors.New("sso: id token nonce does not match the request")

	// ErrMissingClaim means a required claim (subject, name or phone, or an
	// incomplete pair of legal-person claims) is absent from both the ID
	// token and userinfo, or from a ticket provider's user information.
	ErrMissingClaim = errors.New("sso: required claim missing")

	// ErrInvalidName means the provider's name for the person, or for
	// the organization of a legal-person login, cannot be stored: longer
	// than 50 (person) or 100 (organization) characters, or containing a
	// control or format character or a line or paragraph separator.
	ErrInvalidName = errors.New("sso: invalid name from identity provider")

	// ErrTicketReused means the ticket of a ticket-exchange callback was
	// redeemed before, which indicates a replayed callback.
	ErrTicketReused = errors.New("sso: ticket already redeemed")

	// ErrInvalidIDToken means the token response carried no ID token or its
	// signature, issuer, audience or expiry failed verification.
	ErrInvalidIDToken = errors.New("sso: invalid id token")

	// ErrUnavailable means the provider's discovery document or endpoints
	// could not be reached, or returned a server error (5xx). A later call
	// retries.
	ErrUnavailable = errors.New("sso: identity provider unavailable")

	// ErrInvalidResponse means a ticket-exchange endpoint returned a body
	// that is not a JSON object, is too large or lacks the access token, or
	// returned a redirect or another unexpected status without a provider
	// error.
	ErrInvalidResponse = errors.New("sso: invalid response from identity provider")
)

// Identity is a person authenticated by a provider.
type Identity struct {
	// Provider is the Config.Name of the provider, stored with the external
	// account so that subjects from different providers never collide.
	Provider string
	// Subject is the provider's stable identifier for the person.
	Subject string
	// Name is the person's legal name.
	Name string
	// IDNumber is the resident ID number; it may be empty and must not be
	// logged.
	IDNumber string
	// Phone is the mobile number.
	Phone string
	// Legal is set for a legal-person login (法人登录) and nil for a
	// personal login.
	Legal *Legal
}

// Legal is the organization a legal-person login acts for. The person is
// its legal representative.
type Legal struct {
	// OrgName is the organization's registered name.
	OrgName string
	// CreditCode is the unified social credit code (统一社会信用代码).
	CreditCode string
}

// Provider is one external identity provider.
type Provider interface {
	// Name returns the provider key stored with external accounts.
	Name() string
	// AuthURL returns the URL to send the browser to. It carries the state
	// of r, and also the nonce and the PKCE S256 challenge when the
	// protocol has them.
	AuthURL(ctx context.Context, r Request) (string, error)
	// Exchange trades the authorization code or ticket from the callback
	// for the person's Identity. The caller must have checked the callback
	// state against r.State first.
	Exchange(ctx context.Context, code string, r Request) (Identity, error)
}
