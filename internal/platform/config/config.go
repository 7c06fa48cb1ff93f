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
	// BaseURL is the public origin of the site, used for the OIDC redirect
	// URL and the Secure cookie flag (WCT_BASE_URL). Defaults to
	// http://<Addr>.
	BaseURL string
	// Dev enables the development identity provider and the development SMS
	// outbox (WCT_DEV). It defaults to true unless production settings
	// (WCT_OIDC_ISSUER or WCT_SMS_PROVIDER) are given.
	Dev bool

	// OIDC settings of the provincial identity provider.
	OIDCIssuer       string // WCT_OIDC_ISSUER
	OIDCClientID     string // WCT_OIDC_CLIENT_ID
	OIDCClientSecret string // WCT_OIDC_CLIENT_SECRET
	// OIDCClaims maps claim roles to claim names, as
	// "name=name,id_number=id_number,phone=phone_number,org_name=...,credit_code=..."
	// (WCT_OIDC_CLAIMS). Empty keeps the defaults.
	OIDCClaims string

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
		OIDCIssuer:         getenv("WCT_OIDC_ISSUER"),
		OIDCClientID:       getenv("WCT_OIDC_CLIENT_ID"),
		OIDCClientSecret:   getenv("WCT_OIDC_CLIENT_SECRET"),
		OIDCClaims:         getenv("WCT_OIDC_CLAIMS"),
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
	production := c.OIDCIssuer != "" || c.SMSProvider != ""
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
	if c.Dev {
		return nil
	}
	var missing []string
	for name, v := range map[string]string{
		"WCT_OIDC_ISSUER":    c.OIDCIssuer,
		"WCT_OIDC_CLIENT_ID": c.OIDCClientID,
		"WCT_ID_KEYS":        c.IDKeys,
		"WCT_ID_LOOKUP_KEY":  c.IDLookupKey,
		"WCT_SMS_PROVIDER":   c.SMSProvider,
	} {
		if v == "" {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return fmt.Errorf("production mode needs %s: set them, or WCT_DEV=true for development",
			strings.Join(missing, ", "))
	}
	if c.SMSProvider != "aliyun" {
		return errors.New("invalid WCT_SMS_PROVIDER: the supported provider is aliyun")
	}
	return nil
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
