package devidp_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"wct/internal/devidp"
)

type testIDP struct {
	server   *httptest.Server
	issuer   string
	callback string
}

func newTestIDP(t *testing.T) *testIDP {
	t.Helper()
	mux := http.NewServeMux()
	server := httptest.NewServer(mux)
	t.Cleanup(server.Close)
	idp := &testIDP{server: server, issuer: server.URL + "/dev/idp", callback: server.URL + "/callback"}

	h, err := devidp.New(devidp.Config{
		Issuer:  idp.issuer,
		Clients: []devidp.Client{{ID: "wct", Secret: "secret", RedirectURIs: []string{idp.callback}}},
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	mux.Handle("/dev/idp/", h)
	mux.HandleFunc("/callback", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })
	return idp
}

// authorizeURL returns an authorization request URL. An empty challenge
// leaves out PKCE.
func (idp *testIDP) authorizeURL(challenge string) string {
	q := url.Values{
		"client_id":     {"wct"},
		"redirect_uri":  {idp.callback},
		"response_type": {"code"},
		"scope":         {"openid profile phone"},
		"state":         {"state-1"},
		"nonce":         {"nonce-1"},
	}
	if challenge != "" {
		q.Set("code_challenge", challenge)
		q.Set("code_challenge_method", "S256")
	}
	return idp.issuer + "/authorize?" + q.Encode()
}

// openLogin follows an authorization request to the login page and
// returns the auth request ID.
func (idp *testIDP) openLogin(t *testing.T) string {
	t.Helper()
	sum := sha256.Sum256([]byte(strings.Repeat("v", 43)))
	resp, err := http.Get(idp.authorizeURL(base64.RawURLEncoding.EncodeToString(sum[:])))
	if err != nil {
		t.Fatalf("authorize: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/dev/idp/login" {
		t.Fatalf("authorize led to %d %s, want 200 /dev/idp/login", resp.StatusCode, resp.Request.URL)
	}
	return resp.Request.URL.Query().Get("id")
}

func get(t *testing.T, rawURL string) (int, string) {
	t.Helper()
	resp, err := http.Get(rawURL)
	if err != nil {
		t.Fatalf("GET %s: %v", rawURL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

func TestDiscoveryUnderPrefix(t *testing.T) {
	idp := newTestIDP(t)
	status, body := get(t, idp.issuer+"/.well-known/openid-configuration")
	if status != http.StatusOK {
		t.Fatalf("discovery status = %d, want 200", status)
	}
	var doc struct {
		Issuer                string   `json:"issuer"`
		AuthorizationEndpoint string   `json:"authorization_endpoint"`
		TokenEndpoint         string   `json:"token_endpoint"`
		JWKSURI               string   `json:"jwks_uri"`
		CodeChallengeMethods  []string `json:"code_challenge_methods_supported"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatalf("decode discovery: %v", err)
	}
	if doc.Issuer != idp.issuer {
		t.Errorf("issuer = %q, want %q", doc.Issuer, idp.issuer)
	}
	if doc.AuthorizationEndpoint != idp.issuer+"/authorize" {
		t.Errorf("authorization_endpoint = %q, want %q", doc.AuthorizationEndpoint, idp.issuer+"/authorize")
	}
	if doc.TokenEndpoint != idp.issuer+"/oauth/token" {
		t.Errorf("token_endpoint = %q, want %q", doc.TokenEndpoint, idp.issuer+"/oauth/token")
	}
	if status, _ := get(t, doc.JWKSURI); status != http.StatusOK {
		t.Errorf("jwks_uri %s status = %d, want 200", doc.JWKSURI, status)
	}
	if len(doc.CodeChallengeMethods) != 1 || doc.CodeChallengeMethods[0] != "S256" {
		t.Errorf("code_challenge_methods_supported = %v, want [S256]", doc.CodeChallengeMethods)
	}
}

func TestAuthorizeRequiresPKCE(t *testing.T) {
	idp := newTestIDP(t)
	resp, err := http.Get(idp.authorizeURL(""))
	if err != nil {
		t.Fatalf("authorize: %v", err)
	}
	resp.Body.Close()
	if resp.Request.URL.Path != "/callback" {
		t.Fatalf("authorize without PKCE led to %s, want the callback with an error", resp.Request.URL)
	}
	if got := resp.Request.URL.Query().Get("error"); got != "invalid_request" {
		t.Errorf("error = %q, want invalid_request", got)
	}
}

func TestLoginPageContent(t *testing.T) {
	idp := newTestIDP(t)
	id := idp.openLogin(t)
	status, body := get(t, idp.issuer+"/login?id="+id)
	if status != http.StatusOK {
		t.Fatalf("status = %d, want 200", status)
	}
	for _, want := range []string{
		"湖北省统一身份认证（开发模式）", "个人登录", "法人登录", "姓名", "身份证号", "手机号",
		"单位名称", "统一社会信用代码", "随机生成", ">登录<",
		`name="name"`, `name="id_number"`, `name="phone"`, `name="login_type"`, `name="org_name"`, `name="credit_code"`,
		`value="` + id + `"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("login page lacks %s", want)
		}
	}
}

var inputValue = regexp.MustCompile(`name="(\w+)" value="([^"]*)"`)

func formValues(body string) map[string]string {
	values := map[string]string{}
	for _, m := range inputValue.FindAllStringSubmatch(body, -1) {
		values[m[1]] = m[2]
	}
	return values
}

func TestLoginPageRandomPersona(t *testing.T) {
	idp := newTestIDP(t)
	id := idp.openLogin(t)
	status, body := get(t, idp.issuer+"/login?random=1&login_type=legal&id="+id)
	if status != http.StatusOK {
		t.Fatalf("status = %d, want 200", status)
	}
	values := formValues(body)
	for _, name := range []string{"name", "id_number", "phone", "org_name", "credit_code"} {
		if values[name] == "" {
			t.Errorf("random persona left %s empty", name)
		}
	}
	if !regexp.MustCompile(`^1[3-9]\d{9}$`).MatchString(values["phone"]) {
		t.Errorf("phone = %q, want a mobile number", values["phone"])
	}
	if !regexp.MustCompile(`id="type-legal" name="login_type" value="legal" checked`).MatchString(body) {
		t.Error("法人登录 is not selected")
	}
}

func postLogin(t *testing.T, idp *testIDP, form url.Values, header http.Header) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, idp.issuer+"/login", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("post login: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

func TestLoginRejectsMissingFields(t *testing.T) {
	tests := []struct {
		name string
		form url.Values
		want string
	}{
		{"empty name", url.Values{"login_type": {"personal"}, "name": {"   "}, "phone": {"13800000000"}}, "请填写姓名"},
		{"empty phone", url.Values{"login_type": {"personal"}, "name": {"张三"}, "phone": {""}}, "请填写手机号"},
		{"legal without org", url.Values{"login_type": {"legal"}, "name": {"张三"}, "phone": {"13800000000"}, "credit_code": {"X"}}, "单位名称"},
		{"unknown login type", url.Values{"login_type": {"group"}, "name": {"张三"}, "phone": {"13800000000"}}, "请选择个人登录或法人登录"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			idp := newTestIDP(t)
			tt.form.Set("id", idp.openLogin(t))
			resp, body := postLogin(t, idp, tt.form, nil)
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("status = %d, want 422", resp.StatusCode)
			}
			if !strings.Contains(body, tt.want) {
				t.Errorf("page lacks message %s", tt.want)
			}
			if resp.Request.URL.Path != "/dev/idp/login" {
				t.Errorf("ended at %s, want the login page", resp.Request.URL)
			}
		})
	}
}

func TestLoginAcceptsMalformedData(t *testing.T) {
	idp := newTestIDP(t)
	form := url.Values{
		"id": {idp.openLogin(t)}, "login_type": {"legal"}, "name": {"张三"},
		"id_number": {"123"}, "phone": {"not-a-phone"}, "org_name": {"某单位"}, "credit_code": {"bad"},
	}
	resp, _ := postLogin(t, idp, form, nil)
	if resp.Request.URL.Path != "/callback" || resp.Request.URL.Query().Get("code") == "" {
		t.Errorf("malformed persona led to %d %s, want the callback with a code", resp.StatusCode, resp.Request.URL)
	}
}

func TestLoginRejectsCrossOriginPost(t *testing.T) {
	idp := newTestIDP(t)
	form := url.Values{"id": {idp.openLogin(t)}, "login_type": {"personal"}, "name": {"张三"}, "phone": {"13800000000"}}
	resp, _ := postLogin(t, idp, form, http.Header{"Sec-Fetch-Site": {"cross-site"}})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("status = %d, want 403", resp.StatusCode)
	}
}

func TestLoginUnknownRequest(t *testing.T) {
	idp := newTestIDP(t)
	status, body := get(t, idp.issuer+"/login?id=0123456789abcdef0123456789abcdef")
	if status != http.StatusNotFound {
		t.Errorf("status = %d, want 404", status)
	}
	if !strings.Contains(body, "登录请求无效") {
		t.Error("page lacks 登录请求无效")
	}
}

func TestLoginRequestUsableOnce(t *testing.T) {
	idp := newTestIDP(t)
	form := url.Values{"id": {idp.openLogin(t)}, "login_type": {"personal"}, "name": {"张三"}, "phone": {"13800000000"}}
	if resp, _ := postLogin(t, idp, form, nil); resp.Request.URL.Path != "/callback" {
		t.Fatalf("first login led to %s, want the callback", resp.Request.URL)
	}
	resp, _ := postLogin(t, idp, form, nil)
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("second login status = %d, want 404", resp.StatusCode)
	}
}

func TestNewRejectsConfig(t *testing.T) {
	client := []devidp.Client{{ID: "wct", RedirectURIs: []string{"http://127.0.0.1/callback"}}}
	tests := []struct {
		name string
		cfg  devidp.Config
	}{
		{"public host", devidp.Config{Issuer: "http://idp.example.com/dev/idp", Clients: client}},
		{"trailing slash", devidp.Config{Issuer: "http://127.0.0.1:8080/dev/idp/", Clients: client}},
		{"no scheme", devidp.Config{Issuer: "127.0.0.1:8080/dev/idp", Clients: client}},
		{"no clients", devidp.Config{Issuer: "http://127.0.0.1:8080/dev/idp"}},
		{"client without redirect", devidp.Config{Issuer: "http://127.0.0.1:8080/dev/idp", Clients: []devidp.Client{{ID: "wct"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := devidp.New(tt.cfg); err == nil {
				t.Error("New succeeded, want an error")
			}
		})
	}
}

func TestNewAcceptsLoopbackHosts(t *testing.T) {
	client := []devidp.Client{{ID: "wct", RedirectURIs: []string{"http://127.0.0.1/callback"}}}
	for _, issuer := range []string{"http://127.0.0.1:8080/dev/idp", "http://[::1]:8080/dev/idp", "http://localhost:8080/dev/idp"} {
		if _, err := devidp.New(devidp.Config{Issuer: issuer, Clients: client}); err != nil {
			t.Errorf("New(%s): %v", issuer, err)
		}
	}
}
