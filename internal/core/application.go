package core

import "time"

// ApplicationStatus is the state of an onboarding application.
type ApplicationStatus string

// The application states.
const (
	ApplicationPending  ApplicationStatus = "pending"
	ApplicationApproved ApplicationStatus = "approved"
	ApplicationRejected ApplicationStatus = "rejected"
)

// EnterpriseForm is the enterprise onboarding form. LegalIDNumber is
// plain only on its way in; applications store it encrypted apart from the
// form.
type EnterpriseForm struct {
	Name            string   `json:"name"`
	CreditCode      string   `json:"creditCode"`
	RegionCode      string   `json:"regionCode"`
	AddressDetail   string   `json:"addressDetail"`
	ServiceOrgID    string   `json:"serviceOrgId,omitempty"`
	GridID          string   `json:"gridId,omitempty"`
	Email           string   `json:"email"`
	TechFields      []string `json:"techFields"`
	LegalName       string   `json:"legalName"`
	LegalPhone      string   `json:"legalPhone"`
	LegalIDNumber   string   `json:"-"`
	LicenseUploadID string   `json:"licenseUploadId"`
}

// Application is a request to onboard a new organization.
type Application struct {
	ID              string
	Kind            Kind
	ApplicantID     string
	Name            string
	CreditCode      string
	UniqueKey       string
	Status          ApplicationStatus
	Flagged         bool // the credit code failed its checksum and the applicant confirmed it
	Form            EnterpriseForm
	LegalIDEnc      string
	LicenseUploadID string
	Reason          string
	OrgID           string // set on approval
	SubmittedAt     time.Time
	DecidedAt       time.Time
	DecidedBy       string // operator id
}

// ApplicationView is an application with its applicant's name and phone.
type ApplicationView struct {
	Application
	ApplicantName  string
	ApplicantPhone string
}

// Decision is an operator's decision on an application.
type Decision struct {
	ApplicationID string
	OperatorID    string
	Approve       bool
	Reason        string
	// Org is the organization to create on approval, and Identities the
	// identities to create with it (the applicant's, and the legal
	// person's when that is someone else).
	Org        Organization
	Identities []Identity
}
