package sso_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"wct/internal/devidp"
	"wct/internal/sso"
)

// testEnv is a relying party and the development provider served by one
// httptest server, as in development.
type testEnv struct {
	server   *httptest.Server
	provider *sso.OIDC
}

const (
	testClientID = "wct"
	testSecret   = "test-secret"
)

func newTestEnv(t *testing.T) *testEnv {
	t.Helper()
	mux := http.NewServeMux()
	server := httptest.NewServer(mux)
	t.Cleanup(server.Close)

	issuer := server.URL + "/dev/idp"
	callback := server.URL + "/callback"
	idp, err := devidp.New(devidp.Config{
		Issuer:  issuer,
		Clients: []devidp.Client{{ID: testClientID, Secret: testSecret, RedirectURIs: []string{callback}}},
	})
	if err != nil {
		t.Fatalf("devidp.New: %v", err)
	}
	mux.Handle("/dev/idp/", idp)
	mux.HandleFunc("/callback", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok")
	})

	provider := sso.NewOIDC(sso.Config{
		Name:         "hubei",
		Issuer:       issuer,
		ClientID:     testClientID,
		ClientSecret: testSecret,
		RedirectURL:  callback,
		HTTPClient:   server.Client(),
	})
	return &testEnv{server: server, provider: provider}
}

// browser returns an HTTP client with a cookie jar that follows redirects.
func browser(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar}
}

// login runs the browser side of a login: it opens the authorization URL,
// posts the persona form and returns the callback query.
func (e *testEnv) login(t *testing.T, r sso.Request, form url.Values) url.Values {
	t.Helper()
	ctx := context.Background()
	authURL, err := e.provider.AuthURL(ctx, r)
	if err != nil {
		t.Fatalf("AuthURL: %v", err)
	}
	client := browser(t)
	page, err := client.Get(authURL)
	if err != nil {
		t.Fatalf("open authorization URL: %v", err)
	}
	page.Body.Close()
	if page.StatusCode != http.StatusOK || page.Request.URL.Path != "/dev/idp/login" {
		t.Fatalf("authorization URL led to %d %s, want 200 /dev/idp/login", page.StatusCode, page.Request.URL)
	}

	form.Set("id", page.Request.URL.Query().Get("id"))
	resp, err := client.PostForm(e.server.URL+"/dev/idp/login", form)
	if err != nil {
		t.Fatalf("post persona: %v", err)
	}
	resp.Body.Close()
	if resp.Request.URL.Path != "/callback" {
		t.Fatalf("persona form led to %d %s, want /callback", resp.StatusCode, resp.Request.URL)
	}
	query := resp.Request.URL.Query()
	if got := query.Get("state"); got != r.State {
		t.Fatalf("callback state = %q, want %q", got, r.State)
	}
	return query
}

func newRequest(t *testing.T) sso.Request {
	t.Helper()
	r, err := sso.NewRequest()
	if err != nil {
		t.Fatalf("NewRequest: %v", err)
	}
	return r
}

func personalForm(phone string) url.Values {
	return url.Values{
		"login_type": {"personal"},
		"name":       {"  张三 "},
		"id_number":  {"11010519491231002X"},
		"phone":      {phone},
	}
}

func legalForm(phone string) url.Values {
	form := personalForm(phone)
	form.Set("login_type", "legal")
	form.Set("org_name", "武汉光谷信息科技有限公司")
	form.Set("credit_code", "91420100MA4K0000X1")
	return form
}

func TestFlowPersonalLogin(t *testing.T) {
	env := newTestEnv(t)
	r := newRequest(t)
	query := env.login(t, r, personalForm("13800000001"))

	id, err := env.provider.Exchange(context.Background(), query.Get("code"), r)
	if err != nil {
		t.Fatalf("Exchange: %v", err)
	}
	want := sso.Identity{Provider: "hubei", Subject: id.Subject, Name: "张三", IDNumber: "11010519491231002X", Phone: "13800000001"}
	if id != want {
		t.Errorf("identity = %+v, want %+v", id, want)
	}
	if !strings.HasPrefix(id.Subject, "dev-") {
		t.Errorf("subject = %q, want prefix dev-", id.Subject)
	}
}

func TestFlowLegalLogin(t *testing.T) {
	env := newTestEnv(t)
	r := newRequest(t)
	query := env.login(t, r, legalForm("13800000002"))

	id, err := env.provider.Exchange(context.Background(), query.Get("code"), r)
	if err != nil {
		t.Fatalf("Exchange: %v", err)
	}
	if id.Name != "张三" || id.Phone != "13800000002" || id.IDNumber != "11010519491231002X" {
		t.Errorf("person = %q %q %q, want 张三 13800000002 11010519491231002X", id.Name, id.Phone, id.IDNumber)
	}
	if id.Legal == nil {
		t.Fatal("Legal = nil, want the organization")
	}
	want := sso.Legal{OrgName: "武汉光谷信息科技有限公司", CreditCode: "91420100MA4K0000X1"}
	if *id.Legal != want {
		t.Errorf("Legal = %+v, want %+v", *id.Legal, want)
	}
}

func TestFlowSubjectStablePerPhone(t *testing.T) {
	env := newTestEnv(t)
	subject := func(form url.Values) string {
		r := newRequest(t)
		query := env.login(t, r, form)
		id, err := env.provider.Exchange(context.Background(), query.Get("code"), r)
		if err != nil {
			t.Fatalf("Exchange: %v", err)
		}
		return id.Subject
	}

	first := subject(personalForm("13900000001"))
	again := subject(legalForm("13900000001"))
	other := subject(personalForm("13900000002"))
	if first != again {
		t.Errorf("same phone gave subjects %q and %q", first, again)
	}
	if first == other {
		t.Errorf("different phones gave the same subject %q", first)
	}
}

func TestFlowRejectsTamperedExchange(t *testing.T) {
	tests := []struct {
		name      string
		tamper    func(code string, r sso.Request) (string, sso.Request)
		wantErr   error
		wantOAuth string
	}{
		{
			name: "wrong verifier",
			tamper: func(code string, r sso.Request) (string, sso.Request) {
				r.CodeVerifier = strings.Repeat("a", 43)
				return code, r
			},
			wantOAuth: "invalid_grant",
		},
		{
			name: "wrong nonce",
			tamper: func(code string, r sso.Request) (string, sso.Request) {
				r.Nonce = "another-nonce"
				return code, r
			},
			wantErr: sso.ErrNonceMismatch,
		},
		{
			name: "tampered code",
			tamper: func(code string, r sso.Request) (string, sso.Request) {
				return code[:len(code)-2] + "AA", r
			},
			wantOAuth: "invalid_grant",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newTestEnv(t)
			r := newRequest(t)
			query := env.login(t, r, personalForm("13700000001"))

			code, tampered := tt.tamper(query.Get("code"), r)
			_, err := env.provider.Exchange(context.Background(), code, tampered)
			if err == nil {
				t.Fatal("Exchange succeeded, want an error")
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("Exchange error = %v, want %v", err, tt.wantErr)
			}
			var providerErr *sso.ProviderError
			if tt.wantOAuth != "" && (!errors.As(err, &providerErr) || providerErr.Code != tt.wantOAuth) {
				t.Errorf("Exchange error = %v, want provider error %s", err, tt.wantOAuth)
			}
		})
	}
}

func TestFlowCodeIsSingleUse(t *testing.T) {
	env := newTestEnv(t)
	r := newRequest(t)
	query := env.login(t, r, personalForm("13700000002"))

	if _, err := env.provider.Exchange(context.Background(), query.Get("code"), r); err != nil {
		t.Fatalf("first Exchange: %v", err)
	}
	_, err := env.provider.Exchange(context.Background(), query.Get("code"), r)
	var providerErr *sso.ProviderError
	if !errors.As(err, &providerErr) || providerErr.Code != "invalid_grant" {
		t.Errorf("second Exchange error = %v, want provider error invalid_grant", err)
	}
}

func TestFlowAccessDenied(t *testing.T) {
	env := newTestEnv(t)
	r := newRequest(t)
	form := personalForm("13700000003")
	form.Set("action", "deny")
	query := env.login(t, r, form)

	err := sso.CallbackError(query)
	if !errors.Is(err, sso.ErrAccessDenied) {
		t.Errorf("CallbackError = %v, want ErrAccessDenied", err)
	}
	if query.Get("code") != "" {
		t.Errorf("callback has code %q after denial", query.Get("code"))
	}
}

func TestCallbackErrorWithoutError(t *testing.T) {
	if err := sso.CallbackError(url.Values{"code": {"abc"}, "state": {"xyz"}}); err != nil {
		t.Errorf("CallbackError = %v, want nil", err)
	}
}

// TestCallbackErrorCleaned sends the error parameters that anyone can put
// in a callback URL: long, with control and format characters and with a
// resident ID number.
func TestCallbackErrorCleaned(t *testing.T) {
	query := url.Values{
		"error":             {"access_denied"},
		"error_description": {"denied\r\n\u202e for 11010519491231002X " + strings.Repeat("很长", 100_000)},
	}
	err := sso.CallbackError(query)
	if !errors.Is(err, sso.ErrAccessDenied) {
		t.Fatalf("CallbackError = %v, want ErrAccessDenied", err)
	}
	var providerErr *sso.ProviderError
	if !errors.As(err, &providerErr) {
		t.Fatalf("CallbackError = %T, want a *ProviderError", err)
	}
	desc := providerErr.Description
	if !strings.HasPrefix(desc, "denied") {
		t.Errorf("description %.80q lost the start of the parameter", desc)
	}
	if strings.ContainsAny(desc, "\r\n\u202e") {
		t.Errorf("description %.80q contains a control or format character", desc)
	}
	if strings.Contains(desc, "11010519491231002X") {
		t.Errorf("description %.80q contains the ID number", desc)
	}
	if n := utf8.RuneCountInString(desc); n > 201 {
		t.Errorf("description has %d runes, want at most 200 and an ellipsis", n)
	}

	query.Set("error", strings.Repeat("e", 10_000))
	if err := sso.CallbackError(query); len(err.(*sso.ProviderError).Code) > 100 {
		t.Errorf("code has %d bytes, want it clipped", len(err.(*sso.ProviderError).Code))
	}
}

func TestFlowMissingClaim(t *testing.T) {
	env := newTestEnv(t)
	env.provider = sso.NewOIDC(sso.Config{
		Name:         "hubei",
		Issuer:       env.server.URL + "/dev/idp",
		ClientID:     testClientID,
		ClientSecret: testSecret,
		RedirectURL:  env.server.URL + "/callback",
		Claims:       sso.ClaimNames{Phone: "mobile"},
		HTTPClient:   env.server.Client(),
	})
	r := newRequest(t)
	query := env.login(t, r, personalForm("13700000004"))

	_, err := env.provider.Exchange(context.Background(), query.Get("code"), r)
	if !errors.Is(err, sso.ErrMissingClaim) {
		t.Errorf("Exchange error = %v, want ErrMissingClaim", err)
	}
	if err != nil && !strings.Contains(err.Error(), "mobile") {
		t.Errorf("Exchange error = %v, want it to name the claim mobile", err)
	}
}

func TestDiscoveryRetriedAfterFailure(t *testing.T) {
	mux := http.NewServeMux()
	server := httptest.NewServer(mux)
	defer server.Close()
	issuer := server.URL + "/dev/idp"
	provider := sso.NewOIDC(sso.Config{Name: "hubei", Issuer: issuer, ClientID: testClientID, RedirectURL: server.URL + "/callback", HTTPClient: server.Client()})
	r := newRequest(t)

	if _, err := provider.AuthURL(context.Background(), r); !errors.Is(err, sso.ErrUnavailable) {
		t.Fatalf("AuthURL before the provider is mounted: error = %v, want ErrUnavailable", err)
	}

	idp, err := devidp.New(devidp.Config{Issuer: issuer, Clients: []devidp.Client{{ID: testClientID, RedirectURIs: []string{server.URL + "/callback"}}}})
	if err != nil {
		t.Fatalf("devidp.New: %v", err)
	}
	mux.Handle("/dev/idp/", idp)

	authURL, err := provider.AuthURL(context.Background(), r)
	if err != nil {
		t.Fatalf("AuthURL after mounting: %v", err)
	}
	u, err := url.Parse(authURL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if u.Path != "/dev/idp/authorize" {
		t.Errorf("authorization path = %q, want /dev/idp/authorize", u.Path)
	}
	if q.Get("state") != r.State || q.Get("nonce") != r.Nonce {
		t.Errorf("state, nonce = %q, %q, want %q, %q", q.Get("state"), q.Get("nonce"), r.State, r.Nonce)
	}
	if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" {
		t.Errorf("code challenge = %q %q, want an S256 challenge", q.Get("code_challenge_method"), q.Get("code_challenge"))
	}
	if strings.Contains(authURL, r.CodeVerifier) {
		t.Error("authorization URL contains the code verifier")
	}
}

func TestAuthURLConcurrentDiscovery(t *testing.T) {
	env := newTestEnv(t)
	r := newRequest(t)
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			_, err := env.provider.AuthURL(context.Background(), r)
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Errorf("AuthURL: %v", err)
		}
	}
}

func TestNewRequestRandom(t *testing.T) {
	a, b := newRequest(t), newRequest(t)
	for _, v := range []string{a.State, a.Nonce, a.CodeVerifier} {
		if len(v) != 43 {
			t.Errorf("value %q has length %d, want 43", v, len(v))
		}
	}
	if a.State == b.State || a.Nonce == b.Nonce || a.CodeVerifier == b.CodeVerifier {
		t.Error("two requests share a value")
	}
	if a.State == a.Nonce || a.Nonce == a.CodeVerifier {
		t.Error("a request reuses one value for two fields")
	}
}

func TestAuthURLRejectsEmptyRequest(t *testing.T) {
	env := newTestEnv(t)
	if _, err := env.provider.AuthURL(context.Background(), sso.Request{State: "s"}); err == nil {
		t.Error("AuthURL with empty nonce and verifier succeeded, want an error")
	}
}
