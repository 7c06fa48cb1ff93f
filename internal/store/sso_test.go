package store_test

import (
	"errors"
	"sync"
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

func TestSSOTicketRecordedOnce(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		hash, other := newTokenHash(), newTokenHash()
		for _, step := range []struct {
			hash string
			want bool
		}{{hash, true}, {hash, false}, {other, true}, {hash, false}} {
			fresh, err := s.RecordSSOTicket(t.Context(), step.hash, 10*time.Minute)
			if err != nil {
				t.Fatalf("RecordSSOTicket: %v", err)
			}
			if fresh != step.want {
				t.Errorf("RecordSSOTicket(%.8s…) = %v, want %v", step.hash, fresh, step.want)
			}
		}
	})
}

func TestSSOTicketExpires(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		clock := newClock(s)
		hash := newTokenHash()
		ttl := 10 * time.Minute
		if _, err := s.RecordSSOTicket(t.Context(), hash, ttl); err != nil {
			t.Fatalf("RecordSSOTicket: %v", err)
		}
		clock.Advance(ttl - time.Millisecond)
		if fresh, err := s.RecordSSOTicket(t.Context(), hash, ttl); err != nil || fresh {
			t.Errorf("RecordSSOTicket 1 ms before expiry = %v, %v; want false, nil", fresh, err)
		}
		// The refused repeat did not extend the record.
		clock.Advance(time.Millisecond)
		if fresh, err := s.RecordSSOTicket(t.Context(), hash, ttl); err != nil || !fresh {
			t.Errorf("RecordSSOTicket at expiry, before DeleteExpired = %v, %v; want true, nil", fresh, err)
		}
		if fresh, err := s.RecordSSOTicket(t.Context(), hash, ttl); err != nil || fresh {
			t.Errorf("RecordSSOTicket after the renewed record = %v, %v; want false, nil", fresh, err)
		}
	})
}

func TestDeleteExpiredSSOTickets(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		clock := newClock(s)
		old, fresh := newTokenHash(), newTokenHash()
		if _, err := s.RecordSSOTicket(t.Context(), old, time.Minute); err != nil {
			t.Fatalf("RecordSSOTicket: %v", err)
		}
		if _, err := s.RecordSSOTicket(t.Context(), fresh, time.Hour); err != nil {
			t.Fatalf("RecordSSOTicket: %v", err)
		}
		clock.Advance(time.Minute)
		n, err := s.DeleteExpired(t.Context())
		if err != nil {
			t.Fatalf("DeleteExpired: %v", err)
		}
		if n != 1 {
			t.Errorf("DeleteExpired removed %d rows, want the 1 expired ticket", n)
		}
		if again, err := s.RecordSSOTicket(t.Context(), fresh, time.Hour); err != nil || again {
			t.Errorf("RecordSSOTicket of the unexpired ticket after DeleteExpired = %v, %v; want false, nil", again, err)
		}
	})
}

func TestSSOTicketConcurrentRecord(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		hash := newTokenHash()
		var mu sync.Mutex
		fresh := 0
		errs := concurrently(6, func(int) error {
			ok, err := s.RecordSSOTicket(t.Context(), hash, time.Minute)
			if ok {
				mu.Lock()
				fresh++
				mu.Unlock()
			}
			return err
		})
		for i, err := range errs {
			if err != nil {
				t.Errorf("goroutine %d: RecordSSOTicket: %v", i, err)
			}
		}
		if fresh != 1 {
			t.Errorf("%d concurrent records of one ticket were new, want exactly 1", fresh)
		}
	})
}
