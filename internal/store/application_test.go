package store_test

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"wct/internal/core"
	"wct/internal/store"
	"wct/internal/store/storetest"
)

func TestSubmitApplication(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		u := newUser(t, s, "黄一")
		in := enterpriseApplication(t, u, "武汉楚天激光有限公司", newCreditCode(t), u.Name, u.Phone)
		in.Flagged = true
		a, err := s.SubmitApplication(t.Context(), in, userEvent(u, "application.submit", "application", ""))
		if err != nil {
			t.Fatalf("SubmitApplication: %v", err)
		}
		if a.ID == "" {
			t.Fatal("SubmitApplication returned no id")
		}
		if a.Status != core.ApplicationPending || !a.SubmittedAt.Equal(start) {
			t.Errorf("returned application is %s at %v, want pending at %v", a.Status, a.SubmittedAt, start)
		}
		v, err := s.ApplicationByID(t.Context(), a.ID)
		if err != nil {
			t.Fatalf("ApplicationByID: %v", err)
		}
		if v.Status != core.ApplicationPending {
			t.Errorf("stored status = %s, want pending", v.Status)
		}
		if v.ApplicantID != u.ID || v.ApplicantName != u.Name || v.ApplicantPhone != u.Phone {
			t.Errorf("applicant = %s %q %q, want %s %q %q", v.ApplicantID, v.ApplicantName,
				v.ApplicantPhone, u.ID, u.Name, u.Phone)
		}
		if v.Name != in.Name || v.CreditCode != in.CreditCode || v.UniqueKey != in.UniqueKey || v.Kind != in.Kind {
			t.Errorf("application = %s %q %s %s, want %s %q %s %s", v.Kind, v.Name, v.CreditCode,
				v.UniqueKey, in.Kind, in.Name, in.CreditCode, in.UniqueKey)
		}
		if !reflect.DeepEqual(v.Form, in.Form) {
			t.Errorf("form = %+v, want %+v", v.Form, in.Form)
		}
		if v.LegalIDEnc != in.LegalIDEnc || v.LicenseUploadID != in.LicenseUploadID {
			t.Error("sealed legal ID number or license upload id not stored")
		}
		if !v.Flagged {
			t.Error("flagged application stored as not flagged")
		}
		if !v.SubmittedAt.Equal(start) || !v.DecidedAt.IsZero() {
			t.Errorf("submitted %v, decided %v, want %v and zero", v.SubmittedAt, v.DecidedAt, start)
		}
	})
}

func TestApplicationByIDNotFound(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		if _, err := s.ApplicationByID(t.Context(), store.NewID()); !errors.Is(err, core.ErrNotFound) {
			t.Errorf("ApplicationByID(unknown) error = %v, want not found", err)
		}
	})
}

func TestListApplications(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		clock := newClock(s)
		alice, bob := newUser(t, s, "艾一"), newUser(t, s, "鲍二")
		var mine []string
		var pending []string
		for i := range 3 {
			a := submit(t, s, alice, fmt.Sprintf("武汉艾氏第%d科技有限公司", i+1))
			mine, pending = append(mine, a.ID), append(pending, a.ID)
			clock.Advance(time.Minute)
			b := submit(t, s, bob, fmt.Sprintf("武汉鲍氏第%d科技有限公司", i+1))
			pending = append(pending, b.ID)
			clock.Advance(time.Minute)
		}
		opID := newOperator(t, s, "运营丁")
		if err := s.DecideApplication(t.Context(), core.Decision{ApplicationID: pending[1], OperatorID: opID,
			Reason: "营业执照照片不清晰"}, operatorEvent(opID, "application.reject", "application", pending[1])); err != nil {
			t.Fatalf("DecideApplication: %v", err)
		}

		got, total, err := s.ReviewQueue(t.Context(), core.ApplicationPending, 0, 10)
		if err != nil {
			t.Fatalf("ReviewQueue(pending): %v", err)
		}
		want := []string{pending[0], pending[2], pending[3], pending[4], pending[5]}
		if ids := applicationIDs(got); !reflect.DeepEqual(ids, want) || total != 5 {
			t.Errorf("pending queue = %v of %d, want %v of 5, oldest first", ids, total, want)
		}
		got, total, err = s.ReviewQueue(t.Context(), core.ApplicationPending, 2, 2)
		if err != nil {
			t.Fatalf("ReviewQueue(pending, second page): %v", err)
		}
		if ids := applicationIDs(got); !reflect.DeepEqual(ids, want[2:4]) || total != 5 {
			t.Errorf("second page of 2 = %v of %d, want %v of 5", ids, total, want[2:4])
		}
		got, err = s.ListApplications(t.Context(), alice.ID, 10)
		if err != nil {
			t.Fatalf("ListApplications(applicant): %v", err)
		}
		want = []string{mine[2], mine[1], mine[0]}
		if ids := applicationIDs(got); !reflect.DeepEqual(ids, want) {
			t.Errorf("applicant's applications = %v, want %v, newest first", ids, want)
		}
		clock.Advance(time.Minute)
		if err := s.DecideApplication(t.Context(), core.Decision{ApplicationID: pending[3], OperatorID: opID,
			Reason: "法人信息与执照不符"}, operatorEvent(opID, "application.reject", "application", pending[3])); err != nil {
			t.Fatalf("DecideApplication: %v", err)
		}
		got, total, err = s.ReviewQueue(t.Context(), core.ApplicationRejected, 0, 10)
		if err != nil {
			t.Fatalf("ReviewQueue(rejected): %v", err)
		}
		if ids := applicationIDs(got); !reflect.DeepEqual(ids, []string{pending[3], pending[1]}) || total != 2 {
			t.Errorf("rejected = %v of %d, want [%s %s], newest decision first", ids, total, pending[3], pending[1])
		}
	})
}

func applicationIDs(views []core.ApplicationView) []string {
	ids := make([]string, len(views))
	for i, v := range views {
		ids[i] = v.ID
	}
	return ids
}

func TestSubmitApplicationConflicts(t *testing.T) {
	tests := []struct {
		name string
		// prepare stores what is already there for the credit code and
		// returns the kind and unique key of the new application.
		prepare func(t *testing.T, s *store.Store, code string) (core.Kind, string)
		want    error
	}{
		{"pending of another applicant", func(t *testing.T, s *store.Store, code string) (core.Kind, string) {
			other := newUser(t, s, "竞争者")
			a := enterpriseApplication(t, other, "武汉先到科技有限公司", code, other.Name, other.Phone)
			if _, err := s.SubmitApplication(t.Context(), a, userEvent(other, "application.submit", "application", "")); err != nil {
				t.Fatalf("first application: %v", err)
			}
			return core.KindEnterprise, code
		}, core.ErrConflict},
		{"already onboarded", func(t *testing.T, s *store.Store, code string) (core.Kind, string) {
			legal := newUser(t, s, "法人")
			o := newEnterprise(t, "武汉已入驻科技有限公司", legal)
			o.CreditCode, o.UniqueKey = code, code
			if _, err := s.OnboardWithoutReview(t.Context(), o, legal.ID, userEvent(legal, "org.onboard", "organization", "")); err != nil {
				t.Fatalf("OnboardWithoutReview: %v", err)
			}
			return core.KindEnterprise, code
		}, core.ErrConflict},
		{"same code as another kind", func(t *testing.T, s *store.Store, code string) (core.Kind, string) {
			legal := newUser(t, s, "法人")
			o := newEnterprise(t, "武汉同码科技有限公司", legal)
			o.CreditCode, o.UniqueKey = code, code
			if _, err := s.OnboardWithoutReview(t.Context(), o, legal.ID, userEvent(legal, "org.onboard", "organization", "")); err != nil {
				t.Fatalf("OnboardWithoutReview: %v", err)
			}
			return core.KindServiceInstitution, code
		}, nil},
		{"research team of an onboarded unit", func(t *testing.T, s *store.Store, code string) (core.Kind, string) {
			legal := newUser(t, s, "法人")
			o := newEnterprise(t, "武汉某大学", legal)
			o.CreditCode, o.UniqueKey = code, code
			if _, err := s.OnboardWithoutReview(t.Context(), o, legal.ID, userEvent(legal, "org.onboard", "organization", "")); err != nil {
				t.Fatalf("OnboardWithoutReview: %v", err)
			}
			return core.KindResearchTeam, code + "/光电材料团队"
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			storetest.Run(t, func(t *testing.T, s *store.Store) {
				newClock(s)
				code := newCreditCode(t)
				kind, key := tt.prepare(t, s, code)
				u := newUser(t, s, "申请人")
				a := enterpriseApplication(t, u, "武汉后到科技有限公司", code, u.Name, u.Phone)
				a.Kind, a.UniqueKey = kind, key
				_, err := s.SubmitApplication(t.Context(), a, userEvent(u, "application.submit", "application", ""))
				if tt.want == nil && err != nil {
					t.Errorf("SubmitApplication: %v, want success", err)
				}
				if tt.want != nil && !errors.Is(err, tt.want) {
					t.Errorf("SubmitApplication: error = %v, want %v", err, tt.want)
				}
			})
		})
	}
}

func TestResubmitApplication(t *testing.T) {
	tests := []struct {
		name string
		// decide decides the application, or leaves it pending when nil.
		decide      func(a core.Application, operatorID string) *core.Decision
		byApplicant bool
		want        error
	}{
		{"rejected", reject, true, nil},
		{"pending", nil, true, core.ErrConflict},
		{"approved", approve, true, core.ErrConflict},
		{"rejected, by someone else", reject, false, core.ErrConflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			storetest.Run(t, func(t *testing.T, s *store.Store) {
				clock := newClock(s)
				u := newUser(t, s, "许一")
				a := submit(t, s, u, "武汉许氏电子有限公司")
				opID := newOperator(t, s, "运营戊")
				if tt.decide != nil {
					err := s.DecideApplication(t.Context(), *tt.decide(a, opID), operatorEvent(opID, "application.decide", "application", a.ID))
					if err != nil {
						t.Fatalf("DecideApplication: %v", err)
					}
				}
				clock.Advance(time.Hour)
				resubmitter := u
				if !tt.byApplicant {
					resubmitter = newUser(t, s, "他人")
				}
				again := a
				again.ApplicantID = resubmitter.ID
				again.Name = "武汉许氏电子科技有限公司"
				got, err := s.SubmitApplication(t.Context(), again, userEvent(resubmitter, "application.resubmit", "application", a.ID))
				if tt.want != nil {
					if !errors.Is(err, tt.want) {
						t.Errorf("resubmit: error = %v, want %v", err, tt.want)
					}
					return
				}
				if err != nil {
					t.Fatalf("resubmit: %v", err)
				}
				if got.ID != a.ID {
					t.Errorf("resubmit returned application %s, want the same %s", got.ID, a.ID)
				}
				v, err := s.ApplicationByID(t.Context(), a.ID)
				if err != nil {
					t.Fatalf("ApplicationByID: %v", err)
				}
				if v.Status != core.ApplicationPending {
					t.Errorf("status after resubmit = %s, want pending", v.Status)
				}
				if v.Reason != "" || !v.DecidedAt.IsZero() || v.DecidedBy != "" {
					t.Errorf("resubmit kept the old decision: reason %q at %v by %q", v.Reason, v.DecidedAt, v.DecidedBy)
				}
				if v.Name != again.Name || !v.SubmittedAt.Equal(start.Add(time.Hour)) {
					t.Errorf("resubmitted application = %q at %v, want %q at %v", v.Name, v.SubmittedAt,
						again.Name, start.Add(time.Hour))
				}
			})
		})
	}
}

func reject(a core.Application, operatorID string) *core.Decision {
	return &core.Decision{ApplicationID: a.ID, OperatorID: operatorID, Reason: "统一社会信用代码与营业执照不一致"}
}

func approve(a core.Application, operatorID string) *core.Decision {
	d := approval(a, operatorID)
	return &d
}

func TestResubmitWhileAnotherPending(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		first, second := newUser(t, s, "先一"), newUser(t, s, "后二")
		a := submit(t, s, first, "武汉重名科技有限公司")
		opID := newOperator(t, s, "运营己")
		if err := s.DecideApplication(t.Context(), *reject(a, opID), operatorEvent(opID, "application.reject", "application", a.ID)); err != nil {
			t.Fatalf("reject: %v", err)
		}
		b := enterpriseApplication(t, second, a.Name, a.CreditCode, second.Name, second.Phone)
		if _, err := s.SubmitApplication(t.Context(), b, userEvent(second, "application.submit", "application", "")); err != nil {
			t.Fatalf("second applicant's application: %v", err)
		}
		_, err := s.SubmitApplication(t.Context(), a, userEvent(first, "application.resubmit", "application", a.ID))
		if !errors.Is(err, core.ErrConflict) {
			t.Errorf("resubmit while another application of the code is pending: error = %v, want conflict", err)
		}
	})
}

func TestDecideApplicationApprove(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		clock := newClock(s)
		applicant := newUser(t, s, "何一")
		legalPhone := newPhone(t)
		a := enterpriseApplication(t, applicant, "武汉何氏新能源有限公司", newCreditCode(t), "吕二", legalPhone)
		a, err := s.SubmitApplication(t.Context(), a, userEvent(applicant, "application.submit", "application", ""))
		if err != nil {
			t.Fatalf("SubmitApplication: %v", err)
		}
		clock.Advance(time.Hour)
		opID := newOperator(t, s, "运营庚")
		legal := core.Identity{ID: store.NewID(), InvitePhone: legalPhone, InviteName: "吕二",
			Kind: a.Kind, Role: core.RoleSuperAdmin, Status: core.IdentityInvited,
			CreatedAt: start, DecidedAt: start, DecidedBy: opID}
		d := approval(a, opID, legal)
		d.Identities[0].Role = core.RoleAdmin
		if err := s.DecideApplication(t.Context(), d, operatorEvent(opID, "application.approve", "application", a.ID)); err != nil {
			t.Fatalf("DecideApplication: %v", err)
		}

		v, err := s.ApplicationByID(t.Context(), a.ID)
		if err != nil {
			t.Fatalf("ApplicationByID: %v", err)
		}
		if v.Status != core.ApplicationApproved || v.OrgID != d.Org.ID {
			t.Errorf("application is %s with org %q, want approved with %s", v.Status, v.OrgID, d.Org.ID)
		}
		if v.DecidedBy != opID || !v.DecidedAt.Equal(start.Add(time.Hour)) {
			t.Errorf("decided by %q at %v, want %s at %v", v.DecidedBy, v.DecidedAt, opID, start.Add(time.Hour))
		}
		o, err := s.OrganizationByID(t.Context(), d.Org.ID)
		if err != nil {
			t.Fatalf("OrganizationByID: %v", err)
		}
		if o.Name != a.Name || o.CreditCode != a.CreditCode || o.Source != "application" {
			t.Errorf("organization = %q %s from %q, want %q %s from application", o.Name, o.CreditCode,
				o.Source, a.Name, a.CreditCode)
		}
		if !reflect.DeepEqual(o.TechFields, a.Form.TechFields) {
			t.Errorf("tech fields = %q, want %q", o.TechFields, a.Form.TechFields)
		}
		members, err := s.Members(t.Context(), o.ID)
		if err != nil {
			t.Fatalf("Members: %v", err)
		}
		if len(members) != 2 {
			t.Fatalf("organization has %d members, want the applicant and the legal person", len(members))
		}
		byRole := map[core.Role]core.IdentityView{}
		for _, m := range members {
			byRole[m.Role] = m
		}
		if m := byRole[core.RoleAdmin]; m.UserID != applicant.ID || m.Status != core.IdentityActive {
			t.Errorf("admin = user %q %s, want the applicant %s active", m.UserID, m.Status, applicant.ID)
		}
		if m := byRole[core.RoleSuperAdmin]; m.InvitePhone != legalPhone || m.Status != core.IdentityInvited {
			t.Errorf("super admin = phone %q %s, want the legal person's phone invited", m.InvitePhone, m.Status)
		}
		exists, err := s.OrganizationExists(t.Context(), a.Kind, a.UniqueKey)
		if err != nil {
			t.Fatalf("OrganizationExists: %v", err)
		}
		if !exists {
			t.Error("OrganizationExists = false after approval")
		}
		err = s.DecideApplication(t.Context(), *reject(a, opID), operatorEvent(opID, "application.reject", "application", a.ID))
		if !errors.Is(err, core.ErrAlreadyDecided) {
			t.Errorf("second decision: error = %v, want already decided", err)
		}
	})
}

func TestDecideApplicationReject(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		u := newUser(t, s, "施一")
		a := submit(t, s, u, "武汉施氏生物科技有限公司")
		opID := newOperator(t, s, "运营辛")
		d := reject(a, opID)
		if err := s.DecideApplication(t.Context(), *d, operatorEvent(opID, "application.reject", "application", a.ID)); err != nil {
			t.Fatalf("DecideApplication: %v", err)
		}
		v, err := s.ApplicationByID(t.Context(), a.ID)
		if err != nil {
			t.Fatalf("ApplicationByID: %v", err)
		}
		if v.Status != core.ApplicationRejected {
			t.Errorf("status = %s, want rejected", v.Status)
		}
		if v.Reason != d.Reason {
			t.Errorf("reason = %q, want %q", v.Reason, d.Reason)
		}
		if v.OrgID != "" {
			t.Errorf("rejected application has org %q", v.OrgID)
		}
		exists, err := s.OrganizationExists(t.Context(), a.Kind, a.UniqueKey)
		if err != nil {
			t.Fatalf("OrganizationExists: %v", err)
		}
		if exists {
			t.Error("rejection created an organization")
		}
		err = s.DecideApplication(t.Context(), *d, operatorEvent(opID, "application.reject", "application", a.ID))
		if !errors.Is(err, core.ErrAlreadyDecided) {
			t.Errorf("second rejection: error = %v, want already decided", err)
		}
	})
}

func TestDecideApplicationUnknown(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		opID := newOperator(t, s, "运营壬")
		d := core.Decision{ApplicationID: store.NewID(), OperatorID: opID, Reason: "不存在"}
		err := s.DecideApplication(t.Context(), d, operatorEvent(opID, "application.reject", "application", d.ApplicationID))
		if !errors.Is(err, core.ErrAlreadyDecided) {
			t.Errorf("decision on an unknown application: error = %v, want already decided", err)
		}
	})
}

func TestDecideApplicationConcurrent(t *testing.T) {
	for _, n := range []int{2, 4, 8} {
		t.Run(fmt.Sprintf("%d operators", n), func(t *testing.T) {
			storetest.Run(t, func(t *testing.T, s *store.Store) {
				newClock(s)
				u := newUser(t, s, "郎一")
				a := submit(t, s, u, "武汉郎氏光电有限公司")
				decisions := make([]core.Decision, n)
				for i := range decisions {
					opID := newOperator(t, s, fmt.Sprintf("运营%d", i))
					if i%2 == 0 {
						decisions[i] = *approve(a, opID)
					} else {
						decisions[i] = *reject(a, opID)
					}
				}
				errs := concurrently(n, func(i int) error {
					ev := operatorEvent(decisions[i].OperatorID, "application.decide", "application", a.ID)
					return s.DecideApplication(t.Context(), decisions[i], ev)
				})
				won, lost := countErrors(t, errs, core.ErrAlreadyDecided)
				if won != 1 {
					t.Errorf("%d of %d concurrent decisions succeeded, want exactly 1", won, n)
				}
				if lost != n-1 {
					t.Errorf("%d concurrent decisions got already decided, want %d", lost, n-1)
				}
				orgs := count(t, s, `SELECT COUNT(*) FROM organizations WHERE unique_key = $1`, a.UniqueKey)
				v, err := s.ApplicationByID(t.Context(), a.ID)
				if err != nil {
					t.Fatalf("ApplicationByID: %v", err)
				}
				wantOrgs := 0
				if v.Status == core.ApplicationApproved {
					wantOrgs = 1
				}
				if orgs != wantOrgs {
					t.Errorf("%d organizations for an application that ended %s, want %d", orgs, v.Status, wantOrgs)
				}
				if n := count(t, s, `SELECT COUNT(*) FROM audit_events WHERE action = 'application.decide'`); n != 1 {
					t.Errorf("%d decision audit events, want 1", n)
				}
			})
		})
	}
}

func TestSubmitApplicationConcurrent(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		code := newCreditCode(t)
		const n = 4
		apps := make([]core.Application, n)
		users := make([]core.User, n)
		for i := range n {
			users[i] = newUser(t, s, fmt.Sprintf("申请人%d", i))
			apps[i] = enterpriseApplication(t, users[i], "武汉争先科技有限公司", code, users[i].Name, users[i].Phone)
		}
		errs := concurrently(n, func(i int) error {
			_, err := s.SubmitApplication(t.Context(), apps[i], userEvent(users[i], "application.submit", "application", ""))
			return err
		})
		won, lost := countErrors(t, errs, core.ErrConflict)
		if won != 1 {
			t.Errorf("%d of %d concurrent applications for one credit code succeeded, want exactly 1", won, n)
		}
		if lost != n-1 {
			t.Errorf("%d concurrent applications got a conflict, want %d", lost, n-1)
		}
		if got := count(t, s, `SELECT COUNT(*) FROM applications WHERE unique_key = $1`, code); got != 1 {
			t.Errorf("%d applications stored for the credit code, want 1", got)
		}
	})
}

func TestOnboardRacesApplication(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		for round := range 5 {
			legal := newUser(t, s, fmt.Sprintf("法人%d", round))
			applicant := newUser(t, s, fmt.Sprintf("申请人%d", round))
			org := newEnterprise(t, "武汉竞速材料有限公司", legal)
			app := enterpriseApplication(t, applicant, org.Name, org.CreditCode, "法人", legal.Phone)
			errs := concurrently(2, func(i int) error {
				if i == 0 {
					_, err := s.OnboardWithoutReview(t.Context(), org, legal.ID,
						userEvent(legal, "organization.onboard_legal", "organization", org.ID))
					return err
				}
				_, err := s.SubmitApplication(t.Context(), app, userEvent(applicant, "application.submit", "application", ""))
				return err
			})
			// Either the application came first and the onboarding
			// superseded it, or the onboarding came first and the
			// application got a conflict: one organization, nothing pending.
			if !errors.Is(errs[1], core.ErrConflict) && errs[1] != nil {
				t.Fatalf("round %d: application error %v", round, errs[1])
			}
			if errs[0] != nil {
				t.Fatalf("round %d: onboarding error %v", round, errs[0])
			}
			if n := count(t, s, `SELECT COUNT(*) FROM organizations WHERE unique_key = $1`, org.UniqueKey); n != 1 {
				t.Errorf("round %d: %d organizations, want 1", round, n)
			}
			if n := count(t, s, `SELECT COUNT(*) FROM applications WHERE unique_key = $1 AND status = 'pending'`, org.UniqueKey); n != 0 {
				t.Errorf("round %d: %d applications still pending, want 0", round, n)
			}
		}
	})
}
