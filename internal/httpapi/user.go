package httpapi

import (
	"errors"
	"io"
	"net/http"

	"wct/internal/core"
	"wct/internal/onboarding"
	"wct/internal/platform/redact"
)

func (s *Server) routesUser(mux *router) {
	mux.api("GET /api/v1/me", s.user(s.me))
	mux.api("POST /api/v1/me/password", s.user(s.changePassword))
	mux.api("POST /api/v1/me/sms-codes", s.user(s.sendOwnCode))
	mux.api("GET /api/v1/me/identities", s.user(s.myIdentities))
	mux.api("PUT /api/v1/me/active-identity", s.user(s.setActiveIdentity))
	mux.api("GET /api/v1/organizations", s.user(s.searchOrganizations))
	mux.api("POST /api/v1/organizations/{id}/join-requests", s.user(s.requestToJoin))
	mux.api("POST /api/v1/uploads", s.user(s.upload))
	mux.api("GET /api/v1/uploads/{id}", s.handle(s.getUpload))
	mux.api("POST /api/v1/applications", s.user(s.createApplication))
	mux.api("GET /api/v1/applications/{id}", s.user(s.getApplication))
	mux.api("PUT /api/v1/applications/{id}", s.user(s.resubmitApplication))
	mux.api("GET /api/v1/org/members", s.user(s.listMembers))
	mux.api("POST /api/v1/org/members", s.user(s.addMember))
	mux.api("POST /api/v1/org/members/{id}/approve", s.user(s.approveMember))
	mux.api("POST /api/v1/org/members/{id}/reject", s.user(s.rejectMember))
	mux.api("PUT /api/v1/org/members/{id}/role", s.user(s.setMemberRole))
	mux.api("DELETE /api/v1/org/members/{id}", s.user(s.removeMember))
}

func (s *Server) me(w http.ResponseWriter, r *http.Request, p core.Principal) error {
	return s.writeMe(w, r, p)
}

// writeMe responds with the principal's Me, counting the join requests
// that wait for it.
func (s *Server) writeMe(w http.ResponseWriter, r *http.Request, p core.Principal) error {
	m := meView(p)
	n, err := s.Onboarding.JoinRequests(r.Context(), p)
	if err != nil {
		return err
	}
	m.PendingJoinRequests = n
	writeJSON(w, http.StatusOK, m)
	return nil
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request, p core.Principal) error {
	var req struct {
		CurrentPassword redact.Secret `json:"currentPassword"`
		SMSCode         string        `json:"smsCode"`
		NewPassword     redact.Secret `json:"newPassword"`
	}
	if err := decode(w, r, &req); err != nil {
		return err
	}
	if err := s.Accounts.ChangePassword(r.Context(), p, req.CurrentPassword, req.SMSCode, req.NewPassword); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// sendOwnCode sends a change-password code to the signed-in user's phone,
// which the client does not know in full.
func (s *Server) sendOwnCode(w http.ResponseWriter, r *http.Request, p core.Principal) error {
	if err := s.Accounts.SendCodeToUser(r.Context(), p, s.clientAddr(r)); err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, map[string]int{"resendAfter": 60})
	return nil
}

func (s *Server) myIdentities(w http.ResponseWriter, r *http.Request, p core.Principal) error {
	ids, err := s.Store.UserIdentities(r.Context(), p.User.ID)
	if err != nil {
		return err
	}
	apps, err := s.Store.ListApplications(r.Context(), p.User.ID, 50)
	if err != nil {
		return err
	}
	summaries := []applicationSummaryJSON{}
	for _, a := range apps {
		if !p.Session.LegalScoped() || a.CreditCode == p.Session.LegalCreditCode {
			summaries = append(summaries, summaryView(a, false))
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"identities":   visibleIdentities(p.Session, ids),
		"applications": summaries,
	})
	return nil
}

func (s *Server) setActiveIdentity(w http.ResponseWriter, r *http.Request, p core.Principal) error {
	var req struct {
		IdentityID *string `json:"identityId"`
	}
	if err := decode(w, r, &req); err != nil {
		return err
	}
	id := ""
	if req.IdentityID != nil {
		id = *req.IdentityID
	}
	if err := s.Accounts.SwitchIdentity(r.Context(), p, id); err != nil {
		return err
	}
	p, err := s.Accounts.Authenticate(r.Context(), cookieValue(r, userCookie))
	if err != nil {
		return err
	}
	return s.writeMe(w, r, p)
}

func (s *Server) searchOrganizations(w http.ResponseWriter, r *http.Request, p core.Principal) error {
	q := r.URL.Query()
	kind := core.Kind(q.Get("kind"))
	switch kind {
	case core.KindEnterprise, core.KindResearchTeam, core.KindServiceInstitution:
	default:
		// People join only these kinds; grids are assigned by operators.
		return fieldErr("kind", "组织类型只能是 enterprise、research_team 或 service_institution")
	}
	orgs, err := s.Onboarding.Search(r.Context(), kind, q.Get("q"))
	if err != nil {
		return err
	}
	items := []orgRefJSON{}
	for _, o := range orgs {
		items = append(items, orgRefJSON{ID: o.ID, Name: o.Name, CreditCode: o.CreditCode})
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}

func (s *Server) requestToJoin(w http.ResponseWriter, r *http.Request, p core.Principal) error {
	id, err := s.Onboarding.RequestToJoin(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, identityView(id))
	return nil
}

// maxUploadBody caps an upload request: the image limit plus room for the
// multipart framing.
const maxUploadBody = 10<<20 + 64<<10

func (s *Server) upload(w http.ResponseWriter, r *http.Request, p core.Principal) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxUploadBody)
	mr, err := r.MultipartReader()
	if err != nil {
		return fieldErr("file", "请以 multipart/form-data 上传图片")
	}
	purpose := "license"
	for {
		part, err := mr.NextPart()
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return fieldErr("file", "图片不能超过 10 MB")
		}
		if err != nil {
			return fieldErr("file", "请选择要上传的图片")
		}
		switch part.FormName() {
		case "purpose":
			buf := make([]byte, 16)
			n, _ := part.Read(buf)
			purpose = string(buf[:n])
		case "file":
			u, err := s.Onboarding.Upload(r.Context(), p, purpose, part)
			if err != nil {
				return err
			}
			writeJSON(w, http.StatusCreated, map[string]any{"id": u.ID, "url": "/api/v1/uploads/" + u.ID,
				"format": u.Format, "width": u.Width, "height": u.Height, "size": u.Size})
			return nil
		}
	}
}

func fieldErr(field, message string) error {
	var f core.Fields
	f.Add(field, message)
	return f.Err()
}

// getUpload serves an image to its owner, the organization's admins and
// operators, as an attachment that browsers do not sniff.
func (s *Server) getUpload(w http.ResponseWriter, r *http.Request) error {
	userID := ""
	if p, err := s.Accounts.Authenticate(r.Context(), cookieValue(r, userCookie)); err == nil {
		userID = p.User.ID
	}
	_, _, opErr := s.Accounts.AuthenticateOperator(r.Context(), cookieValue(r, adminCookie))
	u, rc, err := s.Onboarding.OpenUpload(r.Context(), userID, opErr == nil, r.PathValue("id"))
	if err != nil {
		return err
	}
	defer rc.Close()
	h := w.Header()
	h.Set("Content-Type", "image/"+u.Format)
	h.Set("Content-Disposition", `inline; filename="`+u.ID+`.`+u.Format+`"`)
	h.Set("Cache-Control", "private, max-age=3600")
	h.Set("Content-Security-Policy", "default-src 'none'")
	_, err = io.Copy(w, rc)
	return err
}

type applicationRequest struct {
	core.EnterpriseForm
	Kind                core.Kind `json:"kind"`
	LegalIDNumber       string    `json:"legalIdNumber"`
	CreditCodeConfirmed bool      `json:"creditCodeConfirmed"`
	IDConsent           bool      `json:"idConsent"`
}

func (req applicationRequest) input() (onboarding.EnterpriseInput, error) {
	if req.Kind != core.KindEnterprise {
		return onboarding.EnterpriseInput{}, fieldErr("kind", "目前只开放企业入驻")
	}
	return onboarding.EnterpriseInput{EnterpriseForm: req.EnterpriseForm, LegalIDNumber: req.LegalIDNumber,
		CreditCodeConfirmed: req.CreditCodeConfirmed, IDConsent: req.IDConsent}, nil
}

func (s *Server) createApplication(w http.ResponseWriter, r *http.Request, p core.Principal) error {
	return s.saveApplication(w, r, p, "")
}

func (s *Server) resubmitApplication(w http.ResponseWriter, r *http.Request, p core.Principal) error {
	return s.saveApplication(w, r, p, r.PathValue("id"))
}

func (s *Server) saveApplication(w http.ResponseWriter, r *http.Request, p core.Principal, id string) error {
	var req applicationRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	in, err := req.input()
	if err != nil {
		return err
	}
	var a core.Application
	status := http.StatusOK
	if id == "" {
		a, err = s.Onboarding.SubmitEnterprise(r.Context(), p, in)
		status = http.StatusCreated
	} else {
		a, err = s.Onboarding.ResubmitEnterprise(r.Context(), p, id, in)
	}
	if err != nil {
		return err
	}
	view := core.ApplicationView{Application: a}
	writeJSON(w, status, applicationView(view, in.LegalIDNumber, false))
	return nil
}

func (s *Server) getApplication(w http.ResponseWriter, r *http.Request, p core.Principal) error {
	a, err := s.Onboarding.MyApplication(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	idNumber, err := s.Onboarding.Cipher.Decrypt(a.LegalIDEnc)
	if err != nil {
		idNumber = ""
	}
	writeJSON(w, http.StatusOK, applicationView(a, idNumber, false))
	return nil
}
