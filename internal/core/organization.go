package core

import "time"

// Kind is the kind of an identity, and of an organization for the kinds
// that have one.
type Kind string

// The identity kinds of the platform.
const (
	KindEnterprise         Kind = "enterprise"          // 企业
	KindResearchTeam       Kind = "research_team"       // 科研团队
	KindServiceInstitution Kind = "service_institution" // 服务机构
	KindTechManager        Kind = "tech_manager"        // 个人服务方 (技术经理人)
	KindGrid               Kind = "grid"                // 服务网格
)

// Label returns the kind's Chinese name.
func (k Kind) Label() string {
	switch k {
	case KindEnterprise:
		return "企业"
	case KindResearchTeam:
		return "科研团队"
	case KindServiceInstitution:
		return "服务机构"
	case KindTechManager:
		return "个人服务方"
	case KindGrid:
		return "服务网格"
	}
	return string(k)
}

// Valid reports whether k is one of the known kinds.
func (k Kind) Valid() bool { return k.Label() != string(k) }

// Organization is an enterprise, research team, service institution or
// service grid on the platform. An organization that applies exists only
// once approved (or onboarded without review). A service grid is created
// by an operator, and its members are the grid members (网格员).
type Organization struct {
	ID              string
	Kind            Kind
	Name            string
	CreditCode      string
	UniqueKey       string // credit code; for research teams code + "/" + team name; for grids region code + "/" + name
	RegionCode      string
	AddressDetail   string
	Email           string
	TechFields      []string
	LegalName       string
	LegalPhone      string
	LegalIDEnc      string
	LicenseUploadID string
	ServiceOrgID    string // for enterprises: the service institution chosen in the form, or ""
	GridID          string // for enterprises: the service grid chosen in the form, or ""
	Source          string // "application", "legal_login", "import", or "operator" for grids
	CreatedAt       time.Time
}
