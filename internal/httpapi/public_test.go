package httpapi

import "testing"

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
	}
	for _, tt := range tests {
		if got := safeNext(tt.next); got != tt.want {
			t.Errorf("safeNext(%q) = %q, want %q", tt.next, got, tt.want)
		}
	}
}
