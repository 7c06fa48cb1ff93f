// Package httpapi serves the JSON API under /api/v1 described by
// api/openapi.yaml, the development identity provider and the embedded
// front-end. Handlers decode, call one use case and encode; the rules live
// in the domain packages.
package httpapi

import (
	"context"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"wct/internal/account"
	"wct/internal/core"
	"wct/internal/grid"
	"wct/internal/onboarding"
	"wct/internal/platform/sms"
	"wct/internal/sso"
	"wct/internal/store"
)

// Store is the storage the handlers read directly, outside any use case.
type Store interface {
	Ping(ctx context.Context) error
	TechFields(ctx context.Context) ([]string, error)
	UserByID(ctx context.Context, id string) (core.User, error)
	UserIdentities(ctx context.Context, userID string) ([]core.IdentityView, error)
	ListApplications(ctx context.Context, applicantID string, limit int) ([]core.ApplicationView, error)
	ListAudit(ctx context.Context, f core.AuditFilter) (core.AuditPage, error)
	RecordAudit(ctx context.Context, e core.AuditEvent) error
	SearchUsers(ctx context.Context, q string, limit int) ([]store.UserSummary, error)
	SaveSSOState(ctx context.Context, st core.SSOState, ttlMillis int64) error
	TakeSSOState(ctx context.Context, stateHash string) (core.SSOState, error)
}

// Server is the HTTP surface of wct.
type Server struct {
	Accounts   *account.Service
	Onboarding *onboarding.Service
	Grids      *grid.Service
	Store      Store
	SSO        sso.Provider
	// Outbox is the development SMS outbox, nil outside development mode.
	Outbox *sms.Outbox
	// DevIdP is the development identity provider, nil outside development
	// mode. It is mounted at /dev/idp/.
	DevIdP http.Handler
	// Web is the built front-end, rooted at its index.html.
	Web fs.FS
	// SecureCookies sets the Secure attribute on cookies (https sites).
	SecureCookies bool
	// TrustedProxies are the reverse proxies whose X-Forwarded-For header
	// names the client; without them the peer address is the client.
	TrustedProxies []netip.Prefix
	Logger         *slog.Logger
}

// Handler returns the root handler with every route.
func (s *Server) Handler() http.Handler {
	mux := &router{ServeMux: http.NewServeMux()}
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", s.ready)
	m := newMetrics()
	mux.Handle("GET /metrics", loopbackOnly(m.handler()))
	s.routesPublic(mux)
	s.routesUser(mux)
	s.routesAdmin(mux)
	s.routesAdminDirectory(mux)
	s.routesGrids(mux)
	if s.Outbox != nil {
		mux.api("GET /api/v1/dev/sms-outbox", s.handle(s.smsOutbox))
	}
	if s.DevIdP != nil {
		mux.Handle("/dev/idp/", s.DevIdP)
	}
	mux.Handle("/api/", s.handle(func(w http.ResponseWriter, r *http.Request) error {
		return core.Errorf(core.CodeNotFound, "接口不存在")
	}))
	mux.Handle("/", s.spa())

	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, core.Errorf(core.CodeForbidden, "跨站请求已被拒绝"))
	}))
	return s.logRequests(m, securityHeaders(csrf.Handler(s.readableInput(mux))))
}

// readableInput refuses an API request whose path or query the handlers
// could misread. r.URL.Query silently drops what url.ParseQuery cannot
// read, and with it filters, so such a query is refused. PostgreSQL
// refuses text that is not valid UTF-8 or holds NUL, so such a path or
// query value is refused too.
func (s *Server) readableInput(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/api/") {
			next.ServeHTTP(w, r)
			return
		}
		if !storableText(r.URL.Path) {
			s.writeError(w, r, core.Errorf(core.CodeNotFound, "接口不存在"))
			return
		}
		query, err := url.ParseQuery(r.URL.RawQuery)
		if err != nil {
			s.writeError(w, r, core.Errorf(core.CodeInvalid, "查询参数格式不正确，请检查链接"))
			return
		}
		for name, values := range query {
			for _, v := range append(values, name) {
				if !storableText(v) {
					s.writeError(w, r, fieldErr(name, "包含无法识别的字符，请重新输入"))
					return
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// storableText reports whether s is valid UTF-8 without NUL, which both
// databases store as text.
func storableText(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

// router is a ServeMux that records the API routes it serves, so that a
// test can hold them against api/openapi.yaml.
type router struct {
	*http.ServeMux
	routes []string
}

func (r *router) api(pattern string, h http.Handler) {
	r.routes = append(r.routes, pattern)
	r.Handle(pattern, h)
}

// Routes returns the API routes as "METHOD /api/v1/path/{param}".
func (s *Server) Routes() []string {
	mux := &router{ServeMux: http.NewServeMux()}
	s.routesPublic(mux)
	s.routesUser(mux)
	s.routesAdmin(mux)
	s.routesAdminDirectory(mux)
	s.routesGrids(mux)
	return append(mux.routes, "GET /api/v1/dev/sms-outbox")
}

func (s *Server) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.Store.Ping(ctx); err != nil {
		s.Logger.Error("readiness check failed", slog.Any("error", err))
		http.Error(w, "database unavailable\n", http.StatusServiceUnavailable)
		return
	}
	w.Write([]byte("ok\n"))
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// maxLogPath is the longest request path written to the log; longer
// paths, which only a client making them up sends, are cut.
const maxLogPath = 256

// logPath returns the request path for the log, cut to maxLogPath bytes
// on a character boundary.
func logPath(r *http.Request) string {
	p := r.URL.Path
	if len(p) <= maxLogPath {
		return p
	}
	cut := maxLogPath
	for cut > 0 && !utf8.RuneStart(p[cut]) {
		cut--
	}
	return p[:cut] + "…"
}

// logRequests writes one log line and one metric sample per request. The
// line leaves out the query string, which may carry an authorization code.
func (s *Server) logRequests(m *metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		elapsed := time.Since(start)
		m.observe(r, rec.status, elapsed)
		s.Logger.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method), slog.String("path", logPath(r)),
			slog.Int("status", rec.status), slog.Duration("duration", elapsed),
			slog.String("client_addr", s.clientAddr(r)))
	})
}
