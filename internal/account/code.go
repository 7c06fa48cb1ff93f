package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"strings"
	"time"

	"wct/internal/core"
	"wct/internal/platform/sms"
)

// The purposes of verification codes. A code works only for its purpose.
const (
	PurposeLogin          = sms.PurposeLogin
	PurposeResetPassword  = sms.PurposeResetPassword
	PurposeChangePassword = sms.PurposeChangePassword
)

// SendCode issues a verification code for the phone and purpose and sends
// it when the phone belongs to a user. For an unknown phone the code is
// stored but not sent, so that the response and its timing are the same
// and no one learns which phones have accounts. Sending runs after the
// response, in the background.
func (s *Service) SendCode(ctx context.Context, phone, purpose, clientAddr string) error {
	phone, err := checkPhone(phone)
	if err != nil {
		return err
	}
	if purpose != PurposeLogin && purpose != PurposeResetPassword && purpose != PurposeChangePassword {
		return &core.Error{Code: core.CodeInvalid, Message: "请检查表单中标出的内容",
			Fields: []core.FieldError{{Field: "purpose", Message: "验证码用途无效"}}}
	}
	code := newCode()
	err = s.Store.IssueSMSCode(ctx, core.SMSCode{Phone: phone, Purpose: purpose,
		CodeHash: hashCode(phone, purpose, code), ClientAddr: clientAddr, TTL: smsCodeTTL}, s.SMSLimits)
	if err != nil {
		return err
	}
	_, err = s.Store.UserByPhone(ctx, phone)
	if errors.Is(err, core.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	go s.deliver(sms.Message{Phone: phone, Code: code, Purpose: purpose})
	return nil
}

func (s *Service) deliver(m sms.Message) {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := s.SMS.Send(ctx, m); err != nil {
		s.Logger.Error("send sms failed", slog.String("purpose", m.Purpose), slog.Any("error", err))
	}
}

// SendCodeToUser issues a code to the signed-in user's own phone, for
// changing a password when none is set yet.
func (s *Service) SendCodeToUser(ctx context.Context, p core.Principal, clientAddr string) error {
	u, err := s.Store.UserByID(ctx, p.User.ID)
	if err != nil {
		return err
	}
	return s.SendCode(ctx, u.Phone, PurposeChangePassword, clientAddr)
}

func (s *Service) consumeCode(ctx context.Context, phone, purpose, code string) error {
	code = strings.TrimSpace(code)
	if len(code) != 6 {
		return core.Errorf(core.CodeNotFound, "验证码错误或已失效")
	}
	return s.Store.ConsumeSMSCode(ctx, phone, purpose, hashCode(phone, purpose, code), smsCodeAttempts)
}

// newCode returns 6 random digits from a cryptographic source.
func newCode() string {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		panic(fmt.Sprintf("account: read random: %v", err))
	}
	return fmt.Sprintf("%06d", n.Int64())
}

// hashCode binds a code to its phone and purpose before hashing, so a
// stored hash matches only that pair.
func hashCode(phone, purpose, code string) string {
	sum := sha256.Sum256([]byte(phone + "|" + purpose + "|" + code))
	return hex.EncodeToString(sum[:])
}
