package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"unicode/utf8"

	"wct/internal/core"
)

// handlerFunc is a handler that returns its error, which handle turns into
// the one error shape.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

func (s *Server) handle(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.writeError(w, r, err)
		}
	})
}

var statusOf = map[core.Code]int{
	core.CodeInvalid:            http.StatusBadRequest,
	core.CodeUnauthenticated:    http.StatusUnauthorized,
	core.CodeInvalidCredentials: http.StatusUnauthorized,
	core.CodeForbidden:          http.StatusForbidden,
	core.CodeNotFound:           http.StatusNotFound,
	core.CodeConflict:           http.StatusConflict,
	core.CodeAlreadyDecided:     http.StatusConflict,
	core.CodeRateLimited:        http.StatusTooManyRequests,
	core.CodeTooLarge:           http.StatusRequestEntityTooLarge,
}

type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code       string       `json:"code"`
	Message    string       `json:"message"`
	Fields     []fieldError `json:"fields,omitempty"`
	RetryAfter int          `json:"retryAfter,omitempty"`
}

type fieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
	Reason  string `json:"reason,omitempty"`
}

// writeError writes a domain error with its status and public message. Any
// other error is logged and gets a generic 500, so internal
// detail never reaches the client.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	e, ok := core.AsError(err)
	if !ok {
		s.Logger.ErrorContext(r.Context(), "request failed",
			slog.String("path", logPath(r)), slog.Any("error", err))
		writeJSON(w, http.StatusInternalServerError, errorBody{errorDetail{
			Code: "internal", Message: "服务器内部错误，请稍后再试"}})
		return
	}
	body := errorBody{errorDetail{Code: string(e.Code), Message: e.Message, RetryAfter: e.RetryAfter}}
	for _, f := range e.Fields {
		body.Error.Fields = append(body.Error.Fields, fieldError(f))
	}
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(e.RetryAfter))
	}
	status := statusOf[e.Code]
	if status == 0 {
		status = http.StatusBadRequest
	}
	writeJSON(w, status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// maxJSONBody caps JSON request bodies.
const maxJSONBody = 64 << 10

// decode reads a JSON body into v. A malformed body is a validation error
// naming the field when the decoder can tell which.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxJSONBody))
	if err == nil && !readableJSON(body) {
		return core.Errorf(core.CodeInvalid, "请求内容包含无法识别的字符")
	}
	if err == nil {
		dec := json.NewDecoder(bytes.NewReader(body))
		err = dec.Decode(v)
		if err == nil && dec.More() {
			err = errors.New("data after the JSON value")
		}
	}
	if err == nil {
		return nil
	}
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) && typeErr.Field != "" {
		// The decoder names embedded structs' fields with their Go path,
		// such as EnterpriseForm.name; the API names the JSON field.
		field := typeErr.Field[strings.LastIndex(typeErr.Field, ".")+1:]
		return &core.Error{Code: core.CodeInvalid, Message: "请检查表单中标出的内容",
			Fields: []core.FieldError{{Field: field, Message: "格式不正确"}}}
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return core.Errorf(core.CodeTooLarge, "请求内容过大")
	}
	return core.Errorf(core.CodeInvalid, "请求内容不是有效的 JSON")
}

// readableJSON reports whether the text of a JSON body can be stored as
// sent. The decoder would quietly turn invalid UTF-8 and unpaired
// surrogate escapes into U+FFFD, and an escaped NUL is text that neither
// database stores, so a body with any of them is refused. A body that is
// not JSON passes, for the decoder to reject with its own message.
func readableJSON(body []byte) bool {
	if !utf8.Valid(body) || bytes.Contains(body, []byte(`\u0000`)) {
		return false
	}
	var v any
	if json.Unmarshal(body, &v) != nil {
		return true
	}
	return !hasReplacement(v)
}

// hasReplacement reports whether a decoded JSON value holds U+FFFD in a
// string or an object key.
func hasReplacement(v any) bool {
	switch v := v.(type) {
	case string:
		return strings.ContainsRune(v, utf8.RuneError)
	case []any:
		for _, e := range v {
			if hasReplacement(e) {
				return true
			}
		}
	case map[string]any:
		for k, e := range v {
			if strings.ContainsRune(k, utf8.RuneError) || hasReplacement(e) {
				return true
			}
		}
	}
	return false
}

// clientAddr returns the address of the client: the peer, or, when the
// peer is a trusted proxy, the nearest address in X-Forwarded-For that is
// not a trusted proxy.
func (s *Server) clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if !s.trusted(host) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop := strings.TrimSpace(hops[i])
		if net.ParseIP(hop) == nil {
			break
		}
		if !s.trusted(hop) {
			return hop
		}
	}
	return host
}

func (s *Server) trusted(addr string) bool {
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return false
	}
	for _, p := range s.TrustedProxies {
		if p.Contains(ip.Unmap()) {
			return true
		}
	}
	return false
}
