package httpapi

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"wct/internal/account"
	"wct/internal/core"
	"wct/internal/onboarding"
	"wct/internal/platform/redact"
)

func (s *Server) routesAdmin(mux *router) {
	mux.api("POST /api/v1/admin/login", s.handle(s.adminLogin))
	mux.api("POST /api/v1/admin/logout", s.handle(s.adminLogout))
	mux.api("GET /api/v1/admin/me", s.operator(s.adminMe))
	mux.api("GET /api/v1/admin/applications", s.operator(s.adminQueue))
	mux.api("GET /api/v1/admin/applications/{id}", s.operator(s.adminApplication))
	mux.api("POST /api/v1/admin/applications/{id}/approve", s.operator(s.adminApprove))
	mux.api("POST /api/v1/admin/applications/{id}/reject", s.operator(s.adminReject))
	mux.api("GET /api/v1/admin/audit", s.operator(s.adminAudit))
}

func operatorView(o core.Operator) map[string]any {
	return map[string]any{"operator": map[string]string{
		"id": o.ID, "name": o.Name, "phoneMasked": redact.Phone(o.Phone)}}
}

func (s *Server) adminLogin(w http.ResponseWriter, r *http.Request) error {
	var req phoneRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	token, o, err := s.Accounts.LoginOperator(r.Context(), req.Phone, req.Password, s.clientAddr(r))
	if err != nil {
		return err
	}
	s.setCookie(w, adminCookie, token, time.Now().Add(min(s.Accounts.SessionTTL, account.OperatorSessionTTL)))
	writeJSON(w, http.StatusOK, operatorView(o))
	return nil
}

func (s *Server) adminLogout(w http.ResponseWriter, r *http.Request) error {
	sess, _, err := s.Accounts.AuthenticateOperator(r.Context(), cookieValue(r, adminCookie))
	if err == nil {
		sess.ClientAddr = s.clientAddr(r)
		if err := s.Accounts.LogoutOperator(r.Context(), sess); err != nil {
			return err
		}
	}
	s.setCookie(w, adminCookie, "", time.Time{})
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) adminMe(w http.ResponseWriter, r *http.Request, _ core.Actor, o core.Operator, _ core.Session) error {
	writeJSON(w, http.StatusOK, operatorView(o))
	return nil
}

var applicationStatuses = map[string]core.ApplicationStatus{
	"": core.ApplicationPending, "pending": core.ApplicationPending,
	"approved": core.ApplicationApproved, "rejected": core.ApplicationRejected,
}

func (s *Server) adminQueue(w http.ResponseWriter, r *http.Request, _ core.Actor, _ core.Operator, _ core.Session) error {
	var f core.Fields
	status, ok := applicationStatuses[r.URL.Query().Get("status")]
	if !ok {
		f.Add("status", "状态只能是 pending、approved 或 rejected")
	}
	page := intParam(r, &f, "page", 1, 1, onboarding.MaxQueuePage, "页码")
	size := intParam(r, &f, "pageSize", 20, 1, onboarding.QueuePageSize, "每页条数")
	if err := f.Err(); err != nil {
		return err
	}
	apps, total, err := s.Onboarding.Queue(r.Context(), status, page, size)
	if err != nil {
		return err
	}
	items := []applicationSummaryJSON{}
	for _, a := range apps {
		items = append(items, summaryView(a, true))
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "total": total, "page": page, "pageSize": size})
	return nil
}

// maxPage is the last page number that paged lists accept, which keeps
// offsets far from overflowing.
const maxPage = 100_000

// intParam returns the integer query parameter, or def when it is
// absent. A value that is not an integer from lo to hi adds an error to
// f, whose message names the parameter by label.
func intParam(r *http.Request, f *core.Fields, name string, def, lo, hi int, label string) int {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		f.Add(name, fmt.Sprintf("%s应为 %d 至 %d 的整数", label, lo, hi))
		return def
	}
	return n
}

// adminApplication shows an application in full, with the legal person's
// ID number decrypted, and records that an operator viewed it.
func (s *Server) adminApplication(w http.ResponseWriter, r *http.Request, op core.Actor, _ core.Operator, _ core.Session) error {
	viewed := op.Event("application.view", "application", r.PathValue("id"))
	return s.writeAdminApplication(w, r, &viewed)
}

// writeAdminApplication responds with the application of the request path
// as operators see it, and records the view event when it is not nil.
// Decisions respond with the application too, without a view event,
// because their own audit event covers it.
func (s *Server) writeAdminApplication(w http.ResponseWriter, r *http.Request, viewed *core.AuditEvent) error {
	a, err := s.Onboarding.Store.ApplicationByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	idNumber, err := s.Onboarding.Cipher.Decrypt(a.LegalIDEnc)
	if err != nil {
		return err
	}
	if viewed != nil {
		if err := s.Store.RecordAudit(r.Context(), *viewed); err != nil {
			return err
		}
	}
	writeJSON(w, http.StatusOK, applicationView(a, idNumber, true))
	return nil
}

func (s *Server) adminApprove(w http.ResponseWriter, r *http.Request, op core.Actor, _ core.Operator, _ core.Session) error {
	if err := s.Onboarding.Approve(r.Context(), op, r.PathValue("id")); err != nil {
		return err
	}
	return s.writeAdminApplication(w, r, nil)
}

func (s *Server) adminReject(w http.ResponseWriter, r *http.Request, op core.Actor, _ core.Operator, _ core.Session) error {
	var req struct {
		Reason string `json:"reason"`
	}
	if err := decode(w, r, &req); err != nil {
		return err
	}
	if err := s.Onboarding.Reject(r.Context(), op, r.PathValue("id"), req.Reason); err != nil {
		return err
	}
	return s.writeAdminApplication(w, r, nil)
}
