package store_test

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"wct/internal/core"
	"wct/internal/store"
	"wct/internal/store/storetest"
)

// window is when the audit search tests record their events: an hour
// after the fixtures write theirs at start, so that a filter from window
// leaves the fixtures' events out.
var window = start.Add(time.Hour)

// recordAt writes the events one minute apart from window on.
func recordAt(t *testing.T, s *store.Store, events ...core.AuditEvent) {
	t.Helper()
	for i, ev := range events {
		ev.At = window.Add(time.Duration(i) * time.Minute)
		if err := s.RecordAudit(t.Context(), ev); err != nil {
			t.Fatalf("RecordAudit %s: %v", ev.Action, err)
		}
	}
}

// listActions returns the actions of the first page that f selects.
func listActions(t *testing.T, s *store.Store, f core.AuditFilter) []string {
	t.Helper()
	page, err := s.ListAudit(t.Context(), f)
	if err != nil {
		t.Fatalf("ListAudit: %v", err)
	}
	actions := []string{}
	for _, e := range page.Entries {
		actions = append(actions, e.Action)
	}
	return actions
}

func TestListAuditFilters(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		legal := newUser(t, s, "滤一")
		applicant := newUser(t, s, "滤二")
		opID := newOperator(t, s, "运营筛选")

		// A rejected application for the credit code that orgA onboards
		// with later: it belongs to orgA by its credit code.
		code := newCreditCode(t)
		early, err := s.SubmitApplication(t.Context(),
			enterpriseApplication(t, applicant, "武汉筛选甲有限公司", code, applicant.Name, applicant.Phone),
			userEvent(applicant, "application.submit", "application", ""))
		if err != nil {
			t.Fatalf("SubmitApplication: %v", err)
		}
		if err := s.DecideApplication(t.Context(), *reject(early, opID),
			operatorEvent(opID, "application.reject", "application", early.ID)); err != nil {
			t.Fatalf("reject: %v", err)
		}
		orgA := newEnterprise(t, "武汉筛选甲有限公司", legal)
		orgA.CreditCode, orgA.UniqueKey = code, code
		superAdmin, err := s.OnboardWithoutReview(t.Context(), orgA, legal.ID,
			userEvent(legal, "org.onboard", "organization", ""))
		if err != nil {
			t.Fatalf("OnboardWithoutReview: %v", err)
		}
		member, err := s.AddMember(t.Context(), orgA.ID, orgA.Kind, applicant.Phone, applicant.Name, legal.ID,
			userEvent(legal, "member.add", "identity", ""))
		if err != nil {
			t.Fatalf("AddMember: %v", err)
		}
		// orgB comes from an approved application, which keeps its id.
		later := submit(t, s, applicant, "武汉筛选乙有限公司")
		decision := approval(later, opID)
		if err := s.DecideApplication(t.Context(), decision,
			operatorEvent(opID, "application.approve", "application", later.ID)); err != nil {
			t.Fatalf("approve: %v", err)
		}
		orgB := decision.Org

		byApplicant := core.Actor{UserID: applicant.ID, ClientAddr: "10.0.0.1"}
		asSuperAdmin := core.Actor{UserID: legal.ID, IdentityID: superAdmin.ID, ClientAddr: "10.0.0.2"}
		byOperator := core.Actor{OperatorID: opID, ClientAddr: "10.0.0.3"}
		recordAt(t, s,
			byApplicant.Event("login", "user", applicant.ID),
			asSuperAdmin.Event("member.approve", "identity", member.ID),
			asSuperAdmin.Event("member.change_role", "identity", member.ID),
			byOperator.Event("application.view", "application", later.ID),
			byApplicant.Event("join.request", "organization", orgA.ID),
			byApplicant.Event("application.resubmit", "application", early.ID),
			core.AuditEvent{ActorKind: "system", ActorID: "cleanup", Action: "sessions.expire"},
		)

		tests := []struct {
			name   string
			filter core.AuditFilter
			want   []string
		}{
			{"no filter", core.AuditFilter{}, []string{"sessions.expire", "application.resubmit",
				"join.request", "application.view", "member.change_role", "member.approve", "login"}},
			{"exact action", core.AuditFilter{Actions: []string{"login"}}, []string{"login"}},
			{"exact action is not a prefix", core.AuditFilter{Actions: []string{"member"}}, []string{}},
			{"action prefix", core.AuditFilter{Actions: []string{"member."}},
				[]string{"member.change_role", "member.approve"}},
			{"prefix or exact", core.AuditFilter{Actions: []string{"application.", "login"}},
				[]string{"application.resubmit", "application.view", "login"}},
			{"user actor", core.AuditFilter{ActorID: legal.ID}, []string{"member.change_role", "member.approve"}},
			{"operator actor", core.AuditFilter{ActorID: opID}, []string{"application.view"}},
			{"organization", core.AuditFilter{OrgID: orgA.ID}, []string{"application.resubmit",
				"join.request", "member.change_role", "member.approve"}},
			{"organization of an application", core.AuditFilter{OrgID: orgB.ID}, []string{"application.view"}},
			{"unknown organization", core.AuditFilter{OrgID: "no-such-org"}, []string{}},
			{"time range", core.AuditFilter{From: window.Add(time.Minute), To: window.Add(3 * time.Minute)},
				[]string{"member.change_role", "member.approve"}},
			{"client address", core.AuditFilter{ClientAddr: "10.0.0.1"},
				[]string{"application.resubmit", "join.request", "login"}},
			{"organization and actor", core.AuditFilter{OrgID: orgA.ID, ActorID: applicant.ID},
				[]string{"application.resubmit", "join.request"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				f := tt.filter
				if f.From.IsZero() {
					f.From = window
				}
				if got := listActions(t, s, f); !slices.Equal(got, tt.want) {
					t.Errorf("actions = %q, want %q", got, tt.want)
				}
			})
		}
	})
}

func TestListAuditPagesAcrossEqualTimes(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		// Seven events of one millisecond, written in random order, and
		// one a millisecond earlier.
		same := make([]string, 7)
		for i := range same {
			same[i] = store.NewID()
		}
		for _, i := range rand.Perm(len(same)) {
			ev := core.AuditEvent{ID: same[i], At: window, ActorKind: "system", ActorID: "test", Action: "test.same"}
			if err := s.RecordAudit(t.Context(), ev); err != nil {
				t.Fatalf("RecordAudit: %v", err)
			}
		}
		earlier := core.AuditEvent{ID: store.NewID(), At: window.Add(-time.Millisecond), ActorKind: "system",
			ActorID: "test", Action: "test.earlier"}
		if err := s.RecordAudit(t.Context(), earlier); err != nil {
			t.Fatalf("RecordAudit: %v", err)
		}
		want := slices.Clone(same)
		slices.Sort(want)
		slices.Reverse(want)
		want = append(want, earlier.ID)

		f := core.AuditFilter{From: window.Add(-time.Second), Limit: 3}
		var got []string
		pages := 0
		for {
			page, err := s.ListAudit(t.Context(), f)
			if err != nil {
				t.Fatalf("ListAudit page %d: %v", pages+1, err)
			}
			pages++
			for _, e := range page.Entries {
				got = append(got, e.ID)
			}
			if page.Next.IsZero() || pages > len(want) {
				break
			}
			f.After = page.Next
		}
		if !slices.Equal(got, want) {
			t.Errorf("paged ids = %q, want %q", got, want)
		}
		if pages != 3 {
			t.Errorf("listed %d pages of 3, want 3", pages)
		}
	})
}

func TestListAuditFullLastPage(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		recordAt(t, s,
			core.AuditEvent{ActorKind: "system", ActorID: "test", Action: "test.one"},
			core.AuditEvent{ActorKind: "system", ActorID: "test", Action: "test.two"},
		)
		page, err := s.ListAudit(t.Context(), core.AuditFilter{From: window, Limit: 2})
		if err != nil {
			t.Fatalf("ListAudit: %v", err)
		}
		if len(page.Entries) != 2 {
			t.Fatalf("ListAudit returned %d entries, want 2", len(page.Entries))
		}
		if !page.Next.IsZero() {
			t.Errorf("Next = %v on the last page, want the zero cursor", page.Next)
		}
		page, err = s.ListAudit(t.Context(), core.AuditFilter{From: window, Limit: 1})
		if err != nil {
			t.Fatalf("ListAudit: %v", err)
		}
		want := core.AuditCursor{At: window.Add(time.Minute), ID: page.Entries[0].ID}
		if !page.Next.At.Equal(want.At) || page.Next.ID != want.ID {
			t.Errorf("Next = %v, want the newest event's %v", page.Next, want)
		}
	})
}

func TestListAuditLabels(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		legal := newUser(t, s, "标一")
		person := newUser(t, s, "标二")
		opID := newOperator(t, s, "运营标签")
		org, superAdmin := onboard(t, s, "武汉标签有限公司", legal)
		app := submit(t, s, person, "武汉标签申请有限公司")
		member, err := s.AddMember(t.Context(), org.ID, org.Kind, person.Phone, person.Name, legal.ID,
			userEvent(legal, "member.add", "identity", ""))
		if err != nil {
			t.Fatalf("AddMember of a user: %v", err)
		}
		invited, err := s.AddMember(t.Context(), org.ID, org.Kind, newPhone(t), "标三", legal.ID,
			userEvent(legal, "member.add", "identity", ""))
		if err != nil {
			t.Fatalf("AddMember of a new phone: %v", err)
		}
		if invited.Status != core.IdentityInvited {
			t.Fatalf("added phone without account has status %s, want invited", invited.Status)
		}

		asSuperAdmin := core.Actor{UserID: legal.ID, IdentityID: superAdmin.ID}
		targets := []struct {
			action, kind, id, label string
		}{
			{"test.user", "user", person.ID, "标二"},
			{"test.operator", "operator", opID, "运营标签"},
			{"test.organization", "organization", org.ID, "武汉标签有限公司"},
			{"test.application", "application", app.ID, "武汉标签申请有限公司"},
			{"test.member", "identity", member.ID, "标二（武汉标签有限公司）"},
			{"test.invited", "identity", invited.ID, "标三（武汉标签有限公司）"},
			{"test.unknown", "application", "no-such-application", ""},
			{"test.untyped", "", "", ""},
		}
		var events []core.AuditEvent
		for _, tt := range targets {
			events = append(events, asSuperAdmin.Event(tt.action, tt.kind, tt.id))
		}
		events = append(events, core.Actor{OperatorID: opID}.Event("test.by_operator", "organization", org.ID))
		recordAt(t, s, events...)

		page, err := s.ListAudit(t.Context(), core.AuditFilter{From: window, Limit: core.MaxAuditPageSize})
		if err != nil {
			t.Fatalf("ListAudit: %v", err)
		}
		byAction := map[string]core.AuditEntry{}
		for _, e := range page.Entries {
			byAction[e.Action] = e
		}
		for _, tt := range targets {
			t.Run(tt.action, func(t *testing.T) {
				e, ok := byAction[tt.action]
				if !ok {
					t.Fatalf("event %s is not listed", tt.action)
				}
				if e.TargetLabel != tt.label {
					t.Errorf("TargetLabel = %q, want %q", e.TargetLabel, tt.label)
				}
				if e.TargetKind != tt.kind || e.TargetID != tt.id {
					t.Errorf("target = %s %q, want %s %q", e.TargetKind, e.TargetID, tt.kind, tt.id)
				}
				if e.ActorName != "标一" {
					t.Errorf("ActorName = %q, want 标一", e.ActorName)
				}
				if e.IdentityOrgID != org.ID || e.IdentityOrgName != org.Name || e.IdentityRole != core.RoleSuperAdmin {
					t.Errorf("identity = %q %q %q, want %q %q %q", e.IdentityOrgID, e.IdentityOrgName,
						e.IdentityRole, org.ID, org.Name, core.RoleSuperAdmin)
				}
			})
		}
		e := byAction["test.by_operator"]
		if e.ActorName != "运营标签" {
			t.Errorf("operator's ActorName = %q, want 运营标签", e.ActorName)
		}
		if e.IdentityOrgID != "" || e.IdentityOrgName != "" || e.IdentityRole != "" {
			t.Errorf("operator's identity = %q %q %q, want none", e.IdentityOrgID, e.IdentityOrgName, e.IdentityRole)
		}
	})
}

func TestSSOLoginTargetsTheUser(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		ev := core.Actor{ClientAddr: "10.0.0.1"}.Event("login", "user", "")
		u, _, err := s.UpsertSSOUser(t.Context(), ssoLogin(t, newPhone(t), "登一"), ev)
		if err != nil {
			t.Fatalf("UpsertSSOUser: %v", err)
		}
		page, err := s.ListAudit(t.Context(), core.AuditFilter{ActorID: u.ID})
		if err != nil {
			t.Fatalf("ListAudit: %v", err)
		}
		if len(page.Entries) != 1 {
			t.Fatalf("ListAudit returned %d events of the user, want 1", len(page.Entries))
		}
		if got := page.Entries[0]; got.TargetID != u.ID || got.TargetLabel != "登一" {
			t.Errorf("login target = %q %q, want %q 登一", got.TargetID, got.TargetLabel, u.ID)
		}
	})
}
