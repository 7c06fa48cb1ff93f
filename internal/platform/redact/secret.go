// Package redact keeps secrets out of logs and output and masks personal
// data for display.
package redact

import (
	"fmt"
	"log/slog"
)

// Placeholder is the text a Secret prints in place of its value.
const Placeholder = "[REDACTED]"

// Secret is a string that prints as Placeholder through fmt (every verb,
// including %#v), log/slog, encoding/json and encoding.TextMarshaler users.
// Only Reveal returns the value. Decoding JSON into a Secret stores the
// value as usual, so configuration files can carry it.
type Secret string

// Reveal returns the secret value. Call it only where the value is used,
// never to build log or error messages.
func (s Secret) Reveal() string { return string(s) }

// String returns Placeholder.
func (s Secret) String() string { return Placeholder }

// Format implements fmt.Formatter and writes Placeholder for every verb, so
// %x, %d and %#v cannot print the value either. %q and %#v quote it.
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'q' || (verb == 'v' && f.Flag('#')) {
		fmt.Fprint(f, `"`+Placeholder+`"`)
		return
	}
	fmt.Fprint(f, Placeholder)
}

// LogValue implements slog.LogValuer and returns Placeholder.
func (s Secret) LogValue() slog.Value { return slog.StringValue(Placeholder) }

// MarshalJSON encodes the secret as the JSON string "[REDACTED]".
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + Placeholder + `"`), nil }

// MarshalText returns Placeholder, for encoders such as encoding/xml.
//
// NOTE: encoding/json writes map keys of any string type verbatim without
// calling MarshalText, so a Secret must never be used as a map key.
func (s Secret) MarshalText() ([]byte, error) { return []byte(Placeholder), nil }
