package store_test

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"testing"
	"time"

	"wct/internal/core"
	"wct/internal/store"
	"wct/internal/store/storetest"
)

// newTokenHash returns a value shaped like the SHA-256 hex of a session
// token.
func newTokenHash() string {
	b := make([]byte, 32)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// createSession stores a one-hour session of the user with the active
// identity, which may be empty, and returns its token hash.
func createSession(t *testing.T, s *store.Store, u core.User, identityID string) string {
	t.Helper()
	sess := core.Session{TokenHash: newTokenHash(), UserID: u.ID, Method: core.LoginSSO,
		ActiveIdentityID: identityID, ClientAddr: "127.0.0.1", CreatedAt: start,
		ExpiresAt: start.Add(time.Hour)}
	if err := s.CreateSession(t.Context(), sess, userEvent(u, "login", "user", u.ID)); err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	return sess.TokenHash
}

func TestPrincipalWithoutIdentity(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		u := newUser(t, s, "郑一")
		sess := core.Session{TokenHash: newTokenHash(), UserID: u.ID, Method: core.LoginSSOLegal,
			LegalOrgName: "武汉长江储能科技有限公司", LegalCreditCode: newCreditCode(t),
			ClientAddr: "127.0.0.1", CreatedAt: start, ExpiresAt: start.Add(time.Hour)}
		if err := s.CreateSession(t.Context(), sess, userEvent(u, "login", "user", u.ID)); err != nil {
			t.Fatalf("CreateSession: %v", err)
		}
		p, err := s.Principal(t.Context(), sess.TokenHash)
		if err != nil {
			t.Fatalf("Principal: %v", err)
		}
		if p.User.ID != u.ID || p.User.Phone != u.Phone || p.User.Name != u.Name {
			t.Errorf("principal user = %s %q %q, want %s %q %q",
				p.User.ID, p.User.Phone, p.User.Name, u.ID, u.Phone, u.Name)
		}
		if p.Session.Method != core.LoginSSOLegal {
			t.Errorf("method = %s, want %s", p.Session.Method, core.LoginSSOLegal)
		}
		if p.Session.LegalCreditCode != sess.LegalCreditCode || p.Session.LegalOrgName != sess.LegalOrgName {
			t.Errorf("legal scope = %q %q, want %q %q", p.Session.LegalOrgName,
				p.Session.LegalCreditCode, sess.LegalOrgName, sess.LegalCreditCode)
		}
		if !p.Session.CreatedAt.Equal(sess.CreatedAt) || !p.Session.ExpiresAt.Equal(sess.ExpiresAt) {
			t.Errorf("session times = %v to %v, want %v to %v", p.Session.CreatedAt,
				p.Session.ExpiresAt, sess.CreatedAt, sess.ExpiresAt)
		}
		if p.Identity != nil || p.Org != nil {
			t.Errorf("principal without active identity has identity %v and org %v", p.Identity, p.Org)
		}
	})
}

func TestPrincipalWithIdentity(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		u := newUser(t, s, "冯二")
		org, id := onboard(t, s, "武汉东湖生物医药有限公司", u)
		token := createSession(t, s, u, id.ID)
		p, err := s.Principal(t.Context(), token)
		if err != nil {
			t.Fatalf("Principal: %v", err)
		}
		if p.Identity == nil || p.Org == nil {
			t.Fatalf("principal has identity %v and org %v, want both", p.Identity, p.Org)
		}
		if p.Session.ActiveIdentityID != id.ID {
			t.Errorf("active identity id = %q, want %q", p.Session.ActiveIdentityID, id.ID)
		}
		if p.Identity.ID != id.ID || p.Identity.Role != core.RoleSuperAdmin || p.Identity.Kind != core.KindEnterprise {
			t.Errorf("identity = %s %s %s, want %s super_admin enterprise",
				p.Identity.ID, p.Identity.Role, p.Identity.Kind, id.ID)
		}
		if p.Identity.Status != core.IdentityActive || p.Identity.OrgID != org.ID {
			t.Errorf("identity is %s of %s, want active of %s", p.Identity.Status, p.Identity.OrgID, org.ID)
		}
		if p.Org.ID != org.ID || p.Org.Name != org.Name || p.Org.CreditCode != org.CreditCode {
			t.Errorf("org = %s %q %s, want %s %q %s", p.Org.ID, p.Org.Name, p.Org.CreditCode,
				org.ID, org.Name, org.CreditCode)
		}
	})
}

func TestPrincipalRemovedIdentity(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		legal := newUser(t, s, "陈三")
		org, _ := onboard(t, s, "武汉汉阳装备制造有限公司", legal)
		member := newUser(t, s, "褚四")
		id, err := s.AddMember(t.Context(), org.ID, org.Kind, member.Phone, member.Name, legal.ID,
			userEvent(legal, "member.add", "identity", ""))
		if err != nil {
			t.Fatalf("AddMember: %v", err)
		}
		token := createSession(t, s, member, id.ID)
		if p, err := s.Principal(t.Context(), token); err != nil || p.Identity == nil {
			t.Fatalf("Principal before removal: identity %v, error %v; want the member identity", p.Identity, err)
		}

		err = s.ChangeMember(t.Context(), id.ID, org.ID, "", legal.ID, userEvent(legal, "members.remove", "identity", id.ID))
		if err != nil {
			t.Fatalf("ChangeMember remove: %v", err)
		}
		p, err := s.Principal(t.Context(), token)
		if err != nil {
			t.Fatalf("Principal after removal: %v", err)
		}
		if p.Identity != nil || p.Org != nil {
			t.Errorf("removed identity still active: identity %v, org %v", p.Identity, p.Org)
		}
		if p.Session.ActiveIdentityID != "" {
			t.Errorf("active identity id = %q after removal, want empty", p.Session.ActiveIdentityID)
		}
	})
}

func TestSetActiveIdentity(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		u := newUser(t, s, "卫五")
		_, id := onboard(t, s, "武汉江夏现代农业有限公司", u)
		token := createSession(t, s, u, "")
		if err := s.SetActiveIdentity(t.Context(), token, id.ID, userEvent(u, "identity.switch", "identity", id.ID)); err != nil {
			t.Fatalf("SetActiveIdentity: %v", err)
		}
		p, err := s.Principal(t.Context(), token)
		if err != nil {
			t.Fatalf("Principal: %v", err)
		}
		if p.Identity == nil || p.Identity.ID != id.ID {
			t.Errorf("active identity = %v, want %s", p.Identity, id.ID)
		}
		if err := s.SetActiveIdentity(t.Context(), token, "", userEvent(u, "identity.switch", "", "")); err != nil {
			t.Fatalf("SetActiveIdentity(personal): %v", err)
		}
		p, err = s.Principal(t.Context(), token)
		if err != nil {
			t.Fatalf("Principal: %v", err)
		}
		if p.Identity != nil {
			t.Errorf("identity %s still active after switching to personal", p.Identity.ID)
		}
	})
}

func TestPrincipalExpiry(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		clock := newClock(s)
		u := newUser(t, s, "蒋六")
		token := createSession(t, s, u, "")
		clock.Advance(time.Hour - time.Millisecond)
		if _, err := s.Principal(t.Context(), token); err != nil {
			t.Errorf("Principal 1 ms before expiry: %v", err)
		}
		clock.Advance(time.Millisecond)
		if _, err := s.Principal(t.Context(), token); !errors.Is(err, core.ErrUnauthenticated) {
			t.Errorf("Principal at expiry: error = %v, want unauthenticated", err)
		}
		n, err := s.DeleteExpired(t.Context())
		if err != nil {
			t.Fatalf("DeleteExpired: %v", err)
		}
		if n != 1 {
			t.Errorf("DeleteExpired removed %d rows, want the 1 expired session", n)
		}
	})
}

func TestPrincipalUnknownToken(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		if _, err := s.Principal(t.Context(), newTokenHash()); !errors.Is(err, core.ErrUnauthenticated) {
			t.Errorf("Principal(unknown) error = %v, want unauthenticated", err)
		}
	})
}

func TestDeleteSession(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		u := newUser(t, s, "沈七")
		token := createSession(t, s, u, "")
		ev := userEvent(u, "logout", "user", u.ID)
		if err := s.DeleteSession(t.Context(), token, &ev); err != nil {
			t.Fatalf("DeleteSession: %v", err)
		}
		if _, err := s.Principal(t.Context(), token); !errors.Is(err, core.ErrUnauthenticated) {
			t.Errorf("Principal after DeleteSession: error = %v, want unauthenticated", err)
		}
		if err := s.DeleteSession(t.Context(), token, nil); err != nil {
			t.Errorf("DeleteSession of a deleted session: %v, want no error", err)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM audit_events WHERE action = 'logout'`); n != 1 {
			t.Errorf("%d logout events, want 1: a nil event writes none", n)
		}
	})
}

func TestChangePasswordKeepsCurrentSession(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		u := newUser(t, s, "韩八")
		other := newUser(t, s, "杨九")
		current := createSession(t, s, u, "")
		stale := []string{createSession(t, s, u, ""), createSession(t, s, u, "")}
		otherToken := createSession(t, s, other, "")

		const hash = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$Y2hhbmdlZA"
		if err := s.ChangePassword(t.Context(), u.ID, hash, current, userEvent(u, "password.change", "user", u.ID)); err != nil {
			t.Fatalf("ChangePassword: %v", err)
		}
		p, err := s.Principal(t.Context(), current)
		if err != nil {
			t.Fatalf("current session after ChangePassword: %v", err)
		}
		if p.User.PasswordHash != hash {
			t.Error("ChangePassword did not store the new hash")
		}
		for i, token := range stale {
			if _, err := s.Principal(t.Context(), token); !errors.Is(err, core.ErrUnauthenticated) {
				t.Errorf("other session %d after ChangePassword: error = %v, want unauthenticated", i, err)
			}
		}
		if _, err := s.Principal(t.Context(), otherToken); err != nil {
			t.Errorf("another user's session after ChangePassword: %v", err)
		}
	})
}

func TestChangePasswordWithoutSession(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		u := newUser(t, s, "朱十")
		token := createSession(t, s, u, "")
		if err := s.ChangePassword(t.Context(), u.ID, "hash", "", userEvent(u, "password.reset", "user", u.ID)); err != nil {
			t.Fatalf("ChangePassword: %v", err)
		}
		if _, err := s.Principal(t.Context(), token); !errors.Is(err, core.ErrUnauthenticated) {
			t.Errorf("session after a reset that keeps none: error = %v, want unauthenticated", err)
		}
	})
}

func TestOperatorSession(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		clock := newClock(s)
		opID := newOperator(t, s, "运营丙")
		sess := core.Session{TokenHash: newTokenHash(), OperatorID: opID, Method: core.LoginOperator,
			ClientAddr: "127.0.0.1", CreatedAt: start, ExpiresAt: start.Add(time.Hour)}
		if err := s.CreateSession(t.Context(), sess, operatorEvent(opID, "admin.login", "", "")); err != nil {
			t.Fatalf("CreateSession: %v", err)
		}
		got, o, err := s.OperatorSession(t.Context(), sess.TokenHash)
		if err != nil {
			t.Fatalf("OperatorSession: %v", err)
		}
		if got.OperatorID != opID || o.ID != opID || o.Name != "运营丙" {
			t.Errorf("operator session of %s (%s %q), want %s 运营丙", got.OperatorID, o.ID, o.Name, opID)
		}
		if _, err := s.Principal(t.Context(), sess.TokenHash); !errors.Is(err, core.ErrUnauthenticated) {
			t.Errorf("Principal(operator token) error = %v, want unauthenticated", err)
		}
		u := newUser(t, s, "秦一")
		if _, _, err := s.OperatorSession(t.Context(), createSession(t, s, u, "")); !errors.Is(err, core.ErrUnauthenticated) {
			t.Errorf("OperatorSession(user token) error = %v, want unauthenticated", err)
		}
		clock.Advance(time.Hour)
		if _, _, err := s.OperatorSession(t.Context(), sess.TokenHash); !errors.Is(err, core.ErrUnauthenticated) {
			t.Errorf("OperatorSession at expiry: error = %v, want unauthenticated", err)
		}
	})
}
