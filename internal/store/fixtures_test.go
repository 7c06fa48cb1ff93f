package store_test

import (
	"crypto/rand"
	"errors"
	"fmt"
	mathrand "math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"wct/internal/core"
	"wct/internal/platform/idcipher"
	"wct/internal/store"
	"wct/internal/validate"
)

// start is the time every test clock starts at.
var start = time.Date(2025, time.March, 3, 9, 0, 0, 0, time.UTC)

// clock is a settable store clock that is safe for concurrent use.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

// newClock sets a clock at start as the store's clock.
func newClock(s *store.Store) *clock {
	c := &clock{now: start}
	s.SetClock(c.Now)
	return c
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

var phoneSequence atomic.Int64

// newPhone returns a mobile number that no other call in the test binary
// returns.
func newPhone(t *testing.T) string {
	t.Helper()
	phone, err := validate.Mobile(fmt.Sprintf("139%08d", phoneSequence.Add(1)))
	if err != nil {
		t.Fatalf("generated phone is invalid: %v", err)
	}
	return phone
}

const creditCodeAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// newCreditCode returns a random valid unified social credit code of an
// enterprise (registration authority 9, type 1) registered in Wuhan.
func newCreditCode(t *testing.T) string {
	t.Helper()
	body := []byte("91420100")
	for range 9 {
		body = append(body, creditCodeAlphabet[mathrand.IntN(len(creditCodeAlphabet))])
	}
	check, err := validate.CreditCodeCheck(string(body))
	if err != nil {
		t.Fatalf("credit code check: %v", err)
	}
	code := string(append(body, check))
	if _, err := validate.CreditCode(code); err != nil {
		t.Fatalf("generated credit code %s is invalid: %v", code, err)
	}
	return code
}

// newIDNumber returns a random valid resident ID number of a person born
// between 1960 and 1999 in Wuhan's Jiang'an district.
func newIDNumber(t *testing.T) string {
	t.Helper()
	birth := time.Date(1960, time.January, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, mathrand.IntN(40*365))
	first17 := fmt.Sprintf("420102%s%03d", birth.Format("20060102"), mathrand.IntN(1000))
	check, err := validate.IDNumberCheck(first17)
	if err != nil {
		t.Fatalf("id number check: %v", err)
	}
	id := first17 + string(check)
	if _, err := validate.IDNumber(id, start); err != nil {
		t.Fatalf("generated ID number is invalid: %v", err)
	}
	return id
}

// keyring seals ID numbers as the application does, with random keys.
var keyring = sync.OnceValue(func() *idcipher.Keyring {
	key, lookupKey := make([]byte, idcipher.KeySize), make([]byte, idcipher.KeySize)
	rand.Read(key)
	rand.Read(lookupKey)
	k, err := idcipher.NewKeyring("test", map[string][]byte{"test": key}, lookupKey)
	if err != nil {
		panic(err)
	}
	return k
})

// sealIDNumber returns the ciphertext and lookup hash of a new ID number.
func sealIDNumber(t *testing.T) (enc, hash string) {
	t.Helper()
	id := newIDNumber(t)
	enc, err := keyring().Encrypt(id)
	if err != nil {
		t.Fatalf("encrypt ID number: %v", err)
	}
	return enc, keyring().LookupHash(id)
}

// ssoLogin returns a provincial login of a new subject with a new ID
// number.
func ssoLogin(t *testing.T, phone, name string) core.SSOLogin {
	t.Helper()
	enc, hash := sealIDNumber(t)
	return core.SSOLogin{Provider: "hubei", Subject: store.NewID(), Phone: phone, Name: name,
		IDNumberEnc: enc, IDNumberHash: hash}
}

// loginEvent returns the audit event of a provincial login, whose actor
// UpsertSSOUser fills in.
func loginEvent() core.AuditEvent {
	return core.Actor{ClientAddr: "127.0.0.1"}.Event("login", "", "")
}

// newUser records the first provincial login of a new person.
func newUser(t *testing.T, s *store.Store, name string) core.User {
	t.Helper()
	u, created, err := s.UpsertSSOUser(t.Context(), ssoLogin(t, newPhone(t), name), loginEvent())
	if err != nil {
		t.Fatalf("first login of %s: %v", name, err)
	}
	if !created {
		t.Fatalf("first login of %s attached to an existing user", name)
	}
	return u
}

// userEvent returns an audit event by the user.
func userEvent(u core.User, action, targetKind, targetID string) core.AuditEvent {
	return core.Actor{UserID: u.ID, ClientAddr: "127.0.0.1"}.Event(action, targetKind, targetID)
}

// newOperator creates a back-office operator and returns its id.
func newOperator(t *testing.T, s *store.Store, name string) string {
	t.Helper()
	phone := newPhone(t)
	if _, err := s.CreateOperator(t.Context(), phone, name, "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2g"); err != nil {
		t.Fatalf("create operator %s: %v", name, err)
	}
	o, err := s.OperatorByPhone(t.Context(), phone)
	if err != nil {
		t.Fatalf("load operator %s: %v", name, err)
	}
	return o.ID
}

// operatorEvent returns an audit event by the operator.
func operatorEvent(operatorID, action, targetKind, targetID string) core.AuditEvent {
	return core.Actor{OperatorID: operatorID, ClientAddr: "127.0.0.1"}.Event(action, targetKind, targetID)
}

// newEnterprise returns an enterprise with a new credit code whose legal
// person is the user.
func newEnterprise(t *testing.T, name string, legal core.User) core.Organization {
	t.Helper()
	code := newCreditCode(t)
	return core.Organization{ID: store.NewID(), Kind: core.KindEnterprise, Name: name,
		CreditCode: code, UniqueKey: code, RegionCode: "420102", AddressDetail: "沿江大道188号",
		Email: "contact@example.com", TechFields: []string{"新材料"}, LegalName: legal.Name,
		LegalPhone: legal.Phone, LegalIDEnc: legal.IDNumberEnc, Source: "legal_login"}
}

// onboard creates an enterprise without review with the user as its super
// admin, and returns the enterprise and the super admin identity.
func onboard(t *testing.T, s *store.Store, name string, legal core.User) (core.Organization, core.Identity) {
	t.Helper()
	o := newEnterprise(t, name, legal)
	id, err := s.OnboardWithoutReview(t.Context(), o, legal.ID, userEvent(legal, "org.onboard", "organization", ""))
	if err != nil {
		t.Fatalf("onboard %s: %v", name, err)
	}
	return o, id
}

// enterpriseApplication returns an application of the applicant for an
// enterprise with the credit code, whose legal person is legalName at
// legalPhone.
func enterpriseApplication(t *testing.T, applicant core.User, name, code, legalName, legalPhone string) core.Application {
	t.Helper()
	enc, _ := sealIDNumber(t)
	form := core.EnterpriseForm{Name: name, CreditCode: code, RegionCode: "420106",
		AddressDetail: "中北路1号", Email: "office@example.com", TechFields: []string{"新能源", "汽车"},
		LegalName: legalName, LegalPhone: legalPhone, LicenseUploadID: store.NewID()}
	return core.Application{Kind: core.KindEnterprise, ApplicantID: applicant.ID, Name: name,
		CreditCode: code, UniqueKey: code, Form: form, LegalIDEnc: enc,
		LicenseUploadID: form.LicenseUploadID}
}

// submit stores a new application of the applicant, who is its legal
// person, and returns it.
func submit(t *testing.T, s *store.Store, applicant core.User, name string) core.Application {
	t.Helper()
	a := enterpriseApplication(t, applicant, name, newCreditCode(t), applicant.Name, applicant.Phone)
	a, err := s.SubmitApplication(t.Context(), a, userEvent(applicant, "application.submit", "application", ""))
	if err != nil {
		t.Fatalf("submit application for %s: %v", name, err)
	}
	return a
}

// approval returns the decision that approves the application, making its
// applicant the super admin, plus the extra identities of the new
// organization, whose OrgID it fills in.
func approval(a core.Application, operatorID string, extra ...core.Identity) core.Decision {
	org := core.Organization{ID: store.NewID(), Kind: a.Kind, Name: a.Name, CreditCode: a.CreditCode,
		UniqueKey: a.UniqueKey, RegionCode: a.Form.RegionCode, AddressDetail: a.Form.AddressDetail,
		Email: a.Form.Email, TechFields: a.Form.TechFields, LegalName: a.Form.LegalName,
		LegalPhone: a.Form.LegalPhone, LegalIDEnc: a.LegalIDEnc,
		LicenseUploadID: a.LicenseUploadID, Source: "application"}
	ids := []core.Identity{{ID: store.NewID(), UserID: a.ApplicantID, Kind: a.Kind,
		Role: core.RoleSuperAdmin, Status: core.IdentityActive, CreatedAt: start,
		DecidedAt: start, DecidedBy: operatorID}}
	ids = append(ids, extra...)
	for i := range ids {
		ids[i].OrgID = org.ID
	}
	return core.Decision{ApplicationID: a.ID, OperatorID: operatorID, Approve: true, Org: org, Identities: ids}
}

// concurrently runs fn(0) to fn(n-1) in n goroutines released at the same
// moment, and returns their errors by index.
func concurrently(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	release := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-release
			errs[i] = fn(i)
		})
	}
	close(release)
	wg.Wait()
	return errs
}

// countErrors returns how many errors are nil and how many match target;
// it fails the test on any other error.
func countErrors(t *testing.T, errs []error, target error) (succeeded, matched int) {
	t.Helper()
	for i, err := range errs {
		switch {
		case err == nil:
			succeeded++
		case errors.Is(err, target):
			matched++
		default:
			t.Errorf("goroutine %d: unexpected error: %v", i, err)
		}
	}
	return succeeded, matched
}

// count returns the result of a COUNT query.
func count(t *testing.T, s *store.Store, query string, args ...any) int {
	t.Helper()
	var n int
	if err := s.DB().QueryRowContext(t.Context(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}
