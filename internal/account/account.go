// Package account holds the use cases of logging in and out: provincial
// logins, phone logins by password or SMS code, passwords, sessions and
// the back office's operators.
package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"log/slog"
	"time"

	"wct/internal/core"
	"wct/internal/platform/idcipher"
	"wct/internal/platform/password"
	"wct/internal/platform/sms"
)

// Store is the storage the account use cases need.
type Store interface {
	UserByPhone(ctx context.Context, phone string) (core.User, error)
	UserByID(ctx context.Context, id string) (core.User, error)
	UpsertSSOUser(ctx context.Context, l core.SSOLogin, ev core.AuditEvent) (core.User, bool, error)
	SetPassword(ctx context.Context, userID, hash string, ev core.AuditEvent) error
	ChangePassword(ctx context.Context, userID, hash, keepTokenHash string, ev core.AuditEvent) error
	CreateSession(ctx context.Context, s core.Session, ev core.AuditEvent) error
	Principal(ctx context.Context, tokenHash string) (core.Principal, error)
	OperatorSession(ctx context.Context, tokenHash string) (core.Session, core.Operator, error)
	DeleteSession(ctx context.Context, tokenHash string, ev *core.AuditEvent) error
	SetActiveIdentity(ctx context.Context, tokenHash, identityID string, ev core.AuditEvent) error
	IdentityByID(ctx context.Context, id string) (core.IdentityView, error)
	IssueSMSCode(ctx context.Context, c core.SMSCode, lim core.SMSLimits) error
	ConsumeSMSCode(ctx context.Context, phone, purpose, codeHash string, maxAttempts int) error
	CreateOperator(ctx context.Context, phone, name, hash string) (bool, error)
	OperatorByPhone(ctx context.Context, phone string) (core.Operator, error)
	RecordLoginFailure(ctx context.Context, phone, clientAddr string, window time.Duration) (int, error)
	LoginFailures(ctx context.Context, phone, clientAddr string, window time.Duration) (int, int, error)
}

// Service runs the account use cases. It is safe for concurrent use.
type Service struct {
	Store      Store
	Hasher     password.Hasher
	Cipher     idcipher.Cipher
	SMS        sms.Sender
	SMSLimits  core.SMSLimits
	SessionTTL time.Duration
	Logger     *slog.Logger
	Now        func() time.Time
}

// DefaultSMSLimits are the platform's limits on verification codes: one
// per minute per phone, 5 per hour and 10 per day per phone (Aliyun's own
// defaults), 30 per day per client address and 1000 per hour in all.
var DefaultSMSLimits = core.SMSLimits{
	ResendAfter:  time.Minute,
	PerPhoneHour: 5,
	PerPhoneDay:  10,
	PerAddrDay:   30,
	GlobalHour:   1000,
}

// Code validity rules: a code lives 5 minutes and dies after 5 wrong tries.
const (
	smsCodeTTL      = 5 * time.Minute
	smsCodeAttempts = 5
)

// Failed logins: after maxLoginFailures for one phone from one client
// address, or maxAddrFailures from one address for any phones, within
// loginFailureWindow, that address's logins are refused until the window
// has passed. Counting per address keeps others from locking a user out;
// unknown phones are counted like known ones.
const (
	maxLoginFailures   = 10
	maxAddrFailures    = 50
	loginFailureWindow = 15 * time.Minute
)

// The messages of failed logins are the same for an unknown phone and a
// wrong secret, so that no one can learn which phones have accounts.
var (
	errBadPassword = core.Errorf(core.CodeInvalidCredentials, "手机号或密码错误")
	errBadCode     = core.Errorf(core.CodeInvalidCredentials, "手机号或验证码错误")
)

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// NewToken returns a random 256-bit session token and its SHA-256 hash,
// the only form that is stored.
func NewToken() (token, hash string) {
	b := make([]byte, 32)
	rand.Read(b)
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// HashToken returns the hex SHA-256 of a session token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// OperatorSessionTTL caps back-office sessions to a working day, because
// operators see ID numbers in full.
const OperatorSessionTTL = 12 * time.Hour

// startSession stores a new session for the user or operator and returns
// its token.
func (s *Service) startSession(ctx context.Context, sess core.Session, ev core.AuditEvent) (string, error) {
	token, hash := NewToken()
	sess.TokenHash = hash
	sess.CreatedAt = s.now()
	ttl := s.SessionTTL
	if sess.OperatorID != "" {
		ttl = min(ttl, OperatorSessionTTL)
	}
	sess.ExpiresAt = sess.CreatedAt.Add(ttl)
	if err := s.Store.CreateSession(ctx, sess, ev); err != nil {
		return "", err
	}
	return token, nil
}
