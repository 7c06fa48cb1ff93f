package sms

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"wct/internal/platform/redact"
)

// DefaultAliyunEndpoint is the public Aliyun SMS endpoint, used when
// AliyunConfig.Endpoint is empty.
const DefaultAliyunEndpoint = "https://dysmsapi.aliyuncs.com"

// aliyunAPIVersion is the SendSms API version whose parameters this sender
// uses.
const aliyunAPIVersion = "2017-05-25"

// maxResponseSize bounds how much of a provider response is read.
const maxResponseSize = 64 << 10

// ErrProvider is wrapped by errors for messages that the provider did not
// accept, including responses that are not valid SendSms responses.
var ErrProvider = errors.New("sms: provider did not accept the message")

// AliyunConfig configures an Aliyun sender.
type AliyunConfig struct {
	Endpoint        string        // base URL, DefaultAliyunEndpoint when empty
	AccessKeyID     string        // RAM user access key id
	AccessKeySecret redact.Secret // RAM user access key secret
	SignName        string        // approved signature shown as 【SignName】
	TemplateCode    string        // approved template with a ${code} variable
	HTTPClient      *http.Client  // a client with a 10 s timeout when nil
}

var _ Sender = (*Aliyun)(nil)

// Aliyun sends messages with the Aliyun SMS SendSms API (version
// 2017-05-25), signed with the RPC signature method HMAC-SHA1 version 1.0.
// It is safe for concurrent use.
type Aliyun struct {
	endpoint string
	cfg      AliyunConfig
	client   *http.Client
}

// NewAliyun checks cfg and returns a sender. The endpoint must be an
// absolute http or https URL, and the access key, signature name and
// template code are required.
func NewAliyun(cfg AliyunConfig) (*Aliyun, error) {
	if cfg.Endpoint == "" {
		cfg.Endpoint = DefaultAliyunEndpoint
	}
	u, err := url.Parse(cfg.Endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("sms: invalid Aliyun endpoint %q: want an http or https URL", cfg.Endpoint)
	}
	var missing []string
	for _, field := range []struct{ name, value string }{
		{"access key id", cfg.AccessKeyID},
		{"access key secret", cfg.AccessKeySecret.Reveal()},
		{"sign name", cfg.SignName},
		{"template code", cfg.TemplateCode},
	} {
		if field.value == "" {
			missing = append(missing, field.name)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("sms: Aliyun config is missing %s", strings.Join(missing, ", "))
	}
	client := cfg.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	if u.Path == "" {
		u.Path = "/"
	}
	return &Aliyun{endpoint: u.String(), cfg: cfg, client: client}, nil
}

// aliyunResponse is the JSON body of a SendSms response.
type aliyunResponse struct {
	Code      string `json:"Code"`
	Message   string `json:"Message"`
	RequestID string `json:"RequestId"`
	BizID     string `json:"BizId"`
}

// Send submits m to Aliyun and returns nil once Aliyun responds with Code
// "OK".
// A rejection returns an error wrapping ErrProvider with Aliyun's Code,
// Message and RequestId. Transport failures, including ctx expiry, are
// returned wrapped. No error contains the verification code.
func (a *Aliyun) Send(ctx context.Context, m Message) error {
	if err := m.Validate(); err != nil {
		return err
	}
	body, err := a.signedForm(m, time.Now())
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.endpoint, strings.NewReader(body))
	if err != nil {
		return fmt.Errorf("sms: build Aliyun request: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")

	resp, err := a.client.Do(req)
	if err != nil {
		return fmt.Errorf("sms: Aliyun SendSms request failed: %w", err)
	}
	defer resp.Body.Close()
	return decodeAliyunResponse(resp)
}

// signedForm returns the form-encoded SendSms request body, signature
// included. Parameters travel in the body rather than the URL so that the
// phone number and code do not appear in transport errors or proxy logs.
func (a *Aliyun) signedForm(m Message, now time.Time) (string, error) {
	templateParam, err := json.Marshal(map[string]string{"code": m.Code})
	if err != nil {
		return "", fmt.Errorf("sms: encode template parameters: %w", err)
	}
	params := map[string]string{
		"AccessKeyId":      a.cfg.AccessKeyID,
		"Action":           "SendSms",
		"Format":           "JSON",
		"PhoneNumbers":     m.Phone,
		"SignName":         a.cfg.SignName,
		"SignatureMethod":  "HMAC-SHA1",
		"SignatureNonce":   rand.Text(),
		"SignatureVersion": "1.0",
		"TemplateCode":     a.cfg.TemplateCode,
		"TemplateParam":    string(templateParam),
		"Timestamp":        now.UTC().Format("2006-01-02T15:04:05Z"),
		"Version":          aliyunAPIVersion,
	}
	query := canonicalQuery(params)
	signature := signRPC(http.MethodPost, query, a.cfg.AccessKeySecret.Reveal())
	return query + "&Signature=" + percentEncode(signature), nil
}

func decodeAliyunResponse(resp *http.Response) error {
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseSize))
	if err != nil {
		return fmt.Errorf("sms: read Aliyun response (HTTP %d): %w", resp.StatusCode, err)
	}
	var r aliyunResponse
	if err := json.Unmarshal(data, &r); err != nil || r.Code == "" {
		return fmt.Errorf("%w: HTTP %d with a body that is not a SendSms response", ErrProvider, resp.StatusCode)
	}
	if resp.StatusCode == http.StatusOK && r.Code == "OK" {
		return nil
	}
	return fmt.Errorf("%w: HTTP %d, Code %s, Message %q, RequestId %s",
		ErrProvider, resp.StatusCode, r.Code, r.Message, r.RequestID)
}
