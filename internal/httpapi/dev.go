package httpapi

import (
	"net/http"
	"time"
)

// smsOutbox lists the codes the development outbox "sent". It is routed
// only in development mode.
func (s *Server) smsOutbox(w http.ResponseWriter, r *http.Request) error {
	type item struct {
		Phone   string    `json:"phone"`
		Code    string    `json:"code"`
		Purpose string    `json:"purpose"`
		SentAt  time.Time `json:"sentAt"`
	}
	items := []item{}
	for _, m := range s.Outbox.List() {
		items = append(items, item{Phone: m.Phone, Code: m.Code, Purpose: m.Purpose, SentAt: m.SentAt})
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}
