package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"wct/internal/platform/config"
	"wct/internal/sso"
)

// ssoCallbackPath is the path of the callback URL, to which the provincial
// identity provider sends the browser back after login.
const ssoCallbackPath = "/api/v1/auth/sso/callback"

// Provider keys stored with external accounts. The ticket protocol has its
// own key because its user ids need not equal the OpenID subjects. After a
// change of protocol, a person's first login finds their user by phone.
const (
	oidcProviderName   = "hubei"
	ticketProviderName = "hubei-ticket"
)

// newSSOProvider returns the provincial identity provider of the
// configured protocol. The ticket protocol records redeemed tickets in
// ledger.
func newSSOProvider(cfg config.Config, claims sso.ClaimNames, ledger sso.TicketLedger) (sso.Provider, error) {
	redirectURL := cfg.BaseURL + ssoCallbackPath
	if cfg.SSOProtocol != config.ProtocolTicket {
		return sso.NewOIDC(sso.Config{Name: oidcProviderName, Issuer: cfg.OIDCIssuer, ClientID: cfg.OIDCClientID,
			ClientSecret: cfg.OIDCClientSecret, RedirectURL: redirectURL, Claims: claims}), nil
	}
	params, err := parseTicketParams(cfg.TicketParams)
	if err != nil {
		return nil, err
	}
	p, err := sso.NewTicket(sso.TicketConfig{
		Name:         ticketProviderName,
		LoginURL:     cfg.TicketLoginURL,
		TokenURL:     cfg.TicketTokenURL,
		UserInfoURL:  cfg.TicketUserInfoURL,
		AppCode:      cfg.TicketAppCode,
		AppSecret:    cfg.TicketAppSecret,
		RedirectURL:  redirectURL,
		Params:       params,
		SuccessCodes: parseList(cfg.TicketSuccessCodes),
		Claims:       claims,
		Ledger:       ledger,
	})
	if err != nil {
		return nil, fmt.Errorf("ticket login: %w", err)
	}
	return p, nil
}

// parseTicketParams reads WCT_TICKET_PARAMS, "role=name,..." where role is
// app_code, app_secret, return_url, access_token or token_query.
func parseTicketParams(spec string) (sso.TicketParams, error) {
	var p sso.TicketParams
	err := parseRoles("WCT_TICKET_PARAMS", spec, map[string]*string{"app_code": &p.AppCode,
		"app_secret": &p.AppSecret, "return_url": &p.ReturnURL, "access_token": &p.AccessToken,
		"token_query": &p.TokenQuery})
	return p, err
}

// parseRoles reads spec, "role=value,...", into fields, which maps each
// role to the string it sets. An empty spec sets nothing.
func parseRoles(variable, spec string, fields map[string]*string) error {
	if spec == "" {
		return nil
	}
	for _, pair := range strings.Split(spec, ",") {
		role, value, ok := strings.Cut(strings.TrimSpace(pair), "=")
		target := fields[role]
		if !ok || target == nil || value == "" {
			return fmt.Errorf("invalid %s entry %q: use role=name with role one of %s",
				variable, pair, strings.Join(slices.Sorted(maps.Keys(fields)), ", "))
		}
		*target = value
	}
	return nil
}

// parseList splits a comma-separated list and drops empty items. It
// returns nil for a list without items.
func parseList(spec string) []string {
	var items []string
	for _, item := range strings.Split(spec, ",") {
		if item = strings.TrimSpace(item); item != "" {
			items = append(items, item)
		}
	}
	return items
}
