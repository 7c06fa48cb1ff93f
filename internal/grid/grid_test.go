package grid_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"wct/internal/core"
	"wct/internal/grid"
	"wct/internal/store"
	"wct/internal/store/storetest"
	"wct/internal/validate"
)

var phoneSequence atomic.Int64

// newPhone returns a mobile number that no other call in the test binary
// returns.
func newPhone() string { return fmt.Sprintf("137%08d", phoneSequence.Add(1)) }

// operator creates an operator in the store and returns it as an actor.
func operator(t *testing.T, s *store.Store) core.Actor {
	t.Helper()
	phone := newPhone()
	if _, err := s.CreateOperator(t.Context(), phone, "网格运营", "hash"); err != nil {
		t.Fatalf("CreateOperator: %v", err)
	}
	o, err := s.OperatorByPhone(t.Context(), phone)
	if err != nil {
		t.Fatalf("OperatorByPhone: %v", err)
	}
	return core.Actor{OperatorID: o.ID, ClientAddr: "127.0.0.1"}
}

// fieldNames returns the fields of a validation error, or nil for any
// other error.
func fieldNames(err error) []string {
	e, ok := core.AsError(err)
	if !ok || e.Code != core.CodeInvalid {
		return nil
	}
	var names []string
	for _, f := range e.Fields {
		names = append(names, f.Field)
	}
	return names
}

func TestValidateDistrict(t *testing.T) {
	tests := []struct {
		code   string
		reason error
	}{
		{"420111", nil},                  // 洪山区
		{"420102", nil},                  // 江岸区
		{"420117", nil},                  // 新洲区
		{"", validate.ErrRequired},       // nothing chosen
		{"420100", validate.ErrFormat},   // 武汉市 itself
		{"420000", validate.ErrFormat},   // 湖北省
		{"420202", validate.ErrFormat},   // 黄石港区, another city
		{"110101", validate.ErrFormat},   // 东城区, Beijing
		{"429999", validate.ErrFormat},   // unknown
		{"42011x", validate.ErrFormat},   // malformed
		{"420111 ", validate.ErrFormat},  // trailing space
		{"4201110", validate.ErrFormat},  // too long
		{"420111/1", validate.ErrFormat}, // key-like input
		{"420106\n", validate.ErrFormat}, // control character
		{"４２０１１１", validate.ErrFormat},   // full-width digits
	}
	for _, tt := range tests {
		err := grid.ValidateDistrict(tt.code)
		if tt.reason == nil {
			if err != nil {
				t.Errorf("ValidateDistrict(%q) = %v, want nil", tt.code, err)
			}
			continue
		}
		if !errors.Is(err, tt.reason) {
			t.Errorf("ValidateDistrict(%q) = %v, want %v", tt.code, err, tt.reason)
		}
	}
}

func TestCreateValidation(t *testing.T) {
	s := storetest.Open(t, storetest.SQLite)
	svc := &grid.Service{Store: s}
	op := operator(t, s)
	tests := []struct {
		name, region string
		fields       []string
	}{
		{"", "420111", []string{"name"}},
		{"网", "420111", []string{"name"}},
		{strings.Repeat("网", 51), "420111", []string{"name"}},
		{"关山网格", "", []string{"regionCode"}},
		{"关山网格", "420100", []string{"regionCode"}},
		{"", "110101", []string{"name", "regionCode"}},
	}
	for _, tt := range tests {
		_, err := svc.Create(t.Context(), op, tt.name, tt.region)
		if got := fieldNames(err); !slices.Equal(got, tt.fields) {
			t.Errorf("Create(%q, %q) error fields = %v (%v), want %v", tt.name, tt.region, got, err, tt.fields)
		}
	}
	if grids, err := s.ListGrids(t.Context(), ""); err != nil || len(grids) != 0 {
		t.Errorf("invalid input stored %d grids (%v), want none", len(grids), err)
	}
}

func TestCreateAndList(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		svc := &grid.Service{Store: s}
		op := operator(t, s)
		g, err := svc.Create(t.Context(), op, "  关山网格 ", "420111")
		if err != nil {
			t.Fatalf("Create: %v", err)
		}
		if g.Name != "关山网格" || g.UniqueKey != "420111/关山网格" || g.Kind != core.KindGrid {
			t.Errorf("created %s %q with key %q, want grid 关山网格 with key 420111/关山网格", g.Kind, g.Name, g.UniqueKey)
		}
		_, err = svc.Create(t.Context(), op, "关山网格", "420111")
		e, ok := core.AsError(err)
		if !ok || e.Code != core.CodeConflict || !strings.Contains(e.Message, "同名网格") {
			t.Errorf("duplicate grid: error = %v, want a conflict naming 同名网格", err)
		}
		if _, err := svc.Create(t.Context(), op, "GS网格", "420111"); err != nil {
			t.Fatalf("Create(GS网格): %v", err)
		}
		for _, typed := range []string{"gs网格", "ＧＳ网格", "G S 网格"} {
			if _, err := svc.Create(t.Context(), op, typed, "420111"); !errors.Is(err, core.ErrConflict) {
				t.Errorf("Create(%q) after GS网格: error = %v, want a conflict", typed, err)
			}
		}

		grids, err := svc.List(t.Context(), "420111")
		if err != nil {
			t.Fatalf("List: %v", err)
		}
		if len(grids) != 2 {
			t.Errorf("List(420111) = %d grids, want the two created", len(grids))
		}
		if _, err := svc.List(t.Context(), "110101"); !slices.Equal(fieldNames(err), []string{"region"}) {
			t.Errorf("List(110101) error = %v, want a field error on region", err)
		}

		page, err := s.ListAudit(t.Context(), core.AuditFilter{Limit: 10})
		if err != nil {
			t.Fatalf("ListAudit: %v", err)
		}
		events := page.Entries
		if len(events) != 2 || events[1].Action != "grid.create" || events[1].ActorID != op.OperatorID || events[1].TargetID != g.ID {
			t.Errorf("audit = %+v, want a grid.create by the operator for each grid created", events)
		}
	})
}

func TestAssignAndRemoveMember(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		svc := &grid.Service{Store: s}
		op := operator(t, s)
		g, err := svc.Create(t.Context(), op, "卓刀泉网格", "420111")
		if err != nil {
			t.Fatalf("Create: %v", err)
		}

		_, err = svc.AssignMember(t.Context(), op, g.ID, "网", "123")
		if got := fieldNames(err); !slices.Equal(got, []string{"name", "phone"}) {
			t.Errorf("AssignMember with a bad name and phone: fields %v, want [name phone]", got)
		}
		if _, err := svc.AssignMember(t.Context(), op, store.NewID(), "张网格", newPhone()); !errors.Is(err, core.ErrNotFound) {
			t.Errorf("AssignMember to an unknown grid: error = %v, want not found", err)
		}

		id, err := svc.AssignMember(t.Context(), op, g.ID, "张网格", "+86 "+newPhone())
		if err != nil {
			t.Fatalf("AssignMember: %v", err)
		}
		if id.Status != core.IdentityInvited || id.Kind != core.KindGrid || id.Role != core.RoleMember {
			t.Errorf("assigned identity is %s %s %s, want an invited grid member", id.Status, id.Kind, id.Role)
		}
		_, members, err := svc.Detail(t.Context(), g.ID)
		if err != nil {
			t.Fatalf("Detail: %v", err)
		}
		if len(members) != 1 || members[0].UserName != "张网格" {
			t.Errorf("members = %+v, want 张网格", members)
		}

		other, err := svc.Create(t.Context(), op, "鲁巷网格", "420111")
		if err != nil {
			t.Fatalf("Create: %v", err)
		}
		if err := svc.RemoveMember(t.Context(), op, other.ID, id.ID); !errors.Is(err, core.ErrNotFound) {
			t.Errorf("RemoveMember through another grid: error = %v, want not found", err)
		}
		if err := svc.RemoveMember(t.Context(), op, g.ID, id.ID); err != nil {
			t.Fatalf("RemoveMember: %v", err)
		}
		if err := svc.RemoveMember(t.Context(), op, g.ID, id.ID); !errors.Is(err, core.ErrNotFound) {
			t.Errorf("RemoveMember twice: error = %v, want not found", err)
		}

		page, err := s.ListAudit(t.Context(), core.AuditFilter{Limit: 10})
		if err != nil {
			t.Fatalf("ListAudit: %v", err)
		}
		events := page.Entries
		var actions []string
		for _, e := range events {
			if e.ActorKind != "operator" || e.ActorID != op.OperatorID {
				t.Errorf("event %s by %s %s, want the operator", e.Action, e.ActorKind, e.ActorID)
			}
			actions = append(actions, e.Action)
		}
		want := []string{"grid.member.remove", "grid.create", "grid.member.add", "grid.create"}
		if !slices.Equal(actions, want) {
			t.Errorf("audit actions newest first = %v, want %v", actions, want)
		}
	})
}

func TestEnterprisesNeedsGridIdentity(t *testing.T) {
	s := storetest.Open(t, storetest.SQLite)
	svc := &grid.Service{Store: s}
	op := operator(t, s)
	g, err := svc.Create(t.Context(), op, "中南网格", "420106")
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	tests := []struct {
		name     string
		identity *core.Identity
		page     int
		size     int
		err      error
	}{
		{"personal", nil, 1, 20, core.ErrForbidden},
		{"enterprise", &core.Identity{Kind: core.KindEnterprise, OrgID: store.NewID()}, 1, 20, core.ErrForbidden},
		{"grid", &core.Identity{Kind: core.KindGrid, OrgID: g.ID}, 1, 20, nil},
		{"page zero", &core.Identity{Kind: core.KindGrid, OrgID: g.ID}, 0, 20, core.ErrInvalid},
		{"page too large", &core.Identity{Kind: core.KindGrid, OrgID: g.ID}, 1, grid.MaxPageSize + 1, core.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, err := svc.Enterprises(t.Context(), core.Principal{Identity: tt.identity}, tt.page, tt.size)
			if tt.err == nil {
				if err != nil {
					t.Fatalf("Enterprises: %v", err)
				}
				if page.Grid.ID != g.ID || page.Total != 0 || len(page.Enterprises) != 0 {
					t.Errorf("page = grid %s, %d of %d; want the empty grid %s", page.Grid.ID,
						len(page.Enterprises), page.Total, g.ID)
				}
				return
			}
			if !errors.Is(err, tt.err) {
				t.Errorf("Enterprises error = %v, want %v", err, tt.err)
			}
		})
	}
}
