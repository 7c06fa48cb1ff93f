// Package config loads the server's configuration once at start, from
// command-line flags and environment variables, with documented defaults.
package config

import (
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"wct/internal/platform/redact"
)

// Protocols of the provincial identity provider (WCT_SSO_PROTOCOL).
const (
	ProtocolOIDC   = "oidc"
	ProtocolTicket = "ticket"
)

// Config is every setting of wct serve. Flags override environment
// variables, which override defaults.
type Config struct {
	// Addr is the TCP address the HTTP server listens on (WCT_ADDR).
	Addr string
	// DataDir contains the SQLite database, uploaded files and the
	// development key file (WCT_DATA).
	DataDir string
	// DatabaseURL selects PostgreSQL when set, for example
	// postgres://wct@127.0.0.1:5432/wct (WCT_DATABASE_URL). Empty means the
	// embedded SQLite database under DataDir.
	DatabaseURL string
	// BaseURL is the public origin of the site, used for the login
	// callback URL and the Secure cookie flag (WCT_BASE_URL). Defaults to
	// http://<Addr>.
	BaseURL string
	// Dev enables the development identity provider and the development SMS
	// outbox (WCT_DEV). It defaults to true unless production settings
	// (WCT_OIDC_ISSUER, WCT_SMS_PROVIDER, WCT_SSO_PROTOCOL=ticket or a
	// WCT_TICKET_* setting) are given.
	Dev bool

	// SSOProtocol is the protocol of the provincial identity provider,
	// ProtocolOIDC (the default) or ProtocolTicket (WCT_SSO_PROTOCOL).
	// Development mode always uses the development OpenID provider.
	SSOProtocol string
	// SSOClaims maps claim roles to claim names, as
	// "subject=sub,name=name,id_number=id_number,phone=phone_number,org_name=...,credit_code=..."
	// (WCT_SSO_CLAIMS, or WCT_OIDC_CLAIMS as before). Empty keeps the
	// defaults.
	SSOClaims string

	// OIDC settings of the provincial identity provider.
	OIDCIssuer       string // WCT_OIDC_ISSUER
	OIDCClientID     string // WCT_OIDC_CLIENT_ID
	OIDCClientSecret string // WCT_OIDC_CLIENT_SECRET

	// Ticket-exchange settings of the provincial identity provider.
	TicketLoginURL    string        // WCT_TICKET_LOGIN_URL
	TicketTokenURL    string        // WCT_TICKET_TOKEN_URL
	TicketUserInfoURL string        // WCT_TICKET_USERINFO_URL
	TicketAppCode     string        // WCT_TICKET_APP_CODE
	TicketAppSecret   redact.Secret // WCT_TICKET_APP_SECRET
	// TicketParams renames request parameters and response fields, as
	// "app_code=appId,app_secret=appSecret,return_url=service,access_token=token,token_query=token"
	// (WCT_TICKET_PARAMS). Empty keeps the defaults.
	TicketParams string
	// TicketSuccessCodes are the comma-separated envelope codes that mean
	// success (WCT_TICKET_SUCCESS_CODES). Empty means "0,200".
	TicketSuccessCodes string

	// SMSProvider is "aliyun" for Aliyun SMS, empty for the development
	// outbox (WCT_SMS_PROVIDER).
	SMSProvider        string
	AliyunEndpoint     string // WCT_ALIYUN_SMS_ENDPOINT
	AliyunAccessKeyID  string // WCT_ALIYUN_ACCESS_KEY_ID
	AliyunAccessSecret string // WCT_ALIYUN_ACCESS_KEY_SECRET
	AliyunSignName     string // WCT_ALIYUN_SMS_SIGN_NAME
	AliyunTemplateCode string // WCT_ALIYUN_SMS_TEMPLATE_CODE

	// IDKeys are the AES-256 keys for ID numbers at rest, as
	// "k1:<base64>,k2:<base64>"; the first is used for new values
	// (WCT_ID_KEYS). Empty in development means a key file under DataDir.
	IDKeys string
	// IDLookupKey is the base64 HMAC key for ID number lookups
	// (WCT_ID_LOOKUP_KEY).
	IDLookupKey string

	// SessionTTL is how long a session lasts after login (WCT_SESSION_TTL).
	SessionTTL time.Duration
	// TrustedProxies are the reverse proxies, as comma-separated addresses
	// or CIDR prefixes, whose X-Forwarded-For header names the client
	// (WCT_TRUSTED_PROXIES). Per-address limits need it behind a proxy.
	TrustedProxies []netip.Prefix
}

// Load parses args (without the program name) and the environment.
func Load(args []string, getenv func(string) string) (Config, error) {
	c := Config{
		Addr:               envOr(getenv, "WCT_ADDR", "127.0.0.1:8080"),
		DataDir:            envOr(getenv, "WCT_DATA", "./data"),
		DatabaseURL:        getenv("WCT_DATABASE_URL"),
		BaseURL:            getenv("WCT_BASE_URL"),
		SSOProtocol:        envOr(getenv, "WCT_SSO_PROTOCOL", ProtocolOIDC),
		OIDCIssuer:         getenv("WCT_OIDC_ISSUER"),
		OIDCClientID:       getenv("WCT_OIDC_CLIENT_ID"),
		OIDCClientSecret:   getenv("WCT_OIDC_CLIENT_SECRET"),
		TicketLoginURL:     getenv("WCT_TICKET_LOGIN_URL"),
		TicketTokenURL:     getenv("WCT_TICKET_TOKEN_URL"),
		TicketUserInfoURL:  getenv("WCT_TICKET_USERINFO_URL"),
		TicketAppCode:      getenv("WCT_TICKET_APP_CODE"),
		TicketAppSecret:    redact.Secret(getenv("WCT_TICKET_APP_SECRET")),
		TicketParams:       getenv("WCT_TICKET_PARAMS"),
		TicketSuccessCodes: getenv("WCT_TICKET_SUCCESS_CODES"),
		SMSProvider:        getenv("WCT_SMS_PROVIDER"),
		AliyunEndpoint:     getenv("WCT_ALIYUN_SMS_ENDPOINT"),
		AliyunAccessKeyID:  getenv("WCT_ALIYUN_ACCESS_KEY_ID"),
		AliyunAccessSecret: getenv("WCT_ALIYUN_ACCESS_KEY_SECRET"),
		AliyunSignName:     getenv("WCT_ALIYUN_SMS_SIGN_NAME"),
		AliyunTemplateCode: getenv("WCT_ALIYUN_SMS_TEMPLATE_CODE"),
		IDKeys:             getenv("WCT_ID_KEYS"),
		IDLookupKey:        getenv("WCT_ID_LOOKUP_KEY"),
		SessionTTL:         7 * 24 * time.Hour,
	}
	claims, err := ssoClaims(getenv)
	if err != nil {
		return c, err
	}
	c.SSOClaims = claims
	production := c.OIDCIssuer != "" || c.SMSProvider != "" || c.SSOProtocol == ProtocolTicket || c.ticketGiven()
	c.Dev = !production
	if v := getenv("WCT_DEV"); v != "" {
		dev, err := strconv.ParseBool(v)
		if err != nil {
			return c, fmt.Errorf("invalid WCT_DEV %q: use true or false", v)
		}
		c.Dev = dev
	}
	if v := getenv("WCT_SESSION_TTL"); v != "" {
		ttl, err := time.ParseDuration(v)
		if err != nil {
			return c, fmt.Errorf("invalid WCT_SESSION_TTL %q: use a duration such as 168h", v)
		}
		c.SessionTTL = ttl
	}

	proxies, err := parsePrefixes(getenv("WCT_TRUSTED_PROXIES"))
	if err != nil {
		return c, err
	}
	c.TrustedProxies = proxies

	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.StringVar(&c.Addr, "addr", c.Addr, "TCP address to listen on (WCT_ADDR)")
	fs.StringVar(&c.DataDir, "data", c.DataDir, "directory for the database, uploads and keys (WCT_DATA)")
	fs.StringVar(&c.DatabaseURL, "database-url", c.DatabaseURL, "PostgreSQL URL; empty uses SQLite (WCT_DATABASE_URL)")
	fs.StringVar(&c.BaseURL, "base-url", c.BaseURL, "public origin of the site (WCT_BASE_URL)")
	fs.BoolVar(&c.Dev, "dev", c.Dev, "serve the development identity provider and SMS outbox (WCT_DEV)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://" + c.Addr
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	return c, c.validate()
}

// Default returns the configuration for the environment of this process.
func Default() (Config, error) { return Load(nil, os.Getenv) }

func (c Config) validate() error {
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("invalid base URL %q: use http(s)://host[:port]", c.BaseURL)
	}
	if c.SSOProtocol != ProtocolOIDC && c.SSOProtocol != ProtocolTicket {
		return fmt.Errorf("invalid WCT_SSO_PROTOCOL %q: use oidc or ticket", c.SSOProtocol)
	}
	if c.Dev {
		return nil
	}
	var missing []string
	for name, v := range c.required() {
		if v == "" {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		hint := ""
		if c.SSOProtocol == ProtocolOIDC && c.ticketGiven() {
			hint = " (WCT_TICKET_* settings apply only with WCT_SSO_PROTOCOL=ticket)"
		}
		return fmt.Errorf("production mode needs %s%s: set them, or WCT_DEV=true for development",
			strings.Join(missing, ", "), hint)
	}
	if c.SMSProvider != "aliyun" {
		return errors.New("invalid WCT_SMS_PROVIDER: the supported provider is aliyun")
	}
	if c.SSOProtocol == ProtocolTicket {
		return c.checkTicketURLs()
	}
	return nil
}

// required returns the settings that production mode needs, by variable
// name.
func (c Config) required() map[string]string {
	vars := map[string]string{
		"WCT_ID_KEYS":       c.IDKeys,
		"WCT_ID_LOOKUP_KEY": c.IDLookupKey,
		"WCT_SMS_PROVIDER":  c.SMSProvider,
	}
	if c.SSOProtocol == ProtocolTicket {
		vars["WCT_TICKET_LOGIN_URL"] = c.TicketLoginURL
		vars["WCT_TICKET_TOKEN_URL"] = c.TicketTokenURL
		vars["WCT_TICKET_USERINFO_URL"] = c.TicketUserInfoURL
		vars["WCT_TICKET_APP_CODE"] = c.TicketAppCode
		vars["WCT_TICKET_APP_SECRET"] = c.TicketAppSecret.Reveal()
	} else {
		vars["WCT_OIDC_ISSUER"] = c.OIDCIssuer
		vars["WCT_OIDC_CLIENT_ID"] = c.OIDCClientID
	}
	return vars
}

// ticketGiven reports whether any ticket-exchange setting is given.
func (c Config) ticketGiven() bool {
	return c.TicketLoginURL != "" || c.TicketTokenURL != "" || c.TicketUserInfoURL != "" ||
		c.TicketAppCode != "" || c.TicketAppSecret != ""
}

func (c Config) checkTicketURLs() error {
	for _, v := range []struct{ name, value string }{
		{"WCT_TICKET_LOGIN_URL", c.TicketLoginURL},
		{"WCT_TICKET_TOKEN_URL", c.TicketTokenURL},
		{"WCT_TICKET_USERINFO_URL", c.TicketUserInfoURL},
	} {
		u, err := url.Parse(v.value)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("invalid %s %q: use an absolute http or https URL", v.name, v.value)
		}
	}
	return nil
}

// ssoClaims returns WCT_SSO_CLAIMS, or else WCT_OIDC_CLAIMS, its earlier
// name. It returns an error when both are set to different values.
func ssoClaims(getenv func(string) string) (string, error) {
	current, earlier := getenv("WCT_SSO_CLAIMS"), getenv("WCT_OIDC_CLAIMS")
	if current != "" && earlier != "" && current != earlier {
		return "", errors.New("WCT_SSO_CLAIMS and WCT_OIDC_CLAIMS differ: set only WCT_SSO_CLAIMS")
	}
	if current != "" {
		return current, nil
	}
	return earlier, nil
}

// SecureCookies reports whether cookies get the Secure attribute, which
// browsers refuse on plain-HTTP origins other than localhost.
func (c Config) SecureCookies() bool { return strings.HasPrefix(c.BaseURL, "https://") }

func parsePrefixes(spec string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, item := range strings.Split(spec, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if !strings.Contains(item, "/") {
			addr, err := netip.ParseAddr(item)
			if err != nil {
				return nil, fmt.Errorf("invalid WCT_TRUSTED_PROXIES entry %q: use an IP address or a CIDR prefix", item)
			}
			item = netip.PrefixFrom(addr, addr.BitLen()).String()
		}
		p, err := netip.ParsePrefix(item)
		if err != nil {
			return nil, fmt.Errorf("invalid WCT_TRUSTED_PROXIES entry %q: use an IP address or a CIDR prefix", item)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}
