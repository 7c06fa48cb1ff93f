package core

import "time"

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

// AuditEntry is an audit event with the actor's display name.
type AuditEntry struct {
	AuditEvent
	ActorName string
}
