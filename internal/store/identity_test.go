package store_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"wct/internal/core"
	"wct/internal/store"
	"wct/internal/store/storetest"
)

// addMember adds the phone to the organization as a member, done by the
// user by.
func addMember(t *testing.T, s *store.Store, org core.Organization, by core.User, phone, name string) core.Identity {
	t.Helper()
	id, err := s.AddMember(t.Context(), org.ID, org.Kind, phone, name, by.ID, userEvent(by, "member.add", "identity", ""))
	if err != nil {
		t.Fatalf("AddMember(%s): %v", name, err)
	}
	return id
}

// requestJoin stores a pending join request of the user to the
// organization.
func requestJoin(t *testing.T, s *store.Store, u core.User, org core.Organization) core.Identity {
	t.Helper()
	id := core.Identity{ID: store.NewID(), UserID: u.ID, Kind: org.Kind, OrgID: org.ID,
		Role: core.RoleMember, Status: core.IdentityPending, CreatedAt: start}
	if err := s.CreateIdentity(t.Context(), id, userEvent(u, "member.request", "identity", id.ID)); err != nil {
		t.Fatalf("CreateIdentity: %v", err)
	}
	return id
}

// changeMember sets the member's role, or removes the member when role is
// empty.
func changeMember(t *testing.T, s *store.Store, by core.User, org core.Organization, identityID string, role core.Role) error {
	ev := userEvent(by, "members.change", "identity", identityID)
	return s.ChangeMember(t.Context(), identityID, org.ID, role, by.ID, ev)
}

func TestAddMemberWithAccount(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		legal := newUser(t, s, "章一")
		org, _ := onboard(t, s, "武汉章氏装备有限公司", legal)
		member := newUser(t, s, "云二")
		id := addMember(t, s, org, legal, member.Phone, "云二")
		if id.Status != core.IdentityActive || id.Role != core.RoleMember {
			t.Errorf("identity is %s %s, want active member", id.Status, id.Role)
		}
		if id.UserID != member.ID {
			t.Errorf("identity user = %q, want %s", id.UserID, member.ID)
		}
		if id.InvitePhone != "" || id.InviteName != "" {
			t.Errorf("identity of an existing user keeps invitation %q %q", id.InvitePhone, id.InviteName)
		}
		stored, err := s.IdentityByID(t.Context(), id.ID)
		if err != nil {
			t.Fatalf("IdentityByID: %v", err)
		}
		if stored.DecidedBy != legal.ID || !stored.DecidedAt.Equal(start) {
			t.Errorf("decided by %q at %v, want %s at %v", stored.DecidedBy, stored.DecidedAt, legal.ID, start)
		}
		_, err = s.AddMember(t.Context(), org.ID, org.Kind, member.Phone, "云二", legal.ID, userEvent(legal, "member.add", "identity", ""))
		if !errors.Is(err, core.ErrConflict) {
			t.Errorf("adding a member twice: error = %v, want conflict", err)
		}
	})
}

func TestAddMemberWithoutAccount(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		legal := newUser(t, s, "苏一")
		org, _ := onboard(t, s, "武汉苏氏医疗器械有限公司", legal)
		phone := newPhone(t)
		id := addMember(t, s, org, legal, phone, "潘二")
		if id.Status != core.IdentityInvited || id.UserID != "" {
			t.Errorf("identity is %s of user %q, want invited without user", id.Status, id.UserID)
		}
		if id.InvitePhone != phone || id.InviteName != "潘二" {
			t.Errorf("invitation = %q %q, want %q 潘二", id.InvitePhone, id.InviteName, phone)
		}
		members, err := s.Members(t.Context(), org.ID)
		if err != nil {
			t.Fatalf("Members: %v", err)
		}
		if len(members) != 2 {
			t.Fatalf("organization has %d members, want the super admin and the invitation", len(members))
		}
		invited := members[1]
		if invited.ID != id.ID || invited.UserName != "潘二" || invited.UserPhone != phone {
			t.Errorf("listed invitation = %s %q %q, want %s 潘二 %q", invited.ID, invited.UserName,
				invited.UserPhone, id.ID, phone)
		}
	})
}

func TestAddMemberCorrectsInvitation(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		legal := newUser(t, s, "欧一")
		org, _ := onboard(t, s, "武汉欧氏光电有限公司", legal)
		phone := newPhone(t)
		first := addMember(t, s, org, legal, phone, "潘贰")
		again := addMember(t, s, org, legal, phone, "潘二")
		if again.ID != first.ID || again.Status != core.IdentityInvited {
			t.Errorf("second invitation is %s %s, want the first %s still invited", again.ID, again.Status, first.ID)
		}
		stored, err := s.IdentityByID(t.Context(), first.ID)
		if err != nil {
			t.Fatalf("IdentityByID: %v", err)
		}
		if stored.InviteName != "潘二" {
			t.Errorf("invitation name = %q, want the corrected 潘二", stored.InviteName)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM identities WHERE org_id = $1`, org.ID); n != 2 {
			t.Errorf("organization has %d identities, want the super admin and one invitation", n)
		}
	})
}

func TestAddMemberWithdrawsMistypedInvitation(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		legal := newUser(t, s, "鲁一")
		org, _ := onboard(t, s, "武汉鲁氏软件有限公司", legal)
		u := newUser(t, s, "柏二")
		mistyped := addMember(t, s, org, legal, u.Phone, "柏贰")
		if mistyped.Status != core.IdentityInvited {
			t.Fatalf("a wrong name gave %s, want invited", mistyped.Status)
		}
		id := addMember(t, s, org, legal, u.Phone, u.Name)
		if id.Status != core.IdentityActive || id.UserID != u.ID {
			t.Errorf("the right name gave %s of %q, want active of %s", id.Status, id.UserID, u.ID)
		}
		stored, err := s.IdentityByID(t.Context(), mistyped.ID)
		if err != nil {
			t.Fatalf("IdentityByID: %v", err)
		}
		if stored.Status != core.IdentityRemoved {
			t.Errorf("mistyped invitation is %s, want removed", stored.Status)
		}
	})
}

func TestAddMemberKeepsInvitedSuperAdmin(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		admin := newUser(t, s, "邢一")
		legalPhone := newPhone(t)
		a := enterpriseApplication(t, admin, "武汉邢氏物流有限公司", newCreditCode(t), "邢法人", legalPhone)
		a, err := s.SubmitApplication(t.Context(), a, userEvent(admin, "application.submit", "application", ""))
		if err != nil {
			t.Fatalf("SubmitApplication: %v", err)
		}
		op := newOperator(t, s, "审核员")
		superID := store.NewID()
		d := approval(a, op, core.Identity{ID: superID, InvitePhone: legalPhone, InviteName: "邢法人",
			Kind: a.Kind, Role: core.RoleSuperAdmin, Status: core.IdentityInvited, CreatedAt: start})
		d.Identities[0].Role = core.RoleAdmin
		if err := s.DecideApplication(t.Context(), d, operatorEvent(op, "application.approve", "application", a.ID)); err != nil {
			t.Fatalf("DecideApplication: %v", err)
		}
		org := d.Org
		_, err = s.AddMember(t.Context(), org.ID, org.Kind, legalPhone, "别的名字", admin.ID,
			userEvent(admin, "member.add", "identity", ""))
		if !errors.Is(err, core.ErrConflict) {
			t.Errorf("re-adding the invited super admin: error = %v, want conflict", err)
		}
		stored, err := s.IdentityByID(t.Context(), superID)
		if err != nil {
			t.Fatalf("IdentityByID: %v", err)
		}
		if stored.InviteName != "邢法人" || stored.Role != core.RoleSuperAdmin {
			t.Errorf("super admin invitation became %q %s", stored.InviteName, stored.Role)
		}
	})
}

func TestCountJoinRequests(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		legal := newUser(t, s, "冯一")
		org, _ := onboard(t, s, "武汉冯氏化工有限公司", legal)
		first, second := newUser(t, s, "冯二"), newUser(t, s, "冯三")
		requestJoin(t, s, first, org)
		request := requestJoin(t, s, second, org)
		addMember(t, s, org, legal, newPhone(t), "冯四") // an invitation is not a request
		if err := s.DecideJoinRequest(t.Context(), request.ID, org.ID, true, "", legal.ID,
			userEvent(legal, "member.approve", "identity", request.ID)); err != nil {
			t.Fatalf("DecideJoinRequest: %v", err)
		}
		n, err := s.CountJoinRequests(t.Context(), org.ID)
		if err != nil {
			t.Fatalf("CountJoinRequests: %v", err)
		}
		if n != 1 {
			t.Errorf("CountJoinRequests = %d, want 1", n)
		}
	})
}

func TestAddMemberApprovesJoinRequest(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		legal := newUser(t, s, "葛一")
		org, _ := onboard(t, s, "武汉葛氏新能源有限公司", legal)
		u := newUser(t, s, "奚二")
		request := requestJoin(t, s, u, org)
		id := addMember(t, s, org, legal, u.Phone, u.Name)
		if id.Status != core.IdentityActive {
			t.Errorf("returned identity is %s, want active", id.Status)
		}
		stored, err := s.IdentityByID(t.Context(), request.ID)
		if err != nil {
			t.Fatalf("IdentityByID(join request): %v", err)
		}
		if stored.Status != core.IdentityActive || stored.DecidedBy != legal.ID {
			t.Errorf("join request is %s decided by %q, want active by %s", stored.Status, stored.DecidedBy, legal.ID)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM identities WHERE user_id = $1`, u.ID); n != 1 {
			t.Errorf("user has %d identities in the organization, want the 1 approved request", n)
		}
	})
}

func TestAddMemberReturnsJoinRequest(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		legal := newUser(t, s, "范一")
		org, _ := onboard(t, s, "武汉范氏材料有限公司", legal)
		u := newUser(t, s, "彭二")
		request := requestJoin(t, s, u, org)
		id := addMember(t, s, org, legal, u.Phone, u.Name)
		if id.ID != request.ID {
			t.Errorf("AddMember returned identity %s, want the approved join request %s", id.ID, request.ID)
		}
		if _, err := s.IdentityByID(t.Context(), id.ID); err != nil {
			t.Errorf("IdentityByID(returned identity): %v", err)
		}
	})
}

func TestJoinRequestDuplicate(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		legal := newUser(t, s, "鲁一")
		org, _ := onboard(t, s, "武汉鲁氏现代农业有限公司", legal)
		u := newUser(t, s, "韦二")
		requestJoin(t, s, u, org)
		again := core.Identity{ID: store.NewID(), UserID: u.ID, Kind: org.Kind, OrgID: org.ID,
			Role: core.RoleMember, Status: core.IdentityPending, CreatedAt: start}
		err := s.CreateIdentity(t.Context(), again, userEvent(u, "member.request", "identity", again.ID))
		if !errors.Is(err, core.ErrConflict) {
			t.Errorf("second join request: error = %v, want conflict", err)
		}
		legalAgain := core.Identity{ID: store.NewID(), UserID: legal.ID, Kind: org.Kind, OrgID: org.ID,
			Role: core.RoleMember, Status: core.IdentityPending, CreatedAt: start}
		err = s.CreateIdentity(t.Context(), legalAgain, userEvent(legal, "member.request", "identity", legalAgain.ID))
		if !errors.Is(err, core.ErrConflict) {
			t.Errorf("join request of an active member: error = %v, want conflict", err)
		}
	})
}

func TestDecideJoinRequest(t *testing.T) {
	tests := []struct {
		name    string
		approve bool
		reason  string
		want    core.IdentityStatus
	}{
		{"approve", true, "", core.IdentityActive},
		{"reject", false, "查无此人", core.IdentityRejected},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			storetest.Run(t, func(t *testing.T, s *store.Store) {
				clock := newClock(s)
				legal := newUser(t, s, "昌一")
				org, _ := onboard(t, s, "武汉昌氏汽车有限公司", legal)
				u := newUser(t, s, "马二")
				request := requestJoin(t, s, u, org)
				clock.Advance(time.Hour)
				err := s.DecideJoinRequest(t.Context(), request.ID, org.ID, tt.approve, tt.reason, legal.ID,
					userEvent(legal, "member.decide", "identity", request.ID))
				if err != nil {
					t.Fatalf("DecideJoinRequest: %v", err)
				}
				stored, err := s.IdentityByID(t.Context(), request.ID)
				if err != nil {
					t.Fatalf("IdentityByID: %v", err)
				}
				if stored.Status != tt.want || stored.Reason != tt.reason {
					t.Errorf("request is %s with reason %q, want %s with %q", stored.Status, stored.Reason, tt.want, tt.reason)
				}
				if stored.DecidedBy != legal.ID || !stored.DecidedAt.Equal(start.Add(time.Hour)) {
					t.Errorf("decided by %q at %v, want %s at %v", stored.DecidedBy, stored.DecidedAt,
						legal.ID, start.Add(time.Hour))
				}
				err = s.DecideJoinRequest(t.Context(), request.ID, org.ID, !tt.approve, "改主意", legal.ID,
					userEvent(legal, "member.decide", "identity", request.ID))
				if !errors.Is(err, core.ErrAlreadyDecided) {
					t.Errorf("second decision: error = %v, want already decided", err)
				}
			})
		})
	}
}

func TestDecideJoinRequestOtherOrganization(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		legal := newUser(t, s, "苗一")
		org, _ := onboard(t, s, "武汉苗氏生物有限公司", legal)
		other, _ := onboard(t, s, "武汉苗氏另一家有限公司", legal)
		request := requestJoin(t, s, newUser(t, s, "凤二"), org)
		err := s.DecideJoinRequest(t.Context(), request.ID, other.ID, true, "", legal.ID,
			userEvent(legal, "member.decide", "identity", request.ID))
		if !errors.Is(err, core.ErrNotFound) {
			t.Errorf("deciding another organization's request: error = %v, want not found", err)
		}
		stored, err := s.IdentityByID(t.Context(), request.ID)
		if err != nil {
			t.Fatalf("IdentityByID: %v", err)
		}
		if stored.Status != core.IdentityPending {
			t.Errorf("request is %s after a decision through another organization, want pending", stored.Status)
		}
	})
}

func TestRejectedJoinRequestRetry(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		legal := newUser(t, s, "花一")
		org, _ := onboard(t, s, "武汉花氏数字有限公司", legal)
		u := newUser(t, s, "方二")
		request := requestJoin(t, s, u, org)
		if err := s.DecideJoinRequest(t.Context(), request.ID, org.ID, false, "信息不全", legal.ID,
			userEvent(legal, "member.reject", "identity", request.ID)); err != nil {
			t.Fatalf("DecideJoinRequest: %v", err)
		}
		requestJoin(t, s, u, org)
		ids, err := s.UserIdentities(t.Context(), u.ID)
		if err != nil {
			t.Fatalf("UserIdentities: %v", err)
		}
		if len(ids) != 2 {
			t.Errorf("user has %d identities, want the rejected and the new request", len(ids))
		}
	})
}

func TestDecideJoinRequestConcurrent(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		legal := newUser(t, s, "俞一")
		org, _ := onboard(t, s, "武汉俞氏光电有限公司", legal)
		admins := []core.User{legal}
		for i := range 3 {
			admin := newUser(t, s, fmt.Sprintf("管理员%d", i))
			id := addMember(t, s, org, legal, admin.Phone, admin.Name)
			if err := changeMember(t, s, legal, org, id.ID, core.RoleAdmin); err != nil {
				t.Fatalf("make admin: %v", err)
			}
			admins = append(admins, admin)
		}
		request := requestJoin(t, s, newUser(t, s, "任二"), org)
		errs := concurrently(len(admins), func(i int) error {
			return s.DecideJoinRequest(t.Context(), request.ID, org.ID, i%2 == 0, "不认识", admins[i].ID,
				userEvent(admins[i], "member.decide", "identity", request.ID))
		})
		won, lost := countErrors(t, errs, core.ErrAlreadyDecided)
		if won != 1 {
			t.Errorf("%d of %d concurrent decisions on one join request succeeded, want exactly 1", won, len(admins))
		}
		if lost != len(admins)-1 {
			t.Errorf("%d concurrent decisions got already decided, want %d", lost, len(admins)-1)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM audit_events WHERE action = 'member.decide'`); n != 1 {
			t.Errorf("%d decision audit events, want 1", n)
		}
	})
}

func TestChangeMemberRole(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		legal := newUser(t, s, "袁一")
		org, superAdmin := onboard(t, s, "武汉袁氏装备有限公司", legal)
		member := newUser(t, s, "柳二")
		id := addMember(t, s, org, legal, member.Phone, member.Name)
		invited := addMember(t, s, org, legal, newPhone(t), "酆三")

		for _, target := range []core.Identity{id, invited} {
			if err := changeMember(t, s, legal, org, target.ID, core.RoleAdmin); err != nil {
				t.Fatalf("make %s admin: %v", target.Status, err)
			}
			stored, err := s.IdentityByID(t.Context(), target.ID)
			if err != nil {
				t.Fatalf("IdentityByID: %v", err)
			}
			if stored.Role != core.RoleAdmin {
				t.Errorf("%s member's role = %s, want admin", target.Status, stored.Role)
			}
		}
		if err := changeMember(t, s, legal, org, superAdmin.ID, core.RoleMember); !errors.Is(err, core.ErrNotFound) {
			t.Errorf("demoting the super admin: error = %v, want not found", err)
		}
		other, _ := onboard(t, s, "武汉袁氏另一家有限公司", legal)
		if err := changeMember(t, s, legal, other, id.ID, core.RoleMember); !errors.Is(err, core.ErrNotFound) {
			t.Errorf("changing a member through another organization: error = %v, want not found", err)
		}
	})
}

func TestRemoveMember(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		clock := newClock(s)
		legal := newUser(t, s, "鲍一")
		org, superAdmin := onboard(t, s, "武汉鲍氏生物有限公司", legal)
		member := newUser(t, s, "史二")
		id := addMember(t, s, org, legal, member.Phone, member.Name)
		clock.Advance(time.Hour)
		if err := changeMember(t, s, legal, org, id.ID, ""); err != nil {
			t.Fatalf("remove member: %v", err)
		}
		stored, err := s.IdentityByID(t.Context(), id.ID)
		if err != nil {
			t.Fatalf("IdentityByID: %v", err)
		}
		if stored.Status != core.IdentityRemoved || stored.DecidedBy != legal.ID || !stored.DecidedAt.Equal(start.Add(time.Hour)) {
			t.Errorf("member is %s by %q at %v, want removed by %s at %v", stored.Status, stored.DecidedBy,
				stored.DecidedAt, legal.ID, start.Add(time.Hour))
		}
		if err := changeMember(t, s, legal, org, id.ID, ""); !errors.Is(err, core.ErrNotFound) {
			t.Errorf("removing a removed member: error = %v, want not found", err)
		}
		if err := changeMember(t, s, legal, org, superAdmin.ID, ""); !errors.Is(err, core.ErrNotFound) {
			t.Errorf("removing the super admin: error = %v, want not found", err)
		}
		members, err := s.Members(t.Context(), org.ID)
		if err != nil {
			t.Fatalf("Members: %v", err)
		}
		if len(members) != 1 || members[0].ID != superAdmin.ID {
			t.Errorf("members after removal = %d, want only the super admin", len(members))
		}
		// A removed member may be added again.
		again := addMember(t, s, org, legal, member.Phone, member.Name)
		if again.Status != core.IdentityActive {
			t.Errorf("re-added member is %s, want active", again.Status)
		}
	})
}

// adminOnlyOrganization returns an organization whose super admin is
// still invited, so that only the given number of active admins can manage
// its members, and the admins' identities.
func adminOnlyOrganization(t *testing.T, s *store.Store, admins int) (core.Organization, core.User, []core.Identity) {
	t.Helper()
	applicant := newUser(t, s, "申请人")
	a := enterpriseApplication(t, applicant, "武汉双管理员科技有限公司", newCreditCode(t), "法人", newPhone(t))
	a, err := s.SubmitApplication(t.Context(), a, userEvent(applicant, "application.submit", "application", ""))
	if err != nil {
		t.Fatalf("SubmitApplication: %v", err)
	}
	opID := newOperator(t, s, "运营癸")
	legal := core.Identity{ID: store.NewID(), InvitePhone: a.Form.LegalPhone, InviteName: a.Form.LegalName,
		Kind: a.Kind, Role: core.RoleSuperAdmin, Status: core.IdentityInvited, CreatedAt: start}
	d := approval(a, opID, legal)
	d.Identities[0].Role = core.RoleAdmin
	if err := s.DecideApplication(t.Context(), d, operatorEvent(opID, "application.approve", "application", a.ID)); err != nil {
		t.Fatalf("approve: %v", err)
	}
	ids := []core.Identity{d.Identities[0]}
	for i := 1; i < admins; i++ {
		u := newUser(t, s, fmt.Sprintf("管理员%d", i))
		id, err := s.AddMember(t.Context(), d.Org.ID, d.Org.Kind, u.Phone, u.Name, applicant.ID, userEvent(applicant, "member.add", "identity", ""))
		if err != nil {
			t.Fatalf("AddMember: %v", err)
		}
		if err := changeMember(t, s, applicant, d.Org, id.ID, core.RoleAdmin); err != nil {
			t.Fatalf("make admin: %v", err)
		}
		ids = append(ids, id)
	}
	return d.Org, applicant, ids
}

func TestChangeMemberLastManager(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		org, admin, ids := adminOnlyOrganization(t, s, 1)
		if err := changeMember(t, s, admin, org, ids[0].ID, core.RoleMember); !errors.Is(err, core.ErrConflict) {
			t.Errorf("demoting the last admin: error = %v, want conflict", err)
		}
		if err := changeMember(t, s, admin, org, ids[0].ID, ""); !errors.Is(err, core.ErrConflict) {
			t.Errorf("removing the last admin: error = %v, want conflict", err)
		}
		stored, err := s.IdentityByID(t.Context(), ids[0].ID)
		if err != nil {
			t.Fatalf("IdentityByID: %v", err)
		}
		if stored.Status != core.IdentityActive || stored.Role != core.RoleAdmin {
			t.Errorf("last admin is %s %s after the rejected changes, want active admin", stored.Status, stored.Role)
		}
	})
}

func TestChangeMemberConcurrentLastAdmins(t *testing.T) {
	tests := []struct {
		name  string
		roles [2]core.Role // the change for each admin; empty removes
	}{
		{"both removed", [2]core.Role{"", ""}},
		{"removed and demoted", [2]core.Role{"", core.RoleMember}},
		{"both demoted", [2]core.Role{core.RoleMember, core.RoleMember}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			storetest.Run(t, func(t *testing.T, s *store.Store) {
				newClock(s)
				org, admin, ids := adminOnlyOrganization(t, s, 2)
				errs := concurrently(2, func(i int) error {
					return changeMember(t, s, admin, org, ids[i].ID, tt.roles[i])
				})
				won, lost := countErrors(t, errs, core.ErrConflict)
				if won != 1 || lost != 1 {
					t.Errorf("concurrent changes of the last two admins: %d succeeded and %d conflicted, want 1 and 1", won, lost)
				}
				managers := count(t, s, `SELECT COUNT(*) FROM identities
					WHERE org_id = $1 AND status = 'active' AND role IN ('super_admin', 'admin')`, org.ID)
				if managers < 1 {
					t.Errorf("organization has %d active managers, want at least 1", managers)
				}
			})
		})
	}
}

func TestMembersAndUserIdentities(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		clock := newClock(s)
		legal := newUser(t, s, "傅一")
		org, superAdmin := onboard(t, s, "武汉傅氏环保有限公司", legal)
		clock.Advance(time.Minute)
		u := newUser(t, s, "皮二")
		rejected := requestJoin(t, s, u, org)
		if err := s.DecideJoinRequest(t.Context(), rejected.ID, org.ID, false, "不认识", legal.ID,
			userEvent(legal, "member.reject", "identity", rejected.ID)); err != nil {
			t.Fatalf("reject: %v", err)
		}
		clock.Advance(time.Minute)
		removedUser := newUser(t, s, "卞三")
		removed := addMember(t, s, org, legal, removedUser.Phone, removedUser.Name)
		if err := changeMember(t, s, legal, org, removed.ID, ""); err != nil {
			t.Fatalf("remove: %v", err)
		}
		clock.Advance(time.Minute)
		pending := requestJoin(t, s, u, org)
		clock.Advance(time.Minute)
		invited := addMember(t, s, org, legal, newPhone(t), "齐四")
		other, otherID := onboard(t, s, "武汉傅氏另一家有限公司", u)

		members, err := s.Members(t.Context(), org.ID)
		if err != nil {
			t.Fatalf("Members: %v", err)
		}
		want := []string{superAdmin.ID, pending.ID, invited.ID}
		if got := identityIDs(members); !slices.Equal(got, want) {
			t.Errorf("Members = %v, want %v: active, pending and invited, oldest first", got, want)
		}
		if members[1].UserName != u.Name || members[1].UserPhone != u.Phone {
			t.Errorf("pending member shows %q %q, want the user's %q %q", members[1].UserName,
				members[1].UserPhone, u.Name, u.Phone)
		}

		ids, err := s.UserIdentities(t.Context(), u.ID)
		if err != nil {
			t.Fatalf("UserIdentities: %v", err)
		}
		want = []string{rejected.ID, pending.ID, otherID.ID}
		if got := identityIDs(ids); !slices.Equal(got, want) {
			t.Errorf("UserIdentities = %v, want %v: rejected, pending and active, oldest first", got, want)
		}
		if ids[0].Reason != "不认识" {
			t.Errorf("rejected identity reason = %q, want 不认识", ids[0].Reason)
		}
		if ids[2].OrgName != other.Name || ids[2].OrgCreditCode != other.CreditCode {
			t.Errorf("identity shows org %q %s, want %q %s", ids[2].OrgName, ids[2].OrgCreditCode,
				other.Name, other.CreditCode)
		}
		removedIDs, err := s.UserIdentities(t.Context(), removedUser.ID)
		if err != nil {
			t.Fatalf("UserIdentities(removed): %v", err)
		}
		if len(removedIDs) != 0 {
			t.Errorf("removed member has %d identities listed, want 0", len(removedIDs))
		}
	})
}

func identityIDs(views []core.IdentityView) []string {
	ids := make([]string, len(views))
	for i, v := range views {
		ids[i] = v.ID
	}
	return ids
}

func TestIdentityByIDNotFound(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		if _, err := s.IdentityByID(t.Context(), store.NewID()); !errors.Is(err, core.ErrNotFound) {
			t.Errorf("IdentityByID(unknown) error = %v, want not found", err)
		}
	})
}

func TestAddMemberConcurrentInvitations(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		legal := newUser(t, s, "车一")
		org, _ := onboard(t, s, "武汉车氏电子有限公司", legal)
		for round := range 5 {
			phone := newPhone(t)
			errs := concurrently(4, func(i int) error {
				_, err := s.AddMember(t.Context(), org.ID, org.Kind, phone, fmt.Sprintf("并发%d", i), legal.ID,
					userEvent(legal, "member.add", "identity", ""))
				return err
			})
			if ok, _ := countErrors(t, errs, core.ErrConflict); ok != len(errs) {
				t.Errorf("round %d: %d of %d concurrent invitations of one phone succeeded, want all", round, ok, len(errs))
			}
			if n := count(t, s, `SELECT COUNT(*) FROM identities WHERE invite_phone = $1`, phone); n != 1 {
				t.Errorf("round %d: phone has %d invitations, want 1", round, n)
			}
		}
	})
}

func TestAddMemberConcurrentRightAndWrongName(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		legal := newUser(t, s, "季一")
		for round := range 5 {
			org, _ := onboard(t, s, fmt.Sprintf("武汉季氏第%d材料有限公司", round+1), legal)
			u := newUser(t, s, "季二")
			names := []string{u.Name, u.Name + "丰"}
			concurrently(len(names), func(i int) error {
				// Either may be refused; what matters is the end state.
				_, err := s.AddMember(t.Context(), org.ID, org.Kind, u.Phone, names[i], legal.ID,
					userEvent(legal, "member.add", "identity", ""))
				return err
			})
			listed := count(t, s, `
				SELECT COUNT(*) FROM identities AS i LEFT JOIN users AS u ON u.id = i.user_id
				WHERE i.org_id = $1 AND i.status IN ('invited', 'pending', 'active')
				  AND (i.invite_phone = $2 OR u.phone = $2)`, org.ID, u.Phone)
			if listed != 1 {
				t.Errorf("round %d: the phone is listed %d times in the organization, want once", round, listed)
			}
		}
	})
}

func TestApprovingJoinRequestWithdrawsMistypedInvitation(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		legal := newUser(t, s, "宁一")
		org, _ := onboard(t, s, "武汉宁氏仪器有限公司", legal)
		u := newUser(t, s, "宁二")
		mistyped := addMember(t, s, org, legal, u.Phone, "宁贰")
		request := requestJoin(t, s, u, org)
		if err := s.DecideJoinRequest(t.Context(), request.ID, org.ID, true, "", legal.ID,
			userEvent(legal, "member.approve", "identity", request.ID)); err != nil {
			t.Fatalf("DecideJoinRequest: %v", err)
		}
		stored, err := s.IdentityByID(t.Context(), mistyped.ID)
		if err != nil {
			t.Fatalf("IdentityByID: %v", err)
		}
		if stored.Status != core.IdentityRemoved {
			t.Errorf("mistyped invitation is %s after the approval, want removed", stored.Status)
		}
	})
}

func TestAddMemberWithinQuotaUnderConcurrency(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		legal := newUser(t, s, "柯一")
		org, _ := onboard(t, s, "武汉柯氏限额有限公司", legal)
		quota := core.Quota{Actions: []string{"member.add"}, Limit: 5, Window: time.Hour, Label: "添加成员"}
		errs := concurrently(8, func(i int) error {
			_, err := s.AddMemberWithin(t.Context(), quota, org.ID, org.Kind, newPhone(t), fmt.Sprintf("限额%d", i),
				legal.ID, userEvent(legal, "member.add", "identity", ""))
			return err
		})
		ok, limited := countErrors(t, errs, core.ErrRateLimited)
		if ok != 5 || limited != 3 {
			t.Errorf("%d added and %d limited of 8 at once, want 5 and 3", ok, limited)
		}
	})
}
