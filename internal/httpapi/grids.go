package httpapi

import (
	"net/http"
	"time"

	"wct/internal/core"
	"wct/internal/grid"
	"wct/internal/platform/redact"
	"wct/internal/store"
)

// Service grids: operators create them and assign their grid members,
// applicants pick one in the enterprise form, and a grid member lists the
// enterprises of the grid.

func (s *Server) routesGrids(mux *router) {
	mux.api("GET /api/v1/admin/grids", s.operator(s.adminGrids))
	mux.api("POST /api/v1/admin/grids", s.operator(s.adminCreateGrid))
	mux.api("GET /api/v1/admin/grids/{id}", s.operator(s.adminGrid))
	mux.api("PUT /api/v1/admin/grids/{id}", s.operator(s.adminRenameGrid))
	mux.api("POST /api/v1/admin/grids/{id}/members", s.operator(s.adminAssignGridMember))
	mux.api("DELETE /api/v1/admin/grids/{id}/members/{identityId}", s.operator(s.adminRemoveGridMember))
	mux.api("GET /api/v1/grids", s.user(s.grids))
	mux.api("GET /api/v1/grid/enterprises", s.user(s.gridEnterprises))
}

type gridRefJSON struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	RegionCode string `json:"regionCode"`
}

type gridJSON struct {
	gridRefJSON
	Members   int       `json:"members"`
	CreatedAt time.Time `json:"createdAt"`
}

func gridRef(o core.Organization) gridRefJSON {
	return gridRefJSON{ID: o.ID, Name: o.Name, RegionCode: o.RegionCode}
}

func gridView(g store.GridSummary) gridJSON {
	return gridJSON{gridRefJSON: gridRef(g.Organization), Members: g.Members, CreatedAt: g.CreatedAt}
}

func (s *Server) adminGrids(w http.ResponseWriter, r *http.Request, _ core.Actor, _ core.Operator, _ core.Session) error {
	grids, err := s.Grids.List(r.Context(), r.URL.Query().Get("region"))
	if err != nil {
		return err
	}
	items := []gridJSON{}
	for _, g := range grids {
		items = append(items, gridView(g))
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}

func (s *Server) adminCreateGrid(w http.ResponseWriter, r *http.Request, op core.Actor, _ core.Operator, _ core.Session) error {
	var req struct {
		Name       string `json:"name"`
		RegionCode string `json:"regionCode"`
	}
	if err := decode(w, r, &req); err != nil {
		return err
	}
	g, err := s.Grids.Create(r.Context(), op, req.Name, req.RegionCode)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, gridView(store.GridSummary{Organization: g}))
	return nil
}

func (s *Server) adminRenameGrid(w http.ResponseWriter, r *http.Request, op core.Actor, _ core.Operator, _ core.Session) error {
	var req struct {
		Name string `json:"name"`
	}
	if err := decode(w, r, &req); err != nil {
		return err
	}
	g, err := s.Grids.Rename(r.Context(), op, r.PathValue("id"), req.Name)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, gridRef(g))
	return nil
}

func (s *Server) adminGrid(w http.ResponseWriter, r *http.Request, _ core.Actor, _ core.Operator, _ core.Session) error {
	g, members, err := s.Grids.Detail(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	items := []memberJSON{}
	for _, m := range members {
		items = append(items, memberView(m))
	}
	summary := store.GridSummary{Organization: g, Members: len(members)}
	writeJSON(w, http.StatusOK, map[string]any{"grid": gridView(summary), "members": items})
	return nil
}

func (s *Server) adminAssignGridMember(w http.ResponseWriter, r *http.Request, op core.Actor, _ core.Operator, _ core.Session) error {
	var req struct {
		Name  string `json:"name"`
		Phone string `json:"phone"`
	}
	if err := decode(w, r, &req); err != nil {
		return err
	}
	id, err := s.Grids.AssignMember(r.Context(), op, r.PathValue("id"), req.Name, req.Phone)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]string{"identityId": id.ID, "status": string(id.Status)})
	return nil
}

func (s *Server) adminRemoveGridMember(w http.ResponseWriter, r *http.Request, op core.Actor, _ core.Operator, _ core.Session) error {
	if err := s.Grids.RemoveMember(r.Context(), op, r.PathValue("id"), r.PathValue("identityId")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// grids lists the grids of a district for the enterprise form's select.
func (s *Server) grids(w http.ResponseWriter, r *http.Request, _ core.Principal) error {
	grids, err := s.Grids.List(r.Context(), r.URL.Query().Get("region"))
	if err != nil {
		return err
	}
	items := []gridRefJSON{}
	for _, g := range grids {
		items = append(items, gridRef(g.Organization))
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}

// gridEnterpriseJSON is an enterprise as listed for its grid member,
// without the ID number and with the legal person's phone masked.
type gridEnterpriseJSON struct {
	ID               string    `json:"id"`
	Name             string    `json:"name"`
	CreditCode       string    `json:"creditCode"`
	RegionCode       string    `json:"regionCode"`
	AddressDetail    string    `json:"addressDetail"`
	LegalName        string    `json:"legalName"`
	LegalPhoneMasked string    `json:"legalPhoneMasked"`
	OnboardedAt      time.Time `json:"onboardedAt"`
}

func (s *Server) gridEnterprises(w http.ResponseWriter, r *http.Request, p core.Principal) error {
	var f core.Fields
	page := intParam(r, &f, "page", 1, 1, maxPage, "页码")
	size := intParam(r, &f, "pageSize", 20, 1, grid.MaxPageSize, "每页条数")
	if err := f.Err(); err != nil {
		return err
	}
	result, err := s.Grids.Enterprises(r.Context(), p, page, size)
	if err != nil {
		return err
	}
	items := []gridEnterpriseJSON{}
	for _, o := range result.Enterprises {
		items = append(items, gridEnterpriseJSON{ID: o.ID, Name: o.Name, CreditCode: o.CreditCode,
			RegionCode: o.RegionCode, AddressDetail: o.AddressDetail, LegalName: o.LegalName,
			LegalPhoneMasked: redact.Phone(o.LegalPhone), OnboardedAt: o.CreatedAt})
	}
	writeJSON(w, http.StatusOK, map[string]any{"grid": gridRef(result.Grid), "items": items,
		"total": result.Total, "page": page, "pageSize": size})
	return nil
}
