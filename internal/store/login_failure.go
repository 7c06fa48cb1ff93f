package store

import (
	"context"
	"fmt"
	"time"
)

// RecordLoginFailure notes a failed phone login and returns how many
// failures the phone has had from the client address within window, this
// one included. Rows older than a day are deleted on the way.
func (s *Store) RecordLoginFailure(ctx context.Context, phone, clientAddr string, window time.Duration) (int, error) {
	now := millis(s.now())
	var n int
	_, err := s.write.ExecContext(ctx, `
		INSERT INTO login_failures (id, phone, client_addr, at)
		VALUES ($1, $2, $3, $4)`, NewID(), phone, clientAddr, now)
	if err == nil {
		_, err = s.write.ExecContext(ctx, `DELETE FROM login_failures WHERE at < $1`,
			now-24*time.Hour.Milliseconds())
	}
	if err == nil {
		n, _, err = s.LoginFailures(ctx, phone, clientAddr, window)
	}
	if err != nil {
		return 0, fmt.Errorf("store: record login failure: %w", err)
	}
	return n, nil
}

// LoginFailures returns how many failed logins there were within window
// for the phone from the client address, and from the address for any
// phone.
func (s *Store) LoginFailures(ctx context.Context, phone, clientAddr string, window time.Duration) (pair, fromAddr int, err error) {
	err = s.read.QueryRowContext(ctx, `
		SELECT COALESCE(SUM(CASE WHEN phone = $1 THEN 1 ELSE 0 END), 0), COUNT(*)
		FROM login_failures
		WHERE client_addr = $2 AND at > $3`, phone, clientAddr, millis(s.now())-window.Milliseconds()).Scan(&pair, &fromAddr)
	if err != nil {
		return 0, 0, fmt.Errorf("store: count login failures: %w", err)
	}
	return pair, fromAddr, nil
}
