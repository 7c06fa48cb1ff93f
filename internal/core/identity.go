package core

import "time"

// Role is a member's role in an organization.
type Role string

// The roles, from most to least powerful.
const (
	RoleSuperAdmin Role = "super_admin" // 超级管理员: the legal person
	RoleAdmin      Role = "admin"       // 管理员
	RoleMember     Role = "member"      // 普通成员
)

// Label returns the role's Chinese name.
func (r Role) Label() string {
	switch r {
	case RoleSuperAdmin:
		return "超级管理员"
	case RoleAdmin:
		return "管理员"
	}
	return "普通成员"
}

// IdentityStatus is the state of an identity.
type IdentityStatus string

// The identity states. A join request is a pending identity; a direct
// addition of a phone with no account yet is an invited identity.
const (
	IdentityPending  IdentityStatus = "pending"
	IdentityActive   IdentityStatus = "active"
	IdentityRejected IdentityStatus = "rejected"
	IdentityRemoved  IdentityStatus = "removed"
	IdentityInvited  IdentityStatus = "invited"
)

// Identity is a capacity in which a user acts for an organization.
type Identity struct {
	ID          string
	UserID      string // empty while invited
	InvitePhone string
	InviteName  string
	Kind        Kind
	OrgID       string
	Role        Role
	Status      IdentityStatus
	Reason      string
	CreatedAt   time.Time
	DecidedAt   time.Time
	DecidedBy   string
}

// IdentityView is an identity with what a list shows of its organization
// and its user.
type IdentityView struct {
	Identity
	OrgName       string
	OrgCreditCode string
	UserName      string
	UserPhone     string
}
