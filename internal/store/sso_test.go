package store_test

import (
	"errors"
	"testing"
	"time"

	"wct/internal/core"
	"wct/internal/store"
	"wct/internal/store/storetest"
)

func newSSOState() core.SSOState {
	return core.SSOState{StateHash: newTokenHash(), Nonce: store.NewID(),
		CodeVerifier: newTokenHash(), NextPath: "/identities"}
}

func TestSSOStateSingleUse(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		st := newSSOState()
		if err := s.SaveSSOState(t.Context(), st, (10 * time.Minute).Milliseconds()); err != nil {
			t.Fatalf("SaveSSOState: %v", err)
		}
		got, err := s.TakeSSOState(t.Context(), st.StateHash)
		if err != nil {
			t.Fatalf("TakeSSOState: %v", err)
		}
		if got != st {
			t.Errorf("TakeSSOState = %+v, want %+v", got, st)
		}
		if _, err := s.TakeSSOState(t.Context(), st.StateHash); !errors.Is(err, core.ErrNotFound) {
			t.Errorf("second TakeSSOState: error = %v, want not found", err)
		}
	})
}

func TestSSOStateExpires(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		clock := newClock(s)
		live, expired := newSSOState(), newSSOState()
		ttl := 10 * time.Minute
		for _, st := range []core.SSOState{live, expired} {
			if err := s.SaveSSOState(t.Context(), st, ttl.Milliseconds()); err != nil {
				t.Fatalf("SaveSSOState: %v", err)
			}
		}
		clock.Advance(ttl - time.Millisecond)
		if _, err := s.TakeSSOState(t.Context(), live.StateHash); err != nil {
			t.Errorf("TakeSSOState 1 ms before expiry: %v", err)
		}
		clock.Advance(time.Millisecond)
		if _, err := s.TakeSSOState(t.Context(), expired.StateHash); !errors.Is(err, core.ErrNotFound) {
			t.Errorf("TakeSSOState at expiry: error = %v, want not found", err)
		}
	})
}

func TestDeleteExpiredSSOStates(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		clock := newClock(s)
		old, fresh := newSSOState(), newSSOState()
		if err := s.SaveSSOState(t.Context(), old, time.Minute.Milliseconds()); err != nil {
			t.Fatalf("SaveSSOState: %v", err)
		}
		if err := s.SaveSSOState(t.Context(), fresh, time.Hour.Milliseconds()); err != nil {
			t.Fatalf("SaveSSOState: %v", err)
		}
		clock.Advance(time.Minute)
		n, err := s.DeleteExpired(t.Context())
		if err != nil {
			t.Fatalf("DeleteExpired: %v", err)
		}
		if n != 1 {
			t.Errorf("DeleteExpired removed %d rows, want the 1 expired state", n)
		}
		if _, err := s.TakeSSOState(t.Context(), fresh.StateHash); err != nil {
			t.Errorf("unexpired state after DeleteExpired: %v", err)
		}
	})
}

func TestSSOStateConcurrentTake(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		st := newSSOState()
		if err := s.SaveSSOState(t.Context(), st, time.Minute.Milliseconds()); err != nil {
			t.Fatalf("SaveSSOState: %v", err)
		}
		errs := concurrently(6, func(int) error {
			_, err := s.TakeSSOState(t.Context(), st.StateHash)
			return err
		})
		ok, lost := countErrors(t, errs, core.ErrNotFound)
		if ok != 1 {
			t.Errorf("%d concurrent takes of one state succeeded, want exactly 1", ok)
		}
		if lost != len(errs)-1 {
			t.Errorf("%d concurrent takes got not found, want %d", lost, len(errs)-1)
		}
	})
}
