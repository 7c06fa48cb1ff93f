package password

import (
	"errors"
	"fmt"
	"unicode"
	"unicode/utf8"
)

// ErrWeak is wrapped by every error CheckStrength returns.
var ErrWeak = errors.New("password: does not meet the password policy")

// Length bounds of the password policy, in characters (Unicode code points).
const (
	MinLength = 8
	MaxLength = 64
)

// weakError carries a sentence fit to show next to the password field.
type weakError struct{ message string }

func (e *weakError) Error() string { return e.message }
func (e *weakError) Unwrap() error { return ErrWeak }

// CheckStrength checks password against the policy: MinLength to MaxLength
// characters, valid UTF-8 without control characters, and at least two of
// the classes letters, digits and symbols (any other printable character,
// including spaces). The returned error wraps ErrWeak and its Error() is a
// Chinese sentence for the sign-up or password form.
func CheckStrength(password string) error {
	if !utf8.ValidString(password) {
		return &weakError{"密码包含无效字符，请重新输入"}
	}
	n := utf8.RuneCountInString(password)
	if n < MinLength || n > MaxLength {
		return &weakError{fmt.Sprintf("密码长度须为 %d 至 %d 位", MinLength, MaxLength)}
	}
	var letters, digits, symbols bool
	for _, r := range password {
		switch {
		case unicode.IsControl(r):
			return &weakError{"密码不能包含控制字符"}
		case unicode.IsLetter(r):
			letters = true
		case unicode.IsDigit(r):
			digits = true
		default:
			symbols = true
		}
	}
	if countTrue(letters, digits, symbols) < 2 {
		return &weakError{"密码须至少包含字母、数字、符号中的两类"}
	}
	return nil
}

func countTrue(flags ...bool) int {
	n := 0
	for _, f := range flags {
		if f {
			n++
		}
	}
	return n
}
