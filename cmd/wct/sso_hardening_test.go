package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"wct/internal/platform/config"
	"wct/internal/platform/password"
)

// logBuffer collects a server's log output for inspection.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// newLoggedEnv starts a server like newEnvWith and returns its log, which
// it writes as JSON lines.
func newLoggedEnv(t *testing.T, vars map[string]string) (*env, *logBuffer) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load([]string{"--addr", ln.Addr().String(), "--data", t.TempDir()},
		func(k string) string { return vars[k] })
	if err != nil {
		t.Fatal(err)
	}
	logs := &logBuffer{}
	a, err := newApp(context.Background(), cfg, slog.New(slog.NewJSONHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	a.accounts.Hasher.Params = password.DefaultParams
	a.accounts.Hasher.Params.Memory = 1024 // fast hashing in tests
	srv := httptest.NewUnstartedServer(a.server.Handler())
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(func() {
		srv.Close()
		a.store.Close()
	})
	return &env{t: t, srv: srv, app: a, baseURL: cfg.BaseURL}, logs
}

// scriptedIdP is a ticket-exchange provider whose token and
// user-information responses each test writes. Its login page issues
// tickets numbered from 1 without a form. Unlike provincialIdP, it does
// not check that a ticket is used once.
type scriptedIdP struct {
	server *httptest.Server

	mu         sync.Mutex
	serial     int
	tokenCalls int
	token      func(ticket string) string // token response body
	userinfo   func(token string) string  // user-information response body
	lastTicket string                     // the ticket the login page issued last
}

func newScriptedIdP(t *testing.T) *scriptedIdP {
	t.Helper()
	p := &scriptedIdP{
		token: func(string) string {
			return `{"code":"00000","msg":"成功","data":{"accessToken":"AT-SCRIPTED-TOKEN"}}`
		},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /cas/login", func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		p.serial++
		ticket := fmt.Sprintf("ST-%d-SCRIPTED-TICKET", p.serial)
		p.lastTicket = ticket
		p.mu.Unlock()
		http.Redirect(w, r, r.URL.Query().Get("service")+"&ticket="+ticket, http.StatusFound)
	})
	mux.HandleFunc("POST /cas/token", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		p.mu.Lock()
		p.tokenCalls++
		p.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, p.token(r.PostForm.Get("ticket")))
	})
	mux.HandleFunc("GET /cas/userinfo", func(w http.ResponseWriter, r *http.Request) {
		token, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, p.userinfo(token))
	})
	p.server = httptest.NewServer(mux)
	t.Cleanup(p.server.Close)
	return p
}

// newScriptedTicketEnv starts wct with the ticket protocol pointing at
// idp, as newTicketEnv does, and returns its log.
func newScriptedTicketEnv(t *testing.T, idp *scriptedIdP) (*env, *logBuffer) {
	t.Helper()
	smsStub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"Code":"OK","Message":"OK","RequestId":"stub"}`)
	}))
	t.Cleanup(smsStub.Close)
	base := idp.server.URL + "/cas"
	return newLoggedEnv(t, map[string]string{
		"WCT_SSO_PROTOCOL": "ticket", "WCT_TICKET_LOGIN_URL": base + "/login",
		"WCT_TICKET_TOKEN_URL": base + "/token", "WCT_TICKET_USERINFO_URL": base + "/userinfo",
		"WCT_TICKET_APP_CODE": provincialAppCode, "WCT_TICKET_APP_SECRET": provincialAppSecret,
		"WCT_TICKET_PARAMS":        "app_code=appId,return_url=service,access_token=accessToken",
		"WCT_TICKET_SUCCESS_CODES": "00000",
		"WCT_SSO_CLAIMS":           "subject=userId,name=realName,id_number=certNo,phone=mobile,org_name=orgName,credit_code=uscc",
		"WCT_ID_KEYS":              "k1:" + randomKey(t), "WCT_ID_LOOKUP_KEY": randomKey(t),
		"WCT_SMS_PROVIDER": "aliyun", "WCT_ALIYUN_SMS_ENDPOINT": smsStub.URL,
		"WCT_ALIYUN_ACCESS_KEY_ID": "stub-key", "WCT_ALIYUN_ACCESS_KEY_SECRET": "stub-secret",
		"WCT_ALIYUN_SMS_SIGN_NAME": "武创通", "WCT_ALIYUN_SMS_TEMPLATE_CODE": "SMS_0000001",
	})
}

// attrsJSON returns the person's attributes in the provider's names, with
// name in place of the persona's name.
func attrsJSON(t *testing.T, p persona, name string) string {
	t.Helper()
	b, err := json.Marshal(map[string]any{"userId": "4201000042", "realName": name,
		"certNo": p.IDNumber, "mobile": p.Phone})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestCallbackErrorLogBounded sends a provider error with a 200 KB
// description and a forged log line to the callback of each protocol,
// as anyone can without logging in.
func TestCallbackErrorLogBounded(t *testing.T) {
	starts := map[string]func(t *testing.T) (*env, *logBuffer){
		"oidc":   func(t *testing.T) (*env, *logBuffer) { return newLoggedEnv(t, nil) },
		"ticket": func(t *testing.T) (*env, *logBuffer) { return newScriptedTicketEnv(t, newScriptedIdP(t)) },
	}
	for protocol, start := range starts {
		t.Run(protocol, func(t *testing.T) {
			e, logs := start(t)
			q := url.Values{
				"error":             {"server_error\n" + strings.Repeat("B", 100_000)},
				"error_description": {"\u202e拒绝\r\n{\"level\":\"INFO\"}" + strings.Repeat("A", 200_000)},
			}
			end := e.client().get(t, e.baseURL+ssoCallbackPath+"?"+q.Encode())
			if end.Path != "/login" || end.Query().Get("error") != "sso_failed" {
				t.Errorf("callback ended at %s, want /login?error=sso_failed", end)
			}
			for _, line := range strings.Split(logs.String(), "\n") {
				if len(line) > 4096 {
					t.Errorf("one callback wrote a %d-byte log line", len(line))
				}
			}
			if !strings.Contains(logs.String(), "server_error") {
				t.Errorf("log %q does not keep the start of the error code", logs.String())
			}
			// The JSON handler escapes line breaks and writes U+202E as is.
			for _, char := range []string{`\n`, `\r`, "\u202e"} {
				if strings.Contains(logs.String(), char) {
					t.Errorf("log contains the control or format character %+q from the query", char)
				}
			}
		})
	}
}

// TestTicketErrorLogOmitsSecrets makes the provider quote the ticket in
// its token error, as CAS servers' INVALID_TICKET messages do ("ticket
// 'ST-…' not recognized"), and the access token and ID number in its
// user-information error.
func TestTicketErrorLogOmitsSecrets(t *testing.T) {
	idp := newScriptedIdP(t)
	e, logs := newScriptedTicketEnv(t, idp)
	p := newPersona(t, "日志甲")
	idp.token = func(ticket string) string {
		if ticket == "ST-1-SCRIPTED-TICKET" {
			return fmt.Sprintf(`{"code":"10002","msg":"Ticket '%s' not recognized by app %s"}`, ticket, provincialAppSecret)
		}
		return `{"code":"00000","data":{"accessToken":"AT-SCRIPTED-TOKEN"}}`
	}
	idp.userinfo = func(token string) string {
		return fmt.Sprintf(`{"code":"20001","msg":"令牌 %s 与证件号 %s 不匹配"}`, token, p.IDNumber)
	}
	for range 2 {
		if end, _ := e.client().ticketLogin(t); end.Query().Get("error") != "sso_failed" {
			t.Fatalf("login ended at %s, want sso_failed", end)
		}
	}
	for _, secret := range []string{"SCRIPTED-TICKET", "AT-SCRIPTED-TOKEN", p.IDNumber, provincialAppSecret} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("the server log contains %q", secret)
		}
	}
	for _, phrase := range []string{"not recognized", "不匹配"} {
		if !strings.Contains(logs.String(), phrase) {
			t.Errorf("the server log lacks the rest of the provider's message, %q", phrase)
		}
	}
}

// TestTicketEnvelopeCodeNotScalar checks that an envelope whose code is
// present but neither a string nor a number fails the login instead of
// counting as success.
func TestTicketEnvelopeCodeNotScalar(t *testing.T) {
	for _, code := range []string{"false", "true", "null", `{"value":1}`, `["00000"]`} {
		t.Run(code, func(t *testing.T) {
			idp := newScriptedIdP(t)
			e, _ := newScriptedTicketEnv(t, idp)
			p := newPersona(t, "信封甲")
			idp.userinfo = func(string) string {
				return fmt.Sprintf(`{"code":%s,"msg":"查询失败","data":%s}`, code, attrsJSON(t, p, p.Name))
			}
			c := e.client()
			if end, _ := c.ticketLogin(t); end.Query().Get("error") != "sso_failed" {
				t.Errorf("login ended at %s, want /login?error=sso_failed", end)
			}
			if r := c.do(t, "GET", "/api/v1/me", nil); r.status != http.StatusUnauthorized {
				t.Errorf("an envelope with code %s logged the person in", code)
			}
		})
	}
}

// TestTicketEnvelopeWithoutCode checks that a response without a code
// field still counts as success when it carries the attributes.
func TestTicketEnvelopeWithoutCode(t *testing.T) {
	idp := newScriptedIdP(t)
	e, _ := newScriptedTicketEnv(t, idp)
	p := newPersona(t, "信封乙")
	idp.userinfo = func(string) string { return fmt.Sprintf(`{"data":%s}`, attrsJSON(t, p, p.Name)) }
	c := e.client()
	if end, _ := c.ticketLogin(t); end.Path != "/identities" {
		t.Fatalf("login ended at %s, want /identities", end)
	}
	c.must(t, http.StatusOK, "GET", "/api/v1/me", nil)
}

// TestTicketUnusableNameRejected checks that a provider's name that no
// form would accept, too long or with characters that change how it
// displays, fails the login with its own error code.
func TestTicketUnusableNameRejected(t *testing.T) {
	for label, name := range map[string]string{
		"too long":            strings.Repeat("张", 51),
		"bidi override":       "张三\u202e人法",
		"line break":          "张三\n<b>管理员</b>",
		"line separator":      "张三\u2028李四",
		"zero-width space":    "张\u200b三",
		"escape control":      "张三\x1b[31m",
		"paragraph separator": "张三\u2029李四",
	} {
		t.Run(label, func(t *testing.T) {
			idp := newScriptedIdP(t)
			e, _ := newScriptedTicketEnv(t, idp)
			p := newPersona(t, "名字甲")
			idp.userinfo = func(string) string {
				return fmt.Sprintf(`{"code":"00000","data":%s}`, attrsJSON(t, p, name))
			}
			c := e.client()
			end, _ := c.ticketLogin(t)
			if end.Path != "/login" || end.Query().Get("error") != "sso_invalid_name" {
				t.Errorf("login ended at %s, want /login?error=sso_invalid_name", end)
			}
			if r := c.do(t, "GET", "/api/v1/me", nil); r.status != http.StatusUnauthorized {
				t.Errorf("GET /api/v1/me after the login: status %d, want 401", r.status)
			}
		})
	}
}

// TestTicketNameTrimmedAtLimit checks that a 50-character name with
// surrounding spaces is accepted and stored without the spaces.
func TestTicketNameTrimmedAtLimit(t *testing.T) {
	idp := newScriptedIdP(t)
	e, _ := newScriptedTicketEnv(t, idp)
	p := newPersona(t, "名字乙")
	name := strings.Repeat("李", 50)
	idp.userinfo = func(string) string {
		return fmt.Sprintf(`{"code":"00000","data":%s}`, attrsJSON(t, p, " "+name+"\u3000"))
	}
	c := e.client()
	if end, _ := c.ticketLogin(t); end.Path != "/identities" {
		t.Fatalf("login ended at %s, want /identities", end)
	}
	if got := c.must(t, http.StatusOK, "GET", "/api/v1/me", nil)["user"].(map[string]any)["name"]; got != name {
		t.Errorf("user name = %q, want the 50 characters without the spaces", got)
	}
}

// TestTicketRedeemedOnce replays a ticket that the provider would accept
// again: wct must reject it without asking the provider.
func TestTicketRedeemedOnce(t *testing.T) {
	idp := newScriptedIdP(t)
	e, _ := newScriptedTicketEnv(t, idp)
	p := newPersona(t, "票据甲")
	idp.userinfo = func(string) string { return fmt.Sprintf(`{"code":"00000","data":%s}`, attrsJSON(t, p, p.Name)) }
	if end, _ := e.client().ticketLogin(t); end.Path != "/identities" {
		t.Fatalf("first login ended at %s, want /identities", end)
	}
	used := idp.lastTicket

	// Another browser starts a login and comes back with the used ticket.
	replay := e.client()
	replay.http.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := replay.http.Get(e.baseURL + "/api/v1/auth/sso/login")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	replay.http.CheckRedirect = nil
	loginPage, err := resp.Location()
	if err != nil {
		t.Fatalf("login did not redirect to the provider: %v", err)
	}
	service := mustURL(t, loginPage.Query().Get("service"))
	q := service.Query()
	q.Set("ticket", used)
	service.RawQuery = q.Encode()
	if end := replay.get(t, service.String()); end.Path != "/login" || end.Query().Get("error") != "sso_failed" {
		t.Errorf("replayed ticket ended at %s, want /login?error=sso_failed", end)
	}
	if r := replay.do(t, "GET", "/api/v1/me", nil); r.status != http.StatusUnauthorized {
		t.Errorf("GET /api/v1/me after the replay: status %d, want 401", r.status)
	}
	idp.mu.Lock()
	defer idp.mu.Unlock()
	if idp.tokenCalls != 1 {
		t.Errorf("the token endpoint was called %d times, want once for the first login", idp.tokenCalls)
	}
}
