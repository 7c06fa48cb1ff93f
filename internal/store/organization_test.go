package store_test

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"wct/internal/core"
	"wct/internal/store"
	"wct/internal/store/storetest"
)

func TestOnboardWithoutReview(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		legal := newUser(t, s, "孔一")
		o := newEnterprise(t, "武汉孔氏数字创意有限公司", legal)
		id, err := s.OnboardWithoutReview(t.Context(), o, legal.ID, userEvent(legal, "org.onboard", "organization", ""))
		if err != nil {
			t.Fatalf("OnboardWithoutReview: %v", err)
		}
		if id.UserID != legal.ID || id.OrgID != o.ID || id.Kind != o.Kind {
			t.Errorf("identity = user %s org %s kind %s, want %s %s %s", id.UserID, id.OrgID, id.Kind,
				legal.ID, o.ID, o.Kind)
		}
		if id.Role != core.RoleSuperAdmin || id.Status != core.IdentityActive {
			t.Errorf("identity is %s %s, want active super_admin", id.Status, id.Role)
		}
		got, err := s.OrganizationByID(t.Context(), o.ID)
		if err != nil {
			t.Fatalf("OrganizationByID: %v", err)
		}
		o.CreatedAt = start
		if !got.CreatedAt.Equal(start) {
			t.Errorf("created at %v, want %v", got.CreatedAt, start)
		}
		got.CreatedAt = o.CreatedAt
		if !reflect.DeepEqual(got, o) {
			t.Errorf("OrganizationByID = %+v, want %+v", got, o)
		}
		stored, err := s.IdentityByID(t.Context(), id.ID)
		if err != nil {
			t.Fatalf("IdentityByID: %v", err)
		}
		if stored.OrgName != o.Name || stored.UserName != legal.Name {
			t.Errorf("stored identity shows org %q user %q, want %q %q", stored.OrgName, stored.UserName, o.Name, legal.Name)
		}
	})
}

func TestOnboardWithoutReviewConflicts(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		legal := newUser(t, s, "曹一")
		o, _ := onboard(t, s, "武汉曹氏节能环保有限公司", legal)
		again := o
		again.ID = store.NewID()
		_, err := s.OnboardWithoutReview(t.Context(), again, legal.ID, userEvent(legal, "org.onboard", "organization", ""))
		if !errors.Is(err, core.ErrConflict) {
			t.Errorf("onboarding an onboarded credit code: error = %v, want conflict", err)
		}

		if n := count(t, s, `SELECT COUNT(*) FROM organizations`); n != 1 {
			t.Errorf("%d organizations stored, want 1", n)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM identities`); n != 1 {
			t.Errorf("%d identities stored, want 1: a rejected onboarding adds none", n)
		}
	})
}

func TestOnboardWithoutReviewSupersedesPending(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		legal := newUser(t, s, "曹一")
		applicant := newUser(t, s, "严二")
		a := submit(t, s, applicant, "武汉严氏汽车零部件有限公司")
		o := newEnterprise(t, a.Name, legal)
		o.CreditCode, o.UniqueKey = a.CreditCode, a.UniqueKey
		if _, err := s.OnboardWithoutReview(t.Context(), o, legal.ID, userEvent(legal, "org.onboard", "organization", "")); err != nil {
			t.Fatalf("onboarding a credit code under review: %v", err)
		}
		got, err := s.ApplicationByID(t.Context(), a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != core.ApplicationRejected || got.Reason == "" {
			t.Errorf("pending application is %s with reason %q, want rejected with a reason", got.Status, got.Reason)
		}
	})
}

func TestClaimAsLegalPerson(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		squatter := newUser(t, s, "冒一")
		o, squatterID := onboard(t, s, "武汉被占科技有限公司", squatter)
		legal := newUser(t, s, "真法人")
		claim := store.LegalClaim{Kind: o.Kind, UniqueKey: o.UniqueKey, CreditCode: o.CreditCode, UserID: legal.ID,
			LegalName: legal.Name, LegalPhone: legal.Phone, LegalIDEnc: legal.IDNumberEnc}
		id, err := s.ClaimAsLegalPerson(t.Context(), claim, userEvent(legal, "organization.claim", "organization", ""))
		if err != nil {
			t.Fatalf("ClaimAsLegalPerson: %v", err)
		}
		if id.OrgID != o.ID || id.Role != core.RoleSuperAdmin || id.Status != core.IdentityActive {
			t.Errorf("claimed identity %+v, want active super admin of %s", id, o.ID)
		}
		before, err := s.IdentityByID(t.Context(), squatterID.ID)
		if err != nil {
			t.Fatal(err)
		}
		if before.Role != core.RoleAdmin {
			t.Errorf("previous super admin is %s, want admin", before.Role)
		}
		got, _ := s.OrganizationByID(t.Context(), o.ID)
		if got.LegalPhone != legal.Phone || got.LegalName != legal.Name {
			t.Errorf("legal person is %s %s, want %s %s", got.LegalName, got.LegalPhone, legal.Name, legal.Phone)
		}
		again, err := s.ClaimAsLegalPerson(t.Context(), claim, userEvent(legal, "organization.claim", "organization", ""))
		if err != nil || again.ID != id.ID {
			t.Errorf("second claim gave %v %v, want the same identity %s", again.ID, err, id.ID)
		}
		claim.UniqueKey = "missing"
		if _, err := s.ClaimAsLegalPerson(t.Context(), claim, loginEvent()); !errors.Is(err, core.ErrNotFound) {
			t.Errorf("claim of an unknown key: %v, want not found", err)
		}
	})
}

func TestOnboardWithoutReviewConcurrent(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		legal := newUser(t, s, "华一")
		o := newEnterprise(t, "武汉华氏新一代信息技术有限公司", legal)
		const n = 4
		errs := concurrently(n, func(int) error {
			attempt := o
			attempt.ID = store.NewID()
			_, err := s.OnboardWithoutReview(t.Context(), attempt, legal.ID, userEvent(legal, "org.onboard", "organization", ""))
			return err
		})
		won, lost := countErrors(t, errs, core.ErrConflict)
		if won != 1 {
			t.Errorf("%d of %d concurrent onboardings of one credit code succeeded, want exactly 1", won, n)
		}
		if lost != n-1 {
			t.Errorf("%d concurrent onboardings got a conflict, want %d", lost, n-1)
		}
	})
}

func TestOrganizationByIDNotFound(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		if _, err := s.OrganizationByID(t.Context(), store.NewID()); !errors.Is(err, core.ErrNotFound) {
			t.Errorf("OrganizationByID(unknown) error = %v, want not found", err)
		}
	})
}

func TestSearchOrganizations(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		legal := newUser(t, s, "金一")
		orgs := map[string]core.Organization{}
		for _, name := range []string{
			"武汉光谷新材料有限公司",
			"湖北长江新材料科技有限公司",
			"100%纯净水业有限公司",
			"100克纯净食品有限公司",
			"甲_乙科技有限公司",
			"甲丙乙科技有限公司",
		} {
			orgs[name], _ = onboard(t, s, name, legal)
		}
		team := newEnterprise(t, "新材料研究团队", legal)
		team.Kind, team.UniqueKey = core.KindResearchTeam, team.CreditCode+"/新材料研究团队"
		if _, err := s.OnboardWithoutReview(t.Context(), team, legal.ID, userEvent(legal, "org.onboard", "organization", "")); err != nil {
			t.Fatalf("onboard research team: %v", err)
		}
		code := orgs["甲丙乙科技有限公司"].CreditCode

		tests := []struct {
			name  string
			query string
			want  []string
		}{
			{"name fragment", "新材料", []string{"武汉光谷新材料有限公司", "湖北长江新材料科技有限公司"}},
			{"exact credit code", code, []string{"甲丙乙科技有限公司"}},
			{"lower-case credit code", strings.ToLower(code), []string{"甲丙乙科技有限公司"}},
			{"credit code prefix", code[:12], nil},
			{"percent is literal", "100%纯", []string{"100%纯净水业有限公司"}},
			{"lone percent", "%", []string{"100%纯净水业有限公司"}},
			{"underscore is literal", "甲_乙", []string{"甲_乙科技有限公司"}},
			{"lone underscore", "_", []string{"甲_乙科技有限公司"}},
			{"backslash", `\`, nil},
			{"no match", "不存在的公司", nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := s.SearchOrganizations(t.Context(), core.KindEnterprise, tt.query, 20)
				if err != nil {
					t.Fatalf("SearchOrganizations(%q): %v", tt.query, err)
				}
				names := make([]string, len(got))
				for i, o := range got {
					names[i] = o.Name
				}
				want := slices.Clone(tt.want)
				slices.Sort(want)
				if !slices.Equal(names, want) {
					t.Errorf("SearchOrganizations(%q) = %q, want %q", tt.query, names, want)
				}
			})
		}

		got, err := s.SearchOrganizations(t.Context(), core.KindEnterprise, "有限公司", 2)
		if err != nil {
			t.Fatalf("SearchOrganizations with limit: %v", err)
		}
		if len(got) != 2 {
			t.Errorf("SearchOrganizations with limit 2 returned %d", len(got))
		}
		got, err = s.SearchOrganizations(t.Context(), core.KindResearchTeam, "新材料", 20)
		if err != nil {
			t.Fatalf("SearchOrganizations(research team): %v", err)
		}
		if len(got) != 1 || got[0].ID != team.ID {
			t.Errorf("research team search returned %d organizations, want only the team %s", len(got), team.ID)
		}
	})
}
