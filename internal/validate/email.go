package validate

import (
	"net/mail"
	"strings"
)

// Maximum lengths of an address and its local part (RFC 5321).
const (
	maxEmailLength    = 254
	maxEmailLocalPart = 64
)

// Email checks a single bare e-mail address such as name@example.com and
// returns it with the domain lower-cased. It rejects display names, angle
// brackets, lists of addresses, addresses longer than 254 bytes or with a
// local part longer than 64 bytes, and domains without a dot.
func Email(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", invalid(ErrRequired, "请输入电子邮箱")
	}
	if len(s) > maxEmailLength {
		return "", invalid(ErrTooLong, "电子邮箱地址过长，不能超过254个字符")
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Name != "" || addr.Address != s {
		return "", invalid(ErrFormat, "电子邮箱格式不正确，请输入类似 name@example.com 的地址")
	}
	at := strings.LastIndexByte(s, '@')
	local, domain := s[:at], strings.ToLower(s[at+1:])
	if len(local) > maxEmailLocalPart {
		return "", invalid(ErrFormat, "电子邮箱@前的部分不能超过64个字符")
	}
	if !strings.Contains(domain, ".") || strings.HasSuffix(domain, ".") {
		return "", invalid(ErrFormat, "电子邮箱域名不完整，请输入类似 name@example.com 的地址")
	}
	return local + "@" + domain, nil
}
