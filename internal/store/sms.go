package store

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"time"

	"wct/internal/core"
)

// IssueSMSCode stores a new code after checking the limits in the same
// transaction. The per-phone resend gap is enforced by a conditional
// upsert, so concurrent requests for one phone store one code. A limit hit
// returns a core.CodeRateLimited error with RetryAfter set.
func (s *Store) IssueSMSCode(ctx context.Context, c core.SMSCode, lim core.SMSLimits) error {
	now := s.now()
	ms := millis(now)
	return s.withTx(ctx, func(tx *sql.Tx) error {
		var phone string
		err := tx.QueryRowContext(ctx, `
			INSERT INTO sms_throttle (phone, last_sent_at)
			VALUES ($1, $2)
			ON CONFLICT (phone) DO UPDATE SET last_sent_at = excluded.last_sent_at
			WHERE sms_throttle.last_sent_at <= $3
			RETURNING phone`, c.Phone, ms, ms-lim.ResendAfter.Milliseconds()).Scan(&phone)
		if errors.Is(err, sql.ErrNoRows) {
			return rateLimited("发送过于频繁，请稍后再试", s.resendWait(ctx, tx, c.Phone, lim, ms))
		}
		if err != nil {
			return fmt.Errorf("store: throttle sms: %w", err)
		}
		if err := s.checkSMSCounts(ctx, tx, c, lim, ms); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `
			INSERT INTO sms_codes (id, phone, purpose, code_hash, client_addr, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			NewID(), c.Phone, c.Purpose, c.CodeHash, c.ClientAddr, ms, ms+c.TTL.Milliseconds())
		if err != nil {
			return fmt.Errorf("store: store sms code: %w", err)
		}
		return nil
	})
}

func (s *Store) checkSMSCounts(ctx context.Context, tx *sql.Tx, c core.SMSCode, lim core.SMSLimits, now int64) error {
	hour, day := now-time.Hour.Milliseconds(), now-24*time.Hour.Milliseconds()
	checks := []struct {
		query string
		arg   any
		since int64
		max   int
		wait  time.Duration
	}{
		{`SELECT COUNT(*) FROM sms_codes WHERE phone = $1 AND created_at > $2`, c.Phone, hour, lim.PerPhoneHour, time.Hour},
		{`SELECT COUNT(*) FROM sms_codes WHERE phone = $1 AND created_at > $2`, c.Phone, day, lim.PerPhoneDay, 24 * time.Hour},
		{`SELECT COUNT(*) FROM sms_codes WHERE client_addr = $1 AND created_at > $2`, c.ClientAddr, day, lim.PerAddrDay, 24 * time.Hour},
		{`SELECT COUNT(*) FROM sms_codes WHERE $1 = $1 AND created_at > $2`, "", hour, lim.GlobalHour, time.Hour},
	}
	for _, ch := range checks {
		if ch.max <= 0 {
			continue
		}
		var n int
		if err := tx.QueryRowContext(ctx, ch.query, ch.arg, ch.since).Scan(&n); err != nil {
			return fmt.Errorf("store: count sms codes: %w", err)
		}
		if n >= ch.max {
			return rateLimited("验证码发送次数已达上限，请稍后再试", ch.wait)
		}
	}
	return nil
}

// resendWait returns how long until the phone may get another code.
func (s *Store) resendWait(ctx context.Context, tx *sql.Tx, phone string, lim core.SMSLimits, now int64) time.Duration {
	var last int64
	err := tx.QueryRowContext(ctx, `SELECT last_sent_at FROM sms_throttle WHERE phone = $1`, phone).Scan(&last)
	wait := time.Duration(last+lim.ResendAfter.Milliseconds()-now) * time.Millisecond
	if err != nil || wait <= 0 || wait > lim.ResendAfter {
		return lim.ResendAfter
	}
	return wait
}

func rateLimited(msg string, wait time.Duration) error {
	return &core.Error{Code: core.CodeRateLimited, Message: msg, RetryAfter: int(math.Ceil(wait.Seconds()))}
}

// ConsumeSMSCode checks codeHash against the newest live code for the
// phone and purpose. A match consumes the code; a mismatch counts a try,
// and the code is void after maxAttempts tries. It returns an error
// matching core.ErrNotFound for no live code or a mismatch, so a caller
// cannot tell the two apart.
func (s *Store) ConsumeSMSCode(ctx context.Context, phone, purpose, codeHash string, maxAttempts int) error {
	ms := millis(s.now())
	mismatch := core.Errorf(core.CodeNotFound, "验证码错误或已失效")
	var matched bool
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		var id, stored string
		err := tx.QueryRowContext(ctx, `
			SELECT id, code_hash
			FROM sms_codes
			WHERE phone = $1 AND purpose = $2 AND consumed_at = 0
			  AND expires_at > $3 AND attempts < $4
			ORDER BY created_at DESC
			LIMIT 1`, phone, purpose, ms, maxAttempts).Scan(&id, &stored)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("store: load sms code: %w", err)
		}
		// Claiming the try with a conditional update locks the row, so
		// concurrent guesses cannot compare more than maxAttempts times.
		res, err := tx.ExecContext(ctx, `
			UPDATE sms_codes
			SET attempts = attempts + 1
			WHERE id = $1 AND consumed_at = 0 AND attempts < $2`, id, maxAttempts)
		if err != nil {
			return fmt.Errorf("store: count sms code try: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		if subtle.ConstantTimeCompare([]byte(stored), []byte(codeHash)) != 1 {
			return nil
		}
		_, err = tx.ExecContext(ctx, `UPDATE sms_codes SET consumed_at = $2 WHERE id = $1`, id, ms)
		if err != nil {
			return fmt.Errorf("store: consume sms code: %w", err)
		}
		matched = true
		return nil
	})
	if err != nil {
		return err
	}
	if !matched {
		return mismatch
	}
	return nil
}
