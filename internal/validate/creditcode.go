package validate

import (
	"fmt"
	"strings"
)

// creditCodeAlphabet lists the characters of a unified social credit code
// (GB 32100-2015) in value order 0-30. I, O, S, V and Z never occur.
const creditCodeAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// creditCodeWeights are the GB 32100-2015 weights for positions 1-17,
// which are 3^(i-1) mod 31.
var creditCodeWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// CreditCode normalizes and checks an 18-character unified social credit
// code (统一社会信用代码, GB 32100-2015).
//
// Normalization trims the input, converts full-width characters to ASCII,
// upper-cases it and drops spaces and hyphens. The check requires 18
// characters from the code alphabet, digits in positions 3-8 (the
// administrative division) and a matching check character.
//
// When the only problem is the check character, CreditCode returns the
// normalized code together with an error wrapping ErrChecksum, so a caller
// can let the applicant confirm a code printed on a real licence. On any
// other error it returns "".
func CreditCode(s string) (string, error) {
	code := dropSeparators(fold(s))
	if code == "" {
		return "", invalid(ErrRequired, "请输入统一社会信用代码")
	}
	if n := len([]rune(code)); n != 18 {
		return "", invalid(ErrFormat, fmt.Sprintf("统一社会信用代码应为18位，当前为%d位，请核对营业执照上的代码", n))
	}
	for i := 0; i < len(code); i++ {
		if strings.IndexByte(creditCodeAlphabet, code[i]) < 0 {
			return "", invalid(ErrFormat, "统一社会信用代码只能包含数字和大写字母（不含I、O、S、V、Z），请核对营业执照上的代码")
		}
	}
	for i := 2; i < 8; i++ {
		if code[i] < '0' || code[i] > '9' {
			return "", invalid(ErrFormat, "统一社会信用代码第3至8位应为数字（登记管理机关行政区划码），请核对营业执照上的代码")
		}
	}
	want, _ := CreditCodeCheck(code[:17])
	if code[17] != want {
		return code, invalid(ErrChecksum, "统一社会信用代码校验位不正确，请核对营业执照上的代码")
	}
	return code, nil
}

// CreditCodeCheck computes the check character (position 18) for the first
// 17 characters of a unified social credit code. The input is not
// normalized, so it must be upper-case and use only the code alphabet.
// Tests and tools use it to build valid codes.
func CreditCodeCheck(first17 string) (byte, error) {
	if len(first17) != 17 {
		return 0, fmt.Errorf("credit code check: need 17 characters, got %d: %w", len(first17), ErrFormat)
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(creditCodeAlphabet, first17[i])
		if v < 0 {
			return 0, fmt.Errorf("credit code check: invalid character %q at position %d: %w", first17[i], i+1, ErrFormat)
		}
		sum += v * creditCodeWeights[i]
	}
	return creditCodeAlphabet[(31-sum%31)%31], nil
}
