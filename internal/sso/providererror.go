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
type ProviderError struct {
	// Code is the "error" parameter, for example access_denied or
	// invalid_grant, or the envelope's "code" field.
	Code string
	// Description is the optional "error_description" parameter or the
	// envelope's message, written by the provider and not fit to show to
	// people as is.
	Description string
	// Err is the underlying error, if any.
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
// code.
func CallbackError(query url.Values) error {
	code := query.Get("error")
	if code == "" {
		return nil
	}
	return &ProviderError{Code: code, Description: query.Get("error_description")}
}
