// Package onboarding holds the use cases of 入驻: onboarding a new
// organization through an application and the operators' review of it,
// joining an organization that is already on the platform, and the
// member management of an organization's admins.
package onboarding

import (
	"context"
	"time"

	"wct/internal/core"
	"wct/internal/platform/blob"
	"wct/internal/platform/idcipher"
	"wct/internal/store"
)

// Store is the storage the onboarding use cases need.
type Store interface {
	UserByPhone(ctx context.Context, phone string) (core.User, error)
	UserByID(ctx context.Context, id string) (core.User, error)
	OrganizationByID(ctx context.Context, id string) (core.Organization, error)
	SearchOrganizations(ctx context.Context, kind core.Kind, q string, limit int) ([]core.Organization, error)
	OnboardWithoutReview(ctx context.Context, o core.Organization, userID string, ev core.AuditEvent) (core.Identity, error)
	ClaimAsLegalPerson(ctx context.Context, c store.LegalClaim, ev core.AuditEvent) (core.Identity, error)
	TechFields(ctx context.Context) ([]string, error)

	ApplicationByID(ctx context.Context, id string) (core.ApplicationView, error)
	ListApplications(ctx context.Context, applicantID string, limit int) ([]core.ApplicationView, error)
	ReviewQueue(ctx context.Context, status core.ApplicationStatus, offset, limit int) ([]core.ApplicationView, int, error)
	SubmitApplication(ctx context.Context, a core.Application, ev core.AuditEvent) (core.Application, error)
	DecideApplication(ctx context.Context, d core.Decision, ev core.AuditEvent) error

	UserIdentities(ctx context.Context, userID string) ([]core.IdentityView, error)
	Members(ctx context.Context, orgID string) ([]core.IdentityView, error)
	CountJoinRequests(ctx context.Context, orgID string) (int, error)
	RecordAudit(ctx context.Context, e core.AuditEvent) error
	IdentityByID(ctx context.Context, id string) (core.IdentityView, error)
	CreateIdentity(ctx context.Context, id core.Identity, ev core.AuditEvent) error
	AddMemberWithin(ctx context.Context, quota core.Quota, orgID string, kind core.Kind, phone, name, by string, ev core.AuditEvent) (core.Identity, error)
	DecideJoinRequest(ctx context.Context, identityID, orgID string, approve bool, reason, by string, ev core.AuditEvent) error
	ChangeMember(ctx context.Context, identityID, orgID string, role core.Role, by string, ev core.AuditEvent) error

	CreateUpload(ctx context.Context, u core.Upload) error
	UploadByID(ctx context.Context, id string) (core.Upload, error)
	ManagesUploadOrg(ctx context.Context, uploadID, userID string) (bool, error)
}

// Service runs the onboarding use cases. It is safe for concurrent use.
type Service struct {
	Store  Store
	Cipher idcipher.Cipher
	Blobs  blob.Store
	Now    func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// creditKey returns the unique key of an organization with the credit
// code: its first 17 characters, which determine the check character of a
// valid code, so a confirmed code with a mistyped check character cannot
// onboard the same organization twice.
func creditKey(code string) string {
	if len(code) == 18 {
		return code[:17]
	}
	return code
}

func actor(p core.Principal) core.Actor {
	return core.Actor{UserID: p.User.ID, IdentityID: p.Session.ActiveIdentityID, ClientAddr: p.Session.ClientAddr}
}
