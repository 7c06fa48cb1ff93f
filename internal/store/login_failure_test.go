package store_test

import (
	"testing"
	"time"

	"wct/internal/store"
	"wct/internal/store/storetest"
)

func TestLoginFailuresWindow(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		clock := newClock(s)
		phone, other := newPhone(t), newPhone(t)
		const window = 15 * time.Minute
		for i := range 3 {
			n, err := s.RecordLoginFailure(t.Context(), phone, "127.0.0.1", window)
			if err != nil {
				t.Fatalf("RecordLoginFailure %d: %v", i+1, err)
			}
			if n != i+1 {
				t.Errorf("failure %d: count = %d, want %d", i+1, n, i+1)
			}
			clock.Advance(5 * time.Minute)
		}
		if _, err := s.RecordLoginFailure(t.Context(), other, "127.0.0.1", window); err != nil {
			t.Fatalf("RecordLoginFailure(other phone): %v", err)
		}
		// The first failure is now 15 minutes old and out of the window.
		n, fromAddr, err := s.LoginFailures(t.Context(), phone, "127.0.0.1", window)
		if err != nil {
			t.Fatalf("LoginFailures: %v", err)
		}
		if n != 2 {
			t.Errorf("LoginFailures = %d after the first left the window, want 2", n)
		}
		if fromAddr != 3 {
			t.Errorf("failures from the address = %d, want 3 (two for the phone, one for the other)", fromAddr)
		}
		if n, _, _ := s.LoginFailures(t.Context(), phone, "192.0.2.1", window); n != 0 {
			t.Errorf("failures for the phone from another address = %d, want 0", n)
		}
	})
}

func TestRecordLoginFailurePrunes(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		clock := newClock(s)
		phone := newPhone(t)
		if _, err := s.RecordLoginFailure(t.Context(), phone, "127.0.0.1", time.Hour); err != nil {
			t.Fatalf("RecordLoginFailure: %v", err)
		}
		clock.Advance(24*time.Hour + time.Millisecond)
		if _, err := s.RecordLoginFailure(t.Context(), phone, "127.0.0.1", time.Hour); err != nil {
			t.Fatalf("RecordLoginFailure a day later: %v", err)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM login_failures`); n != 1 {
			t.Errorf("%d failure rows stored, want 1: rows older than a day are deleted", n)
		}
	})
}
