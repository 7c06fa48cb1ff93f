package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"log/slog"
	"math/rand/v2"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"wct/internal/platform/config"
	"wct/internal/platform/password"
	"wct/internal/validate"
)

// env is a whole wct server on a loopback port, with SQLite under a
// temporary directory. It runs in development mode unless newEnvWith
// turns that off.
type env struct {
	t       *testing.T
	srv     *httptest.Server
	app     *app
	baseURL string
}

func newEnv(t testing.TB) *env {
	return newEnvWith(t, nil)
}

// newEnvWith starts a server with the environment variables vars, which
// may turn development mode off.
func newEnvWith(t testing.TB, vars map[string]string) *env {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cfg, err := config.Load([]string{"--addr", ln.Addr().String(), "--data", dir}, func(k string) string { return vars[k] })
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := newApp(context.Background(), cfg, logger)
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
	e := &env{srv: srv, app: a, baseURL: cfg.BaseURL}
	if tt, ok := t.(*testing.T); ok {
		e.t = tt
	}
	return e
}

// client is one browser: a cookie jar and the same-origin headers a
// browser sends.
type client struct {
	e    *env
	http *http.Client
}

func (e *env) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{e: e, http: &http.Client{Jar: jar}}
}

// response is a decoded API response.
type response struct {
	status int
	body   []byte
}

func (r response) json(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
	return m
}

// fields returns the field names of an error response.
func (r response) fields(t testing.TB) []string {
	var names []string
	errObj, _ := r.json(t)["error"].(map[string]any)
	list, _ := errObj["fields"].([]any)
	for _, f := range list {
		names = append(names, f.(map[string]any)["field"].(string))
	}
	return names
}

func (c *client) do(t testing.TB, method, path string, body any) response {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.e.baseURL+path, rd)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := c.http.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{status: resp.StatusCode, body: b}
}

// must sends the request and fails the test unless the status matches.
func (c *client) must(t testing.TB, status int, method, path string, body any) map[string]any {
	t.Helper()
	r := c.do(t, method, path, body)
	if r.status != status {
		t.Fatalf("%s %s: status %d, want %d: %s", method, path, r.status, status, r.body)
	}
	if len(r.body) == 0 {
		return nil
	}
	return r.json(t)
}

// persona is what a tester types into the development provider's form.
type persona struct {
	Name, IDNumber, Phone  string
	Legal                  bool
	OrgName, OrgCreditCode string
}

// ssoLogin logs the client in through the development provider, as the
// browser does: redirect, persona form, callback.
func (c *client) ssoLogin(t testing.TB, p persona) {
	t.Helper()
	resp, err := c.http.Get(c.e.baseURL + "/api/v1/auth/sso/login?next=/identities")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	id := resp.Request.URL.Query().Get("id")
	if id == "" {
		t.Fatalf("no persona form after redirects, ended at %s", resp.Request.URL)
	}
	form := url.Values{"id": {id}, "name": {p.Name}, "id_number": {p.IDNumber}, "phone": {p.Phone},
		"login_type": {"personal"}}
	if p.Legal {
		form.Set("login_type", "legal")
		form.Set("org_name", p.OrgName)
		form.Set("credit_code", p.OrgCreditCode)
	}
	req, _ := http.NewRequest("POST", c.e.baseURL+"/dev/idp/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err = c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.Path != "/identities" {
		t.Fatalf("login ended at %s, want /identities", resp.Request.URL)
	}
}

// upload sends an image as the license.
func (c *client) upload(t testing.TB, data []byte) response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("purpose", "license")
	fw, _ := mw.CreateFormFile("file", "license.png")
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", c.e.baseURL+"/api/v1/uploads", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{status: resp.StatusCode, body: b}
}

// Test data that passes the real checksums.

const creditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

func newCreditCode(t testing.TB) string {
	b := []byte("91420106")
	for range 9 {
		b = append(b, creditAlphabet[rand.IntN(len(creditAlphabet))])
	}
	check, err := validate.CreditCodeCheck(string(b))
	if err != nil {
		t.Fatal(err)
	}
	return string(append(b, check))
}

func newIDNumber(t testing.TB) string {
	first := fmt.Sprintf("420106%04d%02d%02d%03d", 1970+rand.IntN(30), 1+rand.IntN(12), 1+rand.IntN(28), rand.IntN(1000))
	check, err := validate.IDNumberCheck(first)
	if err != nil {
		t.Fatal(err)
	}
	return first + string(check)
}

func newPhone() string { return fmt.Sprintf("13%09d", rand.IntN(1_000_000_000)) }

func newPersona(t testing.TB, name string) persona {
	return persona{Name: name, IDNumber: newIDNumber(t), Phone: newPhone()}
}

func pngImage(t testing.TB) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := range 40 {
		img.Set(x, x%30, color.RGBA{200, 30, 30, 255})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// enterpriseForm is a complete, valid enterprise application.
func enterpriseForm(t testing.TB, licenseID, legalPhone string) map[string]any {
	return map[string]any{
		"kind": "enterprise", "name": "武汉光谷测试科技有限公司", "creditCode": newCreditCode(t),
		"regionCode": "420111", "addressDetail": "珞喻路 1037 号", "email": "contact@example.cn",
		"techFields": []string{"新材料", "新能源"}, "legalName": "李法人", "legalPhone": legalPhone,
		"legalIdNumber": newIDNumber(t), "licenseUploadId": licenseID, "idConsent": true,
	}
}

func mustURL(t testing.TB, raw string) *url.URL {
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
