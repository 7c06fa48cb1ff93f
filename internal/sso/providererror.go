package sso

import (
	"errors"
	"fmt"
	"net/url"
)

// ErrAccessDenied matches, through errors.Is, a ProviderError with code
// access_denied: the person cancelled or the provider refused the login.
var ErrAccessDenied = errors.New("sso: access denied")

// ProviderError is an error returned by the provider: an OAuth 2.0 error
// on the authorization callback or from the token endpoint (RFC 6749
// sections 4.1.2.1 and 5.2), or a ticket-exchange response whose envelope
// code means failure.
//
// The package fills Code and Description from text that the provider, or
// for the callback anyone who sends a browser there, wrote. So it first
// replaces the ticket, the code, the tokens, the client or app secret and
// numbers that look like resident ID or mobile numbers with
// redact.Placeholder, and replaces control and format characters with
// spaces. It clips Code to 64 runes and Description to 200, so
// Error() is fit to log.
type ProviderError struct {
	// Code is the "error" parameter, for example access_denied or
	// invalid_grant, or the envelope's "code" field. An envelope code that
	// is neither a string nor a number appears as its JSON text.
	Code string
	// Description is the optional "error_description" parameter or the
	// envelope's message, written by the provider and not fit to show to
	// people as is.
	Description string
	// Err is the underlying error, if any. Its own message may quote the
	// provider's whole response, secrets included, so it must not be
	// logged.
	Err error
}

func (e *ProviderError) Error() string {
	if e.Description == "" {
		return fmt.Sprintf("sso: provider returned %s", e.Code)
	}
	return fmt.Sprintf("sso: provider returned %s: %s", e.Code, e.Description)
}

// Unwrap returns the underlying error.
func (e *ProviderError) Unwrap() error { return e.Err }

// Is reports whether target is ErrAccessDenied and the code is
// access_denied.
func (e *ProviderError) Is(target error) bool {
	return target == ErrAccessDenied && e.Code == "access_denied"
}

// CallbackError returns a *ProviderError when the callback query carries an
// "error" parameter, and nil otherwise. Callers check it before reading the
// code. Anyone can send such a query without logging in, so the error
// keeps only the clipped and cleaned text that ProviderError describes.
func CallbackError(query url.Values) error {
	code := query.Get("error")
	if code == "" {
		return nil
	}
	return newProviderError(code, query.Get("error_description"), nil)
}
