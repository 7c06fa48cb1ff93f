package sms

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"wct/internal/platform/redact"
)

const (
	testKeyID     = "LTAI-test-id"
	testKeySecret = "test-secret/with+chars="
	testSignName  = "武创通"
	testTemplate  = "SMS_123456789"
)

// testEncode is the encoding recipe from the Aliyun signature documentation,
// written independently of percentEncode: form-encode, then turn '+' into
// %20, '*' into %2A and %7E back into '~'.
func testEncode(s string) string {
	e := url.QueryEscape(s)
	e = strings.ReplaceAll(e, "+", "%20")
	e = strings.ReplaceAll(e, "*", "%2A")
	return strings.ReplaceAll(e, "%7E", "~")
}

// testSignature recomputes the signature of the decoded form parameters
// without using the package's signing code.
func testSignature(method string, form url.Values, secret string) string {
	names := make([]string, 0, len(form))
	for name := range form {
		if name != "Signature" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	pairs := make([]string, len(names))
	for i, name := range names {
		pairs[i] = testEncode(name) + "=" + testEncode(form.Get(name))
	}
	stringToSign := method + "&%2F&" + testEncode(strings.Join(pairs, "&"))
	mac := hmac.New(sha1.New, []byte(secret+"&"))
	mac.Write([]byte(stringToSign))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// fakeAliyun is an httptest SendSms endpoint that checks each request and
// replies with the configured status and body.
type fakeAliyun struct {
	t      *testing.T
	status int
	body   string
	delay  time.Duration

	mu     sync.Mutex
	nonces map[string]bool
	forms  []url.Values
}

func (f *fakeAliyun) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.check(r)
	if f.delay > 0 {
		select {
		case <-time.After(f.delay):
		case <-r.Context().Done():
			return
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(f.status)
	fmt.Fprint(w, f.body)
}

func (f *fakeAliyun) check(r *http.Request) {
	t := f.t
	if r.Method != http.MethodPost {
		t.Errorf("method = %s, want POST", r.Method)
	}
	if r.URL.Path != "/" {
		t.Errorf("path = %q, want /", r.URL.Path)
	}
	if r.URL.RawQuery != "" {
		t.Errorf("query string = %q, want parameters only in the body", r.URL.RawQuery)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
		t.Errorf("Content-Type = %q", ct)
	}
	if err := r.ParseForm(); err != nil {
		t.Errorf("parse form: %v", err)
		return
	}
	form := r.PostForm
	f.checkParams(form)

	if got, want := form.Get("Signature"), testSignature(r.Method, form, testKeySecret); got != want {
		t.Errorf("Signature = %q, want %q", got, want)
	}

	f.mu.Lock()
	defer f.mu.Unlock()
	nonce := form.Get("SignatureNonce")
	if nonce == "" || f.nonces[nonce] {
		t.Errorf("SignatureNonce %q is empty or reused", nonce)
	}
	f.nonces[nonce] = true
	f.forms = append(f.forms, form)
}

func (f *fakeAliyun) checkParams(form url.Values) {
	t := f.t
	want := map[string]string{
		"AccessKeyId":      testKeyID,
		"Action":           "SendSms",
		"Format":           "JSON",
		"PhoneNumbers":     "13812345678",
		"SignName":         testSignName,
		"SignatureMethod":  "HMAC-SHA1",
		"SignatureVersion": "1.0",
		"TemplateCode":     testTemplate,
		"Version":          "2017-05-25",
	}
	for name, value := range want {
		if got := form.Get(name); got != value {
			t.Errorf("%s = %q, want %q", name, got, value)
		}
	}

	var param map[string]string
	if err := json.Unmarshal([]byte(form.Get("TemplateParam")), &param); err != nil {
		t.Errorf("TemplateParam %q is not JSON: %v", form.Get("TemplateParam"), err)
	}
	if len(param) != 1 || param["code"] != "123456" {
		t.Errorf("TemplateParam = %v, want exactly code 123456", param)
	}

	ts, err := time.Parse("2006-01-02T15:04:05Z", form.Get("Timestamp"))
	if err != nil {
		t.Errorf("Timestamp %q is not ISO 8601 UTC: %v", form.Get("Timestamp"), err)
	}
	if d := time.Since(ts); d < -time.Minute || d > time.Minute {
		t.Errorf("Timestamp %q is %v away from now", form.Get("Timestamp"), d)
	}

	// 9 fixed parameters plus TemplateParam, Timestamp, SignatureNonce and
	// Signature.
	if len(form) != len(want)+4 {
		t.Errorf("request has %d parameters, want %d: %v", len(form), len(want)+4, form)
	}
}

func newFake(t *testing.T, status int, body string) (*fakeAliyun, *httptest.Server) {
	f := &fakeAliyun{t: t, status: status, body: body, nonces: map[string]bool{}}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv
}

func newTestAliyun(t *testing.T, endpoint string, client *http.Client) *Aliyun {
	t.Helper()
	a, err := NewAliyun(AliyunConfig{
		Endpoint:        endpoint,
		AccessKeyID:     testKeyID,
		AccessKeySecret: redact.Secret(testKeySecret),
		SignName:        testSignName,
		TemplateCode:    testTemplate,
		HTTPClient:      client,
	})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

var testMessage = Message{Phone: "13812345678", Code: "123456", Purpose: PurposeLogin}

func TestAliyunSendOK(t *testing.T) {
	f, srv := newFake(t, http.StatusOK,
		`{"Code":"OK","Message":"OK","BizId":"900619746936498440^0","RequestId":"F655A8D5-B967-440B-8683-DAD6FF8DE990"}`)
	a := newTestAliyun(t, srv.URL, srv.Client())

	for range 2 {
		if err := a.Send(context.Background(), testMessage); err != nil {
			t.Fatalf("Send: %v", err)
		}
	}
	if len(f.forms) != 2 {
		t.Errorf("server received %d requests, want 2", len(f.forms))
	}
}

func TestAliyunSendProviderError(t *testing.T) {
	_, srv := newFake(t, http.StatusOK,
		`{"Code":"isv.BUSINESS_LIMIT_CONTROL","Message":"触发分钟级流控Permits:1","RequestId":"A1B2"}`)
	a := newTestAliyun(t, srv.URL, srv.Client())

	err := a.Send(context.Background(), testMessage)
	if !errors.Is(err, ErrProvider) {
		t.Fatalf("Send error = %v, want ErrProvider", err)
	}
	for _, part := range []string{"isv.BUSINESS_LIMIT_CONTROL", "触发分钟级流控Permits:1", "A1B2"} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("error %q does not contain %q", err, part)
		}
	}
	assertNoSecrets(t, err)
}

func TestAliyunSendSignatureRejected(t *testing.T) {
	_, srv := newFake(t, http.StatusBadRequest,
		`{"Code":"SignatureDoesNotMatch","Message":"Specified signature is not matched with our calculation.","RequestId":"C3D4"}`)
	a := newTestAliyun(t, srv.URL, srv.Client())

	err := a.Send(context.Background(), testMessage)
	if !errors.Is(err, ErrProvider) {
		t.Fatalf("Send error = %v, want ErrProvider", err)
	}
	if !strings.Contains(err.Error(), "SignatureDoesNotMatch") {
		t.Errorf("error %q does not contain the provider code", err)
	}
	assertNoSecrets(t, err)
}

func TestAliyunSendHTTP500(t *testing.T) {
	_, srv := newFake(t, http.StatusInternalServerError, "<html>upstream error</html>")
	a := newTestAliyun(t, srv.URL, srv.Client())

	err := a.Send(context.Background(), testMessage)
	if !errors.Is(err, ErrProvider) {
		t.Fatalf("Send error = %v, want ErrProvider", err)
	}
	if !strings.Contains(err.Error(), "HTTP 500") {
		t.Errorf("error %q does not contain the HTTP status", err)
	}
	assertNoSecrets(t, err)
}

func TestAliyunSendOKBodyWithHTTPError(t *testing.T) {
	_, srv := newFake(t, http.StatusServiceUnavailable, `{"Code":"OK"}`)
	a := newTestAliyun(t, srv.URL, srv.Client())

	if err := a.Send(context.Background(), testMessage); !errors.Is(err, ErrProvider) {
		t.Errorf("Send error = %v, want ErrProvider", err)
	}
}

func TestAliyunSendTimeout(t *testing.T) {
	f, srv := newFake(t, http.StatusOK, `{"Code":"OK"}`)
	f.delay = 5 * time.Second
	a := newTestAliyun(t, srv.URL, srv.Client())

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := a.Send(ctx, testMessage)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Send error = %v, want context.DeadlineExceeded", err)
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("Send returned after %v, want shortly after the 100ms deadline", elapsed)
	}
	assertNoSecrets(t, err)
}

func TestAliyunSendClientTimeout(t *testing.T) {
	f, srv := newFake(t, http.StatusOK, `{"Code":"OK"}`)
	f.delay = 5 * time.Second
	client := srv.Client()
	client.Timeout = 100 * time.Millisecond
	a := newTestAliyun(t, srv.URL, client)

	err := a.Send(context.Background(), testMessage)
	if err == nil {
		t.Fatal("Send succeeded, want a timeout error")
	}
	var netErr interface{ Timeout() bool }
	if !errors.As(err, &netErr) || !netErr.Timeout() {
		t.Errorf("Send error = %v, want a timeout", err)
	}
}

func TestAliyunSendInvalidMessage(t *testing.T) {
	f, srv := newFake(t, http.StatusOK, `{"Code":"OK"}`)
	a := newTestAliyun(t, srv.URL, srv.Client())

	err := a.Send(context.Background(), Message{Phone: "13812345678", Purpose: PurposeLogin})
	if !errors.Is(err, ErrInvalidMessage) {
		t.Errorf("Send error = %v, want ErrInvalidMessage", err)
	}
	if len(f.forms) != 0 {
		t.Errorf("server received %d requests for an invalid message", len(f.forms))
	}
}

func TestNewAliyunValidatesConfig(t *testing.T) {
	valid := AliyunConfig{
		AccessKeyID:     testKeyID,
		AccessKeySecret: redact.Secret(testKeySecret),
		SignName:        testSignName,
		TemplateCode:    testTemplate,
	}
	tests := map[string]func(*AliyunConfig){
		"missing key id":        func(c *AliyunConfig) { c.AccessKeyID = "" },
		"missing secret":        func(c *AliyunConfig) { c.AccessKeySecret = "" },
		"missing sign name":     func(c *AliyunConfig) { c.SignName = "" },
		"missing template code": func(c *AliyunConfig) { c.TemplateCode = "" },
		"relative endpoint":     func(c *AliyunConfig) { c.Endpoint = "dysmsapi" },
		"ftp endpoint":          func(c *AliyunConfig) { c.Endpoint = "ftp://127.0.0.1/" },
	}
	for name, change := range tests {
		t.Run(name, func(t *testing.T) {
			cfg := valid
			change(&cfg)
			_, err := NewAliyun(cfg)
			if err == nil {
				t.Fatal("NewAliyun succeeded, want an error")
			}
			if strings.Contains(err.Error(), testKeySecret) {
				t.Errorf("error %q contains the access key secret", err)
			}
		})
	}

	a, err := NewAliyun(valid)
	if err != nil {
		t.Fatal(err)
	}
	if a.endpoint != DefaultAliyunEndpoint+"/" {
		t.Errorf("default endpoint = %q, want %q", a.endpoint, DefaultAliyunEndpoint+"/")
	}
}

// TestSignRPCDocumentedExample checks the signing code against the worked
// example in the Aliyun RPC signature documentation (AccessKeySecret
// "testsecret", DescribeRegions over GET), whose signature is
// CT9X0VtwR86fNWSnsc6v8YGOjuE=.
func TestSignRPCDocumentedExample(t *testing.T) {
	params := map[string]string{
		"AccessKeyId":      "testid",
		"Action":           "DescribeRegions",
		"Format":           "XML",
		"SignatureMethod":  "HMAC-SHA1",
		"SignatureNonce":   "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
		"SignatureVersion": "1.0",
		"TimeStamp":        "2016-02-23T12:46:24Z",
		"Version":          "2014-05-26",
	}
	if got := signRPC(http.MethodGet, canonicalQuery(params), "testsecret"); got != "CT9X0VtwR86fNWSnsc6v8YGOjuE=" {
		t.Errorf("signRPC = %q, want CT9X0VtwR86fNWSnsc6v8YGOjuE=", got)
	}
}

func TestPercentEncode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"AZaz09-_.~", "AZaz09-_.~"},
		{"a b", "a%20b"},
		{"a*b", "a%2Ab"},
		{"a+b/c=d&e", "a%2Bb%2Fc%3Dd%26e"},
		{`{"code":"1"}`, "%7B%22code%22%3A%221%22%7D"},
		{"武", "%E6%AD%A6"},
	}
	for _, tt := range tests {
		if got := percentEncode(tt.in); got != tt.want {
			t.Errorf("percentEncode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func assertNoSecrets(t *testing.T, err error) {
	t.Helper()
	for _, secret := range []string{testMessage.Code, testKeySecret} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error %q contains %q", err, secret)
		}
	}
}
