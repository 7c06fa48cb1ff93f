package sso

import (
	"net/http"
	"slices"
	"time"
)

// ClaimNames are the claim names a provider uses for the person's data.
// An empty field takes the default shown on it.
type ClaimNames struct {
	// Subject names the stable user id in a ticket-exchange provider's
	// user information. OIDC ignores it and always reads the ID token's
	// "sub" claim.
	Subject    string // default "sub"
	Name       string // default "name"
	IDNumber   string // default "id_number"
	Phone      string // default "phone_number"
	OrgName    string // default "legal_org_name"
	CreditCode string // default "legal_credit_code"
}

func (c ClaimNames) withDefaults() ClaimNames {
	fill := func(field *string, value string) {
		if *field == "" {
			*field = value
		}
	}
	fill(&c.Subject, "sub")
	fill(&c.Name, "name")
	fill(&c.IDNumber, "id_number")
	fill(&c.Phone, "phone_number")
	fill(&c.OrgName, "legal_org_name")
	fill(&c.CreditCode, "legal_credit_code")
	return c
}

// Config configures an OpenID Connect provider.
type Config struct {
	// Name is the provider key stored with external accounts, e.g. "hubei".
	Name string
	// Issuer is the issuer URL; discovery reads
	// Issuer + "/.well-known/openid-configuration".
	Issuer string
	// ClientID and ClientSecret are the registered client credentials. An
	// empty ClientSecret makes a public client that relies on PKCE alone.
	// The secret is never logged.
	ClientID     string
	ClientSecret string
	// RedirectURL is the callback URL registered with the provider.
	RedirectURL string
	// Scopes requested; "openid" is added when missing. Nil means
	// openid, profile and phone.
	Scopes []string
	// Claims maps the person's data to claim names.
	Claims ClaimNames
	// HTTPClient makes all requests to the provider. Nil means a client
	// with a 10 second timeout.
	HTTPClient *http.Client
}

const defaultHTTPTimeout = 10 * time.Second

func (c Config) withDefaults() Config {
	c.Claims = c.Claims.withDefaults()
	c.Claims.Subject = "sub"
	if c.Scopes == nil {
		c.Scopes = []string{"openid", "profile", "phone"}
	}
	if !slices.Contains(c.Scopes, "openid") {
		c.Scopes = append([]string{"openid"}, c.Scopes...)
	}
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{Timeout: defaultHTTPTimeout}
	}
	return c
}
