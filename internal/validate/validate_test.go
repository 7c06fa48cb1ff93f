package validate

import (
	"errors"
	"strings"
	"testing"
)

// checkError fails t unless err is an *Error that wraps want and whose
// message contains every fragment in wantText. A nil want expects no error.
func checkError(t *testing.T, err, want error, wantText ...string) {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if !errors.Is(err, want) {
		t.Fatalf("error = %v, want one wrapping %v", err, want)
	}
	var verr *Error
	if !errors.As(err, &verr) {
		t.Fatalf("error %T is not *Error", err)
	}
	if verr.Error() != verr.Message {
		t.Errorf("Error() = %q, want Message %q", verr.Error(), verr.Message)
	}
	for _, text := range wantText {
		if !strings.Contains(verr.Message, text) {
			t.Errorf("message %q does not contain %q", verr.Message, text)
		}
	}
}

func TestErrorUnwrap(t *testing.T) {
	err := error(&Error{Reason: ErrFormat, Message: "格式不正确"})
	if !errors.Is(err, ErrFormat) {
		t.Error("errors.Is(err, ErrFormat) = false")
	}
	if errors.Is(err, ErrRequired) {
		t.Error("errors.Is(err, ErrRequired) = true")
	}
	if err.Error() != "格式不正确" {
		t.Errorf("Error() = %q", err.Error())
	}
}
