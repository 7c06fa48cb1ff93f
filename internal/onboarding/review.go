package onboarding

import (
	"context"
	"errors"
	"fmt"

	"wct/internal/core"
	"wct/internal/store"
	"wct/internal/validate"
)

// The largest page of the review queue, and the last page number asked
// for.
const (
	QueuePageSize = 100
	MaxQueuePage  = 100_000
)

// Queue returns a page of the applications with the status and how many
// there are in all: pending ones oldest first, decided ones newest
// decision first. Page numbers start at 1; size is capped at
// QueuePageSize.
func (s *Service) Queue(ctx context.Context, status core.ApplicationStatus, page, size int) ([]core.ApplicationView, int, error) {
	var f core.Fields
	if page < 1 || page > MaxQueuePage {
		f.Add("page", fmt.Sprintf("页码应为 1 至 %d 的整数", MaxQueuePage))
	}
	if size < 1 || size > QueuePageSize {
		f.Add("pageSize", fmt.Sprintf("每页条数应为 1 至 %d 的整数", QueuePageSize))
	}
	if err := f.Err(); err != nil {
		return nil, 0, err
	}
	return s.Store.ReviewQueue(ctx, status, (page-1)*size, size)
}

// Approve approves a pending application: the organization becomes active
// and the applicant holds its identity, as super admin when the applicant
// is the legal person and as admin otherwise. When the legal-person phone
// is someone else's, the legal person becomes super admin, at once if an
// account has that phone and name and on their first provincial login
// otherwise. Of two operators
// deciding at once, exactly one succeeds; the other gets an error matching
// core.ErrAlreadyDecided.
func (s *Service) Approve(ctx context.Context, op core.Actor, id string) error {
	a, err := s.Store.ApplicationByID(ctx, id)
	if err != nil {
		return err
	}
	if a.Status != core.ApplicationPending {
		return core.Errorf(core.CodeAlreadyDecided, "该申请已由其他运营人员处理")
	}
	now := s.now()
	org := core.Organization{
		ID: store.NewID(), Kind: a.Kind, Name: a.Name, CreditCode: a.CreditCode,
		UniqueKey: a.UniqueKey, RegionCode: a.Form.RegionCode, AddressDetail: a.Form.AddressDetail,
		Email: a.Form.Email, TechFields: a.Form.TechFields, LegalName: a.Form.LegalName,
		LegalPhone: a.Form.LegalPhone, LegalIDEnc: a.LegalIDEnc, LicenseUploadID: a.LicenseUploadID,
		ServiceOrgID: a.Form.ServiceOrgID, GridID: a.Form.GridID, Source: "application",
	}
	applicant := core.Identity{ID: store.NewID(), UserID: a.ApplicantID, Kind: a.Kind, OrgID: org.ID,
		Role: core.RoleAdmin, Status: core.IdentityActive, CreatedAt: now, DecidedAt: now, DecidedBy: op.OperatorID}
	ids := []core.Identity{applicant}
	if a.ApplicantPhone == a.Form.LegalPhone {
		ids[0].Role = core.RoleSuperAdmin
	} else {
		legal, err := s.legalPersonIdentity(ctx, a, org.ID)
		if err != nil {
			return err
		}
		legal.CreatedAt, legal.DecidedAt, legal.DecidedBy = now, now, op.OperatorID
		ids = append(ids, legal)
	}
	ev := op.Event("application.approve", "application", a.ID)
	ev.Detail = map[string]string{"org_id": org.ID, "credit_code": a.CreditCode}
	return s.Store.DecideApplication(ctx, core.Decision{ApplicationID: a.ID, OperatorID: op.OperatorID,
		Approve: true, Org: org, Identities: ids}, ev)
}

// legalPersonIdentity returns the super admin identity of the legal
// person: active when an account has the legal-person phone and the
// legal person's name, invited until a provincial login with both
// otherwise. As for a direct addition, the name must match, so that an
// applicant who types someone else's phone neither enrols that person nor
// learns their name from the member list.
func (s *Service) legalPersonIdentity(ctx context.Context, a core.ApplicationView, orgID string) (core.Identity, error) {
	id := core.Identity{ID: store.NewID(), Kind: a.Kind, OrgID: orgID, Role: core.RoleSuperAdmin,
		Status: core.IdentityInvited, InvitePhone: a.Form.LegalPhone, InviteName: a.Form.LegalName}
	u, err := s.Store.UserByPhone(ctx, a.Form.LegalPhone)
	switch {
	case errors.Is(err, core.ErrNotFound):
	case err != nil:
		return id, err
	case u.Name == a.Form.LegalName:
		id.Status, id.UserID, id.InvitePhone, id.InviteName = core.IdentityActive, u.ID, "", ""
	}
	return id, nil
}

// Reject rejects a pending application with a reason shown to the applicant.
func (s *Service) Reject(ctx context.Context, op core.Actor, id, reason string) error {
	reason, err := validate.Text(reason, 2, 500)
	if err != nil {
		var f core.Fields
		f.AddErr("reason", err)
		return f.Err()
	}
	if _, err := s.Store.ApplicationByID(ctx, id); err != nil {
		return err
	}
	ev := op.Event("application.reject", "application", id)
	return s.Store.DecideApplication(ctx, core.Decision{ApplicationID: id, OperatorID: op.OperatorID,
		Reason: reason}, ev)
}
