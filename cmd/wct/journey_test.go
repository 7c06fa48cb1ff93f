package main

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"wct/internal/platform/redact"
)

func (e *env) operator(t testing.TB) *client {
	t.Helper()
	phone := newPhone()
	if _, err := e.app.accounts.AddOperator(context.Background(), phone, "审核员", redact.Secret("Passw0rd!")); err != nil {
		t.Fatal(err)
	}
	c := e.client()
	c.must(t, http.StatusOK, "POST", "/api/v1/admin/login", map[string]string{"phone": phone, "password": "Passw0rd!"})
	return c
}

// smsCode waits for the development outbox to show a code for the phone.
func (e *env) smsCode(t testing.TB, phone, purpose string) string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		for _, m := range e.app.server.Outbox.List() {
			if m.Phone == phone && m.Purpose == purpose {
				return m.Code
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no %s code for %s in the outbox", purpose, phone)
	return ""
}

func identities(t testing.TB, c *client) []any {
	ids, _ := c.must(t, http.StatusOK, "GET", "/api/v1/me/identities", nil)["identities"].([]any)
	return ids
}

func TestJourneyEnterpriseOnboarding(t *testing.T) {
	e := newEnv(t)
	op := e.operator(t)

	// A personal user applies for a new enterprise.
	a := e.client()
	pa := newPersona(t, "张三")
	a.ssoLogin(t, pa)
	if got := identities(t, a); len(got) != 0 {
		t.Fatalf("new user has identities %v", got)
	}
	search := a.must(t, http.StatusOK, "GET", "/api/v1/organizations?kind=enterprise&q=光谷", nil)
	if items := search["items"].([]any); len(items) != 0 {
		t.Fatalf("search found %v before onboarding", items)
	}
	up := a.upload(t, pngImage(t))
	if up.status != http.StatusCreated {
		t.Fatalf("upload: %d %s", up.status, up.body)
	}
	form := enterpriseForm(t, up.json(t)["id"].(string), newPhone())
	app := a.must(t, http.StatusCreated, "POST", "/api/v1/applications", form)
	appID := app["id"].(string)
	if app["status"] != "pending" {
		t.Fatalf("status %v, want pending", app["status"])
	}

	// The operator rejects, and the applicant reads the reason and resubmits.
	page := op.must(t, http.StatusOK, "GET", "/api/v1/admin/applications", nil)
	if queue := page["items"].([]any); len(queue) != 1 || page["total"] != 1.0 {
		t.Fatalf("queue has %d items of %v, want 1 of 1", len(queue), page["total"])
	}
	for _, query := range []string{"page=0", "page=x", "pageSize=101", "status=done"} {
		r := op.do(t, "GET", "/api/v1/admin/applications?"+query, nil)
		if r.status != http.StatusBadRequest || len(r.fields(t)) != 1 {
			t.Errorf("queue with %s: %d %s, want 400 naming the parameter", query, r.status, r.body)
		}
	}
	if r := op.do(t, "GET", "/api/v1/admin/applications?status=done&page=0&pageSize=0", nil); len(r.fields(t)) != 3 {
		t.Errorf("queue with three bad parameters names %v, want all three", r.fields(t))
	}
	detail := op.must(t, http.StatusOK, "GET", "/api/v1/admin/applications/"+appID, nil)
	if got := detail["form"].(map[string]any)["legalIdNumber"]; got != form["legalIdNumber"] {
		t.Errorf("operator sees ID number %v, want it in full", got)
	}
	op.must(t, http.StatusOK, "POST", "/api/v1/admin/applications/"+appID+"/reject", map[string]string{"reason": "营业执照不清晰"})
	mine := a.must(t, http.StatusOK, "GET", "/api/v1/applications/"+appID, nil)
	if mine["status"] != "rejected" || mine["reason"] != "营业执照不清晰" {
		t.Fatalf("applicant sees %v / %v", mine["status"], mine["reason"])
	}
	if got := mine["form"].(map[string]any)["legalIdNumber"]; got == form["legalIdNumber"] {
		t.Error("applicant sees the ID number unmasked")
	}
	form["addressDetail"] = "珞喻路 1037 号 2 栋"
	a.must(t, http.StatusOK, "PUT", "/api/v1/applications/"+appID, form)

	// Two operators approve at once: exactly one wins.
	op2 := e.operator(t)
	statuses := approveConcurrently(t, []*client{op, op2}, appID)
	if statuses[http.StatusOK] != 1 || statuses[http.StatusConflict] != 1 {
		t.Fatalf("concurrent approvals gave %v, want one 200 and one 409", statuses)
	}

	// The applicant enters the enterprise as its admin.
	ids := identities(t, a)
	if len(ids) != 1 {
		t.Fatalf("applicant holds %d identities, want 1", len(ids))
	}
	idA := ids[0].(map[string]any)
	if idA["role"] != "admin" || idA["status"] != "active" {
		t.Fatalf("applicant identity %v, want active admin", idA)
	}
	me := a.must(t, http.StatusOK, "PUT", "/api/v1/me/active-identity", map[string]any{"identityId": idA["id"]})
	if me["activeIdentity"] == nil {
		t.Fatal("no active identity after switching")
	}

	// A second person requests to join, and the admin approves.
	b := e.client()
	pb := newPersona(t, "李四")
	b.ssoLogin(t, pb)
	found := b.must(t, http.StatusOK, "GET", "/api/v1/organizations?kind=enterprise&q=光谷测试", nil)["items"].([]any)
	if len(found) != 1 {
		t.Fatalf("search found %d, want 1", len(found))
	}
	orgID := found[0].(map[string]any)["id"].(string)
	join := b.must(t, http.StatusCreated, "POST", "/api/v1/organizations/"+orgID+"/join-requests", map[string]any{})
	b.must(t, http.StatusConflict, "POST", "/api/v1/organizations/"+orgID+"/join-requests", map[string]any{})
	b.must(t, http.StatusForbidden, "GET", "/api/v1/org/members", nil)
	if n := a.must(t, http.StatusOK, "GET", "/api/v1/me", nil)["pendingJoinRequests"]; n != 1.0 {
		t.Errorf("admin sees %v waiting join requests, want 1", n)
	}
	a.must(t, http.StatusOK, "POST", "/api/v1/org/members/"+join["id"].(string)+"/approve", nil)
	if n := a.must(t, http.StatusOK, "GET", "/api/v1/me", nil)["pendingJoinRequests"]; n != 0.0 {
		t.Errorf("admin sees %v waiting join requests after approving, want 0", n)
	}
	a.must(t, http.StatusConflict, "POST", "/api/v1/org/members/"+join["id"].(string)+"/approve", nil)
	idB := identities(t, b)[0].(map[string]any)
	if idB["role"] != "member" || idB["status"] != "active" {
		t.Fatalf("joined identity %v, want active member", idB)
	}
	b.must(t, http.StatusOK, "PUT", "/api/v1/me/active-identity", map[string]any{"identityId": idB["id"]})
	b.must(t, http.StatusForbidden, "GET", "/api/v1/org/members", nil)

	// The license is visible to the admin and operators, not to members.
	license := mine["license"].(map[string]any)["url"].(string)
	if r := a.do(t, "GET", license, nil); r.status != http.StatusOK {
		t.Errorf("admin fetched the license: %d", r.status)
	}
	if r := b.do(t, "GET", license, nil); r.status != http.StatusNotFound {
		t.Errorf("member fetched the license: %d", r.status)
	}
}

func approveConcurrently(t *testing.T, ops []*client, appID string) map[int]int {
	var mu sync.Mutex
	statuses := map[int]int{}
	var wg sync.WaitGroup
	for _, c := range ops {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := c.do(t, "POST", "/api/v1/admin/applications/"+appID+"/approve", nil)
			mu.Lock()
			statuses[r.status]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	return statuses
}

func TestJourneyLegalPersonOnboarding(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	p := newPersona(t, "王法人")
	p.Legal, p.OrgName, p.OrgCreditCode = true, "武汉法人直通有限公司", newCreditCode(t)
	c.ssoLogin(t, p)
	me := c.must(t, http.StatusOK, "GET", "/api/v1/me", nil)
	if me["legalScope"] == nil {
		t.Fatal("legal login has no legal scope")
	}
	bad := c.do(t, "POST", "/api/v1/applications", map[string]any{"kind": "enterprise", "regionCode": "420100", "addressDetail": "", "email": "x"})
	if bad.status != http.StatusBadRequest {
		t.Fatalf("bad legal form: %d", bad.status)
	}
	if got := bad.fields(t); len(got) != 3 {
		t.Errorf("bad legal form fields %v, want regionCode, addressDetail, email", got)
	}
	app := c.must(t, http.StatusCreated, "POST", "/api/v1/applications", map[string]any{
		"kind": "enterprise", "regionCode": "420102", "addressDetail": "沿江大道 1 号", "email": "boss@example.cn"})
	if app["status"] != "approved" {
		t.Fatalf("legal onboarding status %v, want approved", app["status"])
	}
	ids := identities(t, c)
	if len(ids) != 1 || ids[0].(map[string]any)["role"] != "super_admin" {
		t.Fatalf("identities %v, want one super admin", ids)
	}
	// Onboarding again is idempotent: the same single identity.
	c.must(t, http.StatusCreated, "POST", "/api/v1/applications", map[string]any{
		"kind": "enterprise", "regionCode": "420102", "addressDetail": "沿江大道 1 号", "email": "boss@example.cn"})
	if ids := identities(t, c); len(ids) != 1 {
		t.Errorf("%d identities after onboarding twice, want 1", len(ids))
	}
}

func TestJourneyPasswords(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	p := newPersona(t, "赵六")
	c.ssoLogin(t, p)

	// No enumeration: unknown phone and wrong password read the same.
	anon := e.client()
	unknown := anon.do(t, "POST", "/api/v1/auth/login/password", map[string]string{"phone": newPhone(), "password": "Whatever1!"})
	noPassword := anon.do(t, "POST", "/api/v1/auth/login/password", map[string]string{"phone": p.Phone, "password": "Whatever1!"})
	if unknown.status != http.StatusUnauthorized || string(unknown.body) != string(noPassword.body) {
		t.Fatalf("unknown phone %d %s, known phone %d %s", unknown.status, unknown.body, noPassword.status, noPassword.body)
	}
	anon.must(t, http.StatusAccepted, "POST", "/api/v1/auth/sms-codes", map[string]string{"phone": newPhone(), "purpose": "login"})

	// Forgot password sets the first password.
	anon.must(t, http.StatusAccepted, "POST", "/api/v1/auth/sms-codes", map[string]string{"phone": p.Phone, "purpose": "reset_password"})
	anon.must(t, http.StatusTooManyRequests, "POST", "/api/v1/auth/sms-codes", map[string]string{"phone": p.Phone, "purpose": "reset_password"})
	code := e.smsCode(t, p.Phone, "reset_password")
	weak := anon.do(t, "POST", "/api/v1/auth/password/reset", map[string]string{"phone": p.Phone, "code": code, "newPassword": "123"})
	if weak.status != http.StatusBadRequest {
		t.Fatalf("weak password: %d", weak.status)
	}
	anon.must(t, http.StatusNoContent, "POST", "/api/v1/auth/password/reset", map[string]string{"phone": p.Phone, "code": code, "newPassword": "Newpass123"})
	anon.must(t, http.StatusUnauthorized, "POST", "/api/v1/auth/password/reset", map[string]string{"phone": p.Phone, "code": code, "newPassword": "Newpass123"})

	first := e.client()
	first.must(t, http.StatusOK, "POST", "/api/v1/auth/login/password", map[string]string{"phone": p.Phone, "password": "Newpass123"})
	second := e.client()
	second.must(t, http.StatusOK, "POST", "/api/v1/auth/login/password", map[string]string{"phone": "+86 " + p.Phone, "password": "Newpass123"})

	// Changing the password signs out the other sessions only.
	bad := first.do(t, "POST", "/api/v1/me/password", map[string]string{"currentPassword": "wrong", "newPassword": "Other456x"})
	if got := bad.fields(t); bad.status != http.StatusBadRequest || len(got) != 1 || got[0] != "currentPassword" {
		t.Fatalf("wrong current password: %d %v", bad.status, got)
	}
	first.must(t, http.StatusNoContent, "POST", "/api/v1/me/password", map[string]string{"currentPassword": "Newpass123", "newPassword": "Other456x"})
	first.must(t, http.StatusOK, "GET", "/api/v1/me", nil)
	second.must(t, http.StatusUnauthorized, "GET", "/api/v1/me", nil)
	c.must(t, http.StatusUnauthorized, "GET", "/api/v1/me", nil)
}

func TestJourneyPasswordLockout(t *testing.T) {
	e := newEnv(t)
	anon := e.client()
	phone := newPhone()
	for i := range 10 {
		r := anon.do(t, "POST", "/api/v1/auth/login/password", map[string]string{"phone": phone, "password": "Guess1234"})
		if r.status != http.StatusUnauthorized {
			t.Fatalf("attempt %d: status %d, want 401", i+1, r.status)
		}
	}
	r := anon.do(t, "POST", "/api/v1/auth/login/password", map[string]string{"phone": phone, "password": "Guess1234"})
	if r.status != http.StatusTooManyRequests {
		t.Fatalf("attempt 11: status %d, want 429", r.status)
	}
	other := anon.do(t, "POST", "/api/v1/auth/login/password", map[string]string{"phone": newPhone(), "password": "Guess1234"})
	if other.status != http.StatusUnauthorized {
		t.Errorf("another phone: status %d, want 401", other.status)
	}
}

// TestJourneyAuditTrail checks the audit events of a review: one view per
// opened application and one event per decision.
func TestJourneyAuditTrail(t *testing.T) {
	e := newEnv(t)
	op := e.operator(t)
	a := e.client()
	a.ssoLogin(t, newPersona(t, "周九"))
	lic := a.upload(t, pngImage(t)).json(t)["id"].(string)
	app := a.must(t, http.StatusCreated, "POST", "/api/v1/applications", enterpriseForm(t, lic, newPhone()))
	id := app["id"].(string)
	op.must(t, http.StatusOK, "GET", "/api/v1/admin/applications/"+id, nil)
	op.must(t, http.StatusOK, "POST", "/api/v1/admin/applications/"+id+"/approve", nil)

	events := op.must(t, http.StatusOK, "GET", "/api/v1/admin/audit?limit=50", nil)["items"].([]any)
	counts := map[string]int{}
	for _, ev := range events {
		m := ev.(map[string]any)
		if m["targetId"] == id {
			counts[m["action"].(string)]++
		}
	}
	want := map[string]int{"application.submit": 1, "application.view": 1, "application.approve": 1}
	for action, n := range want {
		if counts[action] != n {
			t.Errorf("%d %s events, want %d (all: %v)", counts[action], action, n, counts)
		}
	}
	var logins int
	for _, ev := range events {
		if ev.(map[string]any)["action"] == "login" {
			logins++
		}
	}
	if logins < 2 {
		t.Errorf("%d login events, want the user's and the operator's", logins)
	}
}

// TestJourneyAuditSearch checks the audit log's filters and paging over
// HTTP, and that it names people and organizations without showing an ID
// number or a phone number.
func TestJourneyAuditSearch(t *testing.T) {
	e := newEnv(t)
	op := e.operator(t)
	opID := op.must(t, http.StatusOK, "GET", "/api/v1/admin/me", nil)["operator"].(map[string]any)["id"].(string)
	a := e.client()
	pa := newPersona(t, "吴十")
	a.ssoLogin(t, pa)
	lic := a.upload(t, pngImage(t)).json(t)["id"].(string)
	form := enterpriseForm(t, lic, newPhone())
	appID := a.must(t, http.StatusCreated, "POST", "/api/v1/applications", form)["id"].(string)
	op.must(t, http.StatusOK, "GET", "/api/v1/admin/applications/"+appID, nil)
	op.must(t, http.StatusOK, "POST", "/api/v1/admin/applications/"+appID+"/approve", nil)
	id := identities(t, a)[0].(map[string]any)
	orgID := id["org"].(map[string]any)["id"].(string)
	a.must(t, http.StatusOK, "PUT", "/api/v1/me/active-identity", map[string]any{"identityId": id["id"]})
	orgName := form["name"].(string)

	audit := func(query string) []map[string]any {
		t.Helper()
		var items []map[string]any
		for _, it := range op.must(t, http.StatusOK, "GET", "/api/v1/admin/audit?"+query, nil)["items"].([]any) {
			items = append(items, it.(map[string]any))
		}
		return items
	}
	actions := func(items []map[string]any) []string {
		out := []string{}
		for _, it := range items {
			out = append(out, it["action"].(string))
		}
		return out
	}

	ofOrg := audit("org=" + orgID)
	want := []string{"identity.switch", "application.approve", "application.view", "application.submit"}
	if got := actions(ofOrg); !slices.Equal(got, want) {
		t.Fatalf("events of the organization = %q, want %q", got, want)
	}
	switched := ofOrg[0]
	if switched["actorName"] != pa.Name || switched["identityOrgName"] != orgName || switched["identityRole"] != "admin" {
		t.Errorf("switch by %v as %v %v, want %s as %s admin", switched["actorName"],
			switched["identityOrgName"], switched["identityRole"], pa.Name, orgName)
	}
	if want := pa.Name + "（" + orgName + "）"; switched["targetLabel"] != want {
		t.Errorf("switch target = %v, want %s", switched["targetLabel"], want)
	}
	if approved := ofOrg[1]; approved["actorName"] != "审核员" || approved["targetLabel"] != orgName {
		t.Errorf("approval by %v of %v, want 审核员 of %s", approved["actorName"], approved["targetLabel"], orgName)
	}

	// Paging one event at a time lists the same events.
	var paged []string
	query := "org=" + orgID + "&limit=1"
	for range len(want) + 1 {
		page := op.must(t, http.StatusOK, "GET", "/api/v1/admin/audit?"+query, nil)
		for _, it := range page["items"].([]any) {
			paged = append(paged, it.(map[string]any)["action"].(string))
		}
		next, _ := page["nextCursor"].(string)
		if next == "" {
			break
		}
		query = "org=" + orgID + "&limit=1&cursor=" + url.QueryEscape(next)
	}
	if !slices.Equal(paged, want) {
		t.Errorf("paged events = %q, want %q", paged, want)
	}

	filters := []struct {
		query string
		want  []string
	}{
		{"org=" + orgID + "&action=application.", want[1:]},
		{"org=" + orgID + "&actor=" + opID, []string{"application.approve", "application.view"}},
		{"org=" + orgID + "&from=" + time.Now().In(time.FixedZone("CST", 8*60*60)).Format(time.DateOnly), want},
		{"org=" + orgID + "&to=2000-01-01", []string{}},
		{"org=" + orgID + "&addr=192.0.2.1", []string{}},
	}
	for _, f := range filters {
		if got := actions(audit(f.query)); !slices.Equal(got, f.want) {
			t.Errorf("events of ?%s = %q, want %q", f.query, got, f.want)
		}
	}
	for _, it := range audit("action=login&addr=127.0.0.1") {
		if it["addr"] != "127.0.0.1" || it["action"] != "login" {
			t.Errorf("?action=login&addr=127.0.0.1 listed %v from %v", it["action"], it["addr"])
		}
	}

	all := op.do(t, "GET", "/api/v1/admin/audit?limit=200", nil)
	secrets := map[string]string{"the user's ID number": pa.IDNumber, "the user's phone": pa.Phone,
		"the legal person's ID number": form["legalIdNumber"].(string),
		"the legal person's phone":     form["legalPhone"].(string)}
	for name, secret := range secrets {
		if strings.Contains(string(all.body), secret) {
			t.Errorf("the audit log shows %s", name)
		}
	}
}

// TestJourneyLegalPersonClaims checks that the verified legal person takes
// up an enterprise someone else onboarded naming themselves its legal
// person, and that a legal-person session stays within its enterprise.
func TestJourneyLegalPersonClaims(t *testing.T) {
	e := newEnv(t)
	op := e.operator(t)
	squatter := e.client()
	ps := newPersona(t, "冒名者")
	squatter.ssoLogin(t, ps)
	lic := squatter.upload(t, pngImage(t)).json(t)["id"].(string)
	form := enterpriseForm(t, lic, ps.Phone)
	app := squatter.must(t, http.StatusCreated, "POST", "/api/v1/applications", form)
	op.must(t, http.StatusOK, "POST", "/api/v1/admin/applications/"+app["id"].(string)+"/approve", nil)
	if ids := identities(t, squatter); ids[0].(map[string]any)["role"] != "super_admin" {
		t.Fatalf("squatter is %v, want super admin before the claim", ids[0])
	}

	// A confirmed code with another check character is the same enterprise.
	code := form["creditCode"].(string)
	typo := code[:17] + map[bool]string{true: "1", false: "0"}[code[17] == '0']
	again := enterpriseForm(t, lic, ps.Phone)
	again["creditCode"], again["creditCodeConfirmed"] = typo, true
	squatter.must(t, http.StatusConflict, "POST", "/api/v1/applications", again)

	legal := e.client()
	pl := newPersona(t, "真法人")
	pl.Legal, pl.OrgName, pl.OrgCreditCode = true, form["name"].(string), code
	legal.ssoLogin(t, pl)
	legal.must(t, http.StatusCreated, "POST", "/api/v1/applications", map[string]any{
		"kind": "enterprise", "regionCode": "420111", "addressDetail": "珞喻路 1 号", "email": "real@example.cn"})
	ids := identities(t, legal)
	if len(ids) != 1 || ids[0].(map[string]any)["role"] != "super_admin" {
		t.Fatalf("legal person holds %v, want the enterprise as super admin", ids)
	}
	if got := identities(t, squatter)[0].(map[string]any)["role"]; got != "admin" {
		t.Errorf("previous super admin is %v, want admin", got)
	}

	// The legal-person session cannot join another enterprise.
	other := e.client()
	po := newPersona(t, "他人")
	po.Legal, po.OrgName, po.OrgCreditCode = true, "武汉他人有限公司", newCreditCode(t)
	other.ssoLogin(t, po)
	other.must(t, http.StatusCreated, "POST", "/api/v1/applications", map[string]any{
		"kind": "enterprise", "regionCode": "420111", "addressDetail": "珞喻路 2 号", "email": "o@example.cn"})
	orgs := legal.must(t, http.StatusOK, "GET", "/api/v1/organizations?kind=enterprise&q=武汉他人", nil)["items"].([]any)
	legal.must(t, http.StatusForbidden, "POST", "/api/v1/organizations/"+orgs[0].(map[string]any)["id"].(string)+"/join-requests", nil)
}

func TestJourneyPendingApplicationCap(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	c.ssoLogin(t, newPersona(t, "多申请"))
	lic := c.upload(t, pngImage(t)).json(t)["id"].(string)
	for range 3 {
		c.must(t, http.StatusCreated, "POST", "/api/v1/applications", enterpriseForm(t, lic, newPhone()))
	}
	c.must(t, http.StatusConflict, "POST", "/api/v1/applications", enterpriseForm(t, lic, newPhone()))
}

// TestJourneyLegalClaimNeedsExactCode checks that a legal-person login
// whose credit code differs only in the check character cannot take up
// the enterprise.
func TestJourneyLegalClaimNeedsExactCode(t *testing.T) {
	e := newEnv(t)
	owner := e.client()
	po := newPersona(t, "正主")
	po.Legal, po.OrgName, po.OrgCreditCode = true, "武汉正主科技有限公司", newCreditCode(t)
	owner.ssoLogin(t, po)
	legalForm := map[string]any{"kind": "enterprise", "regionCode": "420102", "addressDetail": "沿江大道 1 号", "email": "a@example.cn"}
	owner.must(t, http.StatusCreated, "POST", "/api/v1/applications", legalForm)

	impostor := e.client()
	pi := newPersona(t, "冒充者")
	code := po.OrgCreditCode
	pi.Legal, pi.OrgName = true, po.OrgName
	pi.OrgCreditCode = code[:17] + map[bool]string{true: "1", false: "0"}[code[17] == '0']
	impostor.ssoLogin(t, pi)
	impostor.must(t, http.StatusConflict, "POST", "/api/v1/applications", legalForm)
	if got := identities(t, owner)[0].(map[string]any)["role"]; got != "super_admin" {
		t.Errorf("owner is %v after the impostor's attempt, want super_admin", got)
	}
}
