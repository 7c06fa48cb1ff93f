package main

import (
	"net/http"
	"strings"
	"testing"
)

// TestUnreadableInputRefused checks that an API request is refused when
// the server cannot read its query in full, which would drop filters, or
// when its text is not valid UTF-8 or holds NUL, which PostgreSQL
// refuses.
func TestUnreadableInputRefused(t *testing.T) {
	e := newEnv(t)
	op := e.operator(t)
	mine := op.must(t, http.StatusCreated, "POST", "/api/v1/admin/grids",
		map[string]string{"name": "筛选网格", "regionCode": "420111"})["id"].(string)
	op.must(t, http.StatusCreated, "POST", "/api/v1/admin/grids", map[string]string{"name": "旁边网格", "regionCode": "420106"})
	user := e.client()
	user.ssoLogin(t, newPersona(t, "字符测试"))

	tests := []struct {
		name   string
		c      *client
		method string
		path   string
		body   any
		status int
	}{
		{"semicolon in the query", op, "GET", "/api/v1/admin/audit?org=" + mine + ";", nil, 400},
		{"bad escape in the query", op, "GET", "/api/v1/admin/audit?org=" + mine + "%zz", nil, 400},
		{"too many parameters", op, "GET", "/api/v1/admin/audit?org=" + mine + strings.Repeat("&x=1", 10_000), nil, 400},
		{"invalid UTF-8 in a query value", user, "GET", "/api/v1/organizations?kind=enterprise&q=%FF%FE", nil, 400},
		{"NUL in a query value", op, "GET", "/api/v1/admin/users?q=%E5%BC%A0%00", nil, 400},
		{"invalid UTF-8 in a path id", user, "POST", "/api/v1/organizations/%FF/join-requests", map[string]any{}, 404},
		{"NUL in a path id", op, "GET", "/api/v1/admin/grids/%00", nil, 404},
		{"NUL in a JSON string", user, "PUT", "/api/v1/me/active-identity", map[string]any{"identityId": "a\u0000b"}, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.c.do(t, tt.method, tt.path, tt.body)
			if r.status != tt.status {
				t.Errorf("status %d, want %d: %.200s", r.status, tt.status, r.body)
			}
		})
	}
	// The filtered log still reads normally.
	items := op.must(t, http.StatusOK, "GET", "/api/v1/admin/audit?org="+mine, nil)["items"].([]any)
	if len(items) != 1 {
		t.Errorf("audit of the grid lists %d events, want its creation", len(items))
	}
}
