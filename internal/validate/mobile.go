package validate

import "strings"

// Mobile normalizes and checks a mainland China mobile number and returns
// its bare 11 digits.
//
// Normalization trims the input, converts full-width characters to ASCII
// and drops spaces and hyphens. A country code written as +86, 0086 or 86
// is removed when 11 digits follow it. The number must then match
// 1[3-9] followed by 9 digits.
func Mobile(s string) (string, error) {
	number := dropSeparators(fold(s))
	if number == "" {
		return "", invalid(ErrRequired, "请输入手机号码")
	}
	for _, prefix := range []string{"+86", "0086", "86"} {
		rest, ok := strings.CutPrefix(number, prefix)
		if ok && len(rest) == 11 {
			number = rest
			break
		}
	}
	if !isMobile(number) {
		return "", invalid(ErrFormat, "手机号码格式不正确，请输入以1开头的11位中国大陆手机号码")
	}
	return number, nil
}

func isMobile(number string) bool {
	if len(number) != 11 || number[0] != '1' || number[1] < '3' || number[1] > '9' {
		return false
	}
	for i := 2; i < len(number); i++ {
		if number[i] < '0' || number[i] > '9' {
			return false
		}
	}
	return true
}
