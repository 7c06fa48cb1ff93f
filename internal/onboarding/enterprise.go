package onboarding

import (
	"context"
	"errors"
	"fmt"

	"wct/internal/core"
	"wct/internal/region"
	"wct/internal/store"
	"wct/internal/validate"
)

// EnterpriseInput is the enterprise form as submitted.
type EnterpriseInput struct {
	core.EnterpriseForm
	LegalIDNumber string
	// CreditCodeConfirmed means the applicant confirms that a credit code
	// failing its checksum is printed on the license; the application is
	// then flagged for the operators.
	CreditCodeConfirmed bool
	// IDConsent is the separate consent to process the legal person's ID
	// number, which is sensitive personal information.
	IDConsent bool
}

// SubmitEnterprise onboards an enterprise. A legal-person session onboards
// the enterprise of its login with only the address and email, active at
// once with the user as super admin. Any other session submits the full
// form for operator review.
func (s *Service) SubmitEnterprise(ctx context.Context, p core.Principal, in EnterpriseInput) (core.Application, error) {
	if p.Session.LegalScoped() {
		return s.onboardLegal(ctx, p, in)
	}
	return s.submitEnterprise(ctx, p, in, "")
}

// ResubmitEnterprise corrects and resubmits the user's rejected
// application.
func (s *Service) ResubmitEnterprise(ctx context.Context, p core.Principal, id string, in EnterpriseInput) (core.Application, error) {
	a, err := s.MyApplication(ctx, p, id)
	if err != nil {
		return core.Application{}, err
	}
	if a.Status != core.ApplicationRejected {
		return core.Application{}, core.Errorf(core.CodeConflict, "只有未通过的申请可以修改后重新提交")
	}
	return s.submitEnterprise(ctx, p, in, id)
}

// maxPendingApplications caps one user's applications under review, so
// that one user cannot hold many credit codes or flood the operators' queue.
const maxPendingApplications = 3

func (s *Service) submitEnterprise(ctx context.Context, p core.Principal, in EnterpriseInput, id string) (core.Application, error) {
	a, err := s.checkEnterprise(ctx, p, &in)
	if err != nil {
		return a, err
	}
	if id == "" {
		if err := s.checkPendingCount(ctx, p.User.ID); err != nil {
			return a, err
		}
	}
	a.ID = id
	a.LegalIDEnc, err = s.Cipher.Encrypt(in.LegalIDNumber)
	if err != nil {
		return a, fmt.Errorf("onboarding: encrypt ID number: %w", err)
	}
	action := "application.submit"
	if id != "" {
		action = "application.resubmit"
	}
	ev := actor(p).Event(action, "application", id)
	ev.Detail = map[string]string{"kind": string(a.Kind), "credit_code": a.CreditCode}
	return s.Store.SubmitApplication(ctx, a, ev)
}

func (s *Service) checkPendingCount(ctx context.Context, userID string) error {
	mine, err := s.Store.ListApplications(ctx, userID, 100)
	if err != nil {
		return err
	}
	pending := 0
	for _, a := range mine {
		if a.Status == core.ApplicationPending {
			pending++
		}
	}
	if pending >= maxPendingApplications {
		return core.Errorf(core.CodeConflict, fmt.Sprintf(
			"您已有 %d 个入驻申请正在审核中，请等待审核结果后再提交新的申请", pending))
	}
	return nil
}

// checkEnterprise validates and normalizes the full form and returns the
// application it makes, or a validation error naming every bad field.
func (s *Service) checkEnterprise(ctx context.Context, p core.Principal, in *EnterpriseInput) (core.Application, error) {
	var f core.Fields
	var err error
	form := &in.EnterpriseForm
	form.Name, err = validate.Line(form.Name, 2, 100)
	f.AddErr("name", err)
	flagged := s.checkCreditCode(&f, form, in.CreditCodeConfirmed)
	f.AddErr("regionCode", region.ValidateAddress(form.RegionCode))
	form.AddressDetail, err = validate.Line(form.AddressDetail, 2, 200)
	f.AddErr("addressDetail", err)
	form.Email, err = validate.Email(form.Email)
	f.AddErr("email", err)
	allowed, err := s.Store.TechFields(ctx)
	if err != nil {
		return core.Application{}, err
	}
	form.TechFields, err = validate.TechFields(form.TechFields, allowed)
	f.AddErr("techFields", err)
	form.LegalName, err = validate.Line(form.LegalName, 2, 50)
	f.AddErr("legalName", err)
	form.LegalPhone, err = validate.Mobile(form.LegalPhone)
	f.AddErr("legalPhone", err)
	in.LegalIDNumber, err = validate.IDNumber(in.LegalIDNumber, s.now())
	f.AddErr("legalIdNumber", err)
	if !in.IDConsent {
		f.Add("idConsent", "请阅读并同意平台处理法人身份证号")
	}
	if err := s.checkLinks(ctx, &f, p, form); err != nil {
		return core.Application{}, err
	}
	if err := f.Err(); err != nil {
		return core.Application{}, err
	}
	return core.Application{
		Kind: core.KindEnterprise, ApplicantID: p.User.ID, Name: form.Name,
		CreditCode: form.CreditCode, UniqueKey: creditKey(form.CreditCode), Flagged: flagged,
		Form: *form, LicenseUploadID: form.LicenseUploadID,
	}, nil
}

// checkCreditCode normalizes the credit code. A code that fails only its
// checksum passes when the applicant confirmed it, and then flags the
// application. Without that confirmation the field error carries the
// reason "checksum", so the form can ask for it.
func (s *Service) checkCreditCode(f *core.Fields, form *core.EnterpriseForm, confirmed bool) (flagged bool) {
	code, err := validate.CreditCode(form.CreditCode)
	switch {
	case err == nil:
		form.CreditCode = code
	case errors.Is(err, validate.ErrChecksum) && confirmed:
		form.CreditCode, flagged = code, true
	case errors.Is(err, validate.ErrChecksum):
		*f = append(*f, core.FieldError{Field: "creditCode", Message: err.Error(), Reason: "checksum"})
	default:
		f.AddErr("creditCode", err)
	}
	return flagged
}

// checkLinks checks the references of the form: the license upload, the
// service institution and the grid.
func (s *Service) checkLinks(ctx context.Context, f *core.Fields, p core.Principal, form *core.EnterpriseForm) error {
	if form.LicenseUploadID == "" {
		f.Add("licenseUploadId", "请上传营业执照")
	} else if u, err := s.Store.UploadByID(ctx, form.LicenseUploadID); err != nil || u.OwnerID != p.User.ID {
		f.Add("licenseUploadId", "营业执照图片不存在，请重新上传")
	}
	return s.checkAffiliations(ctx, f, form.ServiceOrgID, form.GridID, form.RegionCode)
}

// checkAffiliations checks the optional service institution and grid of
// an enterprise in regionCode. The grid must belong to the enterprise's
// own district, because a grid member looks after the enterprises of one
// district and the form offers only the chosen district's grids. It
// returns an error only when the store fails.
func (s *Service) checkAffiliations(ctx context.Context, f *core.Fields, serviceOrgID, gridID, regionCode string) error {
	if serviceOrgID != "" {
		o, err := s.Store.OrganizationByID(ctx, serviceOrgID)
		if err != nil && !errors.Is(err, core.ErrNotFound) {
			return err
		}
		if err != nil || o.Kind != core.KindServiceInstitution {
			f.Add("serviceOrgId", "所选服务机构不存在，请重新选择")
		}
	}
	if gridID == "" {
		return nil
	}
	g, err := s.Store.OrganizationByID(ctx, gridID)
	switch {
	case err != nil && !errors.Is(err, core.ErrNotFound):
		return err
	case err != nil || g.Kind != core.KindGrid:
		f.Add("gridId", "所选网格不存在，请重新选择")
	case g.RegionCode != regionCode:
		f.Add("gridId", "所选网格不属于企业所在的区，请重新选择")
	}
	return nil
}

// onboardLegal onboards the enterprise of a legal-person login: the name
// and credit code come from the login, the legal person is the user, and
// the organization is active at once with the user as super admin.
func (s *Service) onboardLegal(ctx context.Context, p core.Principal, in EnterpriseInput) (core.Application, error) {
	var f core.Fields
	var err error
	f.AddErr("regionCode", region.ValidateAddress(in.RegionCode))
	in.AddressDetail, err = validate.Line(in.AddressDetail, 2, 200)
	f.AddErr("addressDetail", err)
	in.Email, err = validate.Email(in.Email)
	f.AddErr("email", err)
	if err := s.checkAffiliations(ctx, &f, in.ServiceOrgID, in.GridID, in.RegionCode); err != nil {
		return core.Application{}, err
	}
	if err := f.Err(); err != nil {
		return core.Application{}, err
	}

	u, err := s.Store.UserByID(ctx, p.User.ID)
	if err != nil {
		return core.Application{}, err
	}
	org := core.Organization{
		ID: store.NewID(), Kind: core.KindEnterprise, Name: p.Session.LegalOrgName,
		CreditCode: p.Session.LegalCreditCode, UniqueKey: creditKey(p.Session.LegalCreditCode),
		RegionCode: in.RegionCode, AddressDetail: in.AddressDetail, Email: in.Email,
		LegalName: u.Name, LegalPhone: u.Phone, LegalIDEnc: u.IDNumberEnc,
		ServiceOrgID: in.ServiceOrgID, GridID: in.GridID, Source: "legal_login",
	}
	ev := actor(p).Event("organization.onboard_legal", "organization", org.ID)
	ev.Detail = map[string]string{"credit_code": org.CreditCode}
	_, err = s.Store.OnboardWithoutReview(ctx, org, u.ID, ev)
	if errors.Is(err, core.ErrConflict) {
		ev.Action = "organization.claim_legal"
		org.ID, err = s.claimListed(ctx, org, u, ev)
	}
	if err != nil {
		return core.Application{}, err
	}

	now := s.now()
	return core.Application{Kind: core.KindEnterprise, ApplicantID: u.ID, Name: org.Name,
		CreditCode: org.CreditCode, Status: core.ApplicationApproved, OrgID: org.ID,
		SubmittedAt: now, DecidedAt: now, Form: core.EnterpriseForm{Name: org.Name,
			CreditCode: org.CreditCode, RegionCode: org.RegionCode, AddressDetail: org.AddressDetail,
			ServiceOrgID: org.ServiceOrgID, GridID: org.GridID, Email: org.Email}}, nil
}

// claimListed makes the legal person u the super admin of org, which is
// already on the platform, perhaps onboarded by someone else naming
// themselves its legal person. It returns the organization's id.
func (s *Service) claimListed(ctx context.Context, org core.Organization, u core.User, ev core.AuditEvent) (string, error) {
	id, err := s.Store.ClaimAsLegalPerson(ctx, store.LegalClaim{Kind: org.Kind, UniqueKey: org.UniqueKey,
		CreditCode: org.CreditCode, UserID: u.ID, LegalName: u.Name, LegalPhone: u.Phone,
		LegalIDEnc: u.IDNumberEnc}, ev)
	if errors.Is(err, core.ErrNotFound) {
		// Same first 17 characters, another check character: one of the
		// two codes is mistyped, which only an operator can settle.
		return "", core.Errorf(core.CodeConflict, "平台上已有统一社会信用代码仅校验位不同的企业，请联系平台运营核实")
	}
	return id.OrgID, err
}

// MyApplication returns one of the user's applications.
func (s *Service) MyApplication(ctx context.Context, p core.Principal, id string) (core.ApplicationView, error) {
	a, err := s.Store.ApplicationByID(ctx, id)
	if err != nil || a.ApplicantID != p.User.ID || !inLegalScope(p.Session, a.CreditCode) {
		return core.ApplicationView{}, core.Errorf(core.CodeNotFound, "申请不存在")
	}
	return a, nil
}

// inLegalScope reports whether a session may act on an organization with
// the credit code: a legal-person session only on its own.
func inLegalScope(sess core.Session, creditCode string) bool {
	return !sess.LegalScoped() || creditCode == sess.LegalCreditCode
}
