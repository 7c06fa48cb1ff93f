package httpapi

import (
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
)

func TestSafeNext(t *testing.T) {
	tests := []struct {
		next, want string
	}{
		{"/org/members", "/org/members"},
		{"/applications/1?tab=a#x", "/applications/1?tab=a#x"},
		{"", "/identities"},
		{"org", "/identities"},
		{"//evil.example", "/identities"},
		{"/\\evil.example", "/identities"},
		{"/\t/evil.example", "/identities"},
		{"/\n/evil.example", "/identities"},
		{"/\r\\evil.example", "/identities"},
		{"https://evil.example/", "/identities"},
		{"/%09/evil.example", "/%09/evil.example"}, // stays a local path: the browser does not decode it into a tab
		{"/\x7f", "/identities"},
		{"/" + strings.Repeat("a", 600), "/identities"},
	}
	for _, tt := range tests {
		if got := safeNext(tt.next); got != tt.want {
			t.Errorf("safeNext(%q) = %q, want %q", tt.next, got, tt.want)
		}
	}
}

func TestClientAddr(t *testing.T) {
	s := &Server{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}
	tests := []struct {
		name, remote, forwarded, want string
	}{
		{"direct client", "192.0.2.7:5000", "", "192.0.2.7"},
		{"untrusted peer's header is ignored", "192.0.2.7:5000", "198.51.100.1", "192.0.2.7"},
		{"trusted proxy", "10.0.0.2:5000", "198.51.100.1", "198.51.100.1"},
		{"client spoofs a hop", "10.0.0.2:5000", "203.0.113.9, 198.51.100.1", "198.51.100.1"},
		{"chain of proxies", "10.0.0.2:5000", "198.51.100.1, 10.0.0.3", "198.51.100.1"},
		{"garbage header", "10.0.0.2:5000", "not-an-ip", "10.0.0.2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tt.remote
			if tt.forwarded != "" {
				r.Header.Set("X-Forwarded-For", tt.forwarded)
			}
			if got := s.clientAddr(r); got != tt.want {
				t.Errorf("clientAddr = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLogPath(t *testing.T) {
	tests := []struct {
		name, path, want string
	}{
		{"short", "/api/v1/me", "/api/v1/me"},
		{"at the cap", "/" + strings.Repeat("a", maxLogPath-1), "/" + strings.Repeat("a", maxLogPath-1)},
		{"over the cap", "/" + strings.Repeat("a", 5000), "/" + strings.Repeat("a", maxLogPath-1) + "…"},
		// "武" is 3 bytes, so the cut falls inside one and moves back.
		{"cut on a character", "/" + strings.Repeat("武", 200), "/" + strings.Repeat("武", 85) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.URL.Path = tt.path
			if got := logPath(r); got != tt.want {
				t.Errorf("logPath = %q (%d bytes), want %d bytes", got, len(got), len(tt.want))
			}
		})
	}
}
