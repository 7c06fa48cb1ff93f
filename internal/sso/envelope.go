package sso

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"unicode/utf8"
)

// maxResponseBytes bounds each response body read from a ticket-exchange
// provider. A larger body is rejected with ErrInvalidResponse instead of
// being buffered.
const maxResponseBytes = 1 << 20

// maxDescriptionRunes bounds a provider-written error message kept in a
// ProviderError, because the message ends up in logs.
const maxDescriptionRunes = 200

// call sends req and returns the JSON object of the response, unwrapped
// from its envelope. endpoint names the endpoint in errors. Errors never
// contain the request URL, which may carry the access token.
func (p *Ticket) call(req *http.Request, endpoint string) (claimSet, error) {
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
			ErrInvalidResponse, endpoint, resp.StatusCode, len(body), resp.Header.Get("Content-Type"))
	}
	if err := p.providerError(fields); err != nil {
		return nil, err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, fmt.Errorf("%w: %s endpoint returned status %d", ErrInvalidResponse, endpoint, resp.StatusCode)
	}
	return fields.unwrap(), nil
}

// providerError returns a *ProviderError when fields carry an OAuth 2.0
// "error" string or an envelope "code" outside SuccessCodes, and nil
// otherwise. The description comes from "error_description", "msg" or
// "message".
func (p *Ticket) providerError(fields claimSet) error {
	var oauthCode string
	if json.Unmarshal(fields["error"], &oauthCode) == nil && oauthCode != "" {
		return &ProviderError{Code: oauthCode, Description: clip(fields.text("error_description"))}
	}
	code := fields.text("code")
	if code == "" || slices.Contains(p.cfg.SuccessCodes, code) {
		return nil
	}
	msg := fields.text("msg")
	if msg == "" {
		msg = fields.text("message")
	}
	return &ProviderError{Code: code, Description: clip(msg)}
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

// clip shortens s to maxDescriptionRunes runes.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= maxDescriptionRunes {
		return s
	}
	return string([]rune(s)[:maxDescriptionRunes]) + "…"
}
