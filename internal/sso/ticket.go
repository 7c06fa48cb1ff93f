package sso

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"wct/internal/platform/redact"
)

// TicketParams are the request parameter and response field names of a
// ticket-exchange provider. An empty field takes the default shown on it.
type TicketParams struct {
	AppCode     string // login and token request parameter, default "app_code"
	AppSecret   string // token request parameter, default "app_secret"
	ReturnURL   string // login and token request parameter, default "redirect_uri"
	AccessToken string // token response field, default "access_token"
	// TokenQuery is the query parameter that carries the access token to
	// the user-information endpoint. Empty, the default, sends the token
	// in an "Authorization: Bearer" header instead.
	TokenQuery string
}

func (p TicketParams) withDefaults() TicketParams {
	fill := func(field *string, value string) {
		if *field == "" {
			*field = value
		}
	}
	fill(&p.AppCode, "app_code")
	fill(&p.AppSecret, "app_secret")
	fill(&p.ReturnURL, "redirect_uri")
	fill(&p.AccessToken, "access_token")
	return p
}

// TicketConfig configures a ticket-exchange provider.
type TicketConfig struct {
	// Name is the provider key stored with external accounts, e.g.
	// "hubei-ticket".
	Name string
	// LoginURL is the provider's login page. AuthURL keeps its query and
	// adds the app code and the return URL.
	LoginURL string
	// TokenURL redeems a ticket for an access token (form POST).
	TokenURL string
	// UserInfoURL returns the person's attributes for an access token
	// (GET).
	UserInfoURL string
	// AppCode identifies this site to the provider.
	AppCode string
	// AppSecret authenticates the token request. It prints as
	// redact.Placeholder and is never logged.
	AppSecret redact.Secret
	// RedirectURL is the callback URL of this site. The return URL sent to
	// the provider is RedirectURL with the login's state added to its
	// query.
	RedirectURL string
	// Params names the parameters and fields that differ per provider.
	Params TicketParams
	// SuccessCodes are the values of a response envelope's "code" field
	// that mean success. Nil means "0" and "200".
	SuccessCodes []string
	// Claims maps the person's data to attribute names of the user
	// information, including Claims.Subject for the stable user id.
	Claims ClaimNames
	// Ledger records redeemed tickets, so that Exchange redeems each
	// ticket once. It is required.
	Ledger TicketLedger
	// HTTPClient makes all requests to the provider. Nil means a client
	// with a 10 second timeout that does not follow redirects, so the app
	// secret and the access token go only to the configured URLs.
	HTTPClient *http.Client
}

func (c TicketConfig) withDefaults() TicketConfig {
	c.Claims = c.Claims.withDefaults()
	c.Params = c.Params.withDefaults()
	if c.SuccessCodes == nil {
		c.SuccessCodes = []string{"0", "200"}
	}
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{
			Timeout: defaultHTTPTimeout,
			CheckRedirect: func(*http.Request, []*http.Request) error {
				return http.ErrUseLastResponse
			},
		}
	}
	return c
}

// TicketLedger records the tickets that a Ticket provider redeemed. A
// ledger that all instances of the server share, such as a database table,
// makes the single-use check hold across instances.
type TicketLedger interface {
	// RecordSSOTicket stores hash, the hex SHA-256 of a ticket, for ttl and
	// reports whether it was new. It returns false and a nil error when
	// hash was stored less than ttl before.
	RecordSSOTicket(ctx context.Context, hash string, ttl time.Duration) (bool, error)
}

// ticketLedgerTTL is how long a redeemed ticket is remembered.
//
// NOTE: the ten minutes assume that the provider's tickets expire sooner.
// A provider that accepts a ticket again after longer is not covered by
// this check.
const ticketLedgerTTL = 10 * time.Minute

// Ticket is a Provider for a CAS-like ticket exchange:
//
//  1. AuthURL sends the browser to LoginURL with the app code and a
//     return URL, which is RedirectURL carrying the state in its query.
//  2. After login the provider sends the browser to the return URL with a
//     "ticket" query parameter.
//  3. Exchange posts the ticket, the app code, the app secret and the same
//     return URL to TokenURL and receives an access token.
//  4. Exchange reads the person's attributes from UserInfoURL with that
//     token and maps them through Claims.
//
// The protocol has no nonce and no PKCE, so Request.Nonce and
// Request.CodeVerifier are unused. The state, which the caller binds to the
// browser, is what ties the callback to the browser that started the login.
// The ledger rejects a ticket redeemed before, even if the provider would
// accept it again.
//
// Responses may be plain JSON objects or envelopes such as
// {"code": 0, "msg": "ok", "data": {...}}. An envelope code outside
// SuccessCodes, or an OAuth 2.0 "error" string, becomes a *ProviderError,
// and a "data" object is unwrapped.
//
// NOTE: the return URL already has a query, so a provider that appends
// "?ticket=" instead of "&ticket=" corrupts the state, and the callback
// fails with a state mismatch.
//
// A Ticket is safe for concurrent use.
type Ticket struct {
	cfg         TicketConfig
	loginURL    *url.URL
	redirectURL *url.URL
}

var _ Provider = (*Ticket)(nil)

var errNoState = errors.New("sso: request needs a state; create it with NewRequest")

// NewTicket returns a Ticket provider for cfg. It checks that the four URLs
// are absolute http or https URLs and that the app code, the app secret
// and the ledger are set. It makes no network request.
func NewTicket(cfg TicketConfig) (*Ticket, error) {
	cfg = cfg.withDefaults()
	if cfg.AppCode == "" || cfg.AppSecret == "" {
		return nil, errors.New("sso: ticket provider needs an app code and an app secret")
	}
	if cfg.Ledger == nil {
		return nil, errors.New("sso: ticket provider needs a Ledger to record redeemed tickets")
	}
	p := &Ticket{cfg: cfg}
	var err error
	if p.loginURL, err = parseEndpoint("LoginURL", cfg.LoginURL); err != nil {
		return nil, err
	}
	if p.redirectURL, err = parseEndpoint("RedirectURL", cfg.RedirectURL); err != nil {
		return nil, err
	}
	if _, err = parseEndpoint("TokenURL", cfg.TokenURL); err != nil {
		return nil, err
	}
	if _, err = parseEndpoint("UserInfoURL", cfg.UserInfoURL); err != nil {
		return nil, err
	}
	return p, nil
}

func parseEndpoint(field, raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("sso: invalid ticket provider %s %q: use an absolute http or https URL", field, raw)
	}
	return u, nil
}

// Name returns TicketConfig.Name.
func (p *Ticket) Name() string { return p.cfg.Name }

// AuthURL returns LoginURL with the app code and the return URL for the
// state of r. It makes no network request.
func (p *Ticket) AuthURL(_ context.Context, r Request) (string, error) {
	if r.State == "" {
		return "", errNoState
	}
	u := *p.loginURL
	q := u.Query()
	q.Set(p.cfg.Params.AppCode, p.cfg.AppCode)
	q.Set(p.cfg.Params.ReturnURL, p.returnURL(r.State))
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// returnURL returns RedirectURL with state in its query. AuthURL and
// Exchange build it alike, because the token endpoint may require the
// return URL that the ticket was issued for.
func (p *Ticket) returnURL(state string) string {
	u := *p.redirectURL
	q := u.Query()
	q.Set("state", state)
	u.RawQuery = q.Encode()
	return u.String()
}

// Exchange records ticket in the ledger, redeems it at TokenURL together
// with the return URL of r's state, reads the user information with the
// access token and maps it through TicketConfig.Claims. It never logs the
// ticket, the token, the app secret or the attributes, and its errors
// leave them out.
//
// A ticket that the ledger already holds fails with ErrTicketReused
// before any request to the provider. A ticket stays recorded when the
// provider then fails, so the person starts a new login.
//
// Errors wrap ErrTicketReused, ErrUnavailable, ErrInvalidResponse,
// ErrMissingClaim, ErrInvalidName or a *ProviderError from the provider.
func (p *Ticket) Exchange(ctx context.Context, ticket string, r Request) (Identity, error) {
	if r.State == "" {
		return Identity{}, errNoState
	}
	if ticket == "" {
		return Identity{}, errors.New("sso: callback has no ticket")
	}
	if err := p.record(ctx, ticket); err != nil {
		return Identity{}, err
	}
	token, err := p.redeem(ctx, ticket, p.returnURL(r.State))
	if err != nil {
		return Identity{}, err
	}
	info, err := p.userInfo(ctx, ticket, token)
	if err != nil {
		return Identity{}, err
	}
	return info.identity(p.cfg.Name, info.text(p.cfg.Claims.Subject), p.cfg.Claims)
}

// record stores the hash of ticket in the ledger. It returns
// ErrTicketReused when the ledger holds the hash already.
func (p *Ticket) record(ctx context.Context, ticket string) error {
	sum := sha256.Sum256([]byte(ticket))
	fresh, err := p.cfg.Ledger.RecordSSOTicket(ctx, hex.EncodeToString(sum[:]), ticketLedgerTTL)
	if err != nil {
		return fmt.Errorf("sso: record redeemed ticket: %w", err)
	}
	if !fresh {
		return ErrTicketReused
	}
	return nil
}

// redeem posts the ticket to TokenURL and returns the access token.
func (p *Ticket) redeem(ctx context.Context, ticket, returnURL string) (string, error) {
	params := p.cfg.Params
	form := url.Values{}
	form.Set(params.AppCode, p.cfg.AppCode)
	form.Set(params.AppSecret, p.cfg.AppSecret.Reveal())
	form.Set("ticket", ticket)
	form.Set(params.ReturnURL, returnURL)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.cfg.TokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return "", fmt.Errorf("sso: build token request: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")

	fields, err := p.call(req, "token", ticket, p.cfg.AppSecret.Reveal())
	if err != nil {
		return "", err
	}
	token := fields.text(params.AccessToken)
	if token == "" {
		return "", fmt.Errorf("%w: token response has no %q field", ErrInvalidResponse, params.AccessToken)
	}
	return token, nil
}

// userInfo returns the person's attributes for the access token, which
// ticket was redeemed for.
func (p *Ticket) userInfo(ctx context.Context, ticket, token string) (claimSet, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.cfg.UserInfoURL, nil)
	if err != nil {
		return nil, fmt.Errorf("sso: build user information request: %w", err)
	}
	if name := p.cfg.Params.TokenQuery; name != "" {
		q := req.URL.Query()
		q.Set(name, token)
		req.URL.RawQuery = q.Encode()
	} else {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return p.call(req, "user information", ticket, token, p.cfg.AppSecret.Reveal())
}
