package main

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestGridJourney runs a service grid from its creation by an operator to
// its grid member seeing the enterprises that chose it, and back to the
// member's removal.
func TestGridJourney(t *testing.T) {
	e := newEnv(t)
	op := e.operator(t)
	const gridName = "关山街道网格"

	created := op.must(t, http.StatusCreated, "POST", "/api/v1/admin/grids",
		map[string]string{"name": gridName, "regionCode": "420111"})
	gridID := created["id"].(string)
	if created["regionCode"] != "420111" || created["members"] != 0.0 {
		t.Errorf("created grid %v, want district 420111 with no members", created)
	}
	far := op.must(t, http.StatusCreated, "POST", "/api/v1/admin/grids",
		map[string]string{"name": "大智街道网格", "regionCode": "420102"})["id"].(string)

	// Grid members: one with an account, who is active at once, and one
	// without, who is invited until the first provincial login.
	staff, late := e.client(), e.client()
	ps, pl := newPersona(t, "关网格"), newPersona(t, "迟网格")
	staff.ssoLogin(t, ps)
	added := op.must(t, http.StatusCreated, "POST", "/api/v1/admin/grids/"+gridID+"/members",
		map[string]string{"name": ps.Name, "phone": ps.Phone})
	if added["status"] != "active" {
		t.Errorf("grid member with an account is %v, want active", added["status"])
	}
	staffIdentity := added["identityId"].(string)
	invited := op.must(t, http.StatusCreated, "POST", "/api/v1/admin/grids/"+gridID+"/members",
		map[string]string{"name": pl.Name, "phone": pl.Phone})
	if invited["status"] != "invited" {
		t.Errorf("grid member without an account is %v, want invited", invited["status"])
	}
	late.ssoLogin(t, pl)
	ids := identities(t, late)
	if len(ids) != 1 || ids[0].(map[string]any)["kind"] != "grid" || ids[0].(map[string]any)["status"] != "active" {
		t.Fatalf("invited grid member's identities after first login: %v, want one active grid identity", ids)
	}

	// An applicant picks the grid of the enterprise's district.
	applicant := e.client()
	applicant.ssoLogin(t, newPersona(t, "网格申请人"))
	choices := applicant.must(t, http.StatusOK, "GET", "/api/v1/grids?region=420111", nil)["items"].([]any)
	if len(choices) != 1 || choices[0].(map[string]any)["id"] != gridID {
		t.Fatalf("grids of 420111: %v, want only %s", choices, gridName)
	}
	lic := applicant.upload(t, pngImage(t)).json(t)["id"].(string)
	form := enterpriseForm(t, lic, newPhone())
	form["gridId"] = far
	if r := applicant.do(t, "POST", "/api/v1/applications", form); r.status != http.StatusBadRequest || !slices.Equal(r.fields(t), []string{"gridId"}) {
		t.Errorf("grid of another district: status %d fields %v, want 400 on gridId", r.status, r.fields(t))
	}
	form["gridId"] = gridID
	app := applicant.must(t, http.StatusCreated, "POST", "/api/v1/applications", form)
	op.must(t, http.StatusOK, "POST", "/api/v1/admin/applications/"+app["id"].(string)+"/approve", nil)

	// A legal-person login may name the grid through the API too.
	legal := e.client()
	pg := newPersona(t, "网格法人")
	pg.Legal, pg.OrgName, pg.OrgCreditCode = true, "武汉关山法人科技有限公司", newCreditCode(t)
	legal.ssoLogin(t, pg)
	legal.must(t, http.StatusCreated, "POST", "/api/v1/applications", map[string]any{"kind": "enterprise",
		"regionCode": "420111", "addressDetail": "关山大道 1 号", "email": "g@example.cn", "gridId": gridID})

	// The grid member's list contains both enterprises, newest first,
	// without the ID number and with the phone masked.
	enter(t, staff, gridName)
	r := staff.do(t, "GET", "/api/v1/grid/enterprises", nil)
	if r.status != http.StatusOK {
		t.Fatalf("grid enterprises: status %d: %s", r.status, r.body)
	}
	page := r.json(t)
	items := page["items"].([]any)
	if len(items) != 2 || page["total"] != 2.0 {
		t.Fatalf("grid enterprises %v, want the approved one and the legal person's", page)
	}
	if got := items[0].(map[string]any)["name"]; got != pg.OrgName {
		t.Errorf("newest grid enterprise is %v, want %s", got, pg.OrgName)
	}
	item := items[1].(map[string]any)
	if item["name"] != form["name"] || item["creditCode"] != form["creditCode"] || item["regionCode"] != "420111" {
		t.Errorf("grid enterprise %v, want %s %s in 420111", item, form["name"], form["creditCode"])
	}
	if page["grid"].(map[string]any)["name"] != gridName {
		t.Errorf("page grid %v, want %s", page["grid"], gridName)
	}
	body := string(r.body)
	if strings.Contains(body, form["legalIdNumber"].(string)) || strings.Contains(body, form["legalPhone"].(string)) {
		t.Error("grid enterprises show the legal person's ID number or full phone")
	}

	// No one else lists them, joins the grid or reaches the back office.
	enter(t, applicant, form["name"].(string))
	applicant.must(t, http.StatusForbidden, "GET", "/api/v1/grid/enterprises", nil)
	applicant.must(t, http.StatusForbidden, "POST", "/api/v1/organizations/"+gridID+"/join-requests", map[string]any{})
	for _, path := range []string{"/api/v1/admin/grids", "/api/v1/admin/grids/" + gridID} {
		applicant.must(t, http.StatusUnauthorized, "GET", path, nil)
	}
	applicant.must(t, http.StatusUnauthorized, "POST", "/api/v1/admin/grids/"+gridID+"/members",
		map[string]string{"name": "冒名", "phone": newPhone()})
	staff.must(t, http.StatusUnauthorized, "DELETE", "/api/v1/admin/grids/"+gridID+"/members/"+staffIdentity, nil)

	// Removing the grid member takes the identity away.
	detail := op.must(t, http.StatusOK, "GET", "/api/v1/admin/grids/"+gridID, nil)
	if n := len(detail["members"].([]any)); n != 2 {
		t.Errorf("grid detail lists %d members, want 2", n)
	}
	op.must(t, http.StatusNoContent, "DELETE", "/api/v1/admin/grids/"+gridID+"/members/"+staffIdentity, nil)
	op.must(t, http.StatusNotFound, "DELETE", "/api/v1/admin/grids/"+gridID+"/members/"+staffIdentity, nil)
	if me := staff.must(t, http.StatusOK, "GET", "/api/v1/me", nil); me["activeIdentity"] != nil {
		t.Error("removed grid member still acts as the grid")
	}
	staff.must(t, http.StatusForbidden, "GET", "/api/v1/grid/enterprises", nil)
	if ids := identities(t, staff); len(ids) != 0 {
		t.Errorf("removed grid member still holds %v", ids)
	}
	grids := op.must(t, http.StatusOK, "GET", "/api/v1/admin/grids?region=420111", nil)["items"].([]any)
	if len(grids) != 1 || grids[0].(map[string]any)["members"] != 1.0 {
		t.Errorf("grids of 420111 after the removal: %v, want one with 1 member", grids)
	}
}

// TestGridInputErrors checks that bad input names its field and that a
// district has one grid of each name.
func TestGridInputErrors(t *testing.T) {
	e := newEnv(t)
	op := e.operator(t)
	gridID := op.must(t, http.StatusCreated, "POST", "/api/v1/admin/grids",
		map[string]string{"name": "水果湖网格", "regionCode": "420106"})["id"].(string)
	tests := []struct {
		name   string
		method string
		path   string
		body   any
		status int
		fields []string
	}{
		{"name too short", "POST", "/api/v1/admin/grids", map[string]string{"name": "湖", "regionCode": "420106"}, 400, []string{"name"}},
		{"district outside Wuhan", "POST", "/api/v1/admin/grids", map[string]string{"name": "东城网格", "regionCode": "110101"}, 400, []string{"regionCode"}},
		{"city instead of district", "POST", "/api/v1/admin/grids", map[string]string{"name": "武汉网格", "regionCode": "420100"}, 400, []string{"regionCode"}},
		{"name of wrong type", "POST", "/api/v1/admin/grids", map[string]any{"name": 7, "regionCode": "420106"}, 400, []string{"name"}},
		{"same name in the district", "POST", "/api/v1/admin/grids", map[string]string{"name": "水果湖网格", "regionCode": "420106"}, 409, nil},
		{"bad region filter", "GET", "/api/v1/admin/grids?region=4201", nil, 400, []string{"region"}},
		{"member phone malformed", "POST", "/api/v1/admin/grids/" + gridID + "/members", map[string]string{"name": "某人", "phone": "123"}, 400, []string{"phone"}},
		{"member name missing", "POST", "/api/v1/admin/grids/" + gridID + "/members", map[string]string{"phone": newPhone()}, 400, []string{"name"}},
		{"unknown grid", "GET", "/api/v1/admin/grids/none", nil, 404, nil},
		{"assign to unknown grid", "POST", "/api/v1/admin/grids/none/members", map[string]string{"name": "某人", "phone": newPhone()}, 404, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := op.do(t, tt.method, tt.path, tt.body)
			if r.status != tt.status {
				t.Fatalf("status %d, want %d: %s", r.status, tt.status, r.body)
			}
			if tt.fields != nil && !slices.Equal(r.fields(t), tt.fields) {
				t.Errorf("fields %v, want %v", r.fields(t), tt.fields)
			}
		})
	}

	user := e.client()
	user.ssoLogin(t, newPersona(t, "查网格"))
	if r := user.do(t, "GET", "/api/v1/grids?region=110101", nil); r.status != 400 || !slices.Equal(r.fields(t), []string{"region"}) {
		t.Errorf("user grid list outside Wuhan: status %d fields %v, want 400 on region", r.status, r.fields(t))
	}
	user.must(t, http.StatusForbidden, "GET", "/api/v1/grid/enterprises", nil)
	e.client().must(t, http.StatusUnauthorized, "GET", "/api/v1/grids?region=420106", nil)
}

// TestLegalSessionEntersNoGrid checks that a legal-person login, which
// acts for its own enterprise only, neither lists nor enters a grid
// identity of the same person, through which it could read other
// enterprises' data.
func TestLegalSessionEntersNoGrid(t *testing.T) {
	e := newEnv(t)
	op := e.operator(t)
	gridID := op.must(t, http.StatusCreated, "POST", "/api/v1/admin/grids",
		map[string]string{"name": "法人范围网格", "regionCode": "420111"})["id"].(string)

	applicant := e.client()
	applicant.ssoLogin(t, newPersona(t, "范围申请人"))
	lic := applicant.upload(t, pngImage(t)).json(t)["id"].(string)
	form := enterpriseForm(t, lic, newPhone())
	form["gridId"] = gridID
	app := applicant.must(t, http.StatusCreated, "POST", "/api/v1/applications", form)
	op.must(t, http.StatusOK, "POST", "/api/v1/admin/applications/"+app["id"].(string)+"/approve", nil)

	p := newPersona(t, "范围法人")
	p.Legal, p.OrgName, p.OrgCreditCode = true, "武汉范围法人科技有限公司", newCreditCode(t)
	legal := e.client()
	legal.ssoLogin(t, p)
	added := op.must(t, http.StatusCreated, "POST", "/api/v1/admin/grids/"+gridID+"/members",
		map[string]string{"name": p.Name, "phone": p.Phone})

	for _, v := range identities(t, legal) {
		if v.(map[string]any)["kind"] == "grid" {
			t.Error("a legal-person login lists a grid identity")
		}
	}
	legal.must(t, http.StatusForbidden, "PUT", "/api/v1/me/active-identity", map[string]any{"identityId": added["identityId"]})
	if r := legal.do(t, "GET", "/api/v1/grid/enterprises", nil); strings.Contains(string(r.body), form["creditCode"].(string)) {
		t.Error("a legal-person login lists an enterprise of the grid")
	}

	// The same person logged in personally enters the grid.
	personal := e.client()
	personal.ssoLogin(t, persona{Name: p.Name, IDNumber: p.IDNumber, Phone: p.Phone})
	personal.must(t, http.StatusOK, "PUT", "/api/v1/me/active-identity", map[string]any{"identityId": added["identityId"]})
	listed := personal.must(t, http.StatusOK, "GET", "/api/v1/grid/enterprises", nil)["items"].([]any)
	if len(listed) != 1 {
		t.Errorf("the grid member lists %d enterprises, want 1", len(listed))
	}
}

// TestGridRename checks that an operator renames a grid, that the new
// name is compared with the district's other grids as on creation, and
// that users cannot rename.
func TestGridRename(t *testing.T) {
	e := newEnv(t)
	op := e.operator(t)
	g := op.must(t, http.StatusCreated, "POST", "/api/v1/admin/grids", map[string]string{"name": "卓刀泉网格", "regionCode": "420111"})
	op.must(t, http.StatusCreated, "POST", "/api/v1/admin/grids", map[string]string{"name": "GS网格", "regionCode": "420111"})
	path := "/api/v1/admin/grids/" + g["id"].(string)

	renamed := op.must(t, http.StatusOK, "PUT", path, map[string]string{"name": "卓刀泉街道网格"})
	if renamed["name"] != "卓刀泉街道网格" {
		t.Errorf("renamed grid is %v", renamed["name"])
	}
	op.must(t, http.StatusConflict, "PUT", path, map[string]string{"name": "ｇｓ 网格"})
	if r := op.do(t, "PUT", path, map[string]string{"name": "网"}); r.status != http.StatusBadRequest || !slices.Equal(r.fields(t), []string{"name"}) {
		t.Errorf("one-character name: %d %s", r.status, r.body)
	}
	op.must(t, http.StatusNotFound, "PUT", "/api/v1/admin/grids/none", map[string]string{"name": "新名称网格"})
	if got := op.must(t, http.StatusOK, "GET", path, nil)["grid"].(map[string]any)["name"]; got != "卓刀泉街道网格" {
		t.Errorf("grid is named %v after refused renames, want 卓刀泉街道网格", got)
	}
	user := e.client()
	user.ssoLogin(t, newPersona(t, "改名用户"))
	user.must(t, http.StatusUnauthorized, "PUT", path, map[string]string{"name": "用户改的网格"})
}
