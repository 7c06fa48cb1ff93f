package account

import (
	"context"

	"wct/internal/core"
)

// SwitchIdentity makes one of the user's active identities the session's
// active identity, or returns to the personal user when identityID is
// empty. A legal-person session may enter only the enterprise of its
// credit code.
func (s *Service) SwitchIdentity(ctx context.Context, p core.Principal, identityID string) error {
	ev := core.Actor{UserID: p.User.ID, IdentityID: identityID,
		ClientAddr: p.Session.ClientAddr}.Event("identity.switch", "identity", identityID)
	if identityID == "" {
		return s.Store.SetActiveIdentity(ctx, p.Session.TokenHash, "", ev)
	}
	id, err := s.Store.IdentityByID(ctx, identityID)
	if err != nil || id.UserID != p.User.ID {
		return core.Errorf(core.CodeNotFound, "身份不存在")
	}
	switch id.Status {
	case core.IdentityActive:
	case core.IdentityPending:
		return core.Errorf(core.CodeForbidden, "该身份尚未通过审核，暂不能使用")
	default:
		return core.Errorf(core.CodeForbidden, "该身份已失效，不能使用")
	}
	if !VisibleInScope(p.Session, id) {
		return core.Errorf(core.CodeForbidden, "法人登录只能进入本单位的身份")
	}
	ev.Detail = map[string]string{"org_id": id.OrgID, "role": string(id.Role)}
	return s.Store.SetActiveIdentity(ctx, p.Session.TokenHash, identityID, ev)
}

// VisibleInScope reports whether a session may list and enter an identity.
// A legal-person session acts for the one organization of its credit code,
// so it may use only identities in organizations with that code. That
// excludes identities without a code, such as a grid member's, through
// which it could read other organizations' data.
func VisibleInScope(sess core.Session, id core.IdentityView) bool {
	return !sess.LegalScoped() || id.OrgCreditCode == sess.LegalCreditCode
}
