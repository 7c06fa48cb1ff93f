package httpapi

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"wct/internal/account"
	"wct/internal/core"
	"wct/internal/platform/redact"
	"wct/internal/region"
	"wct/internal/sso"
)

func (s *Server) routesPublic(mux *router) {
	mux.api("GET /api/v1/config", s.handle(s.config))
	mux.api("GET /api/v1/regions", s.handle(s.regions))
	mux.api("GET /api/v1/tech-fields", s.handle(s.techFields))
	mux.api("GET /api/v1/auth/sso/login", http.HandlerFunc(s.ssoLogin))
	mux.api("GET /api/v1/auth/sso/callback", http.HandlerFunc(s.ssoCallback))
	mux.api("POST /api/v1/auth/sms-codes", s.handle(s.sendCode))
	mux.api("POST /api/v1/auth/login/password", s.handle(s.loginPassword))
	mux.api("POST /api/v1/auth/login/sms", s.handle(s.loginSMS))
	mux.api("POST /api/v1/auth/password/reset", s.handle(s.resetPassword))
	mux.api("POST /api/v1/auth/logout", s.handle(s.logout))
}

func (s *Server) config(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, map[string]any{
		"devMode":          s.Outbox != nil,
		"ssoName":          "湖北省统一身份认证",
		"smsResendSeconds": int(account.DefaultSMSLimits.ResendAfter.Seconds()),
	})
	return nil
}

func (s *Server) regions(w http.ResponseWriter, r *http.Request) error {
	body, err := regionsJSON()
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "public, max-age=86400")
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, err = w.Write(body)
	return err
}

// regionsJSON encodes the region tree once; it never changes while the
// binary runs.
var regionsJSON = sync.OnceValues(func() ([]byte, error) { return json.Marshal(region.Tree()) })

func (s *Server) techFields(w http.ResponseWriter, r *http.Request) error {
	fields, err := s.Store.TechFields(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, fields)
	return nil
}

// ssoStateCookie binds a provincial login to the browser that started it,
// so that a callback URL from someone else's login is refused.
const (
	ssoStateCookie = "wct_sso_state"
	ssoStateTTL    = 10 * time.Minute
)

func (s *Server) ssoLogin(w http.ResponseWriter, r *http.Request) {
	req, err := sso.NewRequest()
	if err == nil {
		err = s.Store.SaveSSOState(r.Context(), core.SSOState{StateHash: account.HashToken(req.State),
			Nonce: req.Nonce, CodeVerifier: req.CodeVerifier, NextPath: safeNext(r.URL.Query().Get("next"))},
			ssoStateTTL.Milliseconds())
	}
	var target string
	if err == nil {
		target, err = s.SSO.AuthURL(r.Context(), req)
	}
	if err != nil {
		s.Logger.Error("start provincial login failed", slog.Any("error", err))
		http.Redirect(w, r, "/login?error=sso_unavailable", http.StatusSeeOther)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: ssoStateCookie, Value: req.State, Path: "/api/v1/auth/sso/",
		MaxAge: int(ssoStateTTL.Seconds()), HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, target, http.StatusFound)
}

func (s *Server) ssoCallback(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	fail := func(code string, err error) {
		if err != nil {
			s.Logger.Warn("provincial login failed", slog.String("reason", code), slog.Any("error", err))
		}
		http.Redirect(w, r, "/login?error="+url.QueryEscape(code), http.StatusSeeOther)
	}
	http.SetCookie(w, &http.Cookie{Name: ssoStateCookie, Path: "/api/v1/auth/sso/", MaxAge: -1})
	if err := sso.CallbackError(q); err != nil {
		code := "sso_failed"
		if errors.Is(err, sso.ErrAccessDenied) {
			code = "access_denied"
		}
		fail(code, err)
		return
	}
	state := q.Get("state")
	bound := cookieValue(r, ssoStateCookie)
	if state == "" || subtle.ConstantTimeCompare([]byte(state), []byte(bound)) != 1 {
		fail("state_mismatch", nil)
		return
	}
	st, err := s.Store.TakeSSOState(r.Context(), account.HashToken(state))
	if err != nil {
		fail("state_expired", err)
		return
	}
	// An OpenID provider returns a code and a ticket-exchange provider a
	// ticket. A provider rejects a value it did not issue at its token
	// endpoint, so the handler need not know the protocol.
	code := q.Get("code")
	if code == "" {
		code = q.Get("ticket")
	}
	id, err := s.SSO.Exchange(r.Context(), code,
		sso.Request{State: state, Nonce: st.Nonce, CodeVerifier: st.CodeVerifier})
	if errors.Is(err, sso.ErrInvalidName) {
		fail("sso_invalid_name", err)
		return
	}
	if err != nil {
		fail("sso_failed", err)
		return
	}
	token, _, err := s.Accounts.LoginSSO(r.Context(), id, s.clientAddr(r))
	if err != nil {
		fail("login_failed", err)
		return
	}
	s.setCookie(w, userCookie, token, time.Now().Add(s.Accounts.SessionTTL))
	http.Redirect(w, r, st.NextPath, http.StatusSeeOther)
}

// safeNext keeps a post-login path on this site: a local absolute path
// with no scheme, host, backslash or control character. Browsers drop tabs
// and newlines from URLs and read a backslash as a slash, so "/\t/host"
// and "/\\host" would otherwise lead to another site.
func safeNext(next string) string {
	const fallback = "/identities"
	// The path is stored until the callback, so its length is capped.
	if len(next) > 512 || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsRune(next, '\\') {
		return fallback
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f {
			return fallback
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return fallback
	}
	return next
}

type phoneRequest struct {
	Phone       string        `json:"phone"`
	Purpose     string        `json:"purpose"`
	Password    redact.Secret `json:"password"`
	Code        string        `json:"code"`
	NewPassword redact.Secret `json:"newPassword"`
}

func (s *Server) sendCode(w http.ResponseWriter, r *http.Request) error {
	var req phoneRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	if err := s.Accounts.SendCode(r.Context(), req.Phone, req.Purpose, s.clientAddr(r)); err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, map[string]int{
		"resendAfter": int(account.DefaultSMSLimits.ResendAfter.Seconds())})
	return nil
}

func (s *Server) loginPassword(w http.ResponseWriter, r *http.Request) error {
	var req phoneRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	token, _, err := s.Accounts.LoginPassword(r.Context(), req.Phone, req.Password, s.clientAddr(r))
	return s.finishLogin(w, r, token, err)
}

func (s *Server) loginSMS(w http.ResponseWriter, r *http.Request) error {
	var req phoneRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	token, _, err := s.Accounts.LoginSMS(r.Context(), req.Phone, req.Code, s.clientAddr(r))
	return s.finishLogin(w, r, token, err)
}

// finishLogin sets the session cookie and responds with the new
// session's Me.
func (s *Server) finishLogin(w http.ResponseWriter, r *http.Request, token string, err error) error {
	if err != nil {
		return err
	}
	s.setCookie(w, userCookie, token, time.Now().Add(s.Accounts.SessionTTL))
	p, err := s.Accounts.Authenticate(r.Context(), token)
	if err != nil {
		return err
	}
	return s.writeMe(w, r, p)
}

func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request) error {
	var req phoneRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	if err := s.Accounts.ResetPassword(r.Context(), req.Phone, req.Code, req.NewPassword, s.clientAddr(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// logout ends the session when there is one; without one it still clears
// the cookie and succeeds.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	p, err := s.Accounts.Authenticate(r.Context(), cookieValue(r, userCookie))
	if err == nil {
		p.Session.ClientAddr = s.clientAddr(r)
		if err := s.Accounts.Logout(r.Context(), p); err != nil {
			return err
		}
	}
	s.setCookie(w, userCookie, "", time.Time{})
	w.WriteHeader(http.StatusNoContent)
	return nil
}
