package store_test

import (
	"errors"
	"testing"
	"time"

	"wct/internal/core"
	"wct/internal/store"
	"wct/internal/store/storetest"
)

// newGrid returns a service grid with the name in the district.
func newGrid(regionCode, name string) core.Organization {
	return core.Organization{ID: store.NewID(), Kind: core.KindGrid, Name: name,
		UniqueKey: regionCode + "/" + name, RegionCode: regionCode, Source: "operator"}
}

// createGrid stores a new service grid, created by the operator.
func createGrid(t *testing.T, s *store.Store, operatorID, regionCode, name string) core.Organization {
	t.Helper()
	g := newGrid(regionCode, name)
	if err := s.CreateGrid(t.Context(), g, operatorEvent(operatorID, "grid.create", "organization", "")); err != nil {
		t.Fatalf("CreateGrid(%s %s): %v", regionCode, name, err)
	}
	return g
}

// assignGridMember adds the phone to the grid as a grid member, done by
// the operator.
func assignGridMember(t *testing.T, s *store.Store, g core.Organization, operatorID, phone, name string) core.Identity {
	t.Helper()
	id, err := s.AddMember(t.Context(), g.ID, core.KindGrid, phone, name, operatorID,
		operatorEvent(operatorID, "grid.member.add", "identity", ""))
	if err != nil {
		t.Fatalf("AddMember(%s) to grid: %v", name, err)
	}
	return id
}

func TestCreateGrid(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		opID := newOperator(t, s, "运营网格")
		g := createGrid(t, s, opID, "420111", "关山街网格")

		stored, err := s.OrganizationByID(t.Context(), g.ID)
		if err != nil {
			t.Fatalf("OrganizationByID: %v", err)
		}
		if stored.Kind != core.KindGrid || stored.Name != "关山街网格" || stored.RegionCode != "420111" {
			t.Errorf("stored grid is %s %q in %s, want grid 关山街网格 in 420111", stored.Kind, stored.Name, stored.RegionCode)
		}
		if stored.UniqueKey != "420111/关山街网格" || stored.CreditCode != "" || stored.Source != "operator" {
			t.Errorf("stored key %q, credit code %q, source %q; want 420111/关山街网格, empty, operator",
				stored.UniqueKey, stored.CreditCode, stored.Source)
		}
		if !stored.CreatedAt.Equal(start) {
			t.Errorf("created at %v, want %v", stored.CreatedAt, start)
		}

		err = s.CreateGrid(t.Context(), newGrid("420111", "关山街网格"), operatorEvent(opID, "grid.create", "organization", ""))
		if !errors.Is(err, core.ErrConflict) {
			t.Errorf("second grid of one name in a district: error = %v, want conflict", err)
		}
		createGrid(t, s, opID, "420102", "关山街网格") // another district may reuse the name

		enterprise := newGrid("420111", "不是网格")
		enterprise.Kind = core.KindEnterprise
		if err := s.CreateGrid(t.Context(), enterprise, operatorEvent(opID, "grid.create", "organization", "")); err == nil {
			t.Error("CreateGrid stored an organization of kind enterprise")
		}
		if n := count(t, s, `SELECT COUNT(*) FROM audit_events WHERE action = 'grid.create'`); n != 2 {
			t.Errorf("%d grid.create events, want 2 for the 2 grids created", n)
		}
	})
}

func TestListGrids(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		opID := newOperator(t, s, "运营列表")
		b := createGrid(t, s, opID, "420111", "卓刀泉网格")
		a := createGrid(t, s, opID, "420111", "关山网格")
		c := createGrid(t, s, opID, "420102", "大智网格")
		legal := newUser(t, s, "列法人")
		onboard(t, s, "武汉列表干扰有限公司", legal)

		member := newUser(t, s, "网一")
		assignGridMember(t, s, a, opID, member.Phone, member.Name)
		assignGridMember(t, s, a, opID, newPhone(t), "待激活")
		leaver := newUser(t, s, "网二")
		removed := assignGridMember(t, s, a, opID, leaver.Phone, leaver.Name)
		if err := s.ChangeMember(t.Context(), removed.ID, a.ID, "", opID,
			operatorEvent(opID, "grid.member.remove", "identity", removed.ID)); err != nil {
			t.Fatalf("remove grid member: %v", err)
		}

		tests := []struct {
			region  string
			want    []string
			members []int
		}{
			{"420111", []string{a.ID, b.ID}, []int{2, 0}},
			{"420102", []string{c.ID}, []int{0}},
			{"", []string{c.ID, a.ID, b.ID}, []int{0, 2, 0}},
			{"420106", nil, nil},
		}
		for _, tt := range tests {
			grids, err := s.ListGrids(t.Context(), tt.region)
			if err != nil {
				t.Fatalf("ListGrids(%q): %v", tt.region, err)
			}
			if len(grids) != len(tt.want) {
				t.Errorf("ListGrids(%q) returned %d grids, want %d", tt.region, len(grids), len(tt.want))
				continue
			}
			for i, g := range grids {
				if g.ID != tt.want[i] {
					t.Errorf("ListGrids(%q)[%d] = %s %s, want %s", tt.region, i, g.RegionCode, g.Name, tt.want[i])
				}
				if g.Members != tt.members[i] {
					t.Errorf("ListGrids(%q)[%d] %s has %d members, want %d", tt.region, i, g.Name, g.Members, tt.members[i])
				}
				if g.Kind != core.KindGrid {
					t.Errorf("ListGrids(%q)[%d] has kind %s", tt.region, i, g.Kind)
				}
			}
		}
	})
}

func TestGridMemberLifecycle(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		clock := newClock(s)
		opID := newOperator(t, s, "运营指派")
		g := createGrid(t, s, opID, "420106", "中南路网格")

		staff := newUser(t, s, "网格甲")
		active := assignGridMember(t, s, g, opID, staff.Phone, staff.Name)
		if active.Status != core.IdentityActive || active.Role != core.RoleMember || active.Kind != core.KindGrid {
			t.Errorf("member with an account is %s %s %s, want active member of kind grid",
				active.Status, active.Role, active.Kind)
		}
		if active.UserID != staff.ID || active.DecidedBy != opID {
			t.Errorf("identity of user %q decided by %q, want %s by %s", active.UserID, active.DecidedBy, staff.ID, opID)
		}
		_, err := s.AddMember(t.Context(), g.ID, core.KindGrid, staff.Phone, staff.Name, opID,
			operatorEvent(opID, "grid.member.add", "identity", ""))
		if !errors.Is(err, core.ErrConflict) {
			t.Errorf("assigning a grid member twice: error = %v, want conflict", err)
		}

		phone := newPhone(t)
		invited := assignGridMember(t, s, g, opID, phone, "网格乙")
		if invited.Status != core.IdentityInvited {
			t.Fatalf("member without an account is %s, want invited", invited.Status)
		}
		clock.Advance(time.Hour)
		u, _, err := s.UpsertSSOUser(t.Context(), ssoLogin(t, phone, "网格乙"), loginEvent())
		if err != nil {
			t.Fatalf("first login of the invited grid member: %v", err)
		}
		ids, err := s.UserIdentities(t.Context(), u.ID)
		if err != nil {
			t.Fatalf("UserIdentities: %v", err)
		}
		if len(ids) != 1 || ids[0].ID != invited.ID || ids[0].Status != core.IdentityActive || ids[0].Kind != core.KindGrid {
			t.Fatalf("identities after first login = %+v, want the grid invitation, active", ids)
		}
		if ids[0].OrgName != g.Name {
			t.Errorf("attached identity names %q, want %q", ids[0].OrgName, g.Name)
		}

		// A grid has no admins, so its last member may be removed.
		for _, id := range []core.Identity{active, invited} {
			err := s.ChangeMember(t.Context(), id.ID, g.ID, "", opID,
				operatorEvent(opID, "grid.member.remove", "identity", id.ID))
			if err != nil {
				t.Fatalf("remove grid member %s: %v", id.ID, err)
			}
		}
		members, err := s.Members(t.Context(), g.ID)
		if err != nil {
			t.Fatalf("Members: %v", err)
		}
		if len(members) != 0 {
			t.Errorf("grid has %d members after removing both, want 0", len(members))
		}
		err = s.ChangeMember(t.Context(), active.ID, g.ID, "", opID,
			operatorEvent(opID, "grid.member.remove", "identity", active.ID))
		if !errors.Is(err, core.ErrNotFound) {
			t.Errorf("removing a removed grid member: error = %v, want not found", err)
		}
		err = s.ChangeMember(t.Context(), active.ID, store.NewID(), "", opID,
			operatorEvent(opID, "grid.member.remove", "identity", active.ID))
		if !errors.Is(err, core.ErrNotFound) {
			t.Errorf("removing from an unknown organization: error = %v, want not found", err)
		}
	})
}

func TestGridEnterprises(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		clock := newClock(s)
		opID := newOperator(t, s, "运营企业")
		g := createGrid(t, s, opID, "420106", "水果湖网格")
		other := createGrid(t, s, opID, "420106", "积玉桥网格")
		service := newEnterprise(t, "武汉服务机构甲", newUser(t, s, "服一"))
		service.Kind = core.KindServiceInstitution

		// Approved through review, with the grid and a service institution.
		applicant := newUser(t, s, "企一")
		a := submit(t, s, applicant, "武汉网格审核有限公司")
		d := approval(a, opID)
		d.Org.GridID, d.Org.ServiceOrgID = g.ID, service.ID
		if err := s.DecideApplication(t.Context(), d, operatorEvent(opID, "application.approve", "application", a.ID)); err != nil {
			t.Fatalf("approve: %v", err)
		}
		stored, err := s.OrganizationByID(t.Context(), d.Org.ID)
		if err != nil {
			t.Fatalf("OrganizationByID: %v", err)
		}
		if stored.GridID != g.ID || stored.ServiceOrgID != service.ID {
			t.Errorf("approved enterprise keeps grid %q and service institution %q, want %s and %s",
				stored.GridID, stored.ServiceOrgID, g.ID, service.ID)
		}

		// Onboarded by a legal-person login, an hour later.
		clock.Advance(time.Hour)
		legal := newUser(t, s, "企二")
		o := newEnterprise(t, "武汉网格法人有限公司", legal)
		o.GridID = g.ID
		if _, err := s.OnboardWithoutReview(t.Context(), o, legal.ID, userEvent(legal, "org.onboard", "organization", "")); err != nil {
			t.Fatalf("OnboardWithoutReview: %v", err)
		}
		elsewhere := newEnterprise(t, "武汉别处网格有限公司", legal)
		elsewhere.GridID = other.ID
		if _, err := s.OnboardWithoutReview(t.Context(), elsewhere, legal.ID, userEvent(legal, "org.onboard", "organization", "")); err != nil {
			t.Fatalf("OnboardWithoutReview: %v", err)
		}
		onboard(t, s, "武汉无网格有限公司", newUser(t, s, "企三"))

		page, total, err := s.GridEnterprises(t.Context(), g.ID, 0, 10)
		if err != nil {
			t.Fatalf("GridEnterprises: %v", err)
		}
		if total != 2 || len(page) != 2 {
			t.Fatalf("GridEnterprises returned %d of %d, want 2 of 2", len(page), total)
		}
		if page[0].ID != o.ID || page[1].ID != d.Org.ID {
			t.Errorf("GridEnterprises order = %s, %s; want the newest (%s) first", page[0].Name, page[1].Name, o.Name)
		}
		second, total, err := s.GridEnterprises(t.Context(), g.ID, 1, 1)
		if err != nil {
			t.Fatalf("GridEnterprises page 2: %v", err)
		}
		if total != 2 || len(second) != 1 || second[0].ID != d.Org.ID {
			t.Errorf("second page of size 1 = %d items of %d, want the older enterprise of 2", len(second), total)
		}
		none, total, err := s.GridEnterprises(t.Context(), store.NewID(), 0, 10)
		if err != nil || total != 0 || len(none) != 0 {
			t.Errorf("GridEnterprises of an unknown grid = %d of %d, %v; want none", len(none), total, err)
		}
	})
}
