package password

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckStrength(t *testing.T) {
	tests := []struct {
		password string
		wantErr  string // empty when the password is accepted
	}{
		{"abc12345", ""},
		{"abcdefg!", ""},
		{"12345678!", ""},
		{"密码密码密码12", ""},
		{"pass word", ""},
		{strings.Repeat("a1", 32), ""},
		{"abc1234", "密码长度须为 8 至 64 位"},
		{"", "密码长度须为 8 至 64 位"},
		{strings.Repeat("a1", 32) + "x", "密码长度须为 8 至 64 位"},
		{"abcdefgh", "密码须至少包含字母、数字、符号中的两类"},
		{"12345678", "密码须至少包含字母、数字、符号中的两类"},
		{"!@#$%^&*", "密码须至少包含字母、数字、符号中的两类"},
		{"密码密码密码密码", "密码须至少包含字母、数字、符号中的两类"},
		{"abc1234\x00", "密码不能包含控制字符"},
		{"abc1234\n", "密码不能包含控制字符"},
		{"abc1234\xff", "密码包含无效字符，请重新输入"},
	}
	for _, tt := range tests {
		err := CheckStrength(tt.password)
		if tt.wantErr == "" {
			if err != nil {
				t.Errorf("CheckStrength(%q) = %v, want nil", tt.password, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("CheckStrength(%q) = nil, want %q", tt.password, tt.wantErr)
			continue
		}
		if err.Error() != tt.wantErr {
			t.Errorf("CheckStrength(%q) = %q, want %q", tt.password, err.Error(), tt.wantErr)
		}
		if !errors.Is(err, ErrWeak) {
			t.Errorf("CheckStrength(%q) does not wrap ErrWeak", tt.password)
		}
	}
}

func TestCheckStrengthCountsRunes(t *testing.T) {
	// 64 characters but 192 bytes: the limit is on characters.
	pw := strings.Repeat("密", 63) + "1"
	if err := CheckStrength(pw); err != nil {
		t.Errorf("CheckStrength(64 CJK characters) = %v, want nil", err)
	}
}
