package main

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkSessionRequest measures the session-checked request path: the
// cookie's token hashed, the session, user, active identity and
// organization loaded in one query, and GET /api/v1/me encoded, through
// the whole handler chain (logging, CSRF check, mux) without the network.
func BenchmarkSessionRequest(b *testing.B) {
	e := newEnv(b)
	c := e.client()
	c.ssoLogin(b, persona{Name: "基准", IDNumber: newIDNumber(b), Phone: newPhone(),
		Legal: true, OrgName: "武汉基准测试有限公司", OrgCreditCode: newCreditCode(b)})
	c.must(b, http.StatusCreated, "POST", "/api/v1/applications", map[string]any{
		"kind": "enterprise", "regionCode": "420102", "addressDetail": "沿江大道 1 号", "email": "a@example.cn"})
	ids := identities(b, c)
	c.must(b, http.StatusOK, "PUT", "/api/v1/me/active-identity",
		map[string]any{"identityId": ids[0].(map[string]any)["id"]})
	cookie := c.http.Jar.Cookies(mustURL(b, e.baseURL))[0]

	h := e.app.server.Handler()
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest("GET", "/api/v1/me", nil)
			req.AddCookie(cookie)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
		}
	})
}
