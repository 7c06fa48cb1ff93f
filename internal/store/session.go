package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"wct/internal/core"
)

// CreateSession stores a new session and writes the audit event in one
// transaction.
func (s *Store) CreateSession(ctx context.Context, sess core.Session, ev core.AuditEvent) error {
	return s.withTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO sessions
				(token_hash, user_id, operator_id, login_method, legal_org_name,
				 legal_credit_code, active_identity_id, client_addr, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			sess.TokenHash, nullable(sess.UserID), nullable(sess.OperatorID), string(sess.Method),
			sess.LegalOrgName, sess.LegalCreditCode, sess.ActiveIdentityID, sess.ClientAddr,
			millis(sess.CreatedAt), millis(sess.ExpiresAt))
		if err != nil {
			return fmt.Errorf("store: create session: %w", err)
		}
		return s.insertAudit(ctx, tx, ev)
	})
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// Principal returns the unexpired user session with the token hash, its
// user, and its active identity with the organization when that identity
// is still active, in one query. It returns an error matching
// core.ErrUnauthenticated when there is no such session.
func (s *Store) Principal(ctx context.Context, tokenHash string) (core.Principal, error) {
	var p core.Principal
	var sess = &p.Session
	var u = &p.User
	var userCreated, created, expires int64
	var method string
	var idID, idKind, idRole, idStatus, orgID, orgName, orgCode, orgKind sql.NullString
	stmt, err := s.stmt(principalQuery)
	if err != nil {
		return p, err
	}
	err = stmt.QueryRowContext(ctx, tokenHash, millis(s.now())).Scan(
		&sess.TokenHash, &sess.UserID, &method, &sess.LegalOrgName, &sess.LegalCreditCode,
		&sess.ActiveIdentityID, &sess.ClientAddr, &created, &expires,
		&u.Phone, &u.Name, &u.PasswordHash, &userCreated,
		&idID, &idKind, &idRole, &idStatus, &orgID, &orgName, &orgCode, &orgKind)
	if errors.Is(err, sql.ErrNoRows) {
		return p, core.Errorf(core.CodeUnauthenticated, "请先登录")
	}
	if err != nil {
		return p, fmt.Errorf("store: load session: %w", err)
	}
	u.ID = sess.UserID
	u.CreatedAt = fromMillis(userCreated)
	sess.Method = core.LoginMethod(method)
	sess.CreatedAt, sess.ExpiresAt = fromMillis(created), fromMillis(expires)
	if idID.Valid {
		p.Identity = &core.Identity{ID: idID.String, UserID: u.ID, Kind: core.Kind(idKind.String),
			OrgID: orgID.String, Role: core.Role(idRole.String), Status: core.IdentityStatus(idStatus.String)}
		p.Org = &core.Organization{ID: orgID.String, Kind: core.Kind(orgKind.String),
			Name: orgName.String, CreditCode: orgCode.String}
	} else {
		sess.ActiveIdentityID = ""
	}
	return p, nil
}

// principalQuery loads a request's principal; it runs on every
// authenticated request, so it is prepared once per store.
const principalQuery = `
		SELECT s.token_hash, s.user_id, s.login_method, s.legal_org_name, s.legal_credit_code,
		       s.active_identity_id, s.client_addr, s.created_at, s.expires_at,
		       u.phone, u.name, u.password_hash, u.created_at,
		       i.id, i.kind, i.role, i.status, o.id, o.name, o.credit_code, o.kind
		FROM sessions AS s
		JOIN users AS u ON u.id = s.user_id
		LEFT JOIN identities AS i ON i.id = s.active_identity_id AND i.status = 'active'
		LEFT JOIN organizations AS o ON o.id = i.org_id
		WHERE s.token_hash = $1 AND s.expires_at > $2`

// stmt returns query prepared on the read pool, for the queries that run
// on most requests, where compiling the SQL each time would be the
// largest cost. It prepares a query on first use, after the migrations
// have created the tables, and again on a later call when preparing
// failed.
func (s *Store) stmt(query string) (*sql.Stmt, error) {
	if stmt, ok := s.prepared.Load(query); ok {
		return stmt.(*sql.Stmt), nil
	}
	s.prepareMu.Lock()
	defer s.prepareMu.Unlock()
	if stmt, ok := s.prepared.Load(query); ok {
		return stmt.(*sql.Stmt), nil
	}
	stmt, err := s.read.Prepare(query)
	if err != nil {
		return nil, fmt.Errorf("store: prepare query: %w", err)
	}
	s.prepared.Store(query, stmt)
	return stmt, nil
}

// OperatorSession returns the unexpired operator session with the token
// hash and its operator, or an error matching core.ErrUnauthenticated.
func (s *Store) OperatorSession(ctx context.Context, tokenHash string) (core.Session, core.Operator, error) {
	var sess core.Session
	var o core.Operator
	var created, expires int64
	err := s.read.QueryRowContext(ctx, `
		SELECT s.token_hash, s.operator_id, s.client_addr, s.created_at, s.expires_at,
		       o.phone, o.name
		FROM sessions AS s
		JOIN operators AS o ON o.id = s.operator_id
		WHERE s.token_hash = $1 AND s.expires_at > $2`, tokenHash, millis(s.now())).Scan(
		&sess.TokenHash, &sess.OperatorID, &sess.ClientAddr, &created, &expires, &o.Phone, &o.Name)
	if errors.Is(err, sql.ErrNoRows) {
		return sess, o, core.Errorf(core.CodeUnauthenticated, "请先登录运营后台")
	}
	if err != nil {
		return sess, o, fmt.Errorf("store: load operator session: %w", err)
	}
	o.ID = sess.OperatorID
	sess.Method = core.LoginOperator
	sess.CreatedAt, sess.ExpiresAt = fromMillis(created), fromMillis(expires)
	return sess, o, nil
}

// DeleteSession removes one session; removing a missing one is no error.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string, ev *core.AuditEvent) error {
	return s.withTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash); err != nil {
			return fmt.Errorf("store: delete session: %w", err)
		}
		if ev == nil {
			return nil
		}
		return s.insertAudit(ctx, tx, *ev)
	})
}

// ChangePassword sets the user's password hash, deletes every other
// session of the user, and writes the audit event, in one transaction.
func (s *Store) ChangePassword(ctx context.Context, userID, hash, keepTokenHash string, ev core.AuditEvent) error {
	return s.withTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `
			UPDATE users
			SET password_hash = $2, updated_at = $3
			WHERE id = $1`, userID, hash, millis(s.now()))
		if err != nil {
			return fmt.Errorf("store: change password: %w", err)
		}
		_, err = tx.ExecContext(ctx, `
			DELETE FROM sessions
			WHERE user_id = $1 AND token_hash <> $2`, userID, keepTokenHash)
		if err != nil {
			return fmt.Errorf("store: delete other sessions: %w", err)
		}
		return s.insertAudit(ctx, tx, ev)
	})
}

// SetActiveIdentity makes identityID the session's active identity, or
// clears it when identityID is empty, and writes the audit event.
func (s *Store) SetActiveIdentity(ctx context.Context, tokenHash, identityID string, ev core.AuditEvent) error {
	return s.withTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `
			UPDATE sessions
			SET active_identity_id = $2
			WHERE token_hash = $1`, tokenHash, identityID)
		if err != nil {
			return fmt.Errorf("store: set active identity: %w", err)
		}
		return s.insertAudit(ctx, tx, ev)
	})
}

// DeleteExpired removes expired sessions, provincial login states and
// redeemed-ticket records, and SMS and login-failure records older than a
// day, and returns how many rows it removed.
func (s *Store) DeleteExpired(ctx context.Context) (int64, error) {
	now := millis(s.now())
	var total int64
	day := 24 * time.Hour.Milliseconds()
	for _, q := range []struct {
		sql    string
		cutoff int64
	}{
		{`DELETE FROM sessions WHERE expires_at <= $1`, now},
		{`DELETE FROM sso_logins WHERE expires_at <= $1`, now},
		{`DELETE FROM sso_tickets WHERE expires_at <= $1`, now},
		// The SMS counters look back one day at most.
		{`DELETE FROM sms_codes WHERE created_at <= $1`, now - day},
		{`DELETE FROM sms_throttle WHERE last_sent_at <= $1`, now - day},
		{`DELETE FROM login_failures WHERE at <= $1`, now - day},
	} {
		res, err := s.write.ExecContext(ctx, q.sql, q.cutoff)
		if err != nil {
			return total, fmt.Errorf("store: delete expired: %w", err)
		}
		n, _ := res.RowsAffected()
		total += n
	}
	return total, nil
}

// SaveSSOState stores a pending provincial login until expiresAt.
func (s *Store) SaveSSOState(ctx context.Context, st core.SSOState, ttlMillis int64) error {
	_, err := s.write.ExecContext(ctx, `
		INSERT INTO sso_logins (state_hash, nonce, code_verifier, next_path, expires_at)
		VALUES ($1, $2, $3, $4, $5)`,
		st.StateHash, st.Nonce, st.CodeVerifier, st.NextPath, millis(s.now())+ttlMillis)
	if err != nil {
		return fmt.Errorf("store: save login state: %w", err)
	}
	return nil
}

// TakeSSOState removes and returns the unexpired pending login with the
// state hash, so that each state is used once. It returns an error
// matching core.ErrNotFound when there is none.
func (s *Store) TakeSSOState(ctx context.Context, stateHash string) (core.SSOState, error) {
	var st core.SSOState
	var expires int64
	err := s.write.QueryRowContext(ctx, `
		DELETE FROM sso_logins
		WHERE state_hash = $1
		RETURNING state_hash, nonce, code_verifier, next_path, expires_at`, stateHash).Scan(
		&st.StateHash, &st.Nonce, &st.CodeVerifier, &st.NextPath, &expires)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && expires <= millis(s.now())) {
		return st, core.Errorf(core.CodeNotFound, "登录请求已失效，请重新登录")
	}
	if err != nil {
		return st, fmt.Errorf("store: take login state: %w", err)
	}
	return st, nil
}

// RecordSSOTicket stores ticketHash, the hash of a redeemed provincial
// login ticket, for ttl and reports whether it was new. It returns false
// while an unexpired record of the hash exists. Concurrent calls with one
// hash, on one server instance or several sharing the database, return
// true once.
func (s *Store) RecordSSOTicket(ctx context.Context, ticketHash string, ttl time.Duration) (bool, error) {
	now := millis(s.now())
	// An expired record that DeleteExpired has not removed yet is
	// replaced, so the result does not depend on when it last ran.
	res, err := s.write.ExecContext(ctx, `
		INSERT INTO sso_tickets (ticket_hash, expires_at) VALUES ($1, $2)
		ON CONFLICT (ticket_hash) DO UPDATE SET expires_at = excluded.expires_at
		WHERE sso_tickets.expires_at <= $3`,
		ticketHash, now+ttl.Milliseconds(), now)
	if err != nil {
		return false, fmt.Errorf("store: record login ticket: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: record login ticket: %w", err)
	}
	return n == 1, nil
}
