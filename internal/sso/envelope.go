package sso

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
)

// maxResponseBytes bounds each response body read from a ticket-exchange
// provider. A larger body is rejected with ErrInvalidResponse instead of
// being buffered.
const maxResponseBytes = 1 << 20

// call sends req and returns the JSON object of the response, unwrapped
// from its envelope. endpoint names the endpoint in errors. Errors never
// contain the request URL, which may carry the access token, nor any of
// secrets, which the provider may quote in its messages.
func (p *Ticket) call(req *http.Request, endpoint string, secrets ...string) (claimSet, error) {
	req.Header.Set("Accept", "application/json")
	resp, err := p.cfg.HTTPClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%w: %s request: %w", ErrUnavailable, endpoint, withoutURL(err))
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode >= 500:
		return nil, fmt.Errorf("%w: %s endpoint returned status %d", ErrUnavailable, endpoint, resp.StatusCode)
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		return nil, fmt.Errorf("%w: %s endpoint redirected with status %d, which is not followed: configure the final URL",
			ErrInvalidResponse, endpoint, resp.StatusCode)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%w: read %s response: %w", ErrUnavailable, endpoint, err)
	}
	if len(body) > maxResponseBytes {
		return nil, fmt.Errorf("%w: %s response exceeds %d bytes", ErrInvalidResponse, endpoint, maxResponseBytes)
	}

	var fields claimSet
	if err := json.Unmarshal(body, &fields); err != nil || fields == nil {
		return nil, fmt.Errorf("%w: %s endpoint returned status %d with a %d-byte %q body that is not a JSON object",
			ErrInvalidResponse, endpoint, resp.StatusCode, len(body), scrub(resp.Header.Get("Content-Type"), maxCodeRunes))
	}
	if err := p.providerError(fields, secrets); err != nil {
		return nil, err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, fmt.Errorf("%w: %s endpoint returned status %d", ErrInvalidResponse, endpoint, resp.StatusCode)
	}
	return fields.unwrap(), nil
}

// providerError returns a *ProviderError when fields carry an OAuth 2.0
// "error" string or an envelope "code" that is not a string or number in
// SuccessCodes, and nil otherwise. The description comes from
// "error_description", "msg" or "message", scrubbed of secrets.
//
// A response without a "code" field passes, because plain JSON responses
// have none. Such a response must still carry the access token or the
// subject, name and phone, which the callers check.
func (p *Ticket) providerError(fields claimSet, secrets []string) error {
	var oauthCode string
	if json.Unmarshal(fields["error"], &oauthCode) == nil && oauthCode != "" {
		return newProviderError(oauthCode, fields.text("error_description"), nil, secrets...)
	}
	raw, ok := fields["code"]
	if !ok {
		return nil
	}
	code, scalar := fields.scalar("code")
	if scalar && slices.Contains(p.cfg.SuccessCodes, code) {
		return nil
	}
	if !scalar {
		// false, null, an object or an array is no success code, so it
		// fails the login under its JSON text.
		code = string(raw)
	}
	msg := fields.text("msg")
	if msg == "" {
		msg = fields.text("message")
	}
	return newProviderError(code, msg, nil, secrets...)
}

// scalar returns the named field as text, like text, and true when it is a
// JSON string or number. It returns false for other types, null and a
// missing field.
func (c claimSet) scalar(name string) (string, bool) {
	raw := bytes.TrimSpace(c[name])
	if len(raw) == 0 {
		return "", false
	}
	switch first := raw[0]; {
	case first == '"', first == '-', first >= '0' && first <= '9':
		return c.text(name), true
	}
	return "", false
}

// unwrap returns the "data" object of an envelope, or c itself when it has
// no "data" object.
func (c claimSet) unwrap() claimSet {
	var data claimSet
	if err := json.Unmarshal(c["data"], &data); err != nil || data == nil {
		return c
	}
	return data
}

// withoutURL returns the cause of a *url.Error without its request URL.
func withoutURL(err error) error {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		return urlErr.Err
	}
	return err
}
