// Package validate checks and normalizes user input.
//
// Every check returns either a normalized value or an *Error whose Message
// is a Chinese sentence fit to show under a form field. Each *Error wraps
// one of the sentinel errors below, so callers branch with errors.Is and
// show Message to the user.
package validate

import (
	"errors"
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// Sentinel errors wrapped by every *Error this package returns.
var (
	// ErrRequired reports an empty value where one is required.
	ErrRequired = errors.New("validate: value required")
	// ErrFormat reports a value of the wrong length, alphabet or shape,
	// or a file that fails to decode.
	ErrFormat = errors.New("validate: invalid format")
	// ErrChecksum reports a well-formed code whose check character does
	// not match the rest of the code.
	ErrChecksum = errors.New("validate: checksum mismatch")
	// ErrTooShort reports text with fewer characters than the minimum.
	ErrTooShort = errors.New("validate: value too short")
	// ErrTooLong reports text with more characters than the maximum.
	ErrTooLong = errors.New("validate: value too long")
	// ErrTooLarge reports a file larger than the byte limit or an image
	// with more pixels than the dimension limit.
	ErrTooLarge = errors.New("validate: file too large")
	// ErrUnsupportedType reports a file whose content is not one of the
	// accepted types.
	ErrUnsupportedType = errors.New("validate: unsupported file type")
	// ErrFuture reports a date after the current date.
	ErrFuture = errors.New("validate: date in the future")
	// ErrNotAllowed reports a choice outside the allowed set.
	ErrNotAllowed = errors.New("validate: value not allowed")
)

// Error is a validation failure with a Chinese message for the UI.
type Error struct {
	// Reason is one of the sentinel errors of this package.
	Reason error
	// Message is a Chinese sentence stating what is wrong and how to fix
	// it. Messages about ID numbers never contain the number.
	Message string
}

// Error returns the user-facing Chinese message.
func (e *Error) Error() string { return e.Message }

// Unwrap returns the sentinel reason so errors.Is works.
func (e *Error) Unwrap() error { return e.Reason }

func invalid(reason error, message string) *Error {
	return &Error{Reason: reason, Message: message}
}

// fold trims s, converts full-width ASCII forms (as typed with a Chinese
// input method) to their ASCII equivalents and upper-cases it.
func fold(s string) string {
	return strings.ToUpper(strings.TrimSpace(width.Narrow.String(s)))
}

// dropSeparators removes the spaces, dashes and line breaks that users
// type or copy from web pages and PDFs to group digits: every Unicode
// space and dash, and invisible format characters such as the zero-width
// space.
func dropSeparators(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.Is(unicode.Pd, r) || unicode.Is(unicode.Cf, r) || r == '\u2212' {
			return -1
		}
		return r
	}, s)
}
