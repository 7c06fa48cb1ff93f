package store_test

import (
	"errors"
	"testing"
	"time"

	"wct/internal/core"
	"wct/internal/store"
	"wct/internal/store/storetest"
)

func TestUpsertSSOUserCreates(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		phone := newPhone(t)
		l := ssoLogin(t, phone, "王小明")
		u, created, err := s.UpsertSSOUser(t.Context(), l, loginEvent())
		if err != nil {
			t.Fatalf("UpsertSSOUser: %v", err)
		}
		if !created {
			t.Error("first login reported created = false")
		}
		if u.ID == "" {
			t.Error("first login returned a user without id")
		}
		if u.Phone != phone || u.Name != "王小明" {
			t.Errorf("user = %q %q, want %q 王小明", u.Phone, u.Name, phone)
		}
		if u.IDNumberEnc != l.IDNumberEnc || u.IDNumberHash != l.IDNumberHash {
			t.Error("user does not carry the sealed ID number of the login")
		}
		if u.HasPassword() {
			t.Error("new user has a password")
		}
		if !u.CreatedAt.Equal(start) || !u.UpdatedAt.Equal(start) {
			t.Errorf("created %v, updated %v, want both %v", u.CreatedAt, u.UpdatedAt, start)
		}
		byPhone, err := s.UserByPhone(t.Context(), phone)
		if err != nil {
			t.Fatalf("UserByPhone: %v", err)
		}
		if byPhone.ID != u.ID {
			t.Errorf("UserByPhone returned user %s, want %s", byPhone.ID, u.ID)
		}
		if _, err := keyring().Decrypt(byPhone.IDNumberEnc); err != nil {
			t.Errorf("stored ID number does not decrypt: %v", err)
		}
	})
}

func TestUpsertSSOUserUpdatesOnNextLogin(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		clock := newClock(s)
		l := ssoLogin(t, newPhone(t), "李华")
		first, _, err := s.UpsertSSOUser(t.Context(), l, loginEvent())
		if err != nil {
			t.Fatalf("first login: %v", err)
		}
		clock.Advance(time.Hour)
		oldPhone := l.Phone
		l.Phone, l.Name = newPhone(t), "李华华"
		second, created, err := s.UpsertSSOUser(t.Context(), l, loginEvent())
		if err != nil {
			t.Fatalf("second login: %v", err)
		}
		if created {
			t.Error("second login of the same subject reported created = true")
		}
		if second.ID != first.ID {
			t.Errorf("second login returned user %s, want the first login's %s", second.ID, first.ID)
		}
		if second.Phone != l.Phone || second.Name != "李华华" {
			t.Errorf("user after second login = %q %q, want %q 李华华", second.Phone, second.Name, l.Phone)
		}
		if !second.UpdatedAt.Equal(start.Add(time.Hour)) {
			t.Errorf("updated at %v, want %v", second.UpdatedAt, start.Add(time.Hour))
		}
		if !second.CreatedAt.Equal(start) {
			t.Errorf("created at changed to %v, want %v", second.CreatedAt, start)
		}
		if _, err := s.UserByPhone(t.Context(), oldPhone); !errors.Is(err, core.ErrNotFound) {
			t.Errorf("UserByPhone(old phone) error = %v, want not found", err)
		}
	})
}

func TestUpsertSSOUserAttachesImportedUser(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		phone := newPhone(t)
		importedID := store.NewID()
		_, err := s.DB().ExecContext(t.Context(), `
			INSERT INTO users (id, phone, name, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $4)`, importedID, phone, "赵六（导入）", start.Add(-24*time.Hour).UnixMilli())
		if err != nil {
			t.Fatalf("import user: %v", err)
		}
		l := ssoLogin(t, phone, "赵六")
		u, created, err := s.UpsertSSOUser(t.Context(), l, loginEvent())
		if err != nil {
			t.Fatalf("UpsertSSOUser: %v", err)
		}
		if created {
			t.Error("login with an imported user's phone reported created = true")
		}
		if u.ID != importedID {
			t.Errorf("login attached to user %s, want the imported %s", u.ID, importedID)
		}
		if u.Name != "赵六" {
			t.Errorf("name = %q, want the login's 赵六", u.Name)
		}
		if u.IDNumberHash != l.IDNumberHash {
			t.Error("imported user did not take the login's ID number")
		}
		again, created, err := s.UpsertSSOUser(t.Context(), l, loginEvent())
		if err != nil {
			t.Fatalf("second login: %v", err)
		}
		if created || again.ID != importedID {
			t.Errorf("second login: user %s created %v, want %s not created", again.ID, created, importedID)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM users`); n != 1 {
			t.Errorf("%d users stored, want 1", n)
		}
	})
}

func TestUpsertSSOUserPhoneConflict(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		taken := newUser(t, s, "钱七")
		l := ssoLogin(t, newPhone(t), "孙八")
		other, _, err := s.UpsertSSOUser(t.Context(), l, loginEvent())
		if err != nil {
			t.Fatalf("first login: %v", err)
		}
		events := count(t, s, `SELECT COUNT(*) FROM audit_events`)

		l.Phone, l.Name = taken.Phone, "孙八八"
		_, _, err = s.UpsertSSOUser(t.Context(), l, loginEvent())
		if !errors.Is(err, core.ErrConflict) {
			t.Fatalf("login with another user's phone: error = %v, want conflict", err)
		}
		after, err := s.UserByID(t.Context(), other.ID)
		if err != nil {
			t.Fatalf("UserByID: %v", err)
		}
		if after.Name != "孙八" || after.Phone != other.Phone {
			t.Errorf("rejected login changed the user to %q %q", after.Name, after.Phone)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM audit_events`); n != events {
			t.Errorf("rejected login wrote %d audit events, want 0", n-events)
		}
	})
}

func TestUpsertSSOUserAttachesInvitations(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		legal := newUser(t, s, "周九")
		org, _ := onboard(t, s, "武汉光谷新材料有限公司", legal)
		phone := newPhone(t)
		invited, err := s.AddMember(t.Context(), org.ID, org.Kind, phone, "吴十", legal.ID,
			userEvent(legal, "member.add", "identity", ""))
		if err != nil {
			t.Fatalf("AddMember: %v", err)
		}
		if invited.Status != core.IdentityInvited {
			t.Fatalf("identity of a phone without account is %s, want invited", invited.Status)
		}

		u, created, err := s.UpsertSSOUser(t.Context(), ssoLogin(t, phone, "吴十"), loginEvent())
		if err != nil {
			t.Fatalf("UpsertSSOUser: %v", err)
		}
		if !created {
			t.Error("first login reported created = false")
		}
		ids, err := s.UserIdentities(t.Context(), u.ID)
		if err != nil {
			t.Fatalf("UserIdentities: %v", err)
		}
		if len(ids) != 1 {
			t.Fatalf("user has %d identities after first login, want the 1 invitation", len(ids))
		}
		if ids[0].ID != invited.ID {
			t.Errorf("identity %s, want the invitation %s", ids[0].ID, invited.ID)
		}
		if ids[0].Status != core.IdentityActive {
			t.Errorf("attached invitation is %s, want active", ids[0].Status)
		}
		if ids[0].Role != core.RoleMember || ids[0].OrgID != org.ID {
			t.Errorf("attached identity is %s of %s, want member of %s", ids[0].Role, ids[0].OrgID, org.ID)
		}
		if !ids[0].DecidedAt.Equal(start) {
			t.Errorf("attached at %v, want %v", ids[0].DecidedAt, start)
		}
		page, err := s.ListAudit(t.Context(), core.AuditFilter{Actions: []string{"member.attach"}})
		if err != nil {
			t.Fatalf("ListAudit: %v", err)
		}
		if len(page.Entries) != 1 || page.Entries[0].TargetID != invited.ID || page.Entries[0].ActorID != u.ID {
			t.Errorf("member.attach events = %+v, want one by the user on the invitation", page.Entries)
		}
	})
}

func TestUserByIDNotFound(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		if _, err := s.UserByID(t.Context(), store.NewID()); !errors.Is(err, core.ErrNotFound) {
			t.Errorf("UserByID(unknown) error = %v, want not found", err)
		}
		if _, err := s.UserByPhone(t.Context(), newPhone(t)); !errors.Is(err, core.ErrNotFound) {
			t.Errorf("UserByPhone(unknown) error = %v, want not found", err)
		}
	})
}

func TestSetPassword(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		u := newUser(t, s, "陈一")
		const hash = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$bmV3aGFzaA"
		if err := s.SetPassword(t.Context(), u.ID, hash, userEvent(u, "password.set", "user", u.ID)); err != nil {
			t.Fatalf("SetPassword: %v", err)
		}
		got, err := s.UserByID(t.Context(), u.ID)
		if err != nil {
			t.Fatalf("UserByID: %v", err)
		}
		if got.PasswordHash != hash {
			t.Error("SetPassword did not store the hash")
		}
	})
}

func TestCreateOperator(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		phone := newPhone(t)
		created, err := s.CreateOperator(t.Context(), phone, "运营甲", "hash-1")
		if err != nil {
			t.Fatalf("CreateOperator: %v", err)
		}
		if !created {
			t.Error("CreateOperator of a new phone reported created = false")
		}
		created, err = s.CreateOperator(t.Context(), phone, "运营乙", "hash-2")
		if err != nil {
			t.Fatalf("CreateOperator again: %v", err)
		}
		if created {
			t.Error("CreateOperator of an existing phone reported created = true")
		}
		o, err := s.OperatorByPhone(t.Context(), phone)
		if err != nil {
			t.Fatalf("OperatorByPhone: %v", err)
		}
		if o.Name != "运营乙" || o.PasswordHash != "hash-2" {
			t.Errorf("operator = %q with hash %q, want the replacement 运营乙 hash-2", o.Name, o.PasswordHash)
		}
		if _, err := s.OperatorByPhone(t.Context(), newPhone(t)); !errors.Is(err, core.ErrNotFound) {
			t.Errorf("OperatorByPhone(unknown) error = %v, want not found", err)
		}
	})
}

func TestUpsertSSOUserConcurrentFirstLogins(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		l := ssoLogin(t, newPhone(t), "并发")
		errs := concurrently(4, func(int) error {
			_, _, err := s.UpsertSSOUser(t.Context(), l, loginEvent())
			return err
		})
		for i, err := range errs {
			if err != nil {
				t.Errorf("login %d: %v", i, err)
			}
		}
		if got := count(t, s, `SELECT COUNT(*) FROM users WHERE phone = $1`, l.Phone); got != 1 {
			t.Errorf("%d users for one phone, want 1", got)
		}
	})
}
