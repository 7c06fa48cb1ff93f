package config

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadDefaults(t *testing.T) {
	c, err := Load(nil, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" {
		t.Errorf("Addr = %q", c.Addr)
	}
	if c.DataDir != "./data" {
		t.Errorf("DataDir = %q", c.DataDir)
	}
	if !c.Dev {
		t.Error("development mode is off by default")
	}
	if c.BaseURL != "http://127.0.0.1:8080" {
		t.Errorf("BaseURL = %q", c.BaseURL)
	}
	if c.SecureCookies() {
		t.Error("secure cookies on plain http")
	}
	if c.SessionTTL != 7*24*time.Hour {
		t.Errorf("SessionTTL = %v", c.SessionTTL)
	}
}

func TestLoadFlagsOverrideEnvironment(t *testing.T) {
	c, err := Load([]string{"--addr", "127.0.0.1:9000", "--data", "/srv/wct"},
		env(map[string]string{"WCT_ADDR": "127.0.0.1:7000", "WCT_DATA": "/tmp/x"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:9000" || c.DataDir != "/srv/wct" {
		t.Errorf("Addr %q DataDir %q, want the flags", c.Addr, c.DataDir)
	}
}

func TestLoadProductionNeedsSettings(t *testing.T) {
	_, err := Load(nil, env(map[string]string{"WCT_OIDC_ISSUER": "https://id.example.cn"}))
	if err == nil {
		t.Fatal("production without keys and SMS accepted")
	}
	for _, name := range []string{"WCT_ID_KEYS", "WCT_ID_LOOKUP_KEY", "WCT_OIDC_CLIENT_ID", "WCT_SMS_PROVIDER"} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error %q does not name %s", err, name)
		}
	}
}

func TestLoadRejectsBadValues(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
	}{
		{"bad dev flag", nil, map[string]string{"WCT_DEV": "maybe"}},
		{"bad ttl", nil, map[string]string{"WCT_SESSION_TTL": "forever"}},
		{"bad base url", []string{"--base-url", "ftp://x"}, nil},
		{"extra argument", []string{"now"}, nil},
		{"unknown sms provider", nil, map[string]string{"WCT_DEV": "false", "WCT_OIDC_ISSUER": "https://id.example.cn",
			"WCT_OIDC_CLIENT_ID": "c", "WCT_ID_KEYS": "k", "WCT_ID_LOOKUP_KEY": "l", "WCT_SMS_PROVIDER": "pigeon"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Load(tt.args, env(tt.env)); err == nil {
				t.Error("accepted")
			}
		})
	}
}

func TestSecureCookiesOnHTTPS(t *testing.T) {
	c, err := Load([]string{"--base-url", "https://wct.example.cn/"}, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if !c.SecureCookies() || c.BaseURL != "https://wct.example.cn" {
		t.Errorf("BaseURL %q secure %v", c.BaseURL, c.SecureCookies())
	}
}

// ticketEnv is a complete production configuration for the ticket
// protocol.
func ticketEnv() map[string]string {
	return map[string]string{
		"WCT_SSO_PROTOCOL":        "ticket",
		"WCT_TICKET_LOGIN_URL":    "https://id.example.cn/login",
		"WCT_TICKET_TOKEN_URL":    "https://id.example.cn/api/token",
		"WCT_TICKET_USERINFO_URL": "https://id.example.cn/api/userinfo",
		"WCT_TICKET_APP_CODE":     "wct",
		"WCT_TICKET_APP_SECRET":   "ticket-secret-value",
		"WCT_ID_KEYS":             "k1:key",
		"WCT_ID_LOOKUP_KEY":       "lookup",
		"WCT_SMS_PROVIDER":        "aliyun",
	}
}

func TestLoadTicketProtocol(t *testing.T) {
	c, err := Load(nil, env(ticketEnv()))
	if err != nil {
		t.Fatal(err)
	}
	if c.Dev {
		t.Error("development mode is on with a ticket configuration")
	}
	if c.SSOProtocol != ProtocolTicket {
		t.Errorf("SSOProtocol = %q, want ticket", c.SSOProtocol)
	}
	if c.TicketLoginURL != "https://id.example.cn/login" || c.TicketAppCode != "wct" {
		t.Errorf("TicketLoginURL %q TicketAppCode %q, want the environment's", c.TicketLoginURL, c.TicketAppCode)
	}
	if c.TicketAppSecret.Reveal() != "ticket-secret-value" {
		t.Error("TicketAppSecret does not hold the environment's value")
	}
	for _, format := range []string{"%v", "%+v", "%#v"} {
		if out := fmt.Sprintf(format, c); strings.Contains(out, "ticket-secret-value") {
			t.Errorf("%s of the configuration prints the app secret", format)
		}
	}
}

func TestLoadDefaultProtocolIsOIDC(t *testing.T) {
	c, err := Load(nil, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.SSOProtocol != ProtocolOIDC {
		t.Errorf("SSOProtocol = %q, want oidc", c.SSOProtocol)
	}
}

func TestLoadTicketNeedsSettings(t *testing.T) {
	tests := []struct {
		name     string
		env      map[string]string
		want     []string // variables the error must name
		wantNot  []string // variables the error must not name
		wantHint bool     // the error explains WCT_SSO_PROTOCOL
	}{
		{name: "protocol alone", env: map[string]string{"WCT_SSO_PROTOCOL": "ticket"},
			want: []string{"WCT_TICKET_LOGIN_URL", "WCT_TICKET_TOKEN_URL", "WCT_TICKET_USERINFO_URL",
				"WCT_TICKET_APP_CODE", "WCT_TICKET_APP_SECRET", "WCT_ID_KEYS", "WCT_SMS_PROVIDER"},
			wantNot: []string{"WCT_OIDC_ISSUER", "WCT_OIDC_CLIENT_ID"}},
		{name: "secret missing", env: without(ticketEnv(), "WCT_TICKET_APP_SECRET"),
			want: []string{"WCT_TICKET_APP_SECRET"}, wantNot: []string{"WCT_TICKET_LOGIN_URL"}},
		{name: "ticket settings without protocol", env: map[string]string{"WCT_TICKET_LOGIN_URL": "https://id.example.cn/login"},
			want: []string{"WCT_OIDC_ISSUER", "WCT_OIDC_CLIENT_ID"}, wantHint: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(nil, env(tt.env))
			if err == nil {
				t.Fatal("incomplete production configuration accepted")
			}
			for _, name := range tt.want {
				if !strings.Contains(err.Error(), name) {
					t.Errorf("error %q does not name %s", err, name)
				}
			}
			for _, name := range tt.wantNot {
				if strings.Contains(err.Error(), name) {
					t.Errorf("error %q names %s, which is set or not needed", err, name)
				}
			}
			if hint := strings.Contains(err.Error(), "WCT_SSO_PROTOCOL=ticket"); hint != tt.wantHint {
				t.Errorf("error %q mentions WCT_SSO_PROTOCOL=ticket: %v, want %v", err, hint, tt.wantHint)
			}
		})
	}
}

func TestLoadRejectsBadTicketValues(t *testing.T) {
	tests := []struct {
		name, key, value string
		want             string // text the error must contain
	}{
		{"unknown protocol", "WCT_SSO_PROTOCOL", "cas", "WCT_SSO_PROTOCOL"},
		{"relative login URL", "WCT_TICKET_LOGIN_URL", "/login", "WCT_TICKET_LOGIN_URL"},
		{"ftp token URL", "WCT_TICKET_TOKEN_URL", "ftp://id.example.cn/token", "WCT_TICKET_TOKEN_URL"},
		{"user-information URL without host", "WCT_TICKET_USERINFO_URL", "https:///userinfo", "WCT_TICKET_USERINFO_URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vars := ticketEnv()
			vars[tt.key] = tt.value
			_, err := Load(nil, env(vars))
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not name %s", err, tt.want)
			}
		})
	}
}

func TestLoadClaimsVariables(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		want    string
		wantErr bool
	}{
		{"earlier name", map[string]string{"WCT_OIDC_CLAIMS": "phone=mobile"}, "phone=mobile", false},
		{"new name", map[string]string{"WCT_SSO_CLAIMS": "subject=userId"}, "subject=userId", false},
		{"both equal", map[string]string{"WCT_SSO_CLAIMS": "phone=mobile", "WCT_OIDC_CLAIMS": "phone=mobile"}, "phone=mobile", false},
		{"both differ", map[string]string{"WCT_SSO_CLAIMS": "phone=mobile", "WCT_OIDC_CLAIMS": "phone=tel"}, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(nil, env(tt.env))
			if tt.wantErr {
				if err == nil {
					t.Fatal("accepted")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.SSOClaims != tt.want {
				t.Errorf("SSOClaims = %q, want %q", c.SSOClaims, tt.want)
			}
		})
	}
}

func without(m map[string]string, key string) map[string]string {
	delete(m, key)
	return m
}
