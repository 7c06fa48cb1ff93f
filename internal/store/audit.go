package store

import (
	"context"
	"encoding/json"
	"fmt"

	"wct/internal/core"
)

func (s *Store) insertAudit(ctx context.Context, q querier, e core.AuditEvent) error {
	if e.ID == "" {
		e.ID = NewID()
	}
	if e.At.IsZero() {
		e.At = s.now()
	}
	detail := []byte("{}")
	if len(e.Detail) > 0 {
		detail, _ = json.Marshal(e.Detail)
	}
	_, err := q.ExecContext(ctx, `
		INSERT INTO audit_events
			(id, at, actor_kind, actor_id, identity_id, action, target_kind, target_id, client_addr, detail)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		e.ID, millis(e.At), e.ActorKind, e.ActorID, e.IdentityID, e.Action,
		e.TargetKind, e.TargetID, e.ClientAddr, string(detail))
	if err != nil {
		return fmt.Errorf("store: audit %s: %w", e.Action, err)
	}
	return nil
}

// RecordAudit writes one audit event on its own.
func (s *Store) RecordAudit(ctx context.Context, e core.AuditEvent) error {
	return s.insertAudit(ctx, s.write, e)
}

// ListAudit returns the newest events first, at most limit.
func (s *Store) ListAudit(ctx context.Context, limit int) ([]core.AuditEntry, error) {
	rows, err := s.read.QueryContext(ctx, `
		SELECT a.id, a.at, a.actor_kind, a.actor_id, a.identity_id, a.action,
		       a.target_kind, a.target_id, a.client_addr, a.detail,
		       COALESCE(u.name, o.name, '')
		FROM audit_events AS a
		LEFT JOIN users AS u ON a.actor_kind = 'user' AND u.id = a.actor_id
		LEFT JOIN operators AS o ON a.actor_kind = 'operator' AND o.id = a.actor_id
		ORDER BY a.at DESC, a.id DESC
		LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: list audit: %w", err)
	}
	defer rows.Close()
	var out []core.AuditEntry
	for rows.Next() {
		var e core.AuditEntry
		var at int64
		var detail string
		err := rows.Scan(&e.ID, &at, &e.ActorKind, &e.ActorID, &e.IdentityID, &e.Action,
			&e.TargetKind, &e.TargetID, &e.ClientAddr, &detail, &e.ActorName)
		if err != nil {
			return nil, fmt.Errorf("store: list audit: %w", err)
		}
		e.At = fromMillis(at)
		_ = json.Unmarshal([]byte(detail), &e.Detail)
		out = append(out, e)
	}
	return out, rows.Err()
}
