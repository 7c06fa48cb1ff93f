package main

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestScenarios checks authentication, authorization and validation
// responses: each row is an actor, a request and the expected status and
// error fields.
func TestScenarios(t *testing.T) {
	e := newEnv(t)
	op := e.operator(t)
	anon := e.client()
	personal := e.client()
	personal.ssoLogin(t, newPersona(t, "钱七"))
	lic := personal.upload(t, pngImage(t)).json(t)["id"].(string)

	valid := func() map[string]any { return enterpriseForm(t, lic, newPhone()) }
	with := func(key string, v any) map[string]any {
		f := valid()
		f[key] = v
		return f
	}
	pilotCode := "91350211M00013FA1N" // real pilot-region code that fails its checksum

	tests := []struct {
		name   string
		actor  *client
		method string
		path   string
		body   any
		status int
		fields []string
	}{
		{"me needs a session", anon, "GET", "/api/v1/me", nil, 401, nil},
		{"members need a session", anon, "GET", "/api/v1/org/members", nil, 401, nil},
		{"members need an identity", personal, "GET", "/api/v1/org/members", nil, 403, nil},
		{"admin queue needs an operator", personal, "GET", "/api/v1/admin/applications", nil, 401, nil},
		{"operator cookie is not a user", op, "GET", "/api/v1/me", nil, 401, nil},
		{"unknown api path", anon, "GET", "/api/v1/nope", nil, 404, nil},
		{"dev outbox in dev mode", anon, "GET", "/api/v1/dev/sms-outbox", nil, 200, nil},
		{"sms code needs a valid phone", anon, "POST", "/api/v1/auth/sms-codes", map[string]string{"phone": "12345", "purpose": "login"}, 400, []string{"phone"}},
		{"sms code needs a purpose", anon, "POST", "/api/v1/auth/sms-codes", map[string]string{"phone": newPhone(), "purpose": "x"}, 400, []string{"purpose"}},
		{"password login needs a valid phone", anon, "POST", "/api/v1/auth/login/password", map[string]string{"phone": "abc", "password": "x"}, 400, []string{"phone"}},
		{"sms login with a wrong code", anon, "POST", "/api/v1/auth/login/sms", map[string]string{"phone": newPhone(), "code": "123456"}, 401, nil},
		{"malformed json", personal, "POST", "/api/v1/applications", "not an object", 400, nil},
		{"only enterprises for now", personal, "POST", "/api/v1/applications", with("kind", "research_team"), 400, []string{"kind"}},
		{"empty application", personal, "POST", "/api/v1/applications", map[string]any{"kind": "enterprise"}, 400,
			[]string{"name", "creditCode", "regionCode", "addressDetail", "email", "techFields", "legalName", "legalPhone", "legalIdNumber", "idConsent", "licenseUploadId"}},
		{"bad credit code checksum", personal, "POST", "/api/v1/applications", with("creditCode", "91110000600037341N"), 400, []string{"creditCode"}},
		{"credit code with excluded letters", personal, "POST", "/api/v1/applications", with("creditCode", "9111000060003IOZSV"), 400, []string{"creditCode"}},
		{"bad ID number", personal, "POST", "/api/v1/applications", with("legalIdNumber", "420106199001011230"), 400, []string{"legalIdNumber"}},
		{"region must be a district", personal, "POST", "/api/v1/applications", with("regionCode", "420100"), 400, []string{"regionCode"}},
		{"unknown region", personal, "POST", "/api/v1/applications", with("regionCode", "999999"), 400, []string{"regionCode"}},
		{"unknown tech field", personal, "POST", "/api/v1/applications", with("techFields", []string{"炼金术"}), 400, []string{"techFields"}},
		{"bad email", personal, "POST", "/api/v1/applications", with("email", "not-an-email"), 400, []string{"email"}},
		{"bad legal phone", personal, "POST", "/api/v1/applications", with("legalPhone", "02787654321"), 400, []string{"legalPhone"}},
		{"no ID consent", personal, "POST", "/api/v1/applications", with("idConsent", false), 400, []string{"idConsent"}},
		{"someone else's upload", personal, "POST", "/api/v1/applications", with("licenseUploadId", "0190a0a0-0000-7000-8000-000000000000"), 400, []string{"licenseUploadId"}},
		{"grid not yet available", personal, "POST", "/api/v1/applications", with("gridId", "g1"), 400, []string{"gridId"}},
		{"pilot code needs confirmation", personal, "POST", "/api/v1/applications", with("creditCode", pilotCode), 400, []string{"creditCode"}},
		{"confirmed pilot code is flagged", personal, "POST", "/api/v1/applications", func() map[string]any {
			f := with("creditCode", pilotCode)
			f["creditCodeConfirmed"] = true
			return f
		}(), 201, nil},
		{"same credit code twice", personal, "POST", "/api/v1/applications", func() map[string]any {
			f := with("creditCode", pilotCode)
			f["creditCodeConfirmed"] = true
			return f
		}(), 409, nil},
		{"reject needs a reason", op, "POST", "/api/v1/admin/applications/none/reject", map[string]string{"reason": ""}, 400, []string{"reason"}},
		{"approve unknown application", op, "POST", "/api/v1/admin/applications/none/approve", nil, 404, nil},
		{"audit for operators", op, "GET", "/api/v1/admin/audit", nil, 200, nil},
		{"audit needs an operator", personal, "GET", "/api/v1/admin/audit", nil, 401, nil},
		{"audit by date and time", op, "GET", "/api/v1/admin/audit?from=2026-03-01&to=2026-03-01T12:00:00%2B08:00&action=member.&action=login", nil, 200, nil},
		{"audit action is a name", op, "GET", "/api/v1/admin/audit?action=DROP%20TABLE", nil, 400, []string{"action"}},
		{"join a grid", personal, "GET", "/api/v1/organizations?kind=grid&q=网格", nil, 400, []string{"kind"}},
		{"audit actor is an id", op, "GET", "/api/v1/admin/audit?actor=%27%3B--", nil, 400, []string{"actor"}},
		{"audit org is an id", op, "GET", "/api/v1/admin/audit?org=a%20b", nil, 400, []string{"org"}},
		{"audit from is a time", op, "GET", "/api/v1/admin/audit?from=yesterday", nil, 400, []string{"from"}},
		{"audit to after from", op, "GET", "/api/v1/admin/audit?from=2026-03-02&to=2026-03-01", nil, 400, []string{"to"}},
		{"audit addr is an address", op, "GET", "/api/v1/admin/audit?addr=10.0.0", nil, 400, []string{"addr"}},
		{"audit cursor is opaque", op, "GET", "/api/v1/admin/audit?cursor=abc", nil, 400, []string{"cursor"}},
		{"audit limit at most 200", op, "GET", "/api/v1/admin/audit?limit=201", nil, 400, []string{"limit"}},
		{"audit reports every field", op, "GET", "/api/v1/admin/audit?limit=0&addr=x&to=x", nil, 400, []string{"limit", "addr", "to"}},
		{"search needs a keyword", personal, "GET", "/api/v1/organizations?kind=enterprise&q=a", nil, 400, []string{"q"}},
		{"search needs a kind", personal, "GET", "/api/v1/organizations?kind=x&q=光谷", nil, 400, []string{"kind"}},
		{"join an unknown organization", personal, "POST", "/api/v1/organizations/none/join-requests", nil, 404, nil},
		{"switch to an unknown identity", personal, "PUT", "/api/v1/me/active-identity", map[string]any{"identityId": "none"}, 404, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.actor.do(t, tt.method, tt.path, tt.body)
			if r.status != tt.status {
				t.Fatalf("status %d, want %d: %s", r.status, tt.status, r.body)
			}
			if tt.status >= 400 {
				got := r.fields(t)
				slices.Sort(got)
				want := slices.Clone(tt.fields)
				slices.Sort(want)
				if !slices.Equal(got, want) {
					t.Errorf("fields %v, want %v", got, want)
				}
			}
		})
	}
}

// TestScenarioLongValueNotEchoed checks that a long invalid value is
// quoted only in part, so a request cannot make its response long.
func TestScenarioLongValueNotEchoed(t *testing.T) {
	e := newEnv(t)
	op := e.operator(t)
	r := op.do(t, "GET", "/api/v1/admin/audit?action="+strings.Repeat("x", 100_000), nil)
	if r.status != http.StatusBadRequest || len(r.body) > 1000 {
		t.Errorf("status %d with %d bytes, want 400 with a short answer", r.status, len(r.body))
	}
}

// TestScenarioUploads checks that images are judged by their bytes.
func TestScenarioUploads(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	c.ssoLogin(t, newPersona(t, "孙八"))
	if r := c.upload(t, []byte("%PDF-1.4 not an image")); r.status != 400 || !slices.Equal(r.fields(t), []string{"file"}) {
		t.Errorf("text upload: %d %s", r.status, r.body)
	}
	png := pngImage(t)
	if r := c.upload(t, png[:len(png)/2]); r.status != 400 {
		t.Errorf("truncated png: %d %s", r.status, r.body)
	}
	big := make([]byte, 11<<20)
	copy(big, png)
	if r := c.upload(t, big); r.status != 400 || !strings.Contains(string(r.body), "10 MB") {
		t.Errorf("oversize upload: %d %s", r.status, r.body)
	}
}

// TestScenarioCrossOrigin checks that a cross-site form post is refused.
func TestScenarioCrossOrigin(t *testing.T) {
	e := newEnv(t)
	req, _ := http.NewRequest("POST", e.baseURL+"/api/v1/auth/logout", nil)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site post: %d, want 403", resp.StatusCode)
	}
}

// TestScenarioMetrics checks that request durations are exported by route.
func TestScenarioMetrics(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	c.do(t, "GET", "/api/v1/config", nil)
	r := c.do(t, "GET", "/metrics", nil)
	if r.status != http.StatusOK {
		t.Fatalf("metrics: %d", r.status)
	}
	want := `wct_http_request_duration_seconds_count{code="200",route="GET /api/v1/config"} 1`
	if !strings.Contains(string(r.body), want) {
		t.Errorf("metrics miss the config request:\n%.2000s", r.body)
	}
}

// TestScenarioRequestBodies checks the responses to malformed bodies.
func TestScenarioRequestBodies(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	c.ssoLogin(t, newPersona(t, "吴十"))
	typed := c.do(t, "POST", "/api/v1/applications", map[string]any{"kind": "enterprise", "name": 123})
	if got := typed.fields(t); typed.status != 400 || len(got) != 1 || got[0] != "name" {
		t.Errorf("number for a name: %d %v, want 400 naming name", typed.status, got)
	}
	huge := map[string]string{"kind": "enterprise", "name": strings.Repeat("很", 70_000)}
	if r := c.do(t, "POST", "/api/v1/applications", huge); r.status != http.StatusRequestEntityTooLarge {
		t.Errorf("huge body: %d, want 413", r.status)
	}
	req, _ := http.NewRequest("POST", e.baseURL+"/api/v1/auth/login/password",
		strings.NewReader(`{"phone":"13800000000","password":"x"} {"extra":1}`))
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("trailing data: %d, want 400", resp.StatusCode)
	}
	if r := c.do(t, "GET", "/assets/missing.js", nil); r.status != http.StatusNotFound {
		t.Errorf("missing asset: %d, want 404", r.status)
	}
	page, err := http.Get(e.baseURL + "/identities")
	if err != nil {
		t.Fatal(err)
	}
	page.Body.Close()
	if page.StatusCode != 200 || !strings.Contains(page.Header.Get("Content-Security-Policy"), "script-src 'self'") {
		t.Errorf("page: %d, CSP %q", page.StatusCode, page.Header.Get("Content-Security-Policy"))
	}
}
