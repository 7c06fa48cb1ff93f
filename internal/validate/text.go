package validate

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text trims Unicode white space (including the ideographic space U+3000)
// from s and checks that its length in characters (runes) lies in
// [min, max]. A max of 0 or less means no upper limit. Empty text is
// ErrRequired when min > 0 and valid otherwise. Text must be valid UTF-8
// and contain no control characters other than tab and line breaks.
func Text(s string, min, max int) (string, error) {
	s = strings.TrimSpace(s)
	n := utf8.RuneCountInString(s)
	switch {
	case n == 0 && min > 0:
		return "", invalid(ErrRequired, "此项为必填项，请填写")
	case !utf8.ValidString(s):
		return "", invalid(ErrFormat, "内容包含无法识别的字符，请重新输入")
	case hasControl(s):
		return "", invalid(ErrFormat, "内容包含不可见的控制字符，请删除后重新输入")
	case n < min:
		return "", invalid(ErrTooShort, fmt.Sprintf("请至少填写%d个字，当前为%d个字", min, n))
	case max > 0 && n > max:
		return "", invalid(ErrTooLong, fmt.Sprintf("不能超过%d个字，当前为%d个字", max, n))
	}
	return s, nil
}

// Line checks a single-line value such as a name or an address like Text
// does, and also refuses tabs and line breaks, which a one-line form
// field cannot hold and which would split the value in lists and logs.
func Line(s string, min, max int) (string, error) {
	s, err := Text(s, min, max)
	if err != nil {
		return "", err
	}
	if strings.ContainsAny(s, "\t\n\r\u2028\u2029") {
		return "", invalid(ErrFormat, "内容不能换行或包含制表符，请写在一行内")
	}
	return s, nil
}

// hasControl reports control characters other than tab and line breaks,
// and format characters such as U+202E (right-to-left override) and
// U+200B (zero-width space), which make a name display differently from
// what it contains.
func hasControl(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' {
			return true
		}
		if unicode.Is(unicode.Cf, r) {
			return true
		}
	}
	return false
}
