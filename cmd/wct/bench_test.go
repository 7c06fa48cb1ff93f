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
// A member's request is that path alone; a super admin's also counts the
// join requests waiting for them, with a second query.
func BenchmarkSessionRequest(b *testing.B) {
	e := newEnv(b)
	super := e.client()
	const org = "武汉基准测试有限公司"
	super.ssoLogin(b, persona{Name: "基准", IDNumber: newIDNumber(b), Phone: newPhone(),
		Legal: true, OrgName: org, OrgCreditCode: newCreditCode(b)})
	super.must(b, http.StatusCreated, "POST", "/api/v1/applications", map[string]any{
		"kind": "enterprise", "regionCode": "420102", "addressDetail": "沿江大道 1 号", "email": "a@example.cn"})
	enterOrg(b, super, org)

	member := e.client()
	pm := persona{Name: "基准成员", IDNumber: newIDNumber(b), Phone: newPhone()}
	member.ssoLogin(b, pm)
	super.must(b, http.StatusCreated, "POST", "/api/v1/org/members", map[string]string{"name": pm.Name, "phone": pm.Phone})
	enterOrg(b, member, org)

	h := e.app.server.Handler()
	for _, bc := range []struct {
		name string
		c    *client
	}{{"member", member}, {"super_admin", super}} {
		cookie := bc.c.http.Jar.Cookies(mustURL(b, e.baseURL))[0]
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
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
		})
	}
}

// enterOrg makes the client's identity in the organization named org its
// active identity.
func enterOrg(b *testing.B, c *client, org string) {
	b.Helper()
	for _, v := range identities(b, c) {
		id := v.(map[string]any)
		if id["org"].(map[string]any)["name"] == org {
			c.must(b, http.StatusOK, "PUT", "/api/v1/me/active-identity", map[string]any{"identityId": id["id"]})
			return
		}
	}
	b.Fatalf("no identity in %s", org)
}
