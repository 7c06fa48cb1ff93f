package core

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// AuditEvent records who did what, as which identity, from where, on what.
type AuditEvent struct {
	ID         string
	At         time.Time
	ActorKind  string // "user", "operator" or "system"
	ActorID    string
	IdentityID string
	Action     string // for example "login", "application.approve"
	TargetKind string
	TargetID   string
	ClientAddr string
	Detail     map[string]string
}

// Actor is who performs a use case and from which address.
type Actor struct {
	UserID     string
	OperatorID string
	IdentityID string
	ClientAddr string
}

// Event returns an audit event by the actor.
func (a Actor) Event(action, targetKind, targetID string) AuditEvent {
	e := AuditEvent{
		ActorKind:  "user",
		ActorID:    a.UserID,
		IdentityID: a.IdentityID,
		Action:     action,
		TargetKind: targetKind,
		TargetID:   targetID,
		ClientAddr: a.ClientAddr,
	}
	if a.OperatorID != "" {
		e.ActorKind, e.ActorID = "operator", a.OperatorID
	}
	return e
}

// AuditEntry is an audit event with the display names of those involved.
// A name is empty when its row no longer exists or the event has none.
type AuditEntry struct {
	AuditEvent
	ActorName string
	// IdentityOrgID, IdentityOrgName and IdentityRole describe the
	// identity the actor acted as.
	IdentityOrgID   string
	IdentityOrgName string
	IdentityRole    Role
	// TargetLabel names the target: a user's or operator's name, an
	// organization's name, the organization name an application applies
	// for, or a member's name with the organization's name in brackets.
	TargetLabel string
}

// Page sizes of the audit log.
const (
	DefaultAuditPageSize = 50
	MaxAuditPageSize     = 200
)

// AuditFilter selects audit events. A zero field matches every event, so
// the zero filter pages through the whole log, newest first.
type AuditFilter struct {
	// Actions are action names, and an event matches when its action
	// matches any of them. A name ending in "." is a prefix: "application."
	// matches application.submit and application.approve. Any other name
	// matches exactly.
	Actions []string
	// ActorID is the id of the user or operator who acted.
	ActorID string
	// OrgID selects the events whose target is the organization, one of
	// its identities or an application for it, and the events of anyone
	// acting as one of its identities. Applications match by the
	// organization's id or its credit code.
	OrgID string
	// From and To bound the event time: From inclusive, To exclusive.
	From, To time.Time
	// ClientAddr is the client's IP address, matched as text.
	ClientAddr string
	// After is the Next cursor of the previous page; zero starts at the
	// newest event.
	After AuditCursor
	// Limit is the page size: DefaultAuditPageSize when not positive, at
	// most MaxAuditPageSize.
	Limit int
}

// PageSize returns Limit within the allowed page sizes.
func (f AuditFilter) PageSize() int {
	if f.Limit <= 0 {
		return DefaultAuditPageSize
	}
	return min(f.Limit, MaxAuditPageSize)
}

// AuditPage is one page of audit entries, newest first.
type AuditPage struct {
	Entries []AuditEntry
	// Next is the cursor of the following page, zero on the last page.
	Next AuditCursor
}

// AuditCursor is the position of an event in the audit log's order, by
// time and then by id, both descending. The id orders events of the same
// millisecond, so paging neither skips nor repeats them.
type AuditCursor struct {
	At time.Time
	ID string
}

// ErrInvalidAuditCursor is returned by ParseAuditCursor for text that
// AuditCursor.String did not produce.
var ErrInvalidAuditCursor = errors.New("invalid audit cursor")

// IsZero reports whether c is the zero cursor.
func (c AuditCursor) IsZero() bool { return c.ID == "" }

// String encodes c as "<Unix milliseconds>.<event id>", or "" for the
// zero cursor.
func (c AuditCursor) String() string {
	if c.IsZero() {
		return ""
	}
	return strconv.FormatInt(c.At.UnixMilli(), 10) + "." + c.ID
}

// ParseAuditCursor decodes the text of AuditCursor.String. It returns
// ErrInvalidAuditCursor for malformed text.
func ParseAuditCursor(s string) (AuditCursor, error) {
	ms, id, ok := strings.Cut(s, ".")
	at, err := strconv.ParseInt(ms, 10, 64)
	if !ok || err != nil || at <= 0 || id == "" || len(id) > 64 {
		return AuditCursor{}, ErrInvalidAuditCursor
	}
	return AuditCursor{At: time.UnixMilli(at), ID: id}, nil
}

// Quota is a limit on how often one actor may take some actions, counted
// in the audit log over a rolling window, so the limit counts what
// operators see. The zero Quota limits nothing.
type Quota struct {
	Actions []string
	Limit   int
	Window  time.Duration
	// Label names the actions in the rejection message, such as 添加成员.
	Label string
}
