package account

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"wct/internal/core"
	"wct/internal/platform/redact"
	"wct/internal/sso"
	"wct/internal/validate"
)

// LoginSSO records a provincial login: it creates or updates the user and
// starts a session. A legal-person login scopes the session to the
// enterprise of its credit code. It returns the session token.
func (s *Service) LoginSSO(ctx context.Context, id sso.Identity, clientAddr string) (string, core.User, error) {
	phone, err := validate.Mobile(id.Phone)
	if err != nil {
		return "", core.User{}, core.Errorf(core.CodeInvalid, "统一身份认证返回的手机号无效，请联系平台运营")
	}
	l := core.SSOLogin{Provider: id.Provider, Subject: id.Subject, Phone: phone, Name: id.Name}
	if id.IDNumber != "" {
		if l.IDNumberEnc, l.IDNumberHash, err = s.sealIDNumber(id.IDNumber); err != nil {
			return "", core.User{}, err
		}
	}
	sess := core.Session{Method: core.LoginSSO, ClientAddr: clientAddr}
	if id.Legal != nil {
		code, err := validate.CreditCode(id.Legal.CreditCode)
		if code == "" {
			return "", core.User{}, fmt.Errorf("account: legal login with invalid credit code: %w", err)
		}
		sess.Method, sess.LegalOrgName, sess.LegalCreditCode = core.LoginSSOLegal, id.Legal.OrgName, code
	}
	ev := core.Actor{ClientAddr: clientAddr}.Event("login", "user", "")
	ev.Detail = map[string]string{"method": string(sess.Method)}
	u, created, err := s.Store.UpsertSSOUser(ctx, l, ev)
	if err != nil {
		return "", u, err
	}
	if created {
		s.Logger.Info("user created", slog.String("user_id", u.ID))
	}
	sess.UserID = u.ID
	token, err := s.startSession(ctx, sess, core.Actor{UserID: u.ID, ClientAddr: clientAddr}.Event("session.start", "user", u.ID))
	return token, u, err
}

// sealIDNumber normalizes an ID number and returns its ciphertext and
// lookup hash. A number that fails its checksum is still kept, because
// the provincial provider vouches for it.
func (s *Service) sealIDNumber(idNumber string) (enc, hash string, err error) {
	if n, err := validate.IDNumber(idNumber, s.now()); err == nil {
		idNumber = n
	}
	if enc, err = s.Cipher.Encrypt(idNumber); err != nil {
		return "", "", fmt.Errorf("account: encrypt ID number: %w", err)
	}
	return enc, s.Cipher.LookupHash(idNumber), nil
}

// LoginPassword starts a session for the phone's user when the password
// matches. An unknown phone, a user with no password and a wrong password
// all cost one hash verification and return the same error.
func (s *Service) LoginPassword(ctx context.Context, phone string, pw redact.Secret, clientAddr string) (string, core.User, error) {
	phone, err := checkPhone(phone)
	if err != nil {
		return "", core.User{}, err
	}
	if err := s.checkLockout(ctx, phone, clientAddr); err != nil {
		return "", core.User{}, err
	}
	u, err := s.Store.UserByPhone(ctx, phone)
	if errors.Is(err, core.ErrNotFound) || (err == nil && !u.HasPassword()) {
		s.Hasher.VerifyDummy(pw.Reveal())
		return "", core.User{}, s.recordFailure(ctx, phone, clientAddr, errBadPassword)
	}
	if err != nil {
		return "", u, err
	}
	ok, stale, err := s.Hasher.Verify(pw.Reveal(), u.PasswordHash)
	if err != nil || !ok {
		return "", core.User{}, s.recordFailure(ctx, phone, clientAddr, errBadPassword)
	}
	if stale {
		s.rehash(ctx, u, pw)
	}
	return s.startPhoneSession(ctx, u, core.LoginPassword, clientAddr)
}

// LoginSMS starts a session for the phone's user when the code matches a
// live login code sent to it.
func (s *Service) LoginSMS(ctx context.Context, phone, code string, clientAddr string) (string, core.User, error) {
	phone, err := checkPhone(phone)
	if err != nil {
		return "", core.User{}, err
	}
	if err := s.checkLockout(ctx, phone, clientAddr); err != nil {
		return "", core.User{}, err
	}
	if err := s.consumeCode(ctx, phone, PurposeLogin, code); err != nil {
		return "", core.User{}, s.recordFailure(ctx, phone, clientAddr, errBadCode)
	}
	u, err := s.Store.UserByPhone(ctx, phone)
	if errors.Is(err, core.ErrNotFound) {
		return "", core.User{}, errBadCode
	}
	if err != nil {
		return "", u, err
	}
	return s.startPhoneSession(ctx, u, core.LoginSMS, clientAddr)
}

func (s *Service) startPhoneSession(ctx context.Context, u core.User, m core.LoginMethod, addr string) (string, core.User, error) {
	ev := core.Actor{UserID: u.ID, ClientAddr: addr}.Event("login", "user", u.ID)
	ev.Detail = map[string]string{"method": string(m)}
	token, err := s.startSession(ctx, core.Session{UserID: u.ID, Method: m, ClientAddr: addr}, ev)
	return token, u, err
}

// rehash stores the password again under the current parameters after a
// successful login, so raised parameters reach existing hashes. A failure
// is logged and the login goes on.
func (s *Service) rehash(ctx context.Context, u core.User, pw redact.Secret) {
	hash, err := s.Hasher.Hash(pw.Reveal())
	if err == nil {
		ev := core.Actor{UserID: u.ID}.Event("password.rehash", "user", u.ID)
		err = s.Store.SetPassword(ctx, u.ID, hash, ev)
	}
	if err != nil {
		s.Logger.Error("rehash password failed", slog.String("user_id", u.ID), slog.Any("error", err))
	}
}

// checkLockout refuses a login from an address with too many recent
// failures, for the phone or in all.
func (s *Service) checkLockout(ctx context.Context, phone, clientAddr string) error {
	pair, fromAddr, err := s.Store.LoginFailures(ctx, phone, clientAddr, loginFailureWindow)
	if err != nil {
		return err
	}
	if pair >= maxLoginFailures || fromAddr >= maxAddrFailures {
		return &core.Error{Code: core.CodeRateLimited, Message: "登录失败次数过多，请 15 分钟后再试",
			RetryAfter: int(loginFailureWindow.Seconds())}
	}
	return nil
}

// recordFailure counts a failed login for the phone, logs it without the
// phone or the secret, and returns failure for the caller to return.
func (s *Service) recordFailure(ctx context.Context, phone, addr string, failure error) error {
	s.Logger.InfoContext(ctx, "login failed", slog.String("client_addr", addr))
	if _, err := s.Store.RecordLoginFailure(ctx, phone, addr, loginFailureWindow); err != nil {
		return err
	}
	return failure
}

// Logout ends the session with the token hash.
func (s *Service) Logout(ctx context.Context, p core.Principal) error {
	ev := core.Actor{UserID: p.User.ID, IdentityID: p.Session.ActiveIdentityID,
		ClientAddr: p.Session.ClientAddr}.Event("logout", "user", p.User.ID)
	return s.Store.DeleteSession(ctx, p.Session.TokenHash, &ev)
}

// Authenticate returns the principal of a session token, or an error
// matching core.ErrUnauthenticated.
func (s *Service) Authenticate(ctx context.Context, token string) (core.Principal, error) {
	if token == "" {
		return core.Principal{}, core.Errorf(core.CodeUnauthenticated, "请先登录")
	}
	return s.Store.Principal(ctx, HashToken(token))
}

func checkPhone(phone string) (string, error) {
	p, err := validate.Mobile(phone)
	if err != nil {
		var f core.Fields
		f.AddErr("phone", err)
		return "", f.Err()
	}
	return p, nil
}
