package validate

import (
	"strings"
	"testing"
)

func TestEmail(t *testing.T) {
	longLocal := strings.Repeat("a", 65)
	longDomain := strings.Repeat("d", 250) + ".cn"
	tests := []struct {
		name    string
		input   string
		want    string
		wantErr error
	}{
		{"plain", "user@example.com", "user@example.com", nil},
		{"domain lower-cased", "User.Name@Example.COM", "User.Name@example.com", nil},
		{"trimmed", "  user@example.com\n", "user@example.com", nil},
		{"plus tag", "user+tag@mail.example.cn", "user+tag@mail.example.cn", nil},
		{"local part at limit", strings.Repeat("a", 64) + "@example.com", strings.Repeat("a", 64) + "@example.com", nil},
		{"empty", "", "", ErrRequired},
		{"no at", "user.example.com", "", ErrFormat},
		{"no domain", "user@", "", ErrFormat},
		{"no local part", "@example.com", "", ErrFormat},
		{"display name", "张三 <user@example.com>", "", ErrFormat},
		{"angle brackets", "<user@example.com>", "", ErrFormat},
		{"two addresses", "a@example.com, b@example.com", "", ErrFormat},
		{"comment", "user@example.com (work)", "", ErrFormat},
		{"inner space", "us er@example.com", "", ErrFormat},
		{"domain without dot", "user@localhost", "", ErrFormat},
		{"trailing dot", "user@example.com.", "", ErrFormat},
		{"local part too long", longLocal + "@example.com", "", ErrFormat},
		{"address too long", "a@" + longDomain, "", ErrTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Email(tt.input)
			checkError(t, err, tt.wantErr)
			if got != tt.want {
				t.Errorf("Email(%q) = %q, want %q", tt.input, got, tt.want)
			}
		})
	}
}

func TestEmailMessage(t *testing.T) {
	_, err := Email("user")
	checkError(t, err, ErrFormat, "name@example.com")
}
