package validate

import (
	"errors"
	"testing"
)

func TestCreditCode(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		want    string
		wantErr error
		text    string
	}{
		{"business", "91110000600037341L", "91110000600037341L", nil, ""},
		{"public institution", "121200004013590816", "121200004013590816", nil, ""},
		{"MA series", "91310115MA1K3BTP2B", "91310115MA1K3BTP2B", nil, ""},
		{"MA series Hubei", "91420684MA4927PJ7B", "91420684MA4927PJ7B", nil, ""},
		{"check T", "91310110666007217T", "91310110666007217T", nil, ""},
		{"letter in body", "91350100M000100Y43", "91350100M000100Y43", nil, ""},
		{"lower case", "91310115ma1k3btp2b", "91310115MA1K3BTP2B", nil, ""},
		{"spaces and hyphens", " 9131 0115-MA1K-3BTP-2B ", "91310115MA1K3BTP2B", nil, ""},
		{"separators copied from a page", "913101\u00a015MA1K\u20133BTP\u20142B\n", "91310115MA1K3BTP2B", nil, ""},
		{"zero-width space and minus sign", "91310115\u200bMA1K\u22123BTP2B", "91310115MA1K3BTP2B", nil, ""},
		{"full width", "９１３１０１１５ＭＡ１Ｋ３ＢＴＰ２Ｂ", "91310115MA1K3BTP2B", nil, ""},
		{"empty", "  ", "", ErrRequired, "请输入"},
		{"too short", "91110000600037341", "", ErrFormat, "18位"},
		{"too long", "91110000600037341LL", "", ErrFormat, "当前为19位"},
		{"excluded letters", "9111000060003IOZSV", "", ErrFormat, "不含I、O、S、V、Z"},
		{"excluded check letter", "91350100M000100Y4Z", "", ErrFormat, "不含I、O、S、V、Z"},
		{"chinese characters", "91110000600037341统", "", ErrFormat, "只能包含"},
		{"letter in division", "91A10000600037341L", "", ErrFormat, "第3至8位"},
		{"wrong check", "91110000600037341N", "91110000600037341N", ErrChecksum, "统一社会信用代码校验位不正确，请核对营业执照上的代码"},
		{"pilot region code", "91350211M00013FA1N", "91350211M00013FA1N", ErrChecksum, "校验位不正确"},
		{"pilot region lower", "91350211m00013fa1n", "91350211M00013FA1N", ErrChecksum, "校验位不正确"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CreditCode(tt.input)
			checkError(t, err, tt.wantErr, tt.text)
			if got != tt.want {
				t.Errorf("CreditCode(%q) = %q, want %q", tt.input, got, tt.want)
			}
		})
	}
}

func TestCreditCodeCheck(t *testing.T) {
	tests := []struct {
		first17 string
		want    byte
	}{
		{"91110000600037341", 'L'},
		{"12120000401359081", '6'},
		{"91310115MA1K3BTP2", 'B'},
		{"91420684MA4927PJ7", 'B'},
		{"91310110666007217", 'T'},
		{"91350100M000100Y4", '3'},
		// Weighted sum 0 gives 31 - 0 = 31, which wraps to '0'.
		{"00000000000000000", '0'},
	}
	for _, tt := range tests {
		got, err := CreditCodeCheck(tt.first17)
		if err != nil {
			t.Fatalf("CreditCodeCheck(%q): %v", tt.first17, err)
		}
		if got != tt.want {
			t.Errorf("CreditCodeCheck(%q) = %q, want %q", tt.first17, got, tt.want)
		}
	}
}

func TestCreditCodeCheckInvalid(t *testing.T) {
	for _, input := range []string{"", "9111000060003734", "911100006000373411", "9111000060003734I", "91310115ma1k3btp2"} {
		if _, err := CreditCodeCheck(input); !errors.Is(err, ErrFormat) {
			t.Errorf("CreditCodeCheck(%q) error = %v, want ErrFormat", input, err)
		}
	}
}

// TestCreditCodeEveryCheckValue builds one code per check value 0-30 and
// expects each to pass, and every other check character to fail.
func TestCreditCodeEveryCheckValue(t *testing.T) {
	seen := map[byte]bool{}
	for body := 0; body < 2000 && len(seen) < len(creditCodeAlphabet); body++ {
		first17 := "9142010" + string(rune('0'+body%10)) + "MA" + sevenChars(body)
		check, err := CreditCodeCheck(first17)
		if err != nil {
			t.Fatal(err)
		}
		if seen[check] {
			continue
		}
		seen[check] = true
		if _, err := CreditCode(first17 + string(check)); err != nil {
			t.Errorf("CreditCode(%s%c): %v", first17, check, err)
		}
		for i := 0; i < len(creditCodeAlphabet); i++ {
			other := creditCodeAlphabet[i]
			if other == check {
				continue
			}
			if _, err := CreditCode(first17 + string(other)); !errors.Is(err, ErrChecksum) {
				t.Errorf("CreditCode(%s%c) error = %v, want ErrChecksum", first17, other, err)
			}
		}
	}
	if len(seen) != len(creditCodeAlphabet) {
		t.Errorf("generated %d distinct check characters, want %d", len(seen), len(creditCodeAlphabet))
	}
}

// sevenChars spells n in base 31 over the code alphabet, padded to 7.
func sevenChars(n int) string {
	b := []byte("0000000")
	for i := 6; i >= 0 && n > 0; i-- {
		b[i] = creditCodeAlphabet[n%31]
		n /= 31
	}
	return string(b)
}
