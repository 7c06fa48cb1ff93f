package httpapi

import (
	"net/http"
	"time"
	"unicode/utf8"

	"wct/internal/core"
	"wct/internal/platform/redact"
	"wct/internal/validate"
)

// The back office's directory: operators search users and organizations
// and see an organization's members.

func (s *Server) routesAdminDirectory(mux *router) {
	mux.api("GET /api/v1/admin/users", s.operator(s.adminUsers))
	mux.api("GET /api/v1/admin/organizations", s.operator(s.adminOrganizations))
	mux.api("GET /api/v1/admin/organizations/{id}", s.operator(s.adminOrganization))
}

// directoryQuery returns the search keyword: a phone number in its bare
// form, or at least two characters of a name.
func directoryQuery(r *http.Request) (string, error) {
	q := r.URL.Query().Get("q")
	if phone, err := validate.Mobile(q); err == nil {
		return phone, nil
	}
	if n := utf8.RuneCountInString(q); n < 2 || n > 100 {
		return "", fieldErr("q", "请输入 2 至 100 个字的关键词或完整手机号")
	}
	return q, nil
}

func (s *Server) adminUsers(w http.ResponseWriter, r *http.Request, _ core.Actor, _ core.Operator, _ core.Session) error {
	q, err := directoryQuery(r)
	if err != nil {
		return err
	}
	users, err := s.Store.SearchUsers(r.Context(), q, 50)
	if err != nil {
		return err
	}
	type item struct {
		ID               string    `json:"id"`
		Name             string    `json:"name"`
		PhoneMasked      string    `json:"phoneMasked"`
		ActiveIdentities int       `json:"activeIdentities"`
		CreatedAt        time.Time `json:"createdAt"`
	}
	items := []item{}
	for _, u := range users {
		items = append(items, item{ID: u.ID, Name: u.Name, PhoneMasked: redact.Phone(u.Phone),
			ActiveIdentities: u.ActiveIdentities, CreatedAt: u.CreatedAt})
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}

func (s *Server) adminOrganizations(w http.ResponseWriter, r *http.Request, _ core.Actor, _ core.Operator, _ core.Session) error {
	kind := core.Kind(r.URL.Query().Get("kind"))
	if kind == "" {
		kind = core.KindEnterprise
	}
	orgs, err := s.Onboarding.Search(r.Context(), kind, r.URL.Query().Get("q"))
	if err != nil {
		return err
	}
	items := []orgRefJSON{}
	for _, o := range orgs {
		items = append(items, orgRefJSON{ID: o.ID, Name: o.Name, CreditCode: o.CreditCode, Status: "active"})
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}

type orgDetailJSON struct {
	ID               string    `json:"id"`
	Kind             core.Kind `json:"kind"`
	Name             string    `json:"name"`
	CreditCode       string    `json:"creditCode"`
	RegionCode       string    `json:"regionCode"`
	AddressDetail    string    `json:"addressDetail"`
	Email            string    `json:"email"`
	TechFields       []string  `json:"techFields"`
	LegalName        string    `json:"legalName"`
	LegalPhoneMasked string    `json:"legalPhoneMasked"`
	Source           string    `json:"source"`
	CreatedAt        time.Time `json:"createdAt"`
}

func (s *Server) adminOrganization(w http.ResponseWriter, r *http.Request, op core.Actor, _ core.Operator, _ core.Session) error {
	o, err := s.Onboarding.Store.OrganizationByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	members, err := s.Onboarding.Store.Members(r.Context(), o.ID)
	if err != nil {
		return err
	}
	detail := orgDetailJSON{ID: o.ID, Kind: o.Kind, Name: o.Name, CreditCode: o.CreditCode,
		RegionCode: o.RegionCode, AddressDetail: o.AddressDetail, Email: o.Email,
		TechFields: o.TechFields, LegalName: o.LegalName, LegalPhoneMasked: redact.Phone(o.LegalPhone),
		Source: o.Source, CreatedAt: o.CreatedAt}
	if detail.TechFields == nil {
		detail.TechFields = []string{}
	}
	items := []memberJSON{}
	for _, m := range members {
		items = append(items, memberView(m))
	}
	writeJSON(w, http.StatusOK, map[string]any{"org": detail, "members": items})
	return nil
}
