package store_test

import (
	"maps"
	"testing"
	"time"

	"wct/internal/core"
	"wct/internal/store"
	"wct/internal/store/storetest"
)

func TestAuditEventPerUseCase(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		clock := newClock(s)
		legal := newUser(t, s, "审一")
		org, superAdmin := onboard(t, s, "武汉审计样例有限公司", legal)
		opID := newOperator(t, s, "运营审计")
		token := newTokenHash()
		var u core.User
		var a core.Application
		var member core.Identity

		steps := []struct {
			name string
			// run performs the use case and returns the event it should
			// have written, and the actor's name.
			run func(t *testing.T) (core.AuditEvent, string)
		}{
			{"UpsertSSOUser", func(t *testing.T) (core.AuditEvent, string) {
				var err error
				u, _, err = s.UpsertSSOUser(t.Context(), ssoLogin(t, newPhone(t), "审二"), loginEvent())
				if err != nil {
					t.Fatalf("UpsertSSOUser: %v", err)
				}
				return userEvent(u, "login", "", ""), u.Name
			}},
			{"CreateSession", func(t *testing.T) (core.AuditEvent, string) {
				ev := userEvent(u, "session.create", "user", u.ID)
				sess := core.Session{TokenHash: token, UserID: u.ID, Method: core.LoginSMS,
					CreatedAt: clock.Now(), ExpiresAt: clock.Now().Add(time.Hour)}
				if err := s.CreateSession(t.Context(), sess, ev); err != nil {
					t.Fatalf("CreateSession: %v", err)
				}
				return ev, u.Name
			}},
			{"SetPassword", func(t *testing.T) (core.AuditEvent, string) {
				ev := userEvent(u, "password.set", "user", u.ID)
				if err := s.SetPassword(t.Context(), u.ID, "hash-1", ev); err != nil {
					t.Fatalf("SetPassword: %v", err)
				}
				return ev, u.Name
			}},
			{"ChangePassword", func(t *testing.T) (core.AuditEvent, string) {
				ev := userEvent(u, "password.change", "user", u.ID)
				if err := s.ChangePassword(t.Context(), u.ID, "hash-2", token, ev); err != nil {
					t.Fatalf("ChangePassword: %v", err)
				}
				return ev, u.Name
			}},
			{"SubmitApplication", func(t *testing.T) (core.AuditEvent, string) {
				ev := userEvent(u, "application.submit", "application", "")
				var err error
				a, err = s.SubmitApplication(t.Context(), enterpriseApplication(t, u, "武汉审计申请有限公司",
					newCreditCode(t), u.Name, u.Phone), ev)
				if err != nil {
					t.Fatalf("SubmitApplication: %v", err)
				}
				ev.TargetID = a.ID
				return ev, u.Name
			}},
			{"DecideApplication", func(t *testing.T) (core.AuditEvent, string) {
				ev := operatorEvent(opID, "application.approve", "application", a.ID)
				d := approval(a, opID)
				ev.Detail = map[string]string{"org_id": d.Org.ID, "credit_code": a.CreditCode}
				if err := s.DecideApplication(t.Context(), d, ev); err != nil {
					t.Fatalf("DecideApplication: %v", err)
				}
				return ev, "运营审计"
			}},
			{"OnboardWithoutReview", func(t *testing.T) (core.AuditEvent, string) {
				ev := userEvent(u, "org.onboard", "organization", "")
				o := newEnterprise(t, "武汉审计法人有限公司", u)
				if _, err := s.OnboardWithoutReview(t.Context(), o, u.ID, ev); err != nil {
					t.Fatalf("OnboardWithoutReview: %v", err)
				}
				ev.TargetID = o.ID
				return ev, u.Name
			}},
			{"CreateIdentity", func(t *testing.T) (core.AuditEvent, string) {
				member = core.Identity{ID: store.NewID(), UserID: u.ID, Kind: org.Kind, OrgID: org.ID,
					Role: core.RoleMember, Status: core.IdentityPending, CreatedAt: clock.Now()}
				ev := userEvent(u, "member.request", "identity", member.ID)
				if err := s.CreateIdentity(t.Context(), member, ev); err != nil {
					t.Fatalf("CreateIdentity: %v", err)
				}
				return ev, u.Name
			}},
			{"DecideJoinRequest", func(t *testing.T) (core.AuditEvent, string) {
				ev := userEvent(legal, "member.approve", "identity", member.ID)
				ev.IdentityID = superAdmin.ID
				ev.Detail = map[string]string{"org_id": org.ID}
				if err := s.DecideJoinRequest(t.Context(), member.ID, org.ID, true, "", legal.ID, ev); err != nil {
					t.Fatalf("DecideJoinRequest: %v", err)
				}
				return ev, legal.Name
			}},
			{"ChangeMember", func(t *testing.T) (core.AuditEvent, string) {
				ev := userEvent(legal, "members.change_role", "identity", member.ID)
				if err := s.ChangeMember(t.Context(), member.ID, org.ID, core.RoleAdmin, legal.ID, ev); err != nil {
					t.Fatalf("ChangeMember: %v", err)
				}
				return ev, legal.Name
			}},
			{"AddMember", func(t *testing.T) (core.AuditEvent, string) {
				ev := userEvent(legal, "member.add", "identity", "")
				id, err := s.AddMember(t.Context(), org.ID, org.Kind, newPhone(t), "审三", legal.ID, ev)
				if err != nil {
					t.Fatalf("AddMember: %v", err)
				}
				ev.TargetID = id.ID
				return ev, legal.Name
			}},
			{"SetActiveIdentity", func(t *testing.T) (core.AuditEvent, string) {
				ev := userEvent(u, "identity.switch", "identity", member.ID)
				if err := s.SetActiveIdentity(t.Context(), token, member.ID, ev); err != nil {
					t.Fatalf("SetActiveIdentity: %v", err)
				}
				return ev, u.Name
			}},
			{"DeleteSession", func(t *testing.T) (core.AuditEvent, string) {
				ev := userEvent(u, "logout", "user", u.ID)
				if err := s.DeleteSession(t.Context(), token, &ev); err != nil {
					t.Fatalf("DeleteSession: %v", err)
				}
				return ev, u.Name
			}},
			{"CreateGrid", func(t *testing.T) (core.AuditEvent, string) {
				g := newGrid("420111", "审计网格")
				ev := operatorEvent(opID, "grid.create", "organization", "")
				if err := s.CreateGrid(t.Context(), g, ev); err != nil {
					t.Fatalf("CreateGrid: %v", err)
				}
				ev.TargetID = g.ID
				return ev, "运营审计"
			}},
			{"RecordAudit", func(t *testing.T) (core.AuditEvent, string) {
				ev := core.AuditEvent{ActorKind: "system", ActorID: "cleanup", Action: "sessions.expire",
					Detail: map[string]string{"removed": "3"}}
				if err := s.RecordAudit(t.Context(), ev); err != nil {
					t.Fatalf("RecordAudit: %v", err)
				}
				return ev, ""
			}},
		}
		for _, step := range steps {
			t.Run(step.name, func(t *testing.T) {
				clock.Advance(time.Second)
				want, wantName := step.run(t)
				page, err := s.ListAudit(t.Context(), core.AuditFilter{Limit: 1})
				if err != nil {
					t.Fatalf("ListAudit: %v", err)
				}
				entries := page.Entries
				if len(entries) != 1 {
					t.Fatalf("ListAudit returned %d entries, want 1", len(entries))
				}
				got := entries[0]
				if got.Action != want.Action {
					t.Fatalf("newest event is %q, want %q", got.Action, want.Action)
				}
				if got.ActorKind != want.ActorKind || got.ActorID != want.ActorID || got.ActorName != wantName {
					t.Errorf("actor = %s %s %q, want %s %s %q", got.ActorKind, got.ActorID, got.ActorName,
						want.ActorKind, want.ActorID, wantName)
				}
				if got.TargetKind != want.TargetKind || got.TargetID != want.TargetID {
					t.Errorf("target = %s %q, want %s %q", got.TargetKind, got.TargetID, want.TargetKind, want.TargetID)
				}
				if got.IdentityID != want.IdentityID || got.ClientAddr != want.ClientAddr {
					t.Errorf("identity %q from %q, want %q from %q", got.IdentityID, got.ClientAddr,
						want.IdentityID, want.ClientAddr)
				}
				if !got.At.Equal(clock.Now()) {
					t.Errorf("event at %v, want the store clock's %v", got.At, clock.Now())
				}
				if got.ID == "" {
					t.Error("event has no id")
				}
				if !maps.Equal(got.Detail, want.Detail) {
					t.Errorf("detail = %v, want %v", got.Detail, want.Detail)
				}
			})
		}
	})
}

func TestListAuditNewestFirst(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		actions := []string{"first", "second", "third"}
		for i, action := range actions {
			ev := core.AuditEvent{At: start.Add(time.Duration(i) * time.Minute), ActorKind: "system",
				ActorID: "test", Action: action}
			if err := s.RecordAudit(t.Context(), ev); err != nil {
				t.Fatalf("RecordAudit: %v", err)
			}
		}
		page, err := s.ListAudit(t.Context(), core.AuditFilter{Limit: 2})
		if err != nil {
			t.Fatalf("ListAudit: %v", err)
		}
		entries := page.Entries
		if len(entries) != 2 {
			t.Fatalf("ListAudit(2) returned %d entries", len(entries))
		}
		if entries[0].Action != "third" || entries[1].Action != "second" {
			t.Errorf("ListAudit(2) = %s, %s; want third, second", entries[0].Action, entries[1].Action)
		}
		if !entries[0].At.Equal(start.Add(2 * time.Minute)) {
			t.Errorf("explicit event time = %v, want %v", entries[0].At, start.Add(2*time.Minute))
		}
	})
}

func TestFailedUseCaseWritesNoAudit(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		u := newUser(t, s, "败一")
		a := submit(t, s, u, "武汉失败样例有限公司")
		opID := newOperator(t, s, "运营失败")
		if err := s.DecideApplication(t.Context(), *reject(a, opID), operatorEvent(opID, "application.reject", "application", a.ID)); err != nil {
			t.Fatalf("first decision: %v", err)
		}
		before := count(t, s, `SELECT COUNT(*) FROM audit_events`)
		err := s.DecideApplication(t.Context(), *approve(a, opID), operatorEvent(opID, "application.approve", "application", a.ID))
		if err == nil {
			t.Fatal("second decision succeeded")
		}
		if after := count(t, s, `SELECT COUNT(*) FROM audit_events`); after != before {
			t.Errorf("failed decision wrote %d audit events, want 0", after-before)
		}
	})
}
