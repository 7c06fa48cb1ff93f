package core

import "testing"

func TestCanManage(t *testing.T) {
	roles := []Role{RoleSuperAdmin, RoleAdmin, RoleMember}
	actions := []Action{ActionListMembers, ActionAddMember, ActionDecideJoin, ActionRemoveMember, ActionChangeRole}
	// want[actor][action][target]
	want := map[Role]map[Action]map[Role]bool{
		RoleSuperAdmin: {
			ActionListMembers:  {RoleSuperAdmin: true, RoleAdmin: true, RoleMember: true},
			ActionAddMember:    {RoleSuperAdmin: true, RoleAdmin: true, RoleMember: true},
			ActionDecideJoin:   {RoleSuperAdmin: true, RoleAdmin: true, RoleMember: true},
			ActionRemoveMember: {RoleSuperAdmin: false, RoleAdmin: true, RoleMember: true},
			ActionChangeRole:   {RoleSuperAdmin: false, RoleAdmin: true, RoleMember: true},
		},
		RoleAdmin: {
			ActionListMembers:  {RoleSuperAdmin: true, RoleAdmin: true, RoleMember: true},
			ActionAddMember:    {RoleSuperAdmin: true, RoleAdmin: true, RoleMember: true},
			ActionDecideJoin:   {RoleSuperAdmin: true, RoleAdmin: true, RoleMember: true},
			ActionRemoveMember: {RoleSuperAdmin: false, RoleAdmin: true, RoleMember: true},
			ActionChangeRole:   {RoleSuperAdmin: false, RoleAdmin: true, RoleMember: true},
		},
		RoleMember: {},
	}
	for _, actor := range roles {
		for _, action := range actions {
			for _, target := range roles {
				got := CanManage(actor, action, target)
				if got != want[actor][action][target] {
					t.Errorf("CanManage(%s, %s, %s) = %v, want %v",
						actor, action, target, got, !got)
				}
			}
		}
	}
}

func TestCanManageUnknownAction(t *testing.T) {
	if CanManage(RoleSuperAdmin, Action("org.delete"), RoleMember) {
		t.Error("unknown action allowed")
	}
}
