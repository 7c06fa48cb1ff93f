package validate

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// idNumber builds a valid identity number from an address code, a
// YYYYMMDD birth date and a sequence number using IDNumberCheck.
func idNumber(t *testing.T, address, birth string, sequence int) string {
	t.Helper()
	first17 := fmt.Sprintf("%s%s%03d", address, birth, sequence)
	check, err := IDNumberCheck(first17)
	if err != nil {
		t.Fatalf("IDNumberCheck(%q): %v", first17, err)
	}
	return first17 + string(check)
}

// idNumberWithCheck finds a sequence number whose check character is want.
func idNumberWithCheck(t *testing.T, address, birth string, want byte) string {
	t.Helper()
	for sequence := 0; sequence < 1000; sequence++ {
		id := idNumber(t, address, birth, sequence)
		if id[17] == want {
			return id
		}
	}
	t.Fatalf("no sequence gives check %q", want)
	return ""
}

// wrongCheck replaces the check character of id with a different one.
func wrongCheck(id string) string {
	for _, c := range []byte(idNumberCheckChars) {
		if c != id[17] {
			return id[:17] + string(c)
		}
	}
	return ""
}

func TestIDNumber(t *testing.T) {
	china := time.FixedZone("CST", 8*60*60)
	now := time.Date(2024, 6, 1, 0, 30, 0, 0, china) // 2024-05-31 in UTC
	valid := idNumber(t, "420102", "19900307", 123)
	withX := idNumberWithCheck(t, "420106", "19851111", 'X')
	tests := []struct {
		name    string
		input   string
		want    string
		wantErr error
		text    string
	}{
		{"valid", valid, valid, nil, ""},
		{"check X", withX, withX, nil, ""},
		{"lower case x", strings.ToLower(withX), withX, nil, ""},
		{"surrounding and inner spaces", " " + valid[:6] + " " + valid[6:14] + " " + valid[14:] + " ", valid, nil, ""},
		{"full width", strings.Map(func(r rune) rune { return r - '0' + '０' }, valid[:17]) + valid[17:], valid, nil, ""},
		{"Hong Kong permit", idNumber(t, "810000", "19950101", 1), idNumber(t, "810000", "19950101", 1), nil, ""},
		{"Macao permit", idNumber(t, "820000", "19950101", 1), idNumber(t, "820000", "19950101", 1), nil, ""},
		{"Taiwan permit", idNumber(t, "830000", "19950101", 1), idNumber(t, "830000", "19950101", 1), nil, ""},
		{"permanent residence card", idNumber(t, "942156", "19800101", 1), idNumber(t, "942156", "19800101", 1), nil, ""},
		{"Xinjiang", idNumber(t, "650102", "20000229", 8), idNumber(t, "650102", "20000229", 8), nil, ""},
		{"born today in local zone", idNumber(t, "110101", "20240601", 5), idNumber(t, "110101", "20240601", 5), nil, ""},
		{"born 1900", idNumber(t, "110101", "19000101", 5), idNumber(t, "110101", "19000101", 5), nil, ""},
		{"empty", "", "", ErrRequired, "请输入身份证号码"},
		{"15 digit", valid[:15], "", ErrFormat, "18位"},
		{"19 digit", valid + "1", "", ErrFormat, "18位"},
		{"letter inside", valid[:10] + "A" + valid[11:], "", ErrFormat, "前17位为数字"},
		{"check letter not X", valid[:17] + "Y", "", ErrFormat, "数字或X"},
		{"province 00", idNumber(t, "000000", "19900307", 1), "", ErrFormat, "省级行政区划代码"},
		{"province 66", idNumber(t, "660000", "19900307", 1), "", ErrFormat, "省级行政区划代码"},
		{"province 71", idNumber(t, "710000", "19900307", 1), "", ErrFormat, "省级行政区划代码"},
		{"province 84", idNumber(t, "840000", "19900307", 1), "", ErrFormat, "省级行政区划代码"},
		{"month 13", idNumber(t, "420102", "19901301", 1), "", ErrFormat, "出生日期无效"},
		{"February 30", idNumber(t, "420102", "19900230", 1), "", ErrFormat, "出生日期无效"},
		{"February 29 non-leap", idNumber(t, "420102", "19000229", 1), "", ErrFormat, "出生日期无效"},
		{"born 1899", idNumber(t, "420102", "18991231", 1), "", ErrFormat, "出生日期无效"},
		{"born tomorrow", idNumber(t, "420102", "20240602", 1), "", ErrFuture, "晚于今天"},
		{"born far future", idNumber(t, "420102", "20990101", 1), "", ErrFuture, "晚于今天"},
		{"wrong check", wrongCheck(valid), "", ErrChecksum, "身份证号码校验位不正确，请核对身份证上的号码"},
		{"wrong X check", wrongCheck(withX), "", ErrChecksum, "校验位不正确"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := IDNumber(tt.input, now)
			checkError(t, err, tt.wantErr, tt.text)
			if got != tt.want {
				t.Errorf("IDNumber() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestIDNumberErrorHidesNumber(t *testing.T) {
	now := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	bad := wrongCheck(idNumber(t, "420102", "19900307", 123))
	_, err := IDNumber(bad, now)
	if err == nil {
		t.Fatal("IDNumber accepted a wrong check character")
	}
	if strings.Contains(err.Error(), bad[:14]) {
		t.Errorf("error message %q contains the number", err.Error())
	}
}

func TestIDNumberCheck(t *testing.T) {
	// Each case has a single non-zero digit, so the weighted sum is easy
	// to check by hand. The sum mod 11 indexes "10X98765432".
	tests := []struct {
		first17 string
		want    byte
	}{
		{"00000000000000000", '1'}, // r = 0
		{"00000001000000000", '0'}, // weight 1, r = 1
		{"00000010000000000", 'X'}, // weight 2, r = 2
		{"10000000000000000", '5'}, // weight 7, r = 7
		{"01000000000000000", '3'}, // weight 9, r = 9
		{"00100000000000000", '2'}, // weight 10, r = 10
		{"00000000000000009", '5'}, // 9 × weight 2 = 18, r = 7
	}
	for _, tt := range tests {
		got, err := IDNumberCheck(tt.first17)
		if err != nil {
			t.Fatalf("IDNumberCheck(%q): %v", tt.first17, err)
		}
		if got != tt.want {
			t.Errorf("IDNumberCheck(%q) = %q, want %q", tt.first17, got, tt.want)
		}
	}
}

func TestIDNumberCheckInvalid(t *testing.T) {
	for _, input := range []string{"", "4201021990030712", "420102199003071234", "42010219900307X12"} {
		if _, err := IDNumberCheck(input); !errors.Is(err, ErrFormat) {
			t.Errorf("IDNumberCheck(%q) error = %v, want ErrFormat", input, err)
		}
	}
}
