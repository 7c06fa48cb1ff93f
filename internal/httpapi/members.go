package httpapi

import (
	"net/http"

	"wct/internal/core"
)

func (s *Server) listMembers(w http.ResponseWriter, r *http.Request, p core.Principal) error {
	members, err := s.Onboarding.Members(r.Context(), p)
	if err != nil {
		return err
	}
	items := []memberJSON{}
	for _, m := range members {
		items = append(items, memberView(m))
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"org":     orgRefJSON{ID: p.Org.ID, Name: p.Org.Name, CreditCode: p.Org.CreditCode},
		"role":    p.Identity.Role,
		"members": items,
	})
	return nil
}

func (s *Server) addMember(w http.ResponseWriter, r *http.Request, p core.Principal) error {
	var req struct {
		Name  string `json:"name"`
		Phone string `json:"phone"`
	}
	if err := decode(w, r, &req); err != nil {
		return err
	}
	id, err := s.Onboarding.AddMember(r.Context(), p, req.Name, req.Phone)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]string{"identityId": id.ID, "status": string(id.Status)})
	return nil
}

func (s *Server) approveMember(w http.ResponseWriter, r *http.Request, p core.Principal) error {
	if err := s.Onboarding.DecideJoin(r.Context(), p, r.PathValue("id"), true, ""); err != nil {
		return err
	}
	w.WriteHeader(http.StatusOK)
	return nil
}

func (s *Server) rejectMember(w http.ResponseWriter, r *http.Request, p core.Principal) error {
	var req struct {
		Reason string `json:"reason"`
	}
	if err := decode(w, r, &req); err != nil {
		return err
	}
	if err := s.Onboarding.DecideJoin(r.Context(), p, r.PathValue("id"), false, req.Reason); err != nil {
		return err
	}
	w.WriteHeader(http.StatusOK)
	return nil
}

func (s *Server) setMemberRole(w http.ResponseWriter, r *http.Request, p core.Principal) error {
	var req struct {
		Role core.Role `json:"role"`
	}
	if err := decode(w, r, &req); err != nil {
		return err
	}
	if err := s.Onboarding.SetRole(r.Context(), p, r.PathValue("id"), req.Role); err != nil {
		return err
	}
	w.WriteHeader(http.StatusOK)
	return nil
}

func (s *Server) removeMember(w http.ResponseWriter, r *http.Request, p core.Principal) error {
	if err := s.Onboarding.RemoveMember(r.Context(), p, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
