package sso

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"wct/internal/platform/redact"
)

// Bounds, in runes, on provider-written text kept in errors, because
// errors end up in logs.
const (
	maxCodeRunes        = 64
	maxDescriptionRunes = 200
)

// digitRun matches a maximal run of digits with an optional trailing X,
// the check character of resident ID numbers.
var digitRun = regexp.MustCompile(`[0-9]+[Xx]?`)

// scrub returns provider-written text fit for an error message. It
// replaces each non-empty secret, and each digit run shaped like a
// personal number, with redact.Placeholder. Such runs have 15 to 18
// characters (resident ID numbers, the last possibly X) or 11 digits
// starting with 1 (mainland mobile numbers). It also replaces invalid
// UTF-8 and the characters for which invisible reports true with spaces,
// and clips the result to max runes.
func scrub(s string, max int, secrets ...string) string {
	// Longer secrets go first, so a secret that contains another is
	// replaced whole.
	secrets = slices.SortedFunc(slices.Values(secrets), func(a, b string) int { return cmp.Compare(len(b), len(a)) })
	for _, secret := range secrets {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, redact.Placeholder)
		}
	}
	s = digitRun.ReplaceAllStringFunc(s, func(run string) string {
		if n := len(run); (n >= 15 && n <= 18) || (n == 11 && run[0] == '1') {
			return redact.Placeholder
		}
		return run
	})
	s = strings.Map(func(r rune) rune {
		if invisible(r) || r == utf8.RuneError {
			return ' '
		}
		return r
	}, s)
	return clip(s, max)
}

// invisible reports whether r is a control (Cc) or format (Cf) character
// or a line or paragraph separator (Zl, Zp). Such characters break log
// lines or make text display other than it reads, as U+202E
// (right-to-left override) does.
func invisible(r rune) bool {
	return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp)
}

// clip shortens s to max runes, marking a cut with an ellipsis.
func clip(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return string([]rune(s)[:max]) + "…"
}

// scrubbedError is an error of a library whose message may quote a
// provider's response, with that message scrubbed. It unwraps to the
// original error, so errors.Is still finds causes such as
// context.DeadlineExceeded. The original's own message may contain
// secrets and must not be logged.
type scrubbedError struct {
	msg string
	err error
}

// newScrubbedError returns err with its message scrubbed of secrets and
// clipped to maxDescriptionRunes.
func newScrubbedError(err error, secrets ...string) error {
	return &scrubbedError{msg: scrub(err.Error(), maxDescriptionRunes, secrets...), err: err}
}

func (e *scrubbedError) Error() string { return e.msg }

func (e *scrubbedError) Unwrap() error { return e.err }

// newProviderError returns a *ProviderError with code and description
// scrubbed of secrets and clipped. err may be nil.
func newProviderError(code, description string, err error, secrets ...string) *ProviderError {
	return &ProviderError{
		Code:        scrub(code, maxCodeRunes, secrets...),
		Description: scrub(description, maxDescriptionRunes, secrets...),
		Err:         err,
	}
}
