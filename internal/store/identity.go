package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"wct/internal/core"
)

func (s *Store) insertIdentity(ctx context.Context, q querier, id core.Identity) error {
	_, err := q.ExecContext(ctx, `
		INSERT INTO identities
			(id, user_id, invite_phone, invite_name, kind, org_id, role, status, created_at, decided_at, decided_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		id.ID, nullable(id.UserID), id.InvitePhone, id.InviteName, string(id.Kind), id.OrgID,
		string(id.Role), string(id.Status), millis(id.CreatedAt), millis(id.DecidedAt), id.DecidedBy)
	if isUniqueViolation(err) {
		return core.Errorf(core.CodeConflict, "该用户已是该组织的成员或正在审核中")
	}
	if err != nil {
		return fmt.Errorf("store: create identity: %w", err)
	}
	return nil
}

const identityViewColumns = `i.id, COALESCE(i.user_id, ''), i.invite_phone, i.invite_name, i.kind,
	i.org_id, i.role, i.status, i.reason, i.created_at, i.decided_at, i.decided_by,
	o.name, o.credit_code, COALESCE(u.name, i.invite_name), COALESCE(u.phone, i.invite_phone)`

const identityViewFrom = `
	FROM identities AS i
	JOIN organizations AS o ON o.id = i.org_id
	LEFT JOIN users AS u ON u.id = i.user_id`

func scanIdentityView(row interface{ Scan(...any) error }) (core.IdentityView, error) {
	var v core.IdentityView
	var kind, role, status string
	var created, decided int64
	err := row.Scan(&v.ID, &v.UserID, &v.InvitePhone, &v.InviteName, &kind, &v.OrgID, &role,
		&status, &v.Reason, &created, &decided, &v.DecidedBy,
		&v.OrgName, &v.OrgCreditCode, &v.UserName, &v.UserPhone)
	v.Kind, v.Role, v.Status = core.Kind(kind), core.Role(role), core.IdentityStatus(status)
	v.CreatedAt, v.DecidedAt = fromMillis(created), fromMillis(decided)
	return v, err
}

func (s *Store) listIdentities(ctx context.Context, where string, args ...any) ([]core.IdentityView, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+identityViewColumns+identityViewFrom+`
		WHERE `+where+`
		ORDER BY i.created_at, i.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list identities: %w", err)
	}
	defer rows.Close()
	var out []core.IdentityView
	for rows.Next() {
		v, err := scanIdentityView(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list identities: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// UserIdentities returns the user's pending, active and rejected
// identities, oldest first.
func (s *Store) UserIdentities(ctx context.Context, userID string) ([]core.IdentityView, error) {
	return s.listIdentities(ctx, `i.user_id = $1 AND i.status IN ('pending', 'active', 'rejected')`, userID)
}

// Members returns the organization's pending, active and invited
// identities, oldest first.
func (s *Store) Members(ctx context.Context, orgID string) ([]core.IdentityView, error) {
	return s.listIdentities(ctx, `i.org_id = $1 AND i.status IN ('pending', 'active', 'invited')`, orgID)
}

// countJoinRequestsQuery runs on every GET /me of a manager, so it is
// prepared.
const countJoinRequestsQuery = `SELECT COUNT(*) FROM identities WHERE org_id = $1 AND status = 'pending'`

// CountJoinRequests returns how many join requests to the organization
// wait for a decision.
func (s *Store) CountJoinRequests(ctx context.Context, orgID string) (int, error) {
	stmt, err := s.stmt(countJoinRequestsQuery)
	if err != nil {
		return 0, err
	}
	var n int
	if err := stmt.QueryRowContext(ctx, orgID).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count join requests: %w", err)
	}
	return n, nil
}

// IdentityByID returns the identity, or an error matching core.ErrNotFound.
func (s *Store) IdentityByID(ctx context.Context, id string) (core.IdentityView, error) {
	v, err := scanIdentityView(s.read.QueryRowContext(ctx,
		`SELECT `+identityViewColumns+identityViewFrom+` WHERE i.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return v, core.Errorf(core.CodeNotFound, "身份不存在")
	}
	if err != nil {
		return v, fmt.Errorf("store: load identity %s: %w", id, err)
	}
	return v, nil
}

// CreateIdentity adds an identity, such as a join request, and writes the
// audit event. A live identity of the same user in the organization
// returns an error matching core.ErrConflict.
func (s *Store) CreateIdentity(ctx context.Context, id core.Identity, ev core.AuditEvent) error {
	return s.withTx(ctx, func(tx *sql.Tx) error {
		if err := s.insertIdentity(ctx, tx, id); err != nil {
			return err
		}
		return s.insertAudit(ctx, tx, ev)
	})
}

// AddMember adds a person by name and phone to the organization as a
// member. The member is active at once when an account has that phone and
// that name, and invited until a provincial login with both otherwise.
// Requiring the name keeps an admin who has only a phone from learning its
// owner's name or enrolling them.
//
// Adding a phone that already waits as an invited member corrects that
// invitation's name, so a mistyped name is fixed by adding again. An
// invited super admin is left unchanged. A phone whose account is already
// a member, or has requested to join, is rejected whatever the name. It
// writes the audit event and returns the identity.
func (s *Store) AddMember(ctx context.Context, orgID string, kind core.Kind, phone, name, by string, ev core.AuditEvent) (core.Identity, error) {
	return s.AddMemberWithin(ctx, core.Quota{}, orgID, kind, phone, name, by, ev)
}

// AddMemberWithin is AddMember for an actor whose additions the quota
// limits. When the quota is used up, it returns an error with code
// core.CodeRateLimited. It counts inside the addition's transaction, so
// concurrent attempts of one manager in one organization cannot overrun
// the quota.
func (s *Store) AddMemberWithin(ctx context.Context, quota core.Quota, orgID string, kind core.Kind, phone, name, by string, ev core.AuditEvent) (core.Identity, error) {
	now := s.now()
	id := core.Identity{ID: NewID(), Kind: kind, OrgID: orgID, Role: core.RoleMember,
		CreatedAt: now, DecidedAt: now, DecidedBy: by, InviteName: name, InvitePhone: phone}
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		// Additions to one organization run one at a time, so that two
		// managers adding one phone under two names see each other's row.
		if err := lockOrg(ctx, tx, orgID, now); err != nil {
			return err
		}
		if err := s.checkQuota(ctx, tx, ev.ActorID, quota); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE phone = $1 AND name = $2`,
			phone, name).Scan(&id.UserID)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			id.Status = core.IdentityInvited
			err = s.reinvite(ctx, tx, &id)
		case err != nil:
			return fmt.Errorf("store: find user by phone: %w", err)
		default:
			id.Status, id.InvitePhone, id.InviteName = core.IdentityActive, "", ""
			err = s.enroll(ctx, tx, &id, phone)
		}
		if err != nil {
			return err
		}
		ev.TargetID = id.ID
		return s.insertAudit(ctx, tx, ev)
	})
	return id, err
}

// lockOrg updates the organization's row, which holds it for the
// transaction in PostgreSQL, as SQLite's single writer always does, so
// that member changes of one organization run one at a time.
func lockOrg(ctx context.Context, tx *sql.Tx, orgID string, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `UPDATE organizations SET updated_at = $2 WHERE id = $1`, orgID, millis(now)); err != nil {
		return fmt.Errorf("store: lock organization: %w", err)
	}
	return nil
}

// reinvite corrects the name of an invitation that already waits for the
// phone in the organization, or inserts id when none does.
func (s *Store) reinvite(ctx context.Context, tx *sql.Tx, id *core.Identity) error {
	var live int
	err := tx.QueryRowContext(ctx, `
		SELECT COUNT(*) FROM identities AS i JOIN users AS u ON u.id = i.user_id
		WHERE i.org_id = $1 AND u.phone = $2 AND i.status IN ('pending', 'active')`,
		id.OrgID, id.InvitePhone).Scan(&live)
	if err != nil {
		return fmt.Errorf("store: find member by phone: %w", err)
	}
	if live > 0 {
		return core.Errorf(core.CodeConflict, "该手机号的用户已是本组织成员或已申请加入")
	}

	var existing string
	var role core.Role
	err = tx.QueryRowContext(ctx, `
		SELECT id, role FROM identities
		WHERE invite_phone = $1 AND org_id = $2 AND status = 'invited'`,
		id.InvitePhone, id.OrgID).Scan(&existing, &role)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return s.insertIdentity(ctx, tx, *id)
	case err != nil:
		return fmt.Errorf("store: find invitation: %w", err)
	case role == core.RoleSuperAdmin:
		return core.Errorf(core.CodeConflict, "该手机号已作为超级管理员等待首次登录，无需重复添加")
	}

	_, err = tx.ExecContext(ctx, `UPDATE identities SET invite_name = $2, decided_at = $3, decided_by = $4 WHERE id = $1`,
		existing, id.InviteName, millis(id.DecidedAt), id.DecidedBy)
	if err != nil {
		return fmt.Errorf("store: correct invitation: %w", err)
	}
	id.ID, id.Role = existing, role
	return nil
}

// enroll makes the user an active member: it approves the user's open
// join request when there is one, and otherwise inserts id. An invitation
// of the same phone under another name was the same person mistyped, so
// it is withdrawn.
func (s *Store) enroll(ctx context.Context, tx *sql.Tx, id *core.Identity, phone string) error {
	_, err := tx.ExecContext(ctx, `
		UPDATE identities SET status = 'removed', decided_at = $3, decided_by = $4
		WHERE invite_phone = $1 AND org_id = $2 AND status = 'invited' AND role <> 'super_admin'`,
		phone, id.OrgID, millis(id.DecidedAt), id.DecidedBy)
	if err != nil {
		return fmt.Errorf("store: withdraw invitation: %w", err)
	}
	err = tx.QueryRowContext(ctx, `
		UPDATE identities
		SET status = 'active', decided_at = $3, decided_by = $4
		WHERE user_id = $1 AND org_id = $2 AND status = 'pending'
		RETURNING id`, id.UserID, id.OrgID, millis(id.DecidedAt), id.DecidedBy).Scan(&id.ID)
	if err == nil {
		return nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: approve open join request: %w", err)
	}
	return s.insertIdentity(ctx, tx, *id)
}

// DecideJoinRequest approves or rejects a pending join request of the
// organization and writes the audit event. When another admin decided it
// first, it returns an error matching core.ErrAlreadyDecided.
func (s *Store) DecideJoinRequest(ctx context.Context, identityID, orgID string, approve bool, reason, by string, ev core.AuditEvent) error {
	status := core.IdentityRejected
	if approve {
		status = core.IdentityActive
	}
	return s.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `
			UPDATE identities
			SET status = $3, reason = $4, decided_at = $5, decided_by = $6
			WHERE id = $1 AND org_id = $2 AND status = 'pending'`,
			identityID, orgID, string(status), reason, millis(s.now()), by)
		if err != nil {
			return fmt.Errorf("store: decide join request: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return s.undecidedReason(ctx, tx, identityID, orgID)
		}
		if approve {
			// An invitation of the member's phone under another name was
			// the same person mistyped; it could never attach now.
			_, err := tx.ExecContext(ctx, `
				UPDATE identities SET status = 'removed', decided_at = $3, decided_by = $4
				WHERE org_id = $1 AND status = 'invited' AND role <> 'super_admin'
				  AND invite_phone = (SELECT u.phone FROM identities AS i JOIN users AS u ON u.id = i.user_id WHERE i.id = $2)`,
				orgID, identityID, millis(s.now()), by)
			if err != nil {
				return fmt.Errorf("store: withdraw invitation: %w", err)
			}
		}
		return s.insertAudit(ctx, tx, ev)
	})
}

// undecidedReason returns why a join request could not be decided: it is
// not the organization's, or someone decided it first.
func (s *Store) undecidedReason(ctx context.Context, tx *sql.Tx, identityID, orgID string) error {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM identities WHERE id = $1 AND org_id = $2`,
		identityID, orgID).Scan(&n)
	if err != nil {
		return fmt.Errorf("store: check join request: %w", err)
	}
	if n == 0 {
		return core.Errorf(core.CodeNotFound, "申请不存在")
	}
	return core.Errorf(core.CodeAlreadyDecided, "该申请已被其他管理员处理")
}

// ChangeMember sets the role of an active or invited member, or removes
// the member when role is empty, and writes the audit event. It locks the
// organization's row for the transaction and returns an error matching
// core.ErrConflict when the change would leave the organization with
// no one who can manage its members. Service grids are exempt from that
// rule, because operators manage their members.
func (s *Store) ChangeMember(ctx context.Context, identityID, orgID string, role core.Role, by string, ev core.AuditEvent) error {
	now := millis(s.now())
	return s.withTx(ctx, func(tx *sql.Tx) error {
		// Updating the organization's row serializes member changes of one
		// organization in PostgreSQL as SQLite's single writer does.
		var kind core.Kind
		err := tx.QueryRowContext(ctx, `UPDATE organizations SET updated_at = $2 WHERE id = $1 RETURNING kind`,
			orgID, now).Scan(&kind)
		if errors.Is(err, sql.ErrNoRows) {
			return core.Errorf(core.CodeNotFound, "成员不存在或已被移除")
		}
		if err != nil {
			return fmt.Errorf("store: lock organization: %w", err)
		}
		query := `UPDATE identities SET role = $3 WHERE id = $1 AND org_id = $2
			AND status IN ('active', 'invited') AND role <> 'super_admin'`
		args := []any{identityID, orgID, string(role)}
		if role == "" {
			query = `UPDATE identities SET status = 'removed', decided_at = $3, decided_by = $4
				WHERE id = $1 AND org_id = $2 AND status IN ('active', 'invited') AND role <> 'super_admin'`
			args = []any{identityID, orgID, now, by}
		}
		res, err := tx.ExecContext(ctx, query, args...)
		if err != nil {
			return fmt.Errorf("store: change member: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return core.Errorf(core.CodeNotFound, "成员不存在或已被移除")
		}
		if kind != core.KindGrid {
			if err := checkManagersLeft(ctx, tx, orgID); err != nil {
				return err
			}
		}
		return s.insertAudit(ctx, tx, ev)
	})
}

// checkManagersLeft returns a conflict when the organization has no
// active super admin or admin.
func checkManagersLeft(ctx context.Context, tx *sql.Tx, orgID string) error {
	var managers int
	err := tx.QueryRowContext(ctx, `
		SELECT COUNT(*) FROM identities
		WHERE org_id = $1 AND status = 'active' AND role IN ('super_admin', 'admin')`, orgID).Scan(&managers)
	if err != nil {
		return fmt.Errorf("store: count managers: %w", err)
	}
	if managers == 0 {
		return core.Errorf(core.CodeConflict, "操作后将没有可以管理成员的人，请先设置其他管理员")
	}
	return nil
}
