package validate

import (
	"fmt"
	"strings"
	"time"
)

// idNumberWeights are the ISO 7064 MOD 11-2 weights for positions 1-17 of a
// resident identity number (GB 11643-1999).
var idNumberWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// idNumberCheckChars maps the weighted sum mod 11 to the check character.
const idNumberCheckChars = "10X98765432"

// idNumberProvinces lists the two-digit prefixes an identity number may
// start with: the mainland province-level divisions of GB/T 2260 (11-65),
// and 81, 82 and 83 for residence permits of Hong Kong, Macao and Taiwan
// residents. Numbers starting with 9 (foreigner's permanent residence ID
// card, 2023 format) are accepted separately.
var idNumberProvinces = map[string]bool{
	"11": true, "12": true, "13": true, "14": true, "15": true,
	"21": true, "22": true, "23": true,
	"31": true, "32": true, "33": true, "34": true, "35": true, "36": true, "37": true,
	"41": true, "42": true, "43": true, "44": true, "45": true, "46": true,
	"50": true, "51": true, "52": true, "53": true, "54": true,
	"61": true, "62": true, "63": true, "64": true, "65": true,
	"81": true, "82": true, "83": true,
}

// IDNumber normalizes and checks an 18-character resident identity number
// (居民身份证号码, GB 11643-1999).
//
// Normalization trims the input, converts full-width characters to ASCII,
// drops spaces and upper-cases a trailing x. The number must have 17
// digits and then a digit or X, and start with a known province prefix or
// a 9. Positions 7-14 must be a real birth date from 1900 up to today's
// date in now's location, and the check character must match (ISO 7064
// MOD 11-2). Errors never contain the number. On error IDNumber returns "".
func IDNumber(s string, now time.Time) (string, error) {
	id := strings.ReplaceAll(fold(s), " ", "")
	if id == "" {
		return "", invalid(ErrRequired, "请输入身份证号码")
	}
	if !isIDNumberShape(id) {
		return "", invalid(ErrFormat, "身份证号码应为18位，前17位为数字，最后一位为数字或X")
	}
	if id[0] != '9' && !idNumberProvinces[id[:2]] {
		return "", invalid(ErrFormat, "身份证号码前两位不是有效的省级行政区划代码，请核对身份证上的号码")
	}
	if err := checkBirthDate(id[6:14], now); err != nil {
		return "", err
	}
	want, _ := IDNumberCheck(id[:17])
	if id[17] != want {
		return "", invalid(ErrChecksum, "身份证号码校验位不正确，请核对身份证上的号码")
	}
	return id, nil
}

func isIDNumberShape(id string) bool {
	if len(id) != 18 {
		return false
	}
	for i := 0; i < 17; i++ {
		if id[i] < '0' || id[i] > '9' {
			return false
		}
	}
	last := id[17]
	return last == 'X' || (last >= '0' && last <= '9')
}

// checkBirthDate checks a YYYYMMDD birth date against the calendar and
// against the current date in now's location.
func checkBirthDate(yyyymmdd string, now time.Time) error {
	birth, err := time.Parse("20060102", yyyymmdd)
	if err != nil || birth.Year() < 1900 {
		return invalid(ErrFormat, "身份证号码中的出生日期无效，请核对身份证上的号码")
	}
	y, m, d := now.Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if birth.After(today) {
		return invalid(ErrFuture, "身份证号码中的出生日期晚于今天，请核对身份证上的号码")
	}
	return nil
}

// IDNumberCheck computes the ISO 7064 MOD 11-2 check character (a digit or
// 'X') for the first 17 digits of an identity number. Tests and tools use
// it to build valid numbers.
func IDNumberCheck(first17 string) (byte, error) {
	if len(first17) != 17 {
		return 0, fmt.Errorf("id number check: need 17 digits, got %d: %w", len(first17), ErrFormat)
	}
	sum := 0
	for i := 0; i < 17; i++ {
		c := first17[i]
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("id number check: non-digit at position %d: %w", i+1, ErrFormat)
		}
		sum += int(c-'0') * idNumberWeights[i]
	}
	return idNumberCheckChars[sum%11], nil
}
