package main

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

const (
	provincialAppCode   = "wct-app"
	provincialAppSecret = "provincial-secret"
)

// provincialIdP is a loopback ticket-exchange provider in the shape of a
// provincial platform: renamed parameters, {"code", "msg", "data"}
// envelopes with code "00000" for success, and numeric user ids. Its login
// page logs in the person of the next attributes without a form.
type provincialIdP struct {
	server *httptest.Server

	mu      sync.Mutex
	next    map[string]any
	serial  int
	tickets map[string]ticketGrant
	tokens  map[string]map[string]any
}

type ticketGrant struct {
	service string
	attrs   map[string]any
}

func newProvincialIdP(t *testing.T) *provincialIdP {
	t.Helper()
	p := &provincialIdP{tickets: map[string]ticketGrant{}, tokens: map[string]map[string]any{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /cas/login", p.login)
	mux.HandleFunc("POST /cas/token", p.token)
	mux.HandleFunc("GET /cas/userinfo", p.userinfo)
	p.server = httptest.NewServer(mux)
	t.Cleanup(p.server.Close)
	return p
}

// logInAs sets the attributes of the person who logs in next.
func (p *provincialIdP) logInAs(attrs map[string]any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.next = attrs
}

func (p *provincialIdP) newID(prefix string) string {
	p.serial++
	return fmt.Sprintf("%s-%d", prefix, p.serial)
}

func (p *provincialIdP) login(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	service, err := url.Parse(q.Get("service"))
	if q.Get("appId") != provincialAppCode || err != nil || service.Path != ssoCallbackPath {
		http.Error(w, "unknown application or service", http.StatusBadRequest)
		return
	}
	p.mu.Lock()
	ticket := p.newID("ST")
	p.tickets[ticket] = ticketGrant{service: service.String(), attrs: p.next}
	p.mu.Unlock()
	back := service.Query()
	back.Set("ticket", ticket)
	service.RawQuery = back.Encode()
	http.Redirect(w, r, service.String(), http.StatusFound)
}

func (p *provincialIdP) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	form := r.PostForm
	if form.Get("appId") != provincialAppCode || form.Get("app_secret") != provincialAppSecret {
		envelope(w, "10001", "应用认证失败", nil)
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	grant, ok := p.tickets[form.Get("ticket")]
	delete(p.tickets, form.Get("ticket"))
	if !ok || grant.service != form.Get("service") {
		envelope(w, "10002", "票据无效或已使用", nil)
		return
	}
	token := p.newID("AT")
	p.tokens[token] = grant.attrs
	envelope(w, "00000", "成功", map[string]any{"accessToken": token, "expiresIn": 1800})
}

func (p *provincialIdP) userinfo(w http.ResponseWriter, r *http.Request) {
	token, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	p.mu.Lock()
	attrs, ok := p.tokens[token]
	p.mu.Unlock()
	if !ok {
		envelope(w, "10003", "令牌无效", nil)
		return
	}
	envelope(w, "00000", "成功", attrs)
}

func envelope(w http.ResponseWriter, code, msg string, data map[string]any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"code": code, "msg": msg, "data": data})
}

// newTicketEnv starts wct in production mode with the ticket protocol
// pointing at idp and Aliyun SMS pointing at a loopback stub.
func newTicketEnv(t *testing.T, idp *provincialIdP) *env {
	t.Helper()
	smsStub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"Code":"OK","Message":"OK","RequestId":"stub"}`)
	}))
	t.Cleanup(smsStub.Close)
	base := idp.server.URL + "/cas"
	return newEnvWith(t, map[string]string{
		"WCT_SSO_PROTOCOL":             "ticket",
		"WCT_TICKET_LOGIN_URL":         base + "/login",
		"WCT_TICKET_TOKEN_URL":         base + "/token",
		"WCT_TICKET_USERINFO_URL":      base + "/userinfo",
		"WCT_TICKET_APP_CODE":          provincialAppCode,
		"WCT_TICKET_APP_SECRET":        provincialAppSecret,
		"WCT_TICKET_PARAMS":            "app_code=appId,return_url=service,access_token=accessToken",
		"WCT_TICKET_SUCCESS_CODES":     "00000",
		"WCT_SSO_CLAIMS":               "subject=userId,name=realName,id_number=certNo,phone=mobile,org_name=orgName,credit_code=uscc",
		"WCT_ID_KEYS":                  "k1:" + randomKey(t),
		"WCT_ID_LOOKUP_KEY":            randomKey(t),
		"WCT_SMS_PROVIDER":             "aliyun",
		"WCT_ALIYUN_SMS_ENDPOINT":      smsStub.URL,
		"WCT_ALIYUN_ACCESS_KEY_ID":     "stub-key",
		"WCT_ALIYUN_ACCESS_KEY_SECRET": "stub-secret",
		"WCT_ALIYUN_SMS_SIGN_NAME":     "武创通",
		"WCT_ALIYUN_SMS_TEMPLATE_CODE": "SMS_0000001",
	})
}

func randomKey(t *testing.T) string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(b)
}

// ticketLogin follows the whole provincial login as a browser does and
// returns where it ended and the callback URL it passed.
func (c *client) ticketLogin(t *testing.T) (end, callback *url.URL) {
	t.Helper()
	c.http.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if req.URL.Path == ssoCallbackPath {
			callback = req.URL
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	defer func() { c.http.CheckRedirect = nil }()
	resp, err := c.http.Get(c.e.baseURL + "/api/v1/auth/sso/login?next=/identities")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if callback == nil {
		t.Fatalf("login ended at %s without passing the callback", resp.Request.URL)
	}
	return resp.Request.URL, callback
}

// get follows rawURL with the client's cookies and returns where it ended.
func (c *client) get(t *testing.T, rawURL string) *url.URL {
	t.Helper()
	resp, err := c.http.Get(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.Request.URL
}

func personAttributes(p persona) map[string]any {
	return map[string]any{"userId": json.Number("9007199254740993"), "realName": p.Name,
		"certNo": p.IDNumber, "mobile": p.Phone}
}

func TestTicketLoginPersonal(t *testing.T) {
	idp := newProvincialIdP(t)
	e := newTicketEnv(t, idp)
	if e.app.server.DevIdP != nil || e.app.server.Outbox != nil {
		t.Fatal("development provider or outbox enabled in production mode")
	}
	p := newPersona(t, "张三")
	idp.logInAs(personAttributes(p))
	c := e.client()

	end, _ := c.ticketLogin(t)
	if end.Path != "/identities" {
		t.Fatalf("login ended at %s, want /identities", end)
	}
	me := c.must(t, http.StatusOK, "GET", "/api/v1/me", nil)
	user := me["user"].(map[string]any)
	if user["name"] != "张三" {
		t.Errorf("user name = %v, want 张三", user["name"])
	}
	if want := p.Phone[:3] + "****" + p.Phone[7:]; user["phoneMasked"] != want {
		t.Errorf("phoneMasked = %v, want %s", user["phoneMasked"], want)
	}
	if me["loginMethod"] != "sso" {
		t.Errorf("loginMethod = %v, want sso", me["loginMethod"])
	}
	if me["legalScope"] != nil {
		t.Errorf("legalScope = %v, want none for a personal login", me["legalScope"])
	}

	// A second login of the same user id finds the same user.
	again := e.client()
	idp.logInAs(personAttributes(p))
	again.ticketLogin(t)
	if id := again.must(t, http.StatusOK, "GET", "/api/v1/me", nil)["user"].(map[string]any)["id"]; id != user["id"] {
		t.Errorf("second login is user %v, want %v", id, user["id"])
	}
}

func TestTicketLoginLegalPerson(t *testing.T) {
	idp := newProvincialIdP(t)
	e := newTicketEnv(t, idp)
	p := newPersona(t, "李法人")
	code := newCreditCode(t)
	attrs := personAttributes(p)
	attrs["userId"] = json.Number("4201000002")
	attrs["orgName"] = "武汉光谷测试科技有限公司"
	attrs["uscc"] = code
	idp.logInAs(attrs)
	c := e.client()

	end, _ := c.ticketLogin(t)
	if end.Path != "/identities" {
		t.Fatalf("login ended at %s, want /identities", end)
	}
	me := c.must(t, http.StatusOK, "GET", "/api/v1/me", nil)
	if me["loginMethod"] != "sso_legal" {
		t.Errorf("loginMethod = %v, want sso_legal", me["loginMethod"])
	}
	scope, _ := me["legalScope"].(map[string]any)
	if scope["creditCode"] != code || scope["orgName"] != "武汉光谷测试科技有限公司" {
		t.Errorf("legalScope = %v, want the organization with credit code %s", me["legalScope"], code)
	}
}

func TestTicketReplayRejected(t *testing.T) {
	idp := newProvincialIdP(t)
	e := newTicketEnv(t, idp)
	idp.logInAs(personAttributes(newPersona(t, "王五")))
	c := e.client()
	_, callback := c.ticketLogin(t)

	// The same callback URL again: its state was used up and its cookie
	// cleared.
	replay := e.client()
	if end := replay.get(t, callback.String()); end.Path != "/login" || end.Query().Get("error") != "state_mismatch" {
		t.Errorf("replayed callback ended at %s, want /login?error=state_mismatch", end)
	}

	// The used ticket with the state of a new login in the same browser:
	// the state check passes and the provider rejects the ticket.
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
	q.Set("ticket", callback.Query().Get("ticket"))
	service.RawQuery = q.Encode()
	if end := replay.get(t, service.String()); end.Path != "/login" || end.Query().Get("error") != "sso_failed" {
		t.Errorf("used ticket ended at %s, want /login?error=sso_failed", end)
	}
	if r := replay.do(t, "GET", "/api/v1/me", nil); r.status != http.StatusUnauthorized {
		t.Errorf("GET /api/v1/me after replays: status %d, want 401", r.status)
	}
}
