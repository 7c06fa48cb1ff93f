package store

import (
	"context"
	"fmt"
	"time"
)

// RecordLoginFailure notes a failed phone login and returns how many
// failures the phone has had within window, this one included. Rows older
// than a day are deleted on the way.
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
		n, err = s.LoginFailures(ctx, phone, window)
	}
	if err != nil {
		return 0, fmt.Errorf("store: record login failure: %w", err)
	}
	return n, nil
}

// LoginFailures returns how many failed logins the phone has had within
// window.
func (s *Store) LoginFailures(ctx context.Context, phone string, window time.Duration) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `
		SELECT COUNT(*)
		FROM login_failures
		WHERE phone = $1 AND at > $2`, phone, millis(s.now())-window.Milliseconds()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count login failures: %w", err)
	}
	return n, nil
}
