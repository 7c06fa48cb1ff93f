package account

import (
	"context"
	"errors"
	"fmt"

	"wct/internal/core"
	"wct/internal/platform/password"
	"wct/internal/platform/redact"
	"wct/internal/validate"
)

// AddOperator creates a back-office operator, or resets the name and
// password of the operator with the phone. It reports whether it created
// one.
func (s *Service) AddOperator(ctx context.Context, phone, name string, pw redact.Secret) (bool, error) {
	var f core.Fields
	phone, err := validate.Mobile(phone)
	f.AddErr("phone", err)
	name, err = validate.Line(name, 1, 50)
	f.AddErr("name", err)
	f.AddErr("password", password.CheckStrength(pw.Reveal()))
	if err := f.Err(); err != nil {
		return false, err
	}
	hash, err := s.Hasher.Hash(pw.Reveal())
	if err != nil {
		return false, fmt.Errorf("account: hash password: %w", err)
	}
	return s.Store.CreateOperator(ctx, phone, name, hash)
}

// LoginOperator starts a back-office session. Unknown phones and wrong
// passwords return the same error after the same work.
func (s *Service) LoginOperator(ctx context.Context, phone string, pw redact.Secret, clientAddr string) (string, core.Operator, error) {
	phone, err := checkPhone(phone)
	if err != nil {
		return "", core.Operator{}, err
	}
	if err := s.checkLockout(ctx, "operator:"+phone, clientAddr); err != nil {
		return "", core.Operator{}, err
	}
	o, err := s.Store.OperatorByPhone(ctx, phone)
	if errors.Is(err, core.ErrNotFound) {
		s.Hasher.VerifyDummy(pw.Reveal())
		return "", o, s.recordFailure(ctx, "operator:"+phone, clientAddr, errBadPassword)
	}
	if err != nil {
		return "", o, err
	}
	if ok, _, err := s.Hasher.Verify(pw.Reveal(), o.PasswordHash); err != nil || !ok {
		return "", core.Operator{}, s.recordFailure(ctx, "operator:"+phone, clientAddr, errBadPassword)
	}
	ev := core.Actor{OperatorID: o.ID, ClientAddr: clientAddr}.Event("login", "operator", o.ID)
	token, err := s.startSession(ctx, core.Session{OperatorID: o.ID, Method: core.LoginOperator,
		ClientAddr: clientAddr}, ev)
	return token, o, err
}

// AuthenticateOperator returns the operator of a back-office session
// token, or an error matching core.ErrUnauthenticated.
func (s *Service) AuthenticateOperator(ctx context.Context, token string) (core.Session, core.Operator, error) {
	if token == "" {
		return core.Session{}, core.Operator{}, core.Errorf(core.CodeUnauthenticated, "请先登录运营后台")
	}
	return s.Store.OperatorSession(ctx, HashToken(token))
}

// LogoutOperator ends a back-office session.
func (s *Service) LogoutOperator(ctx context.Context, sess core.Session) error {
	ev := core.Actor{OperatorID: sess.OperatorID, ClientAddr: sess.ClientAddr}.Event("logout", "operator", sess.OperatorID)
	return s.Store.DeleteSession(ctx, sess.TokenHash, &ev)
}
