// Package sms delivers verification codes by text message. Outbox keeps
// messages in memory for development and Aliyun sends them through the
// Aliyun Short Message Service.
package sms

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Purposes of a verification code that Message.Validate accepts.
const (
	PurposeLogin          = "login"
	PurposeResetPassword  = "reset_password"
	PurposeChangePassword = "change_password"
)

// ErrInvalidMessage is returned by senders for a Message that fails Validate.
var ErrInvalidMessage = errors.New("sms: invalid message")

// Message is one verification code text message.
type Message struct {
	Phone   string    // recipient, such as "13812345678"
	Code    string    // verification code, such as "123456"
	Purpose string    // one of the Purpose constants
	SentAt  time.Time // Outbox stores the current time when zero
}

// Validate checks that m has a phone number, a code and a known purpose.
// Errors wrap ErrInvalidMessage and never contain the code.
func (m Message) Validate() error {
	switch {
	case m.Phone == "":
		return fmt.Errorf("%w: missing phone number", ErrInvalidMessage)
	case m.Code == "":
		return fmt.Errorf("%w: missing code", ErrInvalidMessage)
	}
	switch m.Purpose {
	case PurposeLogin, PurposeResetPassword, PurposeChangePassword:
		return nil
	}
	return fmt.Errorf("%w: unknown purpose %q", ErrInvalidMessage, m.Purpose)
}

// Sender delivers a Message. Implementations must be safe for concurrent
// use and return an error when the message was not accepted for delivery.
type Sender interface {
	Send(ctx context.Context, m Message) error
}
