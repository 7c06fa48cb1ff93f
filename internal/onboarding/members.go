package onboarding

import (
	"context"
	"errors"
	"time"

	"wct/internal/core"
	"wct/internal/validate"
)

// manager returns the organization the principal manages through the
// active identity, or a forbidden error.
func manager(p core.Principal, action core.Action, target core.Role) (core.Identity, error) {
	if p.Identity == nil {
		return core.Identity{}, core.Errorf(core.CodeForbidden, "请先在切换身份中选择要管理的组织")
	}
	if !core.CanManage(p.Identity.Role, action, target) {
		return core.Identity{}, core.Errorf(core.CodeForbidden, "当前身份无权执行此操作")
	}
	return *p.Identity, nil
}

// Members returns the members of the organization of the active identity.
func (s *Service) Members(ctx context.Context, p core.Principal) ([]core.IdentityView, error) {
	id, err := manager(p, core.ActionListMembers, core.RoleMember)
	if err != nil {
		return nil, err
	}
	return s.Store.Members(ctx, id.OrgID)
}

// JoinRequests returns how many join requests wait for the principal to
// decide: those of the organization of the active identity when it may
// decide them, otherwise zero.
func (s *Service) JoinRequests(ctx context.Context, p core.Principal) (int, error) {
	if p.Identity == nil || !core.CanManage(p.Identity.Role, core.ActionDecideJoin, core.RoleMember) {
		return 0, nil
	}
	return s.Store.CountJoinRequests(ctx, p.Identity.OrgID)
}

// Direct additions are limited per manager, because each response shows
// whether a name belongs to a phone. A manager may make MemberAddLimit
// attempts, rejected ones included, in any MemberAddWindow.
const (
	MemberAddLimit  = 30
	MemberAddWindow = time.Hour
)

// AddMember adds a person by name and phone to the organization of the
// active identity. An addition the store rejects, such as a phone already
// in the organization, is recorded as member.add_refused. A manager who
// tries phones or names one after another then shows in the audit log,
// and the rejected tries count towards MemberAddLimit.
func (s *Service) AddMember(ctx context.Context, p core.Principal, name, phone string) (core.Identity, error) {
	id, err := manager(p, core.ActionAddMember, core.RoleMember)
	if err != nil {
		return core.Identity{}, err
	}
	var f core.Fields
	name, err = validate.Line(name, 2, 50)
	f.AddErr("name", err)
	phone, err = validate.Mobile(phone)
	f.AddErr("phone", err)
	if err := f.Err(); err != nil {
		return core.Identity{}, err
	}
	// NOTE: the count is exact only for one manager in one organization,
	// whose additions the organization's row lock serializes. Parallel
	// additions to several organizations, or rejected ones, which are
	// recorded after the transaction, can pass the limit by a few.
	quota := core.Quota{Actions: []string{"member.add", "member.add_refused"},
		Limit: MemberAddLimit, Window: MemberAddWindow, Label: "添加成员"}
	ev := actor(p).Event("member.add", "identity", "")
	ev.Detail = map[string]string{"org_id": id.OrgID}
	added, err := s.Store.AddMemberWithin(ctx, quota, id.OrgID, id.Kind, phone, name, p.User.ID, ev)
	var rejected *core.Error
	if errors.As(err, &rejected) && rejected.Code == core.CodeConflict {
		ev.Action = "member.add_refused"
		if err := s.Store.RecordAudit(ctx, ev); err != nil {
			return core.Identity{}, err
		}
	}
	return added, err
}

// DecideJoin approves or rejects a pending join request to the
// organization of the active identity. A rejection needs a reason.
func (s *Service) DecideJoin(ctx context.Context, p core.Principal, identityID string, approve bool, reason string) error {
	id, err := manager(p, core.ActionDecideJoin, core.RoleMember)
	if err != nil {
		return err
	}
	if !approve {
		if reason, err = validate.Text(reason, 2, 500); err != nil {
			var f core.Fields
			f.AddErr("reason", err)
			return f.Err()
		}
	}
	action := "member.reject"
	if approve {
		action = "member.approve"
	}
	ev := actor(p).Event(action, "identity", identityID)
	ev.Detail = map[string]string{"org_id": id.OrgID}
	return s.Store.DecideJoinRequest(ctx, identityID, id.OrgID, approve, reason, p.User.ID, ev)
}

// SetRole makes a member an admin or a plain member.
func (s *Service) SetRole(ctx context.Context, p core.Principal, identityID string, role core.Role) error {
	if role != core.RoleAdmin && role != core.RoleMember {
		return fieldError("role", "角色只能是管理员或普通成员")
	}
	return s.changeMember(ctx, p, identityID, core.ActionChangeRole, role)
}

// RemoveMember removes a member who left (离职). The member's data stays
// with the organization.
func (s *Service) RemoveMember(ctx context.Context, p core.Principal, identityID string) error {
	return s.changeMember(ctx, p, identityID, core.ActionRemoveMember, "")
}

func (s *Service) changeMember(ctx context.Context, p core.Principal, identityID string, action core.Action, role core.Role) error {
	if _, err := manager(p, action, core.RoleMember); err != nil {
		return err
	}
	target, err := s.Store.IdentityByID(ctx, identityID)
	if err != nil || target.OrgID != p.Identity.OrgID {
		return core.Errorf(core.CodeNotFound, "成员不存在或已被移除")
	}
	if !core.CanManage(p.Identity.Role, action, target.Role) {
		return core.Errorf(core.CodeForbidden, "不能调整超级管理员")
	}
	ev := actor(p).Event(string(action), "identity", identityID)
	ev.Detail = map[string]string{"org_id": target.OrgID, "role": string(role)}
	return s.Store.ChangeMember(ctx, identityID, target.OrgID, role, p.User.ID, ev)
}
