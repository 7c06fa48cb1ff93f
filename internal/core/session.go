package core

import "time"

// LoginMethod is the way a session was started.
type LoginMethod string

// The login methods.
const (
	LoginSSO      LoginMethod = "sso"       // provincial provider, personal login
	LoginSSOLegal LoginMethod = "sso_legal" // provincial provider, legal-person login
	LoginPassword LoginMethod = "password"  // phone and platform password
	LoginSMS      LoginMethod = "sms"       // phone and SMS code
	LoginOperator LoginMethod = "operator"  // back office
)

// Session is a server-side login. Only the SHA-256 of its token is stored.
type Session struct {
	TokenHash        string
	UserID           string // empty for operator sessions
	OperatorID       string // empty for user sessions
	Method           LoginMethod
	LegalOrgName     string // set for LoginSSOLegal
	LegalCreditCode  string // set for LoginSSOLegal: the legal-person scope
	ActiveIdentityID string // empty while acting as a personal user
	ClientAddr       string
	CreatedAt        time.Time
	ExpiresAt        time.Time
}

// LegalScoped reports whether the session may only see the enterprise of
// its legal-person login.
func (s Session) LegalScoped() bool { return s.LegalCreditCode != "" }

// Principal is what a request acts as: a session with its user and, when
// one is active, the identity. It is loaded in one query per request.
type Principal struct {
	Session  Session
	User     User
	Identity *Identity // nil while acting as a personal user
	Org      *Organization
}

// SSOState is a pending provincial login.
type SSOState struct {
	StateHash    string
	Nonce        string
	CodeVerifier string
	NextPath     string
}
