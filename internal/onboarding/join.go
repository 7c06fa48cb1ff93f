package onboarding

import (
	"context"
	"errors"
	"unicode/utf8"

	"wct/internal/core"
	"wct/internal/store"
	"wct/internal/validate"
)

// Search returns up to 20 organizations of the kind whose name contains q
// or whose credit code is q.
func (s *Service) Search(ctx context.Context, kind core.Kind, q string) ([]core.Organization, error) {
	if !kind.Valid() {
		return nil, fieldError("kind", "组织类型无效")
	}
	switch n := utf8.RuneCountInString(q); {
	case n < 2:
		return nil, fieldError("q", "请输入至少 2 个字的关键词")
	case n > 100:
		return nil, fieldError("q", "关键词不能超过 100 个字")
	}
	// A credit code typed with spaces, hyphens, lower case or full-width
	// characters, as people copy it from a licence, finds the organization
	// by its stored form. A code failing only its checksum still searches.
	if code, err := validate.CreditCode(q); code != "" && (err == nil || errors.Is(err, validate.ErrChecksum)) {
		q = code
	}
	return s.Store.SearchOrganizations(ctx, kind, q, 20)
}

// RequestToJoin files a join request: a pending member identity that the
// organization's super admin and admins approve or reject.
func (s *Service) RequestToJoin(ctx context.Context, p core.Principal, orgID string) (core.IdentityView, error) {
	org, err := s.Store.OrganizationByID(ctx, orgID)
	if err != nil {
		return core.IdentityView{}, err
	}
	if org.Kind == core.KindGrid {
		return core.IdentityView{}, core.Errorf(core.CodeForbidden, "网格员由平台运营指派，不能申请加入")
	}
	if !inLegalScope(p.Session, org.CreditCode) {
		return core.IdentityView{}, core.Errorf(core.CodeForbidden, "法人登录只能办理本单位的事项")
	}
	id := core.Identity{ID: store.NewID(), UserID: p.User.ID, Kind: org.Kind, OrgID: org.ID,
		Role: core.RoleMember, Status: core.IdentityPending, CreatedAt: s.now()}
	ev := actor(p).Event("join.request", "organization", org.ID)
	if err := s.Store.CreateIdentity(ctx, id, ev); err != nil {
		return core.IdentityView{}, err
	}
	return core.IdentityView{Identity: id, OrgName: org.Name, OrgCreditCode: org.CreditCode}, nil
}

func fieldError(field, message string) error {
	var f core.Fields
	f.Add(field, message)
	return f.Err()
}
