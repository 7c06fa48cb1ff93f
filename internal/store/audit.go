package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

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

// checkQuota returns an error with code core.CodeRateLimited when the
// actor has taken the quota's actions Limit times within its window. The
// error's RetryAfter is when the oldest of them leaves the window. Run in
// a transaction that serializes the actor's attempts, it admits exactly
// Limit of them.
func (s *Store) checkQuota(ctx context.Context, q querier, actorID string, quota core.Quota) error {
	if quota.Limit <= 0 || len(quota.Actions) == 0 {
		return nil
	}
	now := s.now()
	args := []any{actorID, millis(now.Add(-quota.Window))}
	marks := make([]string, len(quota.Actions))
	for i, a := range quota.Actions {
		args = append(args, a)
		marks[i] = fmt.Sprintf("$%d", i+3)
	}
	var n int
	var oldest sql.NullInt64
	err := q.QueryRowContext(ctx, `
		SELECT COUNT(*), MIN(at) FROM audit_events
		WHERE actor_id = $1 AND at >= $2 AND action IN (`+strings.Join(marks, ", ")+`)`, args...).Scan(&n, &oldest)
	if err != nil {
		return fmt.Errorf("store: count actions: %w", err)
	}
	if n < quota.Limit {
		return nil
	}
	wait := fromMillis(oldest.Int64).Add(quota.Window).Sub(now)
	minutes := max(1, int(wait.Round(time.Minute)/time.Minute))
	return &core.Error{Code: core.CodeRateLimited, RetryAfter: max(1, int(wait.Seconds())),
		Message: fmt.Sprintf("%s过于频繁，请约 %d 分钟后再试", quota.Label, minutes)}
}

// RecordAudit writes one audit event on its own.
func (s *Store) RecordAudit(ctx context.Context, e core.AuditEvent) error {
	return s.insertAudit(ctx, s.write, e)
}

// auditNames is the query that reads the page of events in the subquery
// a with the names of the actor, of the organization and role it acted
// as, and of the target. The page is selected first, so that the names
// are looked up, by primary key, only for the events listed.
const auditNames = `
	SELECT a.id, a.at, a.actor_kind, a.actor_id, a.identity_id, a.action,
	       a.target_kind, a.target_id, a.client_addr, a.detail,
	       COALESCE(au.name, aop.name, ''),
	       COALESCE(ai.org_id, ''), COALESCE(aio.name, ''), COALESCE(ai.role, ''),
	       COALESCE(tu.name, top.name, tor.name, tap.name, ''),
	       COALESCE(NULLIF(tiu.name, ''), ti.invite_name, ''), COALESCE(tio.name, '')
	FROM (%s) AS a
	LEFT JOIN users AS au ON a.actor_kind = 'user' AND au.id = a.actor_id
	LEFT JOIN operators AS aop ON a.actor_kind = 'operator' AND aop.id = a.actor_id
	LEFT JOIN identities AS ai ON ai.id = a.identity_id
	LEFT JOIN organizations AS aio ON aio.id = ai.org_id
	LEFT JOIN users AS tu ON a.target_kind = 'user' AND tu.id = a.target_id
	LEFT JOIN operators AS top ON a.target_kind = 'operator' AND top.id = a.target_id
	LEFT JOIN organizations AS tor ON a.target_kind = 'organization' AND tor.id = a.target_id
	LEFT JOIN applications AS tap ON a.target_kind = 'application' AND tap.id = a.target_id
	LEFT JOIN identities AS ti ON a.target_kind = 'identity' AND ti.id = a.target_id
	LEFT JOIN users AS tiu ON tiu.id = ti.user_id
	LEFT JOIN organizations AS tio ON tio.id = ti.org_id
	ORDER BY a.at DESC, a.id DESC`

// ListAudit returns one page of the events that f selects, newest first,
// and the cursor of the next page.
func (s *Store) ListAudit(ctx context.Context, f core.AuditFilter) (core.AuditPage, error) {
	size := f.PageSize()
	query, args := auditQuery(f, size)
	rows, err := s.read.QueryContext(ctx, query, args...)
	if err != nil {
		return core.AuditPage{}, fmt.Errorf("store: list audit: %w", err)
	}
	defer rows.Close()
	var out core.AuditPage
	for rows.Next() {
		e, err := scanAuditEntry(rows)
		if err != nil {
			return core.AuditPage{}, fmt.Errorf("store: list audit: %w", err)
		}
		out.Entries = append(out.Entries, e)
	}
	if err := rows.Err(); err != nil {
		return core.AuditPage{}, fmt.Errorf("store: list audit: %w", err)
	}
	if len(out.Entries) > size {
		out.Entries = out.Entries[:size]
		last := out.Entries[size-1]
		out.Next = core.AuditCursor{At: last.At, ID: last.ID}
	}
	return out, nil
}

// auditQuery returns the query of ListAudit and its arguments. It reads
// one event more than the page size, so that ListAudit can see whether
// another page follows.
func auditQuery(f core.AuditFilter, size int) (string, []any) {
	var w auditWhere
	w.build(f)
	page := `
		SELECT a.id, a.at, a.actor_kind, a.actor_id, a.identity_id, a.action,
		       a.target_kind, a.target_id, a.client_addr, a.detail
		FROM audit_events AS a` + w.sql() + `
		ORDER BY a.at DESC, a.id DESC
		LIMIT ` + strconv.Itoa(size+1)
	return fmt.Sprintf(auditNames, page), w.args
}

func scanAuditEntry(rows *sql.Rows) (core.AuditEntry, error) {
	var e core.AuditEntry
	var at int64
	var detail, role, member, memberOrg string
	err := rows.Scan(&e.ID, &at, &e.ActorKind, &e.ActorID, &e.IdentityID, &e.Action,
		&e.TargetKind, &e.TargetID, &e.ClientAddr, &detail,
		&e.ActorName, &e.IdentityOrgID, &e.IdentityOrgName, &role,
		&e.TargetLabel, &member, &memberOrg)
	if err != nil {
		return e, err
	}
	e.At = fromMillis(at)
	e.IdentityRole = core.Role(role)
	if e.TargetKind == "identity" {
		e.TargetLabel = memberLabel(member, memberOrg)
	}
	if err := json.Unmarshal([]byte(detail), &e.Detail); err != nil {
		return e, fmt.Errorf("detail of audit event %s: %w", e.ID, err)
	}
	return e, nil
}

// memberLabel names an identity as "name（organization）", or by whichever
// part is known.
func memberLabel(name, org string) string {
	switch {
	case name == "" || org == "":
		return name + org
	default:
		return name + "（" + org + "）"
	}
}

// auditWhere collects the conditions and arguments of an audit query.
type auditWhere struct {
	conds []string
	args  []any
}

// arg adds a query argument and returns its placeholder.
func (w *auditWhere) arg(v any) string {
	w.args = append(w.args, v)
	return "$" + strconv.Itoa(len(w.args))
}

func (w *auditWhere) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return "\n\tWHERE " + strings.Join(w.conds, "\n\t  AND ")
}

func (w *auditWhere) build(f core.AuditFilter) {
	if len(f.Actions) > 0 {
		w.actions(f.Actions)
	}
	if f.ActorID != "" {
		w.conds = append(w.conds, "a.actor_id = "+w.arg(f.ActorID))
	}
	if f.OrgID != "" {
		w.org(f.OrgID)
	}
	if !f.From.IsZero() {
		w.conds = append(w.conds, "a.at >= "+w.arg(f.From.UnixMilli()))
	}
	if !f.To.IsZero() {
		w.conds = append(w.conds, "a.at < "+w.arg(f.To.UnixMilli()))
	}
	if f.ClientAddr != "" {
		w.conds = append(w.conds, "a.client_addr = "+w.arg(f.ClientAddr))
	}
	if !f.After.IsZero() {
		at, id := w.arg(f.After.At.UnixMilli()), w.arg(f.After.ID)
		w.conds = append(w.conds, "(a.at < "+at+" OR (a.at = "+at+" AND a.id < "+id+"))")
	}
}

// actions matches exact names with IN and prefixes with substr, which
// compares bytes in both databases, unlike LIKE, whose case sensitivity
// differs between them.
func (w *auditWhere) actions(actions []string) {
	var exact, terms []string
	for _, a := range actions {
		if strings.HasSuffix(a, ".") {
			terms = append(terms, "substr(a.action, 1, "+strconv.Itoa(len(a))+") = "+w.arg(a))
		} else {
			exact = append(exact, w.arg(a))
		}
	}
	if len(exact) > 0 {
		terms = append(terms, "a.action IN ("+strings.Join(exact, ", ")+")")
	}
	w.conds = append(w.conds, "("+strings.Join(terms, " OR ")+")")
}

// org matches the events of an organization as AuditFilter.OrgID
// describes. The branches are a union of event ids, one indexed lookup
// each. Written as OR, the condition made PostgreSQL 15 scan the whole
// log in time order instead.
func (w *auditWhere) org(orgID string) {
	p := w.arg(orgID)
	w.conds = append(w.conds, `a.id IN (
		SELECT id FROM audit_events
		WHERE target_kind = 'organization' AND target_id = `+p+`
		UNION ALL
		SELECT id FROM audit_events
		WHERE identity_id IN (SELECT id FROM identities WHERE org_id = `+p+`)
		UNION ALL
		SELECT id FROM audit_events
		WHERE target_kind = 'identity'
		  AND target_id IN (SELECT id FROM identities WHERE org_id = `+p+`)
		UNION ALL
		SELECT id FROM audit_events
		WHERE target_kind = 'application' AND target_id IN (
			SELECT id FROM applications WHERE org_id = `+p+`
			UNION
			SELECT ap.id FROM applications AS ap
			JOIN organizations AS o ON o.kind = ap.kind AND o.unique_key = ap.unique_key
			WHERE o.id = `+p+`))`)
}
