package account

import (
	"context"
	"errors"
	"fmt"

	"wct/internal/core"
	"wct/internal/platform/password"
	"wct/internal/platform/redact"
)

// ResetPassword sets a new phone-login password after an SMS code check;
// it is also how a user sets the first one. All of the user's sessions
// end. A wrong code and an unknown phone return the same error.
func (s *Service) ResetPassword(ctx context.Context, phone, code string, newPassword redact.Secret, clientAddr string) error {
	phone, err := checkPhone(phone)
	if err != nil {
		return err
	}
	if err := checkNewPassword("newPassword", newPassword); err != nil {
		return err
	}
	if err := s.consumeCode(ctx, phone, PurposeResetPassword, code); err != nil {
		return errBadCode
	}
	u, err := s.Store.UserByPhone(ctx, phone)
	if errors.Is(err, core.ErrNotFound) {
		return errBadCode
	}
	if err != nil {
		return err
	}
	hash, err := s.Hasher.Hash(newPassword.Reveal())
	if err != nil {
		return fmt.Errorf("account: hash password: %w", err)
	}
	ev := core.Actor{UserID: u.ID, ClientAddr: clientAddr}.Event("password.reset", "user", u.ID)
	return s.Store.ChangePassword(ctx, u.ID, hash, "", ev)
}

// ChangePassword replaces the signed-in user's password after checking the
// current one, or an SMS code when none is set, and signs out the user's
// other sessions.
func (s *Service) ChangePassword(ctx context.Context, p core.Principal, current redact.Secret, code string, newPassword redact.Secret) error {
	if err := checkNewPassword("newPassword", newPassword); err != nil {
		return err
	}
	u, err := s.Store.UserByID(ctx, p.User.ID)
	if err != nil {
		return err
	}
	// Wrong current passwords count as failed logins, so a stolen session
	// cannot guess the password without limit.
	failureKey := "change_password:" + u.ID
	if err := s.checkLockout(ctx, failureKey, p.Session.ClientAddr); err != nil {
		return err
	}
	if err := s.checkCurrentSecret(ctx, u, current, code); err != nil {
		return s.recordFailure(ctx, failureKey, p.Session.ClientAddr, err)
	}
	hash, err := s.Hasher.Hash(newPassword.Reveal())
	if err != nil {
		return fmt.Errorf("account: hash password: %w", err)
	}
	ev := core.Actor{UserID: u.ID, IdentityID: p.Session.ActiveIdentityID,
		ClientAddr: p.Session.ClientAddr}.Event("password.change", "user", u.ID)
	return s.Store.ChangePassword(ctx, u.ID, hash, p.Session.TokenHash, ev)
}

func (s *Service) checkCurrentSecret(ctx context.Context, u core.User, current redact.Secret, code string) error {
	var f core.Fields
	if u.HasPassword() {
		if current.Reveal() == "" {
			f.Add("currentPassword", "请输入当前密码")
			return f.Err()
		}
		ok, _, err := s.Hasher.Verify(current.Reveal(), u.PasswordHash)
		if err != nil || !ok {
			f.Add("currentPassword", "当前密码不正确")
			return f.Err()
		}
		return nil
	}
	if code == "" {
		f.Add("smsCode", "尚未设置密码，请输入发送到本人手机的验证码")
		return f.Err()
	}
	if err := s.consumeCode(ctx, u.Phone, PurposeChangePassword, code); err != nil {
		f.Add("smsCode", "验证码错误或已失效")
		return f.Err()
	}
	return nil
}

func checkNewPassword(field string, pw redact.Secret) error {
	if err := password.CheckStrength(pw.Reveal()); err != nil {
		var f core.Fields
		f.AddErr(field, err)
		return f.Err()
	}
	return nil
}
