package main

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// enter switches the client to its only identity in the organization
// named name and returns that identity's id.
func enter(t *testing.T, c *client, orgName string) string {
	t.Helper()
	for _, v := range identities(t, c) {
		id := v.(map[string]any)
		if id["org"].(map[string]any)["name"] == orgName && id["status"] == "active" {
			c.must(t, http.StatusOK, "PUT", "/api/v1/me/active-identity", map[string]any{"identityId": id["id"]})
			return id["id"].(string)
		}
	}
	t.Fatalf("no active identity in %s", orgName)
	return ""
}

// TestMemberManagementRoles runs member management as each role against
// each kind of target.
func TestMemberManagementRoles(t *testing.T) {
	e := newEnv(t)
	const org = "武汉角色矩阵科技有限公司"

	// C onboards by legal-person login and is super admin.
	super := e.client()
	pc := newPersona(t, "陈总")
	pc.Legal, pc.OrgName, pc.OrgCreditCode = true, org, newCreditCode(t)
	super.ssoLogin(t, pc)
	super.must(t, http.StatusCreated, "POST", "/api/v1/applications", map[string]any{
		"kind": "enterprise", "regionCode": "420106", "addressDetail": "中北路 1 号", "email": "hr@example.cn"})
	superID := enter(t, super, org)

	// A is added directly and promoted; B and D are added as members.
	admin, member, other := e.client(), e.client(), e.client()
	pa, pb, pd := newPersona(t, "安管理"), newPersona(t, "白成员"), newPersona(t, "丁成员")
	admin.ssoLogin(t, pa)
	member.ssoLogin(t, pb)
	other.ssoLogin(t, pd)
	for _, p := range []persona{pa, pb, pd} {
		added := super.must(t, http.StatusCreated, "POST", "/api/v1/org/members", map[string]string{"name": p.Name, "phone": p.Phone})
		if added["status"] != "active" {
			t.Fatalf("adding %s with an account gave %v, want active", p.Name, added["status"])
		}
	}
	adminID := enter(t, admin, org)
	memberID := enter(t, member, org)
	otherID := enter(t, other, org)
	super.must(t, http.StatusOK, "PUT", "/api/v1/org/members/"+adminID+"/role", map[string]string{"role": "admin"})
	admin.must(t, http.StatusOK, "GET", "/api/v1/me", nil)

	tests := []struct {
		name   string
		actor  *client
		method string
		path   string
		body   any
		status int
	}{
		{"member cannot list", member, "GET", "/api/v1/org/members", nil, 403},
		{"member cannot add", member, "POST", "/api/v1/org/members", map[string]string{"name": "某人", "phone": newPhone()}, 403},
		{"member cannot remove", member, "DELETE", "/api/v1/org/members/" + otherID, nil, 403},
		{"member cannot promote", member, "PUT", "/api/v1/org/members/" + otherID + "/role", map[string]string{"role": "admin"}, 403},
		{"admin lists", admin, "GET", "/api/v1/org/members", nil, 200},
		{"admin cannot demote super admin", admin, "PUT", "/api/v1/org/members/" + superID + "/role", map[string]string{"role": "member"}, 403},
		{"admin cannot remove super admin", admin, "DELETE", "/api/v1/org/members/" + superID, nil, 403},
		{"super admin cannot remove itself", super, "DELETE", "/api/v1/org/members/" + superID, nil, 403},
		{"role must be admin or member", admin, "PUT", "/api/v1/org/members/" + otherID + "/role", map[string]string{"role": "super_admin"}, 400},
		{"admin promotes member", admin, "PUT", "/api/v1/org/members/" + otherID + "/role", map[string]string{"role": "admin"}, 200},
		{"admin demotes admin", admin, "PUT", "/api/v1/org/members/" + otherID + "/role", map[string]string{"role": "member"}, 200},
		{"add needs a valid phone", admin, "POST", "/api/v1/org/members", map[string]string{"name": "某人", "phone": "123"}, 400},
		{"add an unknown phone waits", admin, "POST", "/api/v1/org/members", map[string]string{"name": "未注册", "phone": newPhone()}, 201},
		{"add an existing member", admin, "POST", "/api/v1/org/members", map[string]string{"name": pb.Name, "phone": pb.Phone}, 409},
		{"admin removes member", admin, "DELETE", "/api/v1/org/members/" + otherID, nil, 204},
		{"removed member is gone", admin, "DELETE", "/api/v1/org/members/" + otherID, nil, 404},
		{"super admin removes admin", super, "DELETE", "/api/v1/org/members/" + adminID, nil, 204},
		{"removed admin loses access", admin, "GET", "/api/v1/org/members", nil, 403},
		{"unknown identity", super, "DELETE", "/api/v1/org/members/none", nil, 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.actor.do(t, tt.method, tt.path, tt.body)
			if r.status != tt.status {
				t.Fatalf("status %d, want %d: %s", r.status, tt.status, r.body)
			}
		})
	}
	if me := admin.must(t, http.StatusOK, "GET", "/api/v1/me", nil); me["activeIdentity"] != nil {
		t.Error("removed admin still acts as the organization")
	}
	if memberID == "" {
		t.Error("member has no identity")
	}
}

// TestMemberManagementLastManager checks that the last person who can
// manage members cannot leave while the super admin only waits for a
// first login.
func TestMemberManagementLastManager(t *testing.T) {
	e := newEnv(t)
	op := e.operator(t)
	a := e.client()
	a.ssoLogin(t, newPersona(t, "独管理"))
	lic := a.upload(t, pngImage(t)).json(t)["id"].(string)
	form := enterpriseForm(t, lic, newPhone()) // the legal person has no account yet
	app := a.must(t, http.StatusCreated, "POST", "/api/v1/applications", form)
	op.must(t, http.StatusOK, "POST", "/api/v1/admin/applications/"+app["id"].(string)+"/approve", nil)
	id := enter(t, a, form["name"].(string))

	members := a.must(t, http.StatusOK, "GET", "/api/v1/org/members", nil)["members"].([]any)
	if len(members) != 2 {
		t.Fatalf("members %v, want the admin and the invited legal person", members)
	}
	a.must(t, http.StatusConflict, "DELETE", "/api/v1/org/members/"+id, nil)
	a.must(t, http.StatusConflict, "PUT", "/api/v1/org/members/"+id+"/role", map[string]string{"role": "member"})

	// The legal person's first login attaches the waiting super admin role.
	legal := e.client()
	legal.ssoLogin(t, persona{Name: form["legalName"].(string), IDNumber: form["legalIdNumber"].(string),
		Phone: form["legalPhone"].(string)})
	ids := identities(t, legal)
	if len(ids) != 1 || ids[0].(map[string]any)["role"] != "super_admin" {
		t.Fatalf("legal person's identities %v, want one super admin", ids)
	}
	a.must(t, http.StatusNoContent, "DELETE", "/api/v1/org/members/"+id, nil)
}

// TestMemberAddNeedsNameAndPhone checks that a phone alone neither reveals
// its owner's name nor enrolls them.
func TestMemberAddNeedsNameAndPhone(t *testing.T) {
	e := newEnv(t)
	const org = "武汉邀请校验有限公司"
	admin := e.client()
	pa := newPersona(t, "甲管理")
	pa.Legal, pa.OrgName, pa.OrgCreditCode = true, org, newCreditCode(t)
	admin.ssoLogin(t, pa)
	admin.must(t, http.StatusCreated, "POST", "/api/v1/applications", map[string]any{
		"kind": "enterprise", "regionCode": "420106", "addressDetail": "中北路 1 号", "email": "hr@example.cn"})
	enter(t, admin, org)

	victim := e.client()
	pv := newPersona(t, "乙真名")
	victim.ssoLogin(t, pv)
	added := admin.must(t, http.StatusCreated, "POST", "/api/v1/org/members", map[string]string{"name": "随便写", "phone": pv.Phone})
	if added["status"] != "invited" {
		t.Errorf("wrong name gave status %v, want invited", added["status"])
	}
	members := admin.must(t, http.StatusOK, "GET", "/api/v1/org/members", nil)["members"].([]any)
	for _, m := range members {
		if m.(map[string]any)["name"] == pv.Name {
			t.Errorf("member list reveals the phone owner's name %q", pv.Name)
		}
	}
	victim.ssoLogin(t, pv)
	if ids := identities(t, victim); len(ids) != 0 {
		t.Errorf("phone owner was enrolled with a wrong name: %v", ids)
	}

	// Adding the phone again with the right name enrolls its owner and
	// withdraws the mistyped invitation.
	fixed := admin.must(t, http.StatusCreated, "POST", "/api/v1/org/members", map[string]string{"name": pv.Name, "phone": pv.Phone})
	if fixed["status"] != "active" {
		t.Errorf("right name gave status %v, want active", fixed["status"])
	}
	members = admin.must(t, http.StatusOK, "GET", "/api/v1/org/members", nil)["members"].([]any)
	for _, m := range members {
		if m.(map[string]any)["name"] == "随便写" {
			t.Error("the mistyped invitation is still listed")
		}
	}
}

// TestOperatorDirectory checks that operators find users and
// organizations and see an organization's members, and users do not.
func TestOperatorDirectory(t *testing.T) {
	e := newEnv(t)
	op := e.operator(t)
	c := e.client()
	p := newPersona(t, "目录法人")
	p.Legal, p.OrgName, p.OrgCreditCode = true, "武汉目录检索有限公司", newCreditCode(t)
	c.ssoLogin(t, p)
	c.must(t, http.StatusCreated, "POST", "/api/v1/applications", map[string]any{
		"kind": "enterprise", "regionCode": "420106", "addressDetail": "中北路 1 号", "email": "d@example.cn"})

	users := op.must(t, http.StatusOK, "GET", "/api/v1/admin/users?q="+p.Phone, nil)["items"].([]any)
	if len(users) != 1 || users[0].(map[string]any)["name"] != p.Name {
		t.Fatalf("users by phone: %v", users)
	}
	if got := users[0].(map[string]any)["phoneMasked"]; got == p.Phone {
		t.Error("user search shows the full phone")
	}
	byName := op.must(t, http.StatusOK, "GET", "/api/v1/admin/users?q=目录", nil)["items"].([]any)
	if len(byName) != 1 {
		t.Errorf("users by name: %d, want 1", len(byName))
	}
	op.must(t, http.StatusBadRequest, "GET", "/api/v1/admin/users?q=a", nil)

	orgs := op.must(t, http.StatusOK, "GET", "/api/v1/admin/organizations?q="+p.OrgCreditCode, nil)["items"].([]any)
	if len(orgs) != 1 {
		t.Fatalf("organizations by credit code: %v", orgs)
	}
	// A code copied with lower case and separators finds the same one.
	typed := strings.ToLower(p.OrgCreditCode[:6] + " " + p.OrgCreditCode[6:12] + "-" + p.OrgCreditCode[12:])
	if got := op.must(t, http.StatusOK, "GET", "/api/v1/admin/organizations?q="+url.QueryEscape(typed), nil)["items"].([]any); len(got) != 1 {
		t.Errorf("organizations by %q: %v, want the one", typed, got)
	}
	detail := op.must(t, http.StatusOK, "GET", "/api/v1/admin/organizations/"+orgs[0].(map[string]any)["id"].(string), nil)
	members := detail["members"].([]any)
	if len(members) != 1 || members[0].(map[string]any)["role"] != "super_admin" {
		t.Errorf("members %v, want the legal person as super admin", members)
	}
	c.must(t, http.StatusUnauthorized, "GET", "/api/v1/admin/users?q=目录", nil)
}

// TestMemberAddRefusesMemberPhone checks that a member's phone added
// again under another name is rejected instead of listed a second time as
// an invitation that could never attach.
func TestMemberAddRefusesMemberPhone(t *testing.T) {
	e := newEnv(t)
	admin := legalAdmin(t, e, "武汉重复添加有限公司")
	member := e.client()
	pm := newPersona(t, "周成员")
	member.ssoLogin(t, pm)
	admin.must(t, http.StatusCreated, "POST", "/api/v1/org/members", map[string]string{"name": pm.Name, "phone": pm.Phone})
	admin.must(t, http.StatusConflict, "POST", "/api/v1/org/members", map[string]string{"name": "周别名", "phone": pm.Phone})

	listed := 0
	for _, m := range admin.must(t, http.StatusOK, "GET", "/api/v1/org/members", nil)["members"].([]any) {
		if m.(map[string]any)["phoneMasked"] == pm.Phone[:3]+"****"+pm.Phone[7:] {
			listed++
		}
	}
	if listed != 1 {
		t.Errorf("the member's phone is listed %d times, want once", listed)
	}
}

// TestMemberAddRateLimited checks that a manager's direct additions,
// rejected ones included, are capped per hour and that rejected ones are
// audited, because each response shows whether a name belongs to a phone.
func TestMemberAddRateLimited(t *testing.T) {
	e := newEnv(t)
	admin := legalAdmin(t, e, "武汉限速添加有限公司")
	member := e.client()
	pm := newPersona(t, "吴成员")
	member.ssoLogin(t, pm)
	admin.must(t, http.StatusCreated, "POST", "/api/v1/org/members", map[string]string{"name": pm.Name, "phone": pm.Phone})
	for range 9 {
		admin.must(t, http.StatusConflict, "POST", "/api/v1/org/members", map[string]string{"name": pm.Name, "phone": pm.Phone})
	}
	for i := range 20 {
		admin.must(t, http.StatusCreated, "POST", "/api/v1/org/members",
			map[string]string{"name": fmt.Sprintf("候选%02d", i), "phone": newPhone()})
	}
	r := admin.do(t, "POST", "/api/v1/org/members", map[string]string{"name": "再来一个", "phone": newPhone()})
	if r.status != http.StatusTooManyRequests {
		t.Fatalf("addition %d in an hour: %d %s, want 429", 31, r.status, r.body)
	}

	op := e.operator(t)
	rejected := op.must(t, http.StatusOK, "GET", "/api/v1/admin/audit?action=member.add_refused", nil)["items"].([]any)
	if len(rejected) != 9 {
		t.Errorf("audit log has %d rejected additions, want 9", len(rejected))
	}
}

// TestApproveLegalPhoneOfAnotherName checks that approving an
// application whose legal-person phone belongs to an account of another
// name neither makes that account super admin nor shows its name to the
// applicant.
func TestApproveLegalPhoneOfAnotherName(t *testing.T) {
	e := newEnv(t)
	op := e.operator(t)
	owner := e.client()
	po := newPersona(t, "吴机主")
	owner.ssoLogin(t, po)

	applicant := e.client()
	applicant.ssoLogin(t, newPersona(t, "郑申请"))
	license := applicant.upload(t, pngImage(t)).json(t)["id"].(string)
	form := enterpriseForm(t, license, po.Phone) // the legal person's name is not the owner's
	app := applicant.must(t, http.StatusCreated, "POST", "/api/v1/applications", form)
	op.must(t, http.StatusOK, "POST", "/api/v1/admin/applications/"+app["id"].(string)+"/approve", nil)

	if ids := identities(t, owner); len(ids) != 0 {
		t.Errorf("the phone's owner got identities they never applied for: %v", ids)
	}
	enter(t, applicant, form["name"].(string))
	var invited bool
	for _, m := range applicant.must(t, http.StatusOK, "GET", "/api/v1/org/members", nil)["members"].([]any) {
		m := m.(map[string]any)
		if m["name"] == po.Name {
			t.Errorf("the member list shows the phone owner's name %q", po.Name)
		}
		invited = invited || (m["role"] == "super_admin" && m["status"] == "invited" && m["name"] == form["legalName"])
	}
	if !invited {
		t.Error("the legal person does not wait as an invited super admin")
	}
}

// TestOrgSearchCopiedCode checks that a credit code copied from a web
// page or a PDF, with a no-break space, a dash other than the hyphen or a
// line break between its groups, finds the organization for users and
// operators.
func TestOrgSearchCopiedCode(t *testing.T) {
	e := newEnv(t)
	op := e.operator(t)
	admin := e.client()
	p := newPersona(t, "检索法人")
	p.Legal, p.OrgName, p.OrgCreditCode = true, "武汉复制检索有限公司", newCreditCode(t)
	admin.ssoLogin(t, p)
	admin.must(t, http.StatusCreated, "POST", "/api/v1/applications", map[string]any{
		"kind": "enterprise", "regionCode": "420106", "addressDetail": "中北路 1 号", "email": "s@example.cn"})

	code := p.OrgCreditCode
	for _, sep := range []string{"\u00a0", "\u2013", "\u2014", "\u2010", "\n", "\u200b"} {
		typed := url.QueryEscape(code[:6] + sep + code[6:12] + sep + code[12:])
		for who, c := range map[string]*client{"/api/v1/organizations?kind=enterprise&q=": admin, "/api/v1/admin/organizations?q=": op} {
			if items := c.must(t, http.StatusOK, "GET", who+typed, nil)["items"].([]any); len(items) != 1 {
				t.Errorf("GET %s with separator %U found %d organizations, want 1", who, []rune(sep)[0], len(items))
			}
		}
	}
}

// legalAdmin onboards an enterprise by legal-person login and returns
// its super admin, acting as the enterprise.
func legalAdmin(t *testing.T, e *env, org string) *client {
	t.Helper()
	admin := e.client()
	p := newPersona(t, "管理甲")
	p.Legal, p.OrgName, p.OrgCreditCode = true, org, newCreditCode(t)
	admin.ssoLogin(t, p)
	admin.must(t, http.StatusCreated, "POST", "/api/v1/applications", map[string]any{
		"kind": "enterprise", "regionCode": "420106", "addressDetail": "中北路 1 号", "email": "hr@example.cn"})
	enter(t, admin, org)
	return admin
}
