package core

import (
	"errors"
	"fmt"
	"strings"
)

// Code is the stable machine-readable kind of a domain error. The HTTP
// layer maps each code to one status.
type Code string

// The domain error codes.
const (
	CodeInvalid            Code = "validation_failed"
	CodeUnauthenticated    Code = "unauthenticated"
	CodeInvalidCredentials Code = "invalid_credentials"
	CodeForbidden          Code = "forbidden"
	CodeNotFound           Code = "not_found"
	CodeConflict           Code = "conflict"
	CodeAlreadyDecided     Code = "already_decided"
	CodeRateLimited        Code = "rate_limited"
	CodeTooLarge           Code = "too_large"
)

// FieldError is a problem with one input field. Field is the API field
// name; Message is a Chinese sentence for the form; Reason is an optional
// machine-readable detail such as "checksum".
type FieldError struct {
	Field   string
	Message string
	Reason  string
}

// Error is a domain error with a public Chinese message. Its text is safe
// to show to the user; internal causes are never wrapped in it.
type Error struct {
	Code       Code
	Message    string
	Fields     []FieldError
	RetryAfter int // seconds, for CodeRateLimited
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("%s: %s", e.Code, e.Message)
	}
	names := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		names[i] = f.Field
	}
	return fmt.Sprintf("%s: %s (%s)", e.Code, e.Message, strings.Join(names, ", "))
}

// Is makes errors.Is(err, ErrNotFound) and the like match on the code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Message == "" && t.Code == e.Code
}

// Sentinels to test an error's code with errors.Is.
var (
	ErrInvalid         = &Error{Code: CodeInvalid}
	ErrUnauthenticated = &Error{Code: CodeUnauthenticated}
	ErrForbidden       = &Error{Code: CodeForbidden}
	ErrNotFound        = &Error{Code: CodeNotFound}
	ErrConflict        = &Error{Code: CodeConflict}
	ErrAlreadyDecided  = &Error{Code: CodeAlreadyDecided}
	ErrRateLimited     = &Error{Code: CodeRateLimited}
)

// Errorf returns a domain error with the code and the Chinese message.
func Errorf(code Code, message string) *Error {
	return &Error{Code: code, Message: message}
}

// Fields collects field errors while a form is validated.
type Fields []FieldError

// Add records a problem with field.
func (f *Fields) Add(field, message string) {
	*f = append(*f, FieldError{Field: field, Message: message})
}

// AddErr records err's text against field when err is not nil, and
// reports whether it did.
func (f *Fields) AddErr(field string, err error) bool {
	if err == nil {
		return false
	}
	*f = append(*f, FieldError{Field: field, Message: err.Error()})
	return true
}

// Err returns a validation error listing the fields, or nil when there are
// none.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: CodeInvalid, Message: "请检查表单中标出的内容", Fields: f}
}

// AsError returns err as a domain error when it is one.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}
