package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"wct/internal/core"
)

const userColumns = `id, phone, name, id_number_enc, id_number_hash, password_hash, created_at, updated_at`

func scanUser(row interface{ Scan(...any) error }) (core.User, error) {
	var u core.User
	var created, updated int64
	err := row.Scan(&u.ID, &u.Phone, &u.Name, &u.IDNumberEnc, &u.IDNumberHash,
		&u.PasswordHash, &created, &updated)
	u.CreatedAt, u.UpdatedAt = fromMillis(created), fromMillis(updated)
	return u, err
}

// UserByPhone returns the user with the phone, or an error matching
// core.ErrNotFound.
func (s *Store) UserByPhone(ctx context.Context, phone string) (core.User, error) {
	return s.userWhere(ctx, s.read, "phone = $1", phone)
}

// UserByID returns the user, or an error matching core.ErrNotFound.
func (s *Store) UserByID(ctx context.Context, id string) (core.User, error) {
	return s.userWhere(ctx, s.read, "id = $1", id)
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func (s *Store) userWhere(ctx context.Context, q querier, where string, arg any) (core.User, error) {
	u, err := scanUser(q.QueryRowContext(ctx, `
		SELECT `+userColumns+`
		FROM users
		WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return u, core.Errorf(core.CodeNotFound, "用户不存在")
	}
	if err != nil {
		return u, fmt.Errorf("store: load user: %w", err)
	}
	return u, nil
}

// UpsertSSOUser records a provincial login in one transaction: it finds the
// user by (provider, subject), else attaches the external account to the
// user with the same phone (an imported user), else creates the user. It
// updates the name, phone and ID number from the login, attaches the
// identities that wait for the phone, and writes the audit event, whose
// ActorID it fills in, and its TargetID too when the target is a user
// without an id. created reports a new user.
//
// Two first logins of one person at once race to create the user. The
// loser's transaction fails on a unique index, so it is retried once and
// then finds the winner's user.
func (s *Store) UpsertSSOUser(ctx context.Context, l core.SSOLogin, ev core.AuditEvent) (core.User, bool, error) {
	u, created, err := s.upsertSSOUser(ctx, l, ev)
	if isUniqueViolation(err) {
		u, created, err = s.upsertSSOUser(ctx, l, ev)
	}
	return u, created, err
}

func (s *Store) upsertSSOUser(ctx context.Context, l core.SSOLogin, ev core.AuditEvent) (u core.User, created bool, err error) {
	now := millis(s.now())
	err = s.withTx(ctx, func(tx *sql.Tx) error {
		var userID string
		err := tx.QueryRowContext(ctx, `
			SELECT user_id
			FROM external_accounts
			WHERE provider = $1 AND subject = $2`, l.Provider, l.Subject).Scan(&userID)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			userID, created, err = s.linkExternalAccount(ctx, tx, l, now)
		case err == nil:
			err = s.updateSSOUser(ctx, tx, userID, l, now)
		}
		if err != nil {
			return err
		}
		attached, err := attachInvitations(ctx, tx, userID, l.Phone, l.Name, now)
		if err != nil {
			return err
		}
		for _, a := range attached {
			// Each invitation that takes effect is a member change of its
			// organization, recorded as such.
			join := core.AuditEvent{ActorKind: "user", ActorID: userID, Action: "member.attach",
				TargetKind: "identity", TargetID: a.id, ClientAddr: ev.ClientAddr,
				Detail: map[string]string{"org_id": a.orgID, "role": a.role}}
			if err := s.insertAudit(ctx, tx, join); err != nil {
				return err
			}
		}
		ev.ActorID = userID
		if ev.TargetKind == "user" && ev.TargetID == "" {
			ev.TargetID = userID
		}
		if err := s.insertAudit(ctx, tx, ev); err != nil {
			return err
		}
		u, err = s.userWhere(ctx, tx, "id = $1", userID)
		return err
	})
	return u, created, err
}

// linkExternalAccount attaches a new external account to the user with the
// login's phone, or creates the user.
//
// NOTE: a user who already has another account of the same provider is
// attached too. That is right for a provider whose legal-person logins
// have their own subjects, but wrong for a mobile number reassigned to a
// new person. Telling the two apart needs the ID number hash.
func (s *Store) linkExternalAccount(ctx context.Context, tx *sql.Tx, l core.SSOLogin, now int64) (userID string, created bool, err error) {
	err = tx.QueryRowContext(ctx, `SELECT id FROM users WHERE phone = $1`, l.Phone).Scan(&userID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		userID, created = NewID(), true
		_, err = tx.ExecContext(ctx, `
			INSERT INTO users (id, phone, name, id_number_enc, id_number_hash, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $6)`,
			userID, l.Phone, l.Name, l.IDNumberEnc, l.IDNumberHash, now)
	case err == nil:
		err = s.updateSSOUser(ctx, tx, userID, l, now)
	}
	if err != nil {
		return "", false, fmt.Errorf("store: create user: %w", err)
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO external_accounts (provider, subject, user_id, created_at, last_login_at)
		VALUES ($1, $2, $3, $4, $4)`, l.Provider, l.Subject, userID, now)
	if err != nil {
		return "", false, fmt.Errorf("store: link external account: %w", err)
	}
	return userID, created, nil
}

func (s *Store) updateSSOUser(ctx context.Context, tx *sql.Tx, userID string, l core.SSOLogin, now int64) error {
	_, err := tx.ExecContext(ctx, `
		UPDATE users
		SET name = $2, phone = $3, id_number_enc = $4, id_number_hash = $5, updated_at = $6
		WHERE id = $1`, userID, l.Name, l.Phone, l.IDNumberEnc, l.IDNumberHash, now)
	if isUniqueViolation(err) {
		return core.Errorf(core.CodeConflict, "该手机号已属于平台上的另一位用户，请联系平台运营处理")
	}
	if err != nil {
		return fmt.Errorf("store: update user: %w", err)
	}
	_, err = tx.ExecContext(ctx, `
		UPDATE external_accounts
		SET last_login_at = $3
		WHERE provider = $1 AND subject = $2`, l.Provider, l.Subject, now)
	return err
}

// attachment is an invitation that took effect at a login.
type attachment struct{ id, orgID, role string }

// attachInvitations turns the identities that wait for the phone and the
// name into the user's active identities, and returns them.
func attachInvitations(ctx context.Context, tx *sql.Tx, userID, phone, name string, now int64) ([]attachment, error) {
	rows, err := tx.QueryContext(ctx, `
		UPDATE identities
		SET user_id = $1, status = 'active', decided_at = $3
		WHERE invite_phone = $2 AND invite_name = $4 AND status = 'invited'
		  AND NOT EXISTS (
			SELECT 1 FROM identities AS live
			WHERE live.user_id = $1 AND live.org_id = identities.org_id
			  AND live.status IN ('pending', 'active'))
		RETURNING id, org_id, role`, userID, phone, now, name)
	if err != nil {
		return nil, fmt.Errorf("store: attach invitations: %w", err)
	}
	defer rows.Close()
	var out []attachment
	for rows.Next() {
		var a attachment
		if err := rows.Scan(&a.id, &a.orgID, &a.role); err != nil {
			return nil, fmt.Errorf("store: attach invitations: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// SetPassword replaces the user's password hash and writes the audit event.
func (s *Store) SetPassword(ctx context.Context, userID, hash string, ev core.AuditEvent) error {
	return s.withTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `
			UPDATE users
			SET password_hash = $2, updated_at = $3
			WHERE id = $1`, userID, hash, millis(s.now()))
		if err != nil {
			return fmt.Errorf("store: set password: %w", err)
		}
		return s.insertAudit(ctx, tx, ev)
	})
}

// CreateOperator adds a back-office operator, or replaces the name and
// password of the operator with the phone. It reports whether it created
// one.
func (s *Store) CreateOperator(ctx context.Context, phone, name, hash string) (created bool, err error) {
	now := millis(s.now())
	res, err := s.write.ExecContext(ctx, `
		UPDATE operators
		SET name = $2, password_hash = $3
		WHERE phone = $1`, phone, name, hash)
	if err != nil {
		return false, fmt.Errorf("store: update operator: %w", err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return false, nil
	}
	_, err = s.write.ExecContext(ctx, `
		INSERT INTO operators (id, phone, name, password_hash, created_at)
		VALUES ($1, $2, $3, $4, $5)`, NewID(), phone, name, hash, now)
	if err != nil {
		return false, fmt.Errorf("store: create operator: %w", err)
	}
	return true, nil
}

// OperatorByPhone returns the operator, or an error matching
// core.ErrNotFound.
func (s *Store) OperatorByPhone(ctx context.Context, phone string) (core.Operator, error) {
	var o core.Operator
	var created int64
	err := s.read.QueryRowContext(ctx, `
		SELECT id, phone, name, password_hash, created_at
		FROM operators
		WHERE phone = $1`, phone).Scan(&o.ID, &o.Phone, &o.Name, &o.PasswordHash, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return o, core.Errorf(core.CodeNotFound, "运营人员不存在")
	}
	if err != nil {
		return o, fmt.Errorf("store: load operator: %w", err)
	}
	o.CreatedAt = fromMillis(created)
	return o, nil
}

// UserSummary is a user as the back office lists them.
type UserSummary struct {
	core.User
	ActiveIdentities int
}

// SearchUsers returns at most limit users whose name contains q or whose
// phone is q, by name.
func (s *Store) SearchUsers(ctx context.Context, q string, limit int) ([]UserSummary, error) {
	rows, err := s.read.QueryContext(ctx, `
		SELECT u.id, u.phone, u.name, u.created_at,
		       (SELECT COUNT(*) FROM identities AS i WHERE i.user_id = u.id AND i.status = 'active')
		FROM users AS u
		WHERE u.name LIKE $1 ESCAPE '\' OR u.phone = $2
		ORDER BY u.name, u.id
		LIMIT $3`, "%"+escapeLike(q)+"%", q, limit)
	if err != nil {
		return nil, fmt.Errorf("store: search users: %w", err)
	}
	defer rows.Close()
	var out []UserSummary
	for rows.Next() {
		var u UserSummary
		var created int64
		if err := rows.Scan(&u.ID, &u.Phone, &u.Name, &created, &u.ActiveIdentities); err != nil {
			return nil, fmt.Errorf("store: search users: %w", err)
		}
		u.CreatedAt = fromMillis(created)
		out = append(out, u)
	}
	return out, rows.Err()
}
