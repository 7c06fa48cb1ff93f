package store_test

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"testing"
	"time"

	"wct/internal/core"
	"wct/internal/store"
	"wct/internal/store/storetest"
)

// limits are the SMS limits the tests use unless they set others.
var limits = core.SMSLimits{ResendAfter: time.Minute, PerPhoneHour: 5, PerPhoneDay: 10,
	PerAddrDay: 50, GlobalHour: 1000}

const (
	loginPurpose = "login"
	codeTTL      = 5 * time.Minute
	maxAttempts  = 5
)

// codeHash hashes a code as a caller would before storing it.
func codeHash(phone, purpose, code string) string {
	sum := sha256.Sum256([]byte(phone + "|" + purpose + "|" + code))
	return hex.EncodeToString(sum[:])
}

func smsCode(phone, code string) core.SMSCode {
	return core.SMSCode{Phone: phone, Purpose: loginPurpose, CodeHash: codeHash(phone, loginPurpose, code),
		ClientAddr: "127.0.0.1", TTL: codeTTL}
}

// rateLimit returns the error's RetryAfter and whether it is a rate-limit
// error.
func rateLimit(err error) (retryAfter int, ok bool) {
	e, ok := core.AsError(err)
	if !ok || e.Code != core.CodeRateLimited {
		return 0, false
	}
	return e.RetryAfter, true
}

func TestIssueSMSCodeResendGap(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		clock := newClock(s)
		phone := newPhone(t)
		if err := s.IssueSMSCode(t.Context(), smsCode(phone, "123456"), limits); err != nil {
			t.Fatalf("first IssueSMSCode: %v", err)
		}
		clock.Advance(limits.ResendAfter - time.Millisecond)
		err := s.IssueSMSCode(t.Context(), smsCode(phone, "654321"), limits)
		retryAfter, ok := rateLimit(err)
		if !ok {
			t.Fatalf("IssueSMSCode within the resend gap: error = %v, want rate limited", err)
		}
		if retryAfter < 1 || retryAfter > int(limits.ResendAfter.Seconds()) {
			t.Errorf("RetryAfter = %d s, want 1 to %.0f", retryAfter, limits.ResendAfter.Seconds())
		}
		if err := s.IssueSMSCode(t.Context(), smsCode(newPhone(t), "111111"), limits); err != nil {
			t.Errorf("IssueSMSCode for another phone within the gap: %v", err)
		}
		clock.Advance(time.Millisecond)
		if err := s.IssueSMSCode(t.Context(), smsCode(phone, "222222"), limits); err != nil {
			t.Errorf("IssueSMSCode after the resend gap: %v", err)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM sms_codes WHERE phone = $1`, phone); n != 2 {
			t.Errorf("%d codes stored for the phone, want 2", n)
		}
	})
}

func TestIssueSMSCodeCaps(t *testing.T) {
	tests := []struct {
		name   string
		limits core.SMSLimits
		// issued is how many codes are issued, each after the resend gap,
		// before the request that the cap rejects.
		issued     int
		otherPhone bool // each code goes to a new phone
		retryAfter time.Duration
	}{
		{"per phone hour", core.SMSLimits{ResendAfter: time.Minute, PerPhoneHour: 3, PerPhoneDay: 10},
			3, false, time.Hour},
		{"per phone day", core.SMSLimits{ResendAfter: 10 * time.Minute, PerPhoneHour: 6, PerPhoneDay: 8},
			8, false, 24 * time.Hour},
		{"per address day", core.SMSLimits{ResendAfter: time.Minute, PerAddrDay: 4},
			4, true, 24 * time.Hour},
		{"global hour", core.SMSLimits{ResendAfter: time.Minute, GlobalHour: 4},
			4, true, time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			storetest.Run(t, func(t *testing.T, s *store.Store) {
				clock := newClock(s)
				phone := newPhone(t)
				next := func() string {
					if tt.otherPhone {
						return newPhone(t)
					}
					return phone
				}
				for i := range tt.issued {
					if err := s.IssueSMSCode(t.Context(), smsCode(next(), "246810"), tt.limits); err != nil {
						t.Fatalf("code %d of %d under the cap: %v", i+1, tt.issued, err)
					}
					clock.Advance(tt.limits.ResendAfter)
				}
				err := s.IssueSMSCode(t.Context(), smsCode(next(), "135790"), tt.limits)
				retryAfter, ok := rateLimit(err)
				if !ok {
					t.Fatalf("code over the cap: error = %v, want rate limited", err)
				}
				if retryAfter != int(tt.retryAfter.Seconds()) {
					t.Errorf("RetryAfter = %d s, want %.0f", retryAfter, tt.retryAfter.Seconds())
				}
				clock.Advance(tt.retryAfter)
				if err := s.IssueSMSCode(t.Context(), smsCode(next(), "975310"), tt.limits); err != nil {
					t.Errorf("code after the cap's window: %v", err)
				}
			})
		})
	}
}

func TestIssueSMSCodeRejectedKeepsGap(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		clock := newClock(s)
		phone := newPhone(t)
		lim := core.SMSLimits{ResendAfter: time.Minute, PerPhoneHour: 1}
		if err := s.IssueSMSCode(t.Context(), smsCode(phone, "123456"), lim); err != nil {
			t.Fatalf("first IssueSMSCode: %v", err)
		}
		clock.Advance(59 * time.Minute)
		if _, ok := rateLimit(s.IssueSMSCode(t.Context(), smsCode(phone, "234567"), lim)); !ok {
			t.Fatal("second code within the hour was not rate limited")
		}
		// The rejected request must not count as a send for the resend gap.
		clock.Advance(time.Minute)
		if err := s.IssueSMSCode(t.Context(), smsCode(phone, "345678"), lim); err != nil {
			t.Errorf("code after the hour: %v", err)
		}
	})
}

func TestIssueSMSCodeConcurrent(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		phone := newPhone(t)
		errs := concurrently(8, func(int) error {
			return s.IssueSMSCode(t.Context(), smsCode(phone, "123456"), limits)
		})
		var sent, limited int
		for i, err := range errs {
			if err == nil {
				sent++
			} else if _, ok := rateLimit(err); ok {
				limited++
			} else {
				t.Errorf("request %d: unexpected error: %v", i, err)
			}
		}
		if sent != 1 {
			t.Errorf("%d concurrent requests for one phone succeeded, want exactly 1", sent)
		}
		if limited != len(errs)-1 {
			t.Errorf("%d concurrent requests were rate limited, want %d", limited, len(errs)-1)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM sms_codes WHERE phone = $1`, phone); n != 1 {
			t.Errorf("%d codes stored for the phone, want exactly 1", n)
		}
	})
}

func TestConsumeSMSCodeOnce(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		phone := newPhone(t)
		if err := s.IssueSMSCode(t.Context(), smsCode(phone, "482915"), limits); err != nil {
			t.Fatalf("IssueSMSCode: %v", err)
		}
		hash := codeHash(phone, loginPurpose, "482915")
		if err := s.ConsumeSMSCode(t.Context(), phone, "reset_password", codeHash(phone, "reset_password", "482915"), maxAttempts); !errors.Is(err, core.ErrNotFound) {
			t.Errorf("consume for another purpose: error = %v, want not found", err)
		}
		if err := s.ConsumeSMSCode(t.Context(), phone, loginPurpose, hash, maxAttempts); err != nil {
			t.Fatalf("ConsumeSMSCode: %v", err)
		}
		if err := s.ConsumeSMSCode(t.Context(), phone, loginPurpose, hash, maxAttempts); !errors.Is(err, core.ErrNotFound) {
			t.Errorf("second ConsumeSMSCode: error = %v, want not found", err)
		}
	})
}

func TestConsumeSMSCodeConcurrent(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		phone := newPhone(t)
		if err := s.IssueSMSCode(t.Context(), smsCode(phone, "482915"), limits); err != nil {
			t.Fatalf("IssueSMSCode: %v", err)
		}
		hash := codeHash(phone, loginPurpose, "482915")
		errs := concurrently(6, func(int) error {
			return s.ConsumeSMSCode(t.Context(), phone, loginPurpose, hash, maxAttempts)
		})
		ok, rejected := countErrors(t, errs, core.ErrNotFound)
		if ok != 1 {
			t.Errorf("%d concurrent uses of one code succeeded, want exactly 1", ok)
		}
		if rejected != len(errs)-1 {
			t.Errorf("%d concurrent uses got not found, want %d", rejected, len(errs)-1)
		}
	})
}

func TestConsumeSMSCodeAttempts(t *testing.T) {
	tests := []struct {
		name  string
		wrong int
		want  error
	}{
		{"no wrong tries", 0, nil},
		{"one try left", maxAttempts - 1, nil},
		{"all tries used", maxAttempts, core.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			storetest.Run(t, func(t *testing.T, s *store.Store) {
				newClock(s)
				phone := newPhone(t)
				if err := s.IssueSMSCode(t.Context(), smsCode(phone, "731642"), limits); err != nil {
					t.Fatalf("IssueSMSCode: %v", err)
				}
				wrong := codeHash(phone, loginPurpose, "000000")
				for i := range tt.wrong {
					err := s.ConsumeSMSCode(t.Context(), phone, loginPurpose, wrong, maxAttempts)
					if !errors.Is(err, core.ErrNotFound) {
						t.Fatalf("wrong code %d: error = %v, want not found", i+1, err)
					}
				}
				right := codeHash(phone, loginPurpose, "731642")
				err := s.ConsumeSMSCode(t.Context(), phone, loginPurpose, right, maxAttempts)
				if !errors.Is(err, tt.want) {
					t.Errorf("right code after %d wrong of %d allowed: error = %v, want %v",
						tt.wrong, maxAttempts, err, tt.want)
				}
			})
		})
	}
}

func TestConsumeSMSCodeConcurrentAttempts(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		phone := newPhone(t)
		if err := s.IssueSMSCode(t.Context(), smsCode(phone, "731642"), limits); err != nil {
			t.Fatalf("IssueSMSCode: %v", err)
		}
		const guesses, allowed = 8, 2
		concurrently(guesses, func(i int) error {
			wrong := codeHash(phone, loginPurpose, fmt.Sprintf("%06d", i))
			return s.ConsumeSMSCode(t.Context(), phone, loginPurpose, wrong, allowed)
		})
		attempts := count(t, s, `SELECT attempts FROM sms_codes WHERE phone = $1`, phone)
		if attempts > allowed {
			t.Errorf("%d concurrent wrong guesses were compared with a code that allows %d", attempts, allowed)
		}
	})
}

func TestConsumeSMSCodeExpired(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		clock := newClock(s)
		phone := newPhone(t)
		if err := s.IssueSMSCode(t.Context(), smsCode(phone, "905117"), limits); err != nil {
			t.Fatalf("IssueSMSCode: %v", err)
		}
		clock.Advance(codeTTL)
		err := s.ConsumeSMSCode(t.Context(), phone, loginPurpose, codeHash(phone, loginPurpose, "905117"), maxAttempts)
		if !errors.Is(err, core.ErrNotFound) {
			t.Errorf("ConsumeSMSCode at expiry: error = %v, want not found", err)
		}
	})
}

func TestConsumeSMSCodeNewestOnly(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		clock := newClock(s)
		phone := newPhone(t)
		if err := s.IssueSMSCode(t.Context(), smsCode(phone, "111111"), limits); err != nil {
			t.Fatalf("first IssueSMSCode: %v", err)
		}
		clock.Advance(limits.ResendAfter)
		if err := s.IssueSMSCode(t.Context(), smsCode(phone, "222222"), limits); err != nil {
			t.Fatalf("second IssueSMSCode: %v", err)
		}
		if err := s.ConsumeSMSCode(t.Context(), phone, loginPurpose, codeHash(phone, loginPurpose, "111111"), maxAttempts); !errors.Is(err, core.ErrNotFound) {
			t.Errorf("superseded code: error = %v, want not found", err)
		}
		if err := s.ConsumeSMSCode(t.Context(), phone, loginPurpose, codeHash(phone, loginPurpose, "222222"), maxAttempts); err != nil {
			t.Errorf("newest code: %v", err)
		}
	})
}
