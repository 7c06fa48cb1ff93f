package sso_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"wct/internal/platform/redact"
	"wct/internal/sso"
)

const (
	testAppCode   = "wct-app"
	testAppSecret = "app-secret-1"
	testIDNumber  = "11010519491231002X"
)

// ticketIdP is a ticket-exchange provider: its login page issues
// single-use tickets bound to the return URL, /token redeems them for
// access tokens and /userinfo serves the attributes of a token.
type ticketIdP struct {
	server *httptest.Server
	// wrap sends responses in {"code", "msg", "data"} envelopes. Without
	// it responses are plain objects and errors OAuth 2.0 error objects.
	wrap bool
	// tokenQuery, when set, is the query parameter /userinfo reads the
	// token from instead of the Authorization header.
	tokenQuery string
	// next are the attributes of the person who logs in on the login page.
	next map[string]any
	// tokenOverride and userinfoOverride, when set, handle requests in
	// place of the token and user-information endpoints.
	tokenOverride    http.HandlerFunc
	userinfoOverride http.HandlerFunc

	mu      sync.Mutex
	serial  int
	tickets map[string]ticketGrant
	tokens  map[string]map[string]any
}

type ticketGrant struct {
	returnURL string
	attrs     map[string]any
	expires   time.Time
}

// newTicketIdP starts a provider after setup has changed its fields.
func newTicketIdP(t *testing.T, wrap bool, setup ...func(*ticketIdP)) *ticketIdP {
	t.Helper()
	f := &ticketIdP{wrap: wrap, tickets: map[string]ticketGrant{}, tokens: map[string]map[string]any{}}
	for _, change := range setup {
		change(f)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /login", f.login)
	mux.HandleFunc("POST /token", f.token)
	mux.HandleFunc("GET /userinfo", f.userinfo)
	mux.HandleFunc("GET /callback", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ok") })
	f.server = httptest.NewServer(mux)
	t.Cleanup(f.server.Close)
	return f
}

// issue returns a new ticket for returnURL that lasts ttl.
func (f *ticketIdP) issue(returnURL string, attrs map[string]any, ttl time.Duration) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.serial++
	ticket := fmt.Sprintf("ST-%d-%d", f.serial, time.Now().UnixNano())
	f.tickets[ticket] = ticketGrant{returnURL: returnURL, attrs: attrs, expires: time.Now().Add(ttl)}
	return ticket
}

func (f *ticketIdP) login(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	back, err := url.Parse(q.Get("redirect_uri"))
	if q.Get("app_code") != testAppCode || err != nil || back.Host != r.Host {
		http.Error(w, "unknown application or return URL", http.StatusBadRequest)
		return
	}
	ticket := f.issue(back.String(), f.next, time.Minute)
	query := back.Query()
	query.Set("ticket", ticket)
	back.RawQuery = query.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

func (f *ticketIdP) token(w http.ResponseWriter, r *http.Request) {
	if f.tokenOverride != nil {
		f.tokenOverride(w, r)
		return
	}
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if r.PostForm.Get("app_code") != testAppCode || r.PostForm.Get("app_secret") != testAppSecret {
		f.fail(w, "invalid_client", 40101, "invalid app code or secret")
		return
	}
	ticket := r.PostForm.Get("ticket")
	f.mu.Lock()
	grant, ok := f.tickets[ticket]
	delete(f.tickets, ticket)
	f.mu.Unlock()
	switch {
	case !ok:
		f.fail(w, "invalid_grant", 40002, "ticket not found or already used")
	case time.Now().After(grant.expires):
		f.fail(w, "invalid_grant", 40003, "ticket expired")
	case grant.returnURL != r.PostForm.Get("redirect_uri"):
		f.fail(w, "invalid_grant", 40004, "return URL differs from the one the ticket was issued for")
	default:
		f.mu.Lock()
		f.serial++
		token := fmt.Sprintf("AT-%d", f.serial)
		f.tokens[token] = grant.attrs
		f.mu.Unlock()
		f.reply(w, map[string]any{"access_token": token, "expires_in": 7200})
	}
}

func (f *ticketIdP) userinfo(w http.ResponseWriter, r *http.Request) {
	if f.userinfoOverride != nil {
		f.userinfoOverride(w, r)
		return
	}
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if f.tokenQuery != "" {
		token, ok = r.URL.Query().Get(f.tokenQuery), r.Header.Get("Authorization") == ""
	}
	f.mu.Lock()
	attrs, known := f.tokens[token]
	f.mu.Unlock()
	if !ok || !known {
		f.fail(w, "invalid_token", 40100, "invalid access token")
		return
	}
	f.reply(w, attrs)
}

func (f *ticketIdP) reply(w http.ResponseWriter, payload map[string]any) {
	if f.wrap {
		writeJSON(w, map[string]any{"code": 0, "msg": "success", "data": payload})
		return
	}
	writeJSON(w, payload)
}

// fail responds with an envelope code (HTTP 200, as envelope providers
// do) or with an OAuth 2.0 error object (HTTP 400).
func (f *ticketIdP) fail(w http.ResponseWriter, oauthCode string, envelopeCode int, msg string) {
	if f.wrap {
		writeJSON(w, map[string]any{"code": envelopeCode, "msg": msg, "data": nil})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadRequest)
	json.NewEncoder(w).Encode(map[string]any{"error": oauthCode, "error_description": msg})
}

// memoryLedger is a TicketLedger in memory that keeps every hash until
// the test ends.
type memoryLedger struct {
	mu     sync.Mutex
	hashes map[string]bool
}

func newMemoryLedger() *memoryLedger { return &memoryLedger{hashes: map[string]bool{}} }

func (l *memoryLedger) RecordSSOTicket(_ context.Context, hash string, _ time.Duration) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.hashes[hash] {
		return false, nil
	}
	l.hashes[hash] = true
	return true, nil
}

// config returns a provider configuration for this server with the
// attribute names of personAttrs and a new ledger.
func (f *ticketIdP) config() sso.TicketConfig {
	return sso.TicketConfig{
		Name:        "hubei-ticket",
		LoginURL:    f.server.URL + "/login?lang=zh",
		TokenURL:    f.server.URL + "/token",
		UserInfoURL: f.server.URL + "/userinfo",
		AppCode:     testAppCode,
		AppSecret:   testAppSecret,
		RedirectURL: f.server.URL + "/callback",
		Claims: sso.ClaimNames{Subject: "userId", Name: "realName", IDNumber: "certNo", Phone: "mobile",
			OrgName: "orgName", CreditCode: "uscc"},
		Ledger: newMemoryLedger(),
	}
}

func newTicket(t *testing.T, cfg sso.TicketConfig) *sso.Ticket {
	t.Helper()
	p, err := sso.NewTicket(cfg)
	if err != nil {
		t.Fatalf("NewTicket: %v", err)
	}
	return p
}

// personAttrs are the attributes of a personal login; the subject is a
// JSON number beyond float64 precision.
func personAttrs() map[string]any {
	return map[string]any{"userId": json.Number("9007199254740993"), "realName": "张三",
		"certNo": testIDNumber, "mobile": "13800000001"}
}

func legalAttrs() map[string]any {
	attrs := personAttrs()
	attrs["orgName"] = "武汉光谷信息科技有限公司"
	attrs["uscc"] = "91420100MA4K0000X1"
	return attrs
}

// returnURL reads the return URL that p sends for r.
func returnURL(t *testing.T, p *sso.Ticket, r sso.Request) string {
	t.Helper()
	authURL, err := p.AuthURL(context.Background(), r)
	if err != nil {
		t.Fatalf("AuthURL: %v", err)
	}
	return mustParse(t, authURL).Query().Get("redirect_uri")
}

func mustParse(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("parse %q: %v", raw, err)
	}
	return u
}

func TestTicketAuthURL(t *testing.T) {
	f := newTicketIdP(t, false)
	p := newTicket(t, f.config())
	r := newRequest(t)

	authURL, err := p.AuthURL(context.Background(), r)
	if err != nil {
		t.Fatalf("AuthURL: %v", err)
	}
	u := mustParse(t, authURL)
	if got := u.Scheme + "://" + u.Host + u.Path; got != f.server.URL+"/login" {
		t.Errorf("login page = %s, want %s/login", got, f.server.URL)
	}
	q := u.Query()
	if q.Get("lang") != "zh" {
		t.Errorf("lang = %q, want the login URL's own zh kept", q.Get("lang"))
	}
	if q.Get("app_code") != testAppCode {
		t.Errorf("app_code = %q, want %q", q.Get("app_code"), testAppCode)
	}
	back := mustParse(t, q.Get("redirect_uri"))
	if got := back.Scheme + "://" + back.Host + back.Path; got != f.server.URL+"/callback" {
		t.Errorf("return URL = %s, want the callback URL", back)
	}
	if back.Query().Get("state") != r.State {
		t.Errorf("return URL state = %q, want %q", back.Query().Get("state"), r.State)
	}
	for _, secret := range []string{r.Nonce, r.CodeVerifier, testAppSecret} {
		if strings.Contains(authURL, secret) {
			t.Errorf("login URL %s contains a value that must stay on the server", authURL)
		}
	}
}

func TestTicketAuthURLRenamedParams(t *testing.T) {
	f := newTicketIdP(t, false)
	cfg := f.config()
	cfg.Params = sso.TicketParams{AppCode: "appId", ReturnURL: "service"}
	p := newTicket(t, cfg)
	r := newRequest(t)

	authURL, err := p.AuthURL(context.Background(), r)
	if err != nil {
		t.Fatalf("AuthURL: %v", err)
	}
	q := mustParse(t, authURL).Query()
	if q.Get("appId") != testAppCode {
		t.Errorf("appId = %q, want %q", q.Get("appId"), testAppCode)
	}
	if mustParse(t, q.Get("service")).Query().Get("state") != r.State {
		t.Errorf("service = %q, want the return URL with the state", q.Get("service"))
	}
	if q.Has("app_code") || q.Has("redirect_uri") {
		t.Errorf("login URL %s still has the default parameter names", authURL)
	}
}

func TestTicketAuthURLNeedsState(t *testing.T) {
	f := newTicketIdP(t, false)
	p := newTicket(t, f.config())
	if _, err := p.AuthURL(context.Background(), sso.Request{}); err == nil {
		t.Error("AuthURL without a state succeeded, want an error")
	}
	if _, err := p.Exchange(context.Background(), "ST-1", sso.Request{}); err == nil {
		t.Error("Exchange without a state succeeded, want an error")
	}
}

// TestTicketBrowserLogin follows the login page's redirect as a browser
// does and exchanges the ticket of the callback.
func TestTicketBrowserLogin(t *testing.T) {
	for _, wrap := range []bool{false, true} {
		t.Run(fmt.Sprintf("wrap=%v", wrap), func(t *testing.T) {
			f := newTicketIdP(t, wrap, func(f *ticketIdP) { f.next = personAttrs() })
			p := newTicket(t, f.config())
			r := newRequest(t)
			authURL, err := p.AuthURL(context.Background(), r)
			if err != nil {
				t.Fatalf("AuthURL: %v", err)
			}

			resp, err := browser(t).Get(authURL)
			if err != nil {
				t.Fatalf("open login page: %v", err)
			}
			resp.Body.Close()
			if resp.Request.URL.Path != "/callback" {
				t.Fatalf("login led to %d %s, want /callback", resp.StatusCode, resp.Request.URL)
			}
			query := resp.Request.URL.Query()
			if query.Get("state") != r.State {
				t.Errorf("callback state = %q, want %q", query.Get("state"), r.State)
			}

			id, err := p.Exchange(context.Background(), query.Get("ticket"), r)
			if err != nil {
				t.Fatalf("Exchange: %v", err)
			}
			want := sso.Identity{Provider: "hubei-ticket", Subject: "9007199254740993", Name: "张三",
				IDNumber: testIDNumber, Phone: "13800000001"}
			if id != want {
				t.Errorf("identity = %+v, want %+v", id, want)
			}
		})
	}
}

func TestTicketExchangeIdentity(t *testing.T) {
	tests := []struct {
		name  string
		attrs map[string]any
		want  sso.Identity
	}{
		{"personal", personAttrs(), sso.Identity{Subject: "9007199254740993", Name: "张三",
			IDNumber: testIDNumber, Phone: "13800000001"}},
		{"legal person", legalAttrs(), sso.Identity{Subject: "9007199254740993", Name: "张三",
			IDNumber: testIDNumber, Phone: "13800000001",
			Legal: &sso.Legal{OrgName: "武汉光谷信息科技有限公司", CreditCode: "91420100MA4K0000X1"}}},
		{"string subject and numeric phone", map[string]any{"userId": " u-42 ", "realName": "李四",
			"mobile": 13900000002}, sso.Identity{Subject: "u-42", Name: "李四", Phone: "13900000002"}},
	}
	for _, tt := range tests {
		for _, wrap := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/wrap=%v", tt.name, wrap), func(t *testing.T) {
				f := newTicketIdP(t, wrap)
				p := newTicket(t, f.config())
				r := newRequest(t)
				ticket := f.issue(returnURL(t, p, r), tt.attrs, time.Minute)

				id, err := p.Exchange(context.Background(), ticket, r)
				if err != nil {
					t.Fatalf("Exchange: %v", err)
				}
				want := tt.want
				want.Provider = "hubei-ticket"
				if (id.Legal == nil) != (want.Legal == nil) {
					t.Fatalf("Legal = %+v, want %+v", id.Legal, want.Legal)
				}
				if id.Legal != nil && *id.Legal != *want.Legal {
					t.Errorf("Legal = %+v, want %+v", *id.Legal, *want.Legal)
				}
				id.Legal, want.Legal = nil, nil
				if id != want {
					t.Errorf("identity = %+v, want %+v", id, want)
				}
			})
		}
	}
}

func TestTicketExchangeProviderErrors(t *testing.T) {
	tests := []struct {
		name      string
		secret    string        // app secret of the provider, testAppSecret when empty
		ttl       time.Duration // ticket lifetime
		state     string        // state of the exchange, the issuing state when empty
		unknown   bool          // exchange a ticket the provider never issued
		wantOAuth string
		wantCode  string
	}{
		{name: "wrong secret", secret: "wrong-secret", ttl: time.Minute, wantOAuth: "invalid_client", wantCode: "40101"},
		{name: "expired ticket", ttl: -time.Second, wantOAuth: "invalid_grant", wantCode: "40003"},
		{name: "unknown ticket", ttl: time.Minute, unknown: true, wantOAuth: "invalid_grant", wantCode: "40002"},
		{name: "other return URL", ttl: time.Minute, state: "another-state", wantOAuth: "invalid_grant", wantCode: "40004"},
	}
	for _, tt := range tests {
		for _, wrap := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/wrap=%v", tt.name, wrap), func(t *testing.T) {
				f := newTicketIdP(t, wrap)
				cfg := f.config()
				if tt.secret != "" {
					cfg.AppSecret = redact.Secret(tt.secret)
				}
				p := newTicket(t, cfg)
				r := newRequest(t)
				ticket := f.issue(returnURL(t, p, r), personAttrs(), tt.ttl)
				if tt.unknown {
					ticket = "ST-never-issued"
				}
				if tt.state != "" {
					r.State = tt.state
				}

				_, err := p.Exchange(context.Background(), ticket, r)
				var providerErr *sso.ProviderError
				if !errors.As(err, &providerErr) {
					t.Fatalf("Exchange error = %v, want a *ProviderError", err)
				}
				want := tt.wantOAuth
				if wrap {
					want = tt.wantCode
				}
				if providerErr.Code != want {
					t.Errorf("provider error code = %q, want %q", providerErr.Code, want)
				}
				if providerErr.Description == "" {
					t.Error("provider error has no description, want the provider's message")
				}
				assertOmitsSecrets(t, err, ticket)
			})
		}
	}
}

// TestTicketIsSingleUse redeems a ticket twice through providers with
// separate ledgers, so that the provider's own check rejects the second
// one.
func TestTicketIsSingleUse(t *testing.T) {
	f := newTicketIdP(t, true)
	p := newTicket(t, f.config())
	r := newRequest(t)
	ticket := f.issue(returnURL(t, p, r), personAttrs(), time.Minute)

	if _, err := p.Exchange(context.Background(), ticket, r); err != nil {
		t.Fatalf("first Exchange: %v", err)
	}
	_, err := newTicket(t, f.config()).Exchange(context.Background(), ticket, r)
	var providerErr *sso.ProviderError
	if !errors.As(err, &providerErr) || providerErr.Code != "40002" {
		t.Errorf("second Exchange error = %v, want provider error 40002", err)
	}
}

// TestTicketLedgerRefusesRepeat replays a ticket that the provider accepts
// any number of times: the ledger must reject the repeat before the token
// endpoint is called.
func TestTicketLedgerRefusesRepeat(t *testing.T) {
	var mu sync.Mutex
	tokenCalls := 0
	f := newTicketIdP(t, false, func(f *ticketIdP) {
		f.next = personAttrs()
		f.tokenOverride = func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			tokenCalls++
			mu.Unlock()
			f.mu.Lock()
			f.tokens["AT-reusable"] = personAttrs()
			f.mu.Unlock()
			writeJSON(w, map[string]any{"access_token": "AT-reusable"})
		}
	})
	p := newTicket(t, f.config())
	first, second := newRequest(t), newRequest(t)

	if _, err := p.Exchange(context.Background(), "ST-reusable", first); err != nil {
		t.Fatalf("first Exchange: %v", err)
	}
	if _, err := p.Exchange(context.Background(), "ST-reusable", second); !errors.Is(err, sso.ErrTicketReused) {
		t.Errorf("second Exchange error = %v, want ErrTicketReused", err)
	}
	if _, err := p.Exchange(context.Background(), "ST-other", second); err != nil {
		t.Errorf("Exchange of another ticket: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if tokenCalls != 2 {
		t.Errorf("token endpoint called %d times, want 2, for the two distinct tickets", tokenCalls)
	}
}

// failingLedger is a TicketLedger whose storage fails.
type failingLedger struct{}

func (failingLedger) RecordSSOTicket(context.Context, string, time.Duration) (bool, error) {
	return false, errors.New("database is closed")
}

func TestTicketLedgerFailureFailsLogin(t *testing.T) {
	f := newTicketIdP(t, false)
	cfg := f.config()
	cfg.Ledger = failingLedger{}
	p := newTicket(t, cfg)
	r := newRequest(t)
	ticket := f.issue(returnURL(t, p, r), personAttrs(), time.Minute)

	_, err := p.Exchange(context.Background(), ticket, r)
	if err == nil || !strings.Contains(err.Error(), "database is closed") {
		t.Errorf("Exchange error = %v, want the ledger's error", err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, unused := f.tickets[ticket]; !unused {
		t.Error("the ticket was redeemed although the ledger failed")
	}
}

// respond returns a handler that writes the status, content type and
// body.
func respond(status int, contentType, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}
}

func TestTicketExchangeBadResponses(t *testing.T) {
	// The first MiB of oversized is valid JSON, so only the size limit
	// rejects it.
	oversized := `{"access_token":"AT-1"}` + strings.Repeat(" ", 1<<20)
	tests := []struct {
		name     string
		token    http.HandlerFunc // replaces the token endpoint when set
		userinfo http.HandlerFunc // replaces the user-information endpoint when set
		wantErr  error
	}{
		{name: "token HTML page", token: respond(200, "text/html", "<html>登录</html>"), wantErr: sso.ErrInvalidResponse},
		{name: "token JSON array", token: respond(200, "application/json", `["AT-1"]`), wantErr: sso.ErrInvalidResponse},
		{name: "token null", token: respond(200, "application/json", `null`), wantErr: sso.ErrInvalidResponse},
		{name: "token field missing", token: respond(200, "application/json", `{"code":0,"data":{"token":"AT-1"}}`),
			wantErr: sso.ErrInvalidResponse},
		{name: "token body oversized", token: respond(200, "application/json", oversized), wantErr: sso.ErrInvalidResponse},
		{name: "token status 404 without error", token: respond(404, "application/json", `{"path":"/token"}`),
			wantErr: sso.ErrInvalidResponse},
		{name: "token redirect not followed", token: func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Query().Has("moved") {
				t.Error("the provider followed a redirect of the token endpoint")
				return
			}
			http.Redirect(w, r, "/token?moved=1", http.StatusTemporaryRedirect)
		}, wantErr: sso.ErrInvalidResponse},
		{name: "token server error", token: respond(503, "text/plain", "maintenance"), wantErr: sso.ErrUnavailable},
		{name: "userinfo server error", userinfo: respond(502, "text/html", "<html>bad gateway</html>"),
			wantErr: sso.ErrUnavailable},
		{name: "userinfo not JSON", userinfo: respond(200, "text/plain", "userId=1"), wantErr: sso.ErrInvalidResponse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newTicketIdP(t, false, func(f *ticketIdP) {
				f.tokenOverride, f.userinfoOverride = tt.token, tt.userinfo
			})
			p := newTicket(t, f.config())
			r := newRequest(t)
			ticket := f.issue(returnURL(t, p, r), personAttrs(), time.Minute)

			_, err := p.Exchange(context.Background(), ticket, r)
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("Exchange error = %v, want %v", err, tt.wantErr)
			}
			assertOmitsSecrets(t, err, ticket)
		})
	}
}

func TestTicketExchangeMissingClaims(t *testing.T) {
	tests := []struct {
		name  string
		drop  []string
		add   map[string]any
		claim string // the claim the error names
	}{
		{name: "subject", drop: []string{"userId"}, claim: "userId"},
		{name: "name", drop: []string{"realName"}, claim: "realName"},
		{name: "phone", drop: []string{"mobile"}, claim: "mobile"},
		{name: "credit code of a legal person", add: map[string]any{"orgName": "武汉光谷信息科技有限公司"}, claim: "uscc"},
		{name: "organization of a legal person", add: map[string]any{"uscc": "91420100MA4K0000X1"}, claim: "orgName"},
		{name: "subject null", add: map[string]any{"userId": nil}, claim: "userId"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newTicketIdP(t, true)
			p := newTicket(t, f.config())
			attrs := personAttrs()
			for _, name := range tt.drop {
				delete(attrs, name)
			}
			for name, value := range tt.add {
				attrs[name] = value
			}
			r := newRequest(t)
			ticket := f.issue(returnURL(t, p, r), attrs, time.Minute)

			_, err := p.Exchange(context.Background(), ticket, r)
			if !errors.Is(err, sso.ErrMissingClaim) {
				t.Fatalf("Exchange error = %v, want ErrMissingClaim", err)
			}
			if !strings.Contains(err.Error(), tt.claim) {
				t.Errorf("Exchange error = %v, want it to name %s", err, tt.claim)
			}
		})
	}
}

func TestTicketTokenInQuery(t *testing.T) {
	f := newTicketIdP(t, false, func(f *ticketIdP) { f.tokenQuery = "access_token" })
	cfg := f.config()
	cfg.Params.TokenQuery = "access_token"
	p := newTicket(t, cfg)
	r := newRequest(t)
	ticket := f.issue(returnURL(t, p, r), personAttrs(), time.Minute)

	id, err := p.Exchange(context.Background(), ticket, r)
	if err != nil {
		t.Fatalf("Exchange: %v", err)
	}
	if id.Subject != "9007199254740993" {
		t.Errorf("Subject = %q, want 9007199254740993", id.Subject)
	}
}

// TestTicketErrorOmitsTokenInURL sends the token in the query of a
// user-information URL that refuses connections: the error must not
// repeat the URL.
func TestTicketErrorOmitsTokenInURL(t *testing.T) {
	f := newTicketIdP(t, false)
	closed := closedURL(t)
	cfg := f.config()
	cfg.UserInfoURL = closed + "/userinfo"
	cfg.Params.TokenQuery = "access_token"
	p := newTicket(t, cfg)
	r := newRequest(t)
	ticket := f.issue(returnURL(t, p, r), personAttrs(), time.Minute)

	_, err := p.Exchange(context.Background(), ticket, r)
	if !errors.Is(err, sso.ErrUnavailable) {
		t.Fatalf("Exchange error = %v, want ErrUnavailable", err)
	}
	if strings.Contains(err.Error(), "AT-") || strings.Contains(err.Error(), closed) {
		t.Errorf("Exchange error %q contains the user-information URL or the token", err)
	}
}

func TestTicketExchangeTimeout(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	f := newTicketIdP(t, false, func(f *ticketIdP) {
		f.tokenOverride = func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-release:
			}
		}
	})
	p := newTicket(t, f.config())
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()

	_, err := p.Exchange(ctx, "ST-1", newRequest(t))
	if !errors.Is(err, sso.ErrUnavailable) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Exchange error = %v, want ErrUnavailable wrapping context.DeadlineExceeded", err)
	}
}

func TestTicketExchangeNeedsTicket(t *testing.T) {
	f := newTicketIdP(t, false)
	p := newTicket(t, f.config())
	if _, err := p.Exchange(context.Background(), "", newRequest(t)); err == nil {
		t.Error("Exchange with an empty ticket succeeded, want an error")
	}
}

func TestNewTicketRejectsConfig(t *testing.T) {
	tests := []struct {
		name   string
		change func(*sso.TicketConfig)
		want   string // text the error must contain
	}{
		{"relative login URL", func(c *sso.TicketConfig) { c.LoginURL = "/login" }, "LoginURL"},
		{"ftp token URL", func(c *sso.TicketConfig) { c.TokenURL = "ftp://127.0.0.1/token" }, "TokenURL"},
		{"missing user-information URL", func(c *sso.TicketConfig) { c.UserInfoURL = "" }, "UserInfoURL"},
		{"missing redirect URL", func(c *sso.TicketConfig) { c.RedirectURL = "" }, "RedirectURL"},
		{"missing app code", func(c *sso.TicketConfig) { c.AppCode = "" }, "app code"},
		{"missing app secret", func(c *sso.TicketConfig) { c.AppSecret = "" }, "app secret"},
		{"missing ledger", func(c *sso.TicketConfig) { c.Ledger = nil }, "Ledger"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := sso.TicketConfig{Name: "hubei-ticket", LoginURL: "https://id.example.cn/login",
				TokenURL: "https://id.example.cn/token", UserInfoURL: "https://id.example.cn/userinfo",
				AppCode: testAppCode, AppSecret: testAppSecret, RedirectURL: "https://wct.example.cn/callback",
				Ledger: newMemoryLedger()}
			tt.change(&cfg)
			_, err := sso.NewTicket(cfg)
			if err == nil {
				t.Fatal("NewTicket succeeded, want an error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("NewTicket error = %v, want it to mention %s", err, tt.want)
			}
		})
	}
}

// assertOmitsSecrets fails when err repeats the app secret, the ticket or
// the ID number.
func assertOmitsSecrets(t *testing.T, err error, ticket string) {
	t.Helper()
	if err == nil {
		return
	}
	for _, secret := range []string{testAppSecret, ticket, testIDNumber} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error %q contains a secret value", err)
		}
	}
}

// closedURL returns the URL of a loopback port that refuses connections.
func closedURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr
}

// TestTicketErrorsOmitQuotedSecrets makes the provider quote the ticket,
// the app secret, the access token and personal numbers in its error
// messages, as CAS servers quote the ticket in "ticket 'ST-…' not
// recognized".
func TestTicketErrorsOmitQuotedSecrets(t *testing.T) {
	long := strings.Repeat("很长的说明", 100)
	tests := []struct {
		name     string
		token    func(ticket string) string // token response body
		userinfo func(token string) string  // user-information response body
	}{
		{name: "token envelope", token: func(ticket string) string {
			return fmt.Sprintf(`{"code":"10002","msg":"ticket '%s' not recognized for secret %s"}`, ticket, testAppSecret)
		}},
		{name: "token OAuth error", token: func(ticket string) string {
			return fmt.Sprintf(`{"error":"invalid_grant","error_description":"ticket %s not recognized"}`, ticket)
		}},
		{name: "userinfo envelope", userinfo: func(token string) string {
			return fmt.Sprintf(`{"code":20001,"msg":"token %s of %s, phone 13800000001, not recognized"}`, token, testIDNumber)
		}},
		{name: "long userinfo message", userinfo: func(token string) string {
			return fmt.Sprintf(`{"code":20001,"msg":"not recognized %s %s"}`, long, token)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var accessToken string
			f := newTicketIdP(t, false, func(f *ticketIdP) {
				if tt.token != nil {
					f.tokenOverride = func(w http.ResponseWriter, r *http.Request) {
						r.ParseForm()
						respond(200, "application/json", tt.token(r.PostForm.Get("ticket")))(w, r)
					}
				}
				if tt.userinfo != nil {
					f.userinfoOverride = func(w http.ResponseWriter, r *http.Request) {
						accessToken, _ = strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
						respond(200, "application/json", tt.userinfo(accessToken))(w, r)
					}
				}
			})
			p := newTicket(t, f.config())
			r := newRequest(t)
			ticket := f.issue(returnURL(t, p, r), personAttrs(), time.Minute)

			_, err := p.Exchange(context.Background(), ticket, r)
			var providerErr *sso.ProviderError
			if !errors.As(err, &providerErr) {
				t.Fatalf("Exchange error = %v, want a *ProviderError", err)
			}
			assertOmitsSecrets(t, err, ticket)
			for _, secret := range []string{accessToken, "13800000001"} {
				if secret != "" && strings.Contains(err.Error(), secret) {
					t.Errorf("error %q contains %q", err, secret)
				}
			}
			if !strings.Contains(providerErr.Description, "not recognized") {
				t.Errorf("description %q lost the provider's words", providerErr.Description)
			}
			if n := utf8.RuneCountInString(providerErr.Description); n > 201 {
				t.Errorf("description has %d runes, want at most 200 and an ellipsis", n)
			}
		})
	}
}

// TestTicketEnvelopeCodeTypes sends user information in envelopes whose
// code has each JSON type. Only a string or number among SuccessCodes,
// or no code at all, is success.
func TestTicketEnvelopeCodeTypes(t *testing.T) {
	tests := []struct {
		code     string // JSON text of the code, no code when empty
		fails    bool
		wantCode string // ProviderError.Code when the exchange fails
	}{
		{code: ""},
		{code: "0"},
		{code: `"200"`},
		{code: `" 0 "`},
		{code: `"00000"`, fails: true, wantCode: "00000"},
		{code: "-1", fails: true, wantCode: "-1"},
		{code: `""`, fails: true, wantCode: ""},
		{code: "false", fails: true, wantCode: "false"},
		{code: "true", fails: true, wantCode: "true"},
		{code: "null", fails: true, wantCode: "null"},
		{code: `{"value":0}`, fails: true, wantCode: `{"value":0}`},
		{code: `[0]`, fails: true, wantCode: `[0]`},
	}
	for _, tt := range tests {
		t.Run("code="+tt.code, func(t *testing.T) {
			f := newTicketIdP(t, false, func(f *ticketIdP) {
				f.userinfoOverride = func(w http.ResponseWriter, r *http.Request) {
					attrs, err := json.Marshal(personAttrs())
					if err != nil {
						t.Error(err)
					}
					body := fmt.Sprintf(`{"msg":"查询失败","data":%s}`, attrs)
					if tt.code != "" {
						body = fmt.Sprintf(`{"code":%s,"msg":"查询失败","data":%s}`, tt.code, attrs)
					}
					respond(200, "application/json", body)(w, r)
				}
			})
			p := newTicket(t, f.config())
			r := newRequest(t)
			ticket := f.issue(returnURL(t, p, r), personAttrs(), time.Minute)

			_, err := p.Exchange(context.Background(), ticket, r)
			if !tt.fails {
				if err != nil {
					t.Errorf("Exchange error = %v, want success", err)
				}
				return
			}
			var providerErr *sso.ProviderError
			if !errors.As(err, &providerErr) {
				t.Fatalf("Exchange error = %v, want a *ProviderError", err)
			}
			if providerErr.Code != tt.wantCode {
				t.Errorf("provider error code = %q, want %q", providerErr.Code, tt.wantCode)
			}
		})
	}
}

func TestTicketExchangeRejectsName(t *testing.T) {
	tests := []struct {
		name    string
		value   string
		wantErr error // nil for an accepted name
	}{
		{"50 characters", strings.Repeat("张", 50), nil},
		{"surrounding spaces", " \u3000张三\u00a0 ", nil},
		{"51 characters", strings.Repeat("张", 51), sso.ErrInvalidName},
		{"5000 characters", strings.Repeat("张", 5000), sso.ErrInvalidName},
		{"right-to-left override", "张三\u202e人法", sso.ErrInvalidName},
		{"zero-width space", "张\u200b三", sso.ErrInvalidName},
		{"line feed", "张三\n<script>", sso.ErrInvalidName},
		{"tab", "张\t三", sso.ErrInvalidName},
		{"escape", "张三\x1b[2J", sso.ErrInvalidName},
		{"line separator", "张三\u2028李四", sso.ErrInvalidName},
		{"paragraph separator", "张三\u2029李四", sso.ErrInvalidName},
		{"only spaces", " \u3000 ", sso.ErrMissingClaim},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newTicketIdP(t, true)
			p := newTicket(t, f.config())
			attrs := personAttrs()
			attrs["realName"] = tt.value
			r := newRequest(t)
			ticket := f.issue(returnURL(t, p, r), attrs, time.Minute)

			id, err := p.Exchange(context.Background(), ticket, r)
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("Exchange: %v", err)
				}
				if want := strings.TrimSpace(tt.value); id.Name != want {
					t.Errorf("Name = %q, want %q", id.Name, want)
				}
				return
			}
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Exchange error = %v, want %v", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "张三") {
				t.Errorf("Exchange error %q contains the name", err)
			}
			if !strings.Contains(err.Error(), "realName") {
				t.Errorf("Exchange error %q does not name the claim realName", err)
			}
		})
	}
}
