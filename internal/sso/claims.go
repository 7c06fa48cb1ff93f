package sso

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// claimSet contains the raw claims of the ID token, completed from
// userinfo.
type claimSet map[string]json.RawMessage

func newClaimSet(idToken *oidc.IDToken) (claimSet, error) {
	claims := claimSet{}
	if err := idToken.Claims(&claims); err != nil {
		return nil, fmt.Errorf("%w: decode claims: %w", ErrInvalidIDToken, err)
	}
	return claims, nil
}

// lacksAny reports whether any configured claim is absent, so userinfo may
// add it.
func (c claimSet) lacksAny(names ClaimNames) bool {
	for _, name := range []string{names.Name, names.IDNumber, names.Phone, names.OrgName, names.CreditCode} {
		if c.text(name) == "" {
			return true
		}
	}
	return false
}

// addUserInfo adds the userinfo claims that the ID token lacks. The
// userinfo subject must equal the ID token subject (OpenID Connect Core
// 1.0, section 5.3.2). Errors leave out the access token and the values
// of the claims in names, which a provider's error response may quote.
func (c claimSet) addUserInfo(ctx context.Context, provider *oidc.Provider, token *oauth2.Token, subject string, names ClaimNames) error {
	info, err := provider.UserInfo(ctx, oauth2.StaticTokenSource(token))
	if err != nil {
		secrets := append(c.values(names), token.AccessToken)
		return fmt.Errorf("%w: userinfo: %w", ErrUnavailable, newScrubbedError(err, secrets...))
	}
	if info.Subject != subject {
		return fmt.Errorf("%w: userinfo subject %q differs from id token subject %q", ErrInvalidIDToken,
			clip(info.Subject, maxCodeRunes), clip(subject, maxCodeRunes))
	}
	extra := claimSet{}
	if err := info.Claims(&extra); err != nil {
		return fmt.Errorf("%w: decode userinfo claims: %w", ErrUnavailable, err)
	}
	for name, value := range extra {
		if c.text(name) == "" {
			c[name] = value
		}
	}
	return nil
}

// values returns the non-empty values of the person's claims in names,
// the subject excepted.
func (c claimSet) values(names ClaimNames) []string {
	var values []string
	for _, name := range []string{names.Name, names.IDNumber, names.Phone, names.OrgName, names.CreditCode} {
		if v := c.text(name); v != "" {
			values = append(values, v)
		}
	}
	return values
}

// text returns the claim as trimmed text. Numbers keep their JSON text,
// because some providers send phone numbers as numbers; other types and
// null read as empty.
func (c claimSet) text(name string) string {
	raw, ok := c[name]
	if !ok {
		return ""
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return strings.TrimSpace(s)
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err == nil {
		return n.String()
	}
	return ""
}

// identity builds the Identity that both protocols return. It wraps
// ErrMissingClaim, naming the claim, when the subject, name or phone is
// empty or only one of the two legal-person claims is present, and
// ErrInvalidName when checkName rejects the name.
func (c claimSet) identity(provider, subject string, names ClaimNames) (Identity, error) {
	id := Identity{
		Provider: provider,
		Subject:  subject,
		Name:     c.text(names.Name),
		IDNumber: c.text(names.IDNumber),
		Phone:    c.text(names.Phone),
	}
	missing := map[string]bool{names.Subject: id.Subject == "", names.Name: id.Name == "", names.Phone: id.Phone == ""}

	org, code := c.text(names.OrgName), c.text(names.CreditCode)
	if org != "" || code != "" {
		id.Legal = &Legal{OrgName: org, CreditCode: code}
		missing[names.OrgName] = org == ""
		missing[names.CreditCode] = code == ""
	}
	for _, name := range []string{names.Subject, names.Name, names.Phone, names.OrgName, names.CreditCode} {
		if missing[name] {
			return Identity{}, fmt.Errorf("%w: %s", ErrMissingClaim, name)
		}
	}
	if err := checkName(id.Name, names.Name, maxNameRunes); err != nil {
		return Identity{}, err
	}
	if id.Legal != nil {
		if err := checkName(id.Legal.OrgName, names.OrgName, maxOrgNameRunes); err != nil {
			return Identity{}, err
		}
	}
	return id, nil
}

// Maximum lengths, in runes, of a person's and an organization's name
// from a provider, the same maximums as the forms of this site.
const (
	maxNameRunes    = 50
	maxOrgNameRunes = 100
)

// checkName returns an error wrapping ErrInvalidName and naming claim
// when name, already trimmed, is longer than max runes or contains a
// character for which invisible reports true. The error never contains
// the name.
func checkName(name, claim string, max int) error {
	if n := utf8.RuneCountInString(name); n > max {
		return fmt.Errorf("%w: claim %s has %d characters, more than %d", ErrInvalidName, claim, n, max)
	}
	for _, r := range name {
		if invisible(r) {
			return fmt.Errorf("%w: claim %s contains the character %U", ErrInvalidName, claim, r)
		}
	}
	return nil
}
