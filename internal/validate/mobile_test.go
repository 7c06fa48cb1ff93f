package validate

import "testing"

func TestMobile(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		want    string
		wantErr error
	}{
		{"bare", "13800138000", "13800138000", nil},
		{"second digit 9", "19912345678", "19912345678", nil},
		{"plus 86", "+8613800138000", "13800138000", nil},
		{"plus 86 with space", "+86 138 0013 8000", "13800138000", nil},
		{"0086", "008613800138000", "13800138000", nil},
		{"86", "8613800138000", "13800138000", nil},
		{"hyphens", "138-0013-8000", "13800138000", nil},
		{"surrounding space", "  13800138000\t", "13800138000", nil},
		{"full width", "１３８００１３８０００", "13800138000", nil},
		{"full width plus", "＋８６ 13800138000", "13800138000", nil},
		{"empty", " ", "", ErrRequired},
		{"second digit 2", "12800138000", "", ErrFormat},
		{"second digit 1", "11800138000", "", ErrFormat},
		{"starts with 2", "23800138000", "", ErrFormat},
		{"10 digits", "1380013800", "", ErrFormat},
		{"12 digits", "138001380001", "", ErrFormat},
		{"letter", "1380013800a", "", ErrFormat},
		{"other country code", "+8513800138000", "", ErrFormat},
		{"86 prefix too short", "861380013800", "", ErrFormat},
		{"landline", "02787654321", "", ErrFormat},
		{"plus only", "+13800138000", "", ErrFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Mobile(tt.input)
			checkError(t, err, tt.wantErr)
			if got != tt.want {
				t.Errorf("Mobile(%q) = %q, want %q", tt.input, got, tt.want)
			}
		})
	}
}

func TestMobileMessage(t *testing.T) {
	_, err := Mobile("123")
	checkError(t, err, ErrFormat, "手机号码格式不正确", "11位")
}
