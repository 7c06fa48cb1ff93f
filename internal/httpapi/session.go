package httpapi

import (
	"net/http"
	"time"

	"wct/internal/core"
)

// The cookies holding session tokens. Operators get their own, so that
// the back office and the public site are separate logins.
const (
	userCookie  = "wct_session"
	adminCookie = "wct_admin"
)

func (s *Server) setCookie(w http.ResponseWriter, name, token string, expires time.Time) {
	c := &http.Cookie{Name: name, Value: token, Path: "/", HttpOnly: true,
		Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode}
	if token == "" {
		c.MaxAge = -1
	} else {
		c.Expires = expires
	}
	http.SetCookie(w, c)
}

func cookieValue(r *http.Request, name string) string {
	c, err := r.Cookie(name)
	if err != nil {
		return ""
	}
	return c.Value
}

// userHandler is a handler for signed-in users.
type userHandler func(w http.ResponseWriter, r *http.Request, p core.Principal) error

// user authenticates the session cookie and passes the principal on, with
// the client address of this request.
func (s *Server) user(h userHandler) http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		p, err := s.Accounts.Authenticate(r.Context(), cookieValue(r, userCookie))
		if err != nil {
			return err
		}
		p.Session.ClientAddr = s.clientAddr(r)
		return h(w, r, p)
	})
}

// operatorHandler is a handler for signed-in operators.
type operatorHandler func(w http.ResponseWriter, r *http.Request, op core.Actor, o core.Operator, sess core.Session) error

func (s *Server) operator(h operatorHandler) http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		sess, o, err := s.Accounts.AuthenticateOperator(r.Context(), cookieValue(r, adminCookie))
		if err != nil {
			return err
		}
		sess.ClientAddr = s.clientAddr(r)
		return h(w, r, core.Actor{OperatorID: o.ID, ClientAddr: sess.ClientAddr}, o, sess)
	})
}
