package httpapi

import (
	"time"

	"wct/internal/account"
	"wct/internal/core"
	"wct/internal/platform/redact"
)

// The JSON shapes of api/openapi.yaml.

type userJSON struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	PhoneMasked string `json:"phoneMasked"`
	HasPassword bool   `json:"hasPassword"`
}

type legalScopeJSON struct {
	OrgName    string `json:"orgName"`
	CreditCode string `json:"creditCode"`
}

type orgRefJSON struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	CreditCode string `json:"creditCode"`
	Status     string `json:"status,omitempty"`
}

type identityJSON struct {
	ID     string     `json:"id"`
	Kind   core.Kind  `json:"kind"`
	Role   core.Role  `json:"role"`
	Status string     `json:"status"`
	Org    orgRefJSON `json:"org"`
	Reason string     `json:"reason,omitempty"`
}

type meJSON struct {
	User           userJSON        `json:"user"`
	LoginMethod    string          `json:"loginMethod"`
	LegalScope     *legalScopeJSON `json:"legalScope"`
	ActiveIdentity *identityJSON   `json:"activeIdentity"`
	// PendingJoinRequests counts the join requests waiting for the active
	// identity to decide; zero unless it may manage members.
	PendingJoinRequests int `json:"pendingJoinRequests"`
}

func meView(p core.Principal) meJSON {
	m := meJSON{
		User: userJSON{ID: p.User.ID, Name: p.User.Name, PhoneMasked: redact.Phone(p.User.Phone),
			HasPassword: p.User.HasPassword()},
		LoginMethod: string(p.Session.Method),
	}
	if p.Session.LegalScoped() {
		m.LegalScope = &legalScopeJSON{OrgName: p.Session.LegalOrgName, CreditCode: p.Session.LegalCreditCode}
	}
	if p.Identity != nil {
		m.ActiveIdentity = &identityJSON{ID: p.Identity.ID, Kind: p.Identity.Kind, Role: p.Identity.Role,
			Status: string(p.Identity.Status),
			Org:    orgRefJSON{ID: p.Org.ID, Name: p.Org.Name, CreditCode: p.Org.CreditCode, Status: "active"}}
	}
	return m
}

func identityView(v core.IdentityView) identityJSON {
	return identityJSON{ID: v.ID, Kind: v.Kind, Role: v.Role, Status: string(v.Status), Reason: v.Reason,
		Org: orgRefJSON{ID: v.OrgID, Name: v.OrgName, CreditCode: v.OrgCreditCode, Status: "active"}}
}

type applicationSummaryJSON struct {
	ID            string     `json:"id"`
	Kind          core.Kind  `json:"kind"`
	Status        string     `json:"status"`
	OrgName       string     `json:"orgName"`
	CreditCode    string     `json:"creditCode"`
	Reason        string     `json:"reason,omitempty"`
	Flagged       bool       `json:"flagged"`
	SubmittedAt   time.Time  `json:"submittedAt"`
	DecidedAt     *time.Time `json:"decidedAt"`
	ApplicantName string     `json:"applicantName,omitempty"`
}

func summaryView(a core.ApplicationView, withApplicant bool) applicationSummaryJSON {
	j := applicationSummaryJSON{ID: a.ID, Kind: a.Kind, Status: string(a.Status), OrgName: a.Name,
		CreditCode: a.CreditCode, Reason: a.Reason, Flagged: a.Flagged, SubmittedAt: a.SubmittedAt,
		DecidedAt: timePtr(a.DecidedAt)}
	if withApplicant {
		j.ApplicantName = a.ApplicantName
	}
	return j
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

type formJSON struct {
	core.EnterpriseForm
	LegalIDNumber string `json:"legalIdNumber"`
}

type uploadRefJSON struct {
	ID  string `json:"id"`
	URL string `json:"url"`
}

type applicantJSON struct {
	Name        string `json:"name"`
	PhoneMasked string `json:"phoneMasked"`
}

type applicationJSON struct {
	applicationSummaryJSON
	Form      formJSON       `json:"form"`
	License   *uploadRefJSON `json:"license"`
	Applicant *applicantJSON `json:"applicant,omitempty"`
}

// applicationView returns the application with the legal person's phone
// and ID number masked, or in full for operators (idNumber is then the
// decrypted number).
func applicationView(a core.ApplicationView, idNumber string, forOperator bool) applicationJSON {
	j := applicationJSON{applicationSummaryJSON: summaryView(a, forOperator),
		Form: formJSON{EnterpriseForm: a.Form, LegalIDNumber: redact.IDNumber(idNumber)}}
	if a.Form.TechFields == nil {
		j.Form.TechFields = []string{}
	}
	if forOperator {
		j.Form.LegalIDNumber = idNumber
		j.Applicant = &applicantJSON{Name: a.ApplicantName, PhoneMasked: redact.Phone(a.ApplicantPhone)}
	} else {
		j.Form.LegalPhone = redact.Phone(a.Form.LegalPhone)
	}
	if a.LicenseUploadID != "" {
		j.License = &uploadRefJSON{ID: a.LicenseUploadID, URL: "/api/v1/uploads/" + a.LicenseUploadID}
	}
	return j
}

type memberJSON struct {
	IdentityID  string     `json:"identityId"`
	Name        string     `json:"name"`
	PhoneMasked string     `json:"phoneMasked"`
	Role        core.Role  `json:"role"`
	Status      string     `json:"status"`
	CreatedAt   time.Time  `json:"createdAt"`
	DecidedAt   *time.Time `json:"decidedAt"`
}

func memberView(v core.IdentityView) memberJSON {
	return memberJSON{IdentityID: v.ID, Name: v.UserName, PhoneMasked: redact.Phone(v.UserPhone),
		Role: v.Role, Status: string(v.Status), CreatedAt: v.CreatedAt, DecidedAt: timePtr(v.DecidedAt)}
}

// visibleIdentities returns the identities the session may see.
func visibleIdentities(sess core.Session, ids []core.IdentityView) []identityJSON {
	out := []identityJSON{}
	for _, v := range ids {
		if account.VisibleInScope(sess, v) {
			out = append(out, identityView(v))
		}
	}
	return out
}
