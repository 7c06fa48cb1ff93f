package sms

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"slices"
	"strings"
)

// canonicalQuery sorts params by name and joins the percent-encoded
// name=value pairs with '&', as the Aliyun RPC signature requires.
func canonicalQuery(params map[string]string) string {
	names := make([]string, 0, len(params))
	for name := range params {
		names = append(names, name)
	}
	slices.Sort(names)

	var b strings.Builder
	for i, name := range names {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(percentEncode(name))
		b.WriteByte('=')
		b.WriteString(percentEncode(params[name]))
	}
	return b.String()
}

// signRPC returns the Aliyun RPC signature (SignatureVersion 1.0) of a
// canonical query: base64 of HMAC-SHA1 keyed with secret+"&" over
// method + "&%2F&" + percentEncode(query).
func signRPC(method, query, secret string) string {
	stringToSign := method + "&" + percentEncode("/") + "&" + percentEncode(query)
	mac := hmac.New(sha1.New, []byte(secret+"&"))
	mac.Write([]byte(stringToSign))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// percentEncode encodes s per RFC 3986: it keeps A-Z, a-z, 0-9, '-', '_',
// '.' and '~' and writes every other UTF-8 byte as %XY with upper-case hex.
// Unlike form encoding, a space becomes %20.
func percentEncode(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s))
	for i := range len(s) {
		c := s[i]
		if isUnreserved(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&0x0F])
	}
	return b.String()
}

func isUnreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '-' || c == '_' || c == '.' || c == '~'
}
