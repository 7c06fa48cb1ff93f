package core_test

import (
	"errors"
	"testing"
	"time"

	"wct/internal/core"
)

func TestAuditCursorRoundTrip(t *testing.T) {
	c := core.AuditCursor{At: time.UnixMilli(1741000000123), ID: "0195a6b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b"}
	text := c.String()
	if text != "1741000000123.0195a6b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b" {
		t.Errorf("String() = %q", text)
	}
	got, err := core.ParseAuditCursor(text)
	if err != nil {
		t.Fatalf("ParseAuditCursor(%q): %v", text, err)
	}
	if !got.At.Equal(c.At) || got.ID != c.ID {
		t.Errorf("ParseAuditCursor(%q) = %v, want %v", text, got, c)
	}
	if s := (core.AuditCursor{}).String(); s != "" {
		t.Errorf("zero cursor String() = %q, want empty", s)
	}
}

func TestParseAuditCursorInvalid(t *testing.T) {
	for _, text := range []string{"", "123", "abc.id", "0.id", "-5.id", "123.", ".id"} {
		if _, err := core.ParseAuditCursor(text); !errors.Is(err, core.ErrInvalidAuditCursor) {
			t.Errorf("ParseAuditCursor(%q) error = %v, want ErrInvalidAuditCursor", text, err)
		}
	}
}

func TestAuditFilterPageSize(t *testing.T) {
	tests := []struct{ limit, want int }{
		{0, core.DefaultAuditPageSize},
		{-1, core.DefaultAuditPageSize},
		{1, 1},
		{core.MaxAuditPageSize, core.MaxAuditPageSize},
		{core.MaxAuditPageSize + 1, core.MaxAuditPageSize},
	}
	for _, tt := range tests {
		if got := (core.AuditFilter{Limit: tt.limit}).PageSize(); got != tt.want {
			t.Errorf("PageSize() with Limit %d = %d, want %d", tt.limit, got, tt.want)
		}
	}
}
