package core

// Action is something a member may do in an organization's member
// management.
type Action string

// The member-management actions.
const (
	ActionListMembers  Action = "member.list"
	ActionAddMember    Action = "member.add"
	ActionDecideJoin   Action = "member.decide_join"
	ActionRemoveMember Action = "member.remove"
	ActionChangeRole   Action = "member.change_role"
)

// CanManage reports whether a member with role may perform action on a
// member whose role is target. Super admins and admins manage members and
// admins. No one acts on the super admin through member management,
// because that role follows the organization's legal-person phone. Plain
// members manage no one.
func CanManage(role Role, action Action, target Role) bool {
	if role != RoleSuperAdmin && role != RoleAdmin {
		return false
	}
	switch action {
	case ActionListMembers, ActionAddMember, ActionDecideJoin:
		return true
	case ActionRemoveMember, ActionChangeRole:
		return target != RoleSuperAdmin
	}
	return false
}

// CanManageMembers reports whether role may open member management.
func CanManageMembers(role Role) bool {
	return CanManage(role, ActionListMembers, RoleMember)
}
