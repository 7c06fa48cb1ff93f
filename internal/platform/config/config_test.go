package config

import (
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
