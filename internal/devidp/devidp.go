// Package devidp is a development OpenID Connect provider that stands in
// for the Hubei provincial unified identity provider (湖北省统一身份认证).
// Its login page lets a tester log in as any persona, personal or legal
// person, so it must only be enabled in development mode; New refuses
// issuers outside the loopback interface.
//
// Claims use the sso package's default names: name, id_number,
// phone_number and, for legal-person logins, legal_org_name and
// legal_credit_code. They appear in both the ID token and userinfo.
package devidp

import (
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// Config configures the development provider.
type Config struct {
	// Issuer is the issuer URL, e.g. http://127.0.0.1:8080/dev/idp. Its
	// host must be a loopback address or localhost, and it must not end
	// with a slash.
	Issuer string
	// Clients are the relying parties allowed to log in.
	Clients []Client
	// Logger receives login events. Nil means slog.Default().
	Logger *slog.Logger
}

// New returns the provider's handler. It serves the issuer's path, so a
// caller with issuer http://127.0.0.1:8080/dev/idp mounts it with
// mux.Handle("/dev/idp/", h); discovery is then at
// /dev/idp/.well-known/openid-configuration and the login page at
// /dev/idp/login.
func New(cfg Config) (http.Handler, error) {
	issuer, err := checkIssuer(cfg.Issuer)
	if err != nil {
		return nil, err
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	clients, err := newClients(cfg.Clients, cfg.Issuer)
	if err != nil {
		return nil, err
	}
	key, err := newSigningKey()
	if err != nil {
		return nil, err
	}
	store := newStorage(clients, key)
	provider, err := newProvider(cfg.Issuer, store)
	if err != nil {
		return nil, err
	}

	login := &loginHandler{
		store:       store,
		logger:      cfg.Logger,
		callbackURL: op.AuthCallbackURL(provider),
		issuer:      cfg.Issuer,
		provider:    provider,
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /login", login.show)
	mux.Handle("POST /login", http.NewCrossOriginProtection().Handler(http.HandlerFunc(login.submit)))
	mux.Handle("/", provider)

	// The op router matches endpoint paths from the root, so the issuer's
	// path is stripped before routing. The absolute URLs it publishes are
	// built from the issuer and keep the path.
	return http.StripPrefix(issuer.Path, mux), nil
}

func checkIssuer(issuer string) (*url.URL, error) {
	u, err := url.Parse(issuer)
	if err != nil {
		return nil, fmt.Errorf("devidp: invalid issuer %q: %w", issuer, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("devidp: invalid issuer %q: scheme must be http or https", issuer)
	}
	if strings.HasSuffix(u.Path, "/") || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("devidp: invalid issuer %q: remove the trailing slash, query or fragment", issuer)
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("devidp: issuer host %q is not loopback: use 127.0.0.1, ::1 or localhost, because the development provider logs anyone in", host)
	}
	return u, nil
}

func newClients(clients []Client, issuer string) (map[string]*opClient, error) {
	if len(clients) == 0 {
		return nil, errors.New("devidp: no clients configured")
	}
	loginURL := func(id string) string { return issuer + "/login?id=" + url.QueryEscape(id) }
	byID := make(map[string]*opClient, len(clients))
	for _, c := range clients {
		if c.ID == "" || len(c.RedirectURIs) == 0 {
			return nil, fmt.Errorf("devidp: client %q needs an ID and at least one redirect URI", c.ID)
		}
		if _, ok := byID[c.ID]; ok {
			return nil, fmt.Errorf("devidp: client %q configured twice", c.ID)
		}
		byID[c.ID] = &opClient{Client: c, loginURL: loginURL}
	}
	return byID, nil
}

func newProvider(issuer string, store *storage) (*op.Provider, error) {
	config := &op.Config{
		CodeMethodS256:  true,
		AuthMethodPost:  true,
		SupportedScopes: []string{oidc.ScopeOpenID, oidc.ScopeProfile, oidc.ScopePhone},
		SupportedClaims: append(op.DefaultSupportedClaims[:len(op.DefaultSupportedClaims):len(op.DefaultSupportedClaims)],
			claimIDNumber, claimOrgName, claimCreditCode),
	}
	// The key encrypts codes and access tokens. A fresh key per start
	// invalidates everything issued by an earlier run.
	if _, err := rand.Read(config.CryptoKey[:]); err != nil {
		return nil, fmt.Errorf("devidp: generate crypto key: %w", err)
	}
	provider, err := op.NewProvider(config, store, op.StaticIssuer(issuer), op.WithAllowInsecure())
	if err != nil {
		return nil, fmt.Errorf("devidp: create provider: %w", err)
	}
	return provider, nil
}
