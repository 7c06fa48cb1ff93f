package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"wct/internal/core"
)

const orgColumns = `id, kind, name, credit_code, unique_key, region_code, address_detail, email,
	tech_fields, legal_name, legal_phone, legal_id_enc, license_upload_id, service_org_id, grid_id,
	source, created_at`

// scanOrg scans the orgColumns of a row, then any columns selected after
// them into extra.
func scanOrg(row interface{ Scan(...any) error }, extra ...any) (core.Organization, error) {
	var o core.Organization
	var kind, fields string
	var created int64
	dest := []any{&o.ID, &kind, &o.Name, &o.CreditCode, &o.UniqueKey, &o.RegionCode,
		&o.AddressDetail, &o.Email, &fields, &o.LegalName, &o.LegalPhone, &o.LegalIDEnc,
		&o.LicenseUploadID, &o.ServiceOrgID, &o.GridID, &o.Source, &created}
	err := row.Scan(append(dest, extra...)...)
	o.Kind = core.Kind(kind)
	o.CreatedAt = fromMillis(created)
	_ = json.Unmarshal([]byte(fields), &o.TechFields)
	return o, err
}

// OrganizationByID returns the organization, or an error matching
// core.ErrNotFound.
func (s *Store) OrganizationByID(ctx context.Context, id string) (core.Organization, error) {
	o, err := scanOrg(s.read.QueryRowContext(ctx, `
		SELECT `+orgColumns+`
		FROM organizations
		WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return o, core.Errorf(core.CodeNotFound, "组织不存在")
	}
	if err != nil {
		return o, fmt.Errorf("store: load organization %s: %w", id, err)
	}
	return o, nil
}

// SearchOrganizations returns at most limit organizations of the kind
// whose name contains q or whose credit code is q, by name.
func (s *Store) SearchOrganizations(ctx context.Context, kind core.Kind, q string, limit int) ([]core.Organization, error) {
	pattern := "%" + escapeLike(q) + "%"
	rows, err := s.read.QueryContext(ctx, `
		SELECT `+orgColumns+`
		FROM organizations
		WHERE kind = $1 AND (LOWER(name) LIKE LOWER($2) ESCAPE '\' OR credit_code = $3)
		ORDER BY name, id
		LIMIT $4`, string(kind), pattern, strings.ToUpper(q), limit)
	if err != nil {
		return nil, fmt.Errorf("store: search organizations: %w", err)
	}
	defer rows.Close()
	var out []core.Organization
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, fmt.Errorf("store: search organizations: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// insertOrg adds an organization. A second organization of the same kind
// and unique key returns an error matching core.ErrConflict.
func (s *Store) insertOrg(ctx context.Context, tx *sql.Tx, o core.Organization) error {
	fields, _ := json.Marshal(o.TechFields)
	now := millis(s.now())
	_, err := tx.ExecContext(ctx, `
		INSERT INTO organizations
			(id, kind, name, credit_code, unique_key, region_code, address_detail, email,
			 tech_fields, legal_name, legal_phone, legal_id_enc, license_upload_id,
			 service_org_id, grid_id, source, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)`,
		o.ID, string(o.Kind), o.Name, o.CreditCode, o.UniqueKey, o.RegionCode, o.AddressDetail,
		o.Email, string(fields), o.LegalName, o.LegalPhone, o.LegalIDEnc, o.LicenseUploadID,
		o.ServiceOrgID, o.GridID, o.Source, now)
	if isUniqueViolation(err) {
		return errOnboarded
	}
	if err != nil {
		return fmt.Errorf("store: create organization: %w", err)
	}
	return nil
}

var errOnboarded = core.Errorf(core.CodeConflict, "该组织已入驻平台，请通过搜索申请加入")

// OnboardWithoutReview creates an active organization with the user as its
// super admin, as a legal-person login onboards its enterprise, and writes
// the audit event. Other applicants' pending applications for the same key
// are rejected, because the legal person's own onboarding settles who the
// organization is. An organization already on the platform returns an
// error matching core.ErrConflict. It returns the new identity.
func (s *Store) OnboardWithoutReview(ctx context.Context, o core.Organization, userID string, ev core.AuditEvent) (core.Identity, error) {
	now := s.now()
	id := core.Identity{ID: NewID(), UserID: userID, Kind: o.Kind, OrgID: o.ID, Role: core.RoleSuperAdmin,
		Status: core.IdentityActive, CreatedAt: now, DecidedAt: now, DecidedBy: "legal_login"}
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		if err := lockOnboardingKey(ctx, tx, o.Kind, o.UniqueKey); err != nil {
			return err
		}
		if err := s.rejectPendingFor(ctx, tx, o.Kind, o.UniqueKey); err != nil {
			return err
		}
		if err := s.insertOrg(ctx, tx, o); err != nil {
			return err
		}
		if err := s.insertIdentity(ctx, tx, id); err != nil {
			return err
		}
		ev.TargetID = o.ID
		return s.insertAudit(ctx, tx, ev)
	})
	return id, err
}

// lockOnboardingKey upserts the key's row in onboarding_keys, which holds
// a row lock until the transaction ends in PostgreSQL. SQLite's single
// writer serializes the transactions anyway.
func lockOnboardingKey(ctx context.Context, tx *sql.Tx, kind core.Kind, key string) error {
	_, err := tx.ExecContext(ctx, `
		INSERT INTO onboarding_keys (kind, unique_key)
		VALUES ($1, $2)
		ON CONFLICT (kind, unique_key) DO UPDATE SET kind = excluded.kind`, string(kind), key)
	if err != nil {
		return fmt.Errorf("store: lock onboarding key: %w", err)
	}
	return nil
}

// pendingSuperseded is the reason given to applications rejected because
// the legal person onboarded the organization.
const pendingSuperseded = "该组织已由法定代表人通过法人登录完成入驻，请通过搜索申请加入"

func (s *Store) rejectPendingFor(ctx context.Context, tx *sql.Tx, kind core.Kind, key string) error {
	_, err := tx.ExecContext(ctx, `
		UPDATE applications
		SET status = 'rejected', reason = $3, decided_at = $4, decided_by = 'system'
		WHERE kind = $1 AND unique_key = $2 AND status = 'pending'`,
		string(kind), key, pendingSuperseded, millis(s.now()))
	if err != nil {
		return fmt.Errorf("store: reject superseded applications: %w", err)
	}
	return nil
}

// LegalClaim is a legal-person login taking up the organization of its
// credit code that is already on the platform.
type LegalClaim struct {
	Kind       core.Kind
	UniqueKey  string
	CreditCode string // must equal the organization's in full
	UserID     string
	LegalName  string
	LegalPhone string
	LegalIDEnc string
}

// ClaimAsLegalPerson makes the user the super admin of the organization
// with the kind and key, as the legal person verified by a legal-person
// login: the organization's legal-person fields take the user's, a
// previous super admin becomes an admin, and the user's identity there is
// made or raised to an active super admin. It writes the audit event and
// returns the identity, or an error matching core.ErrNotFound when no
// organization has the kind, key and full credit code.
func (s *Store) ClaimAsLegalPerson(ctx context.Context, c LegalClaim, ev core.AuditEvent) (core.Identity, error) {
	now := s.now()
	id := core.Identity{ID: NewID(), UserID: c.UserID, Kind: c.Kind, Role: core.RoleSuperAdmin,
		Status: core.IdentityActive, CreatedAt: now, DecidedAt: now, DecidedBy: "legal_login"}
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		if err := lockOnboardingKey(ctx, tx, c.Kind, c.UniqueKey); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `
			UPDATE organizations
			SET legal_name = $3, legal_phone = $4, legal_id_enc = $5, updated_at = $6
			WHERE kind = $1 AND unique_key = $2 AND credit_code = $7
			RETURNING id`, string(c.Kind), c.UniqueKey, c.LegalName, c.LegalPhone, c.LegalIDEnc,
			millis(now), c.CreditCode).Scan(&id.OrgID)
		if errors.Is(err, sql.ErrNoRows) {
			return core.Errorf(core.CodeNotFound, "组织不存在")
		}
		if err != nil {
			return fmt.Errorf("store: claim organization: %w", err)
		}
		if err := s.raiseToSuperAdmin(ctx, tx, &id); err != nil {
			return err
		}
		ev.TargetID = id.OrgID
		return s.insertAudit(ctx, tx, ev)
	})
	return id, err
}

// raiseToSuperAdmin demotes the organization's other super admin to admin
// and makes id's user its super admin, reusing the user's live identity
// there when there is one.
func (s *Store) raiseToSuperAdmin(ctx context.Context, tx *sql.Tx, id *core.Identity) error {
	_, err := tx.ExecContext(ctx, `
		UPDATE identities
		SET role = 'admin'
		WHERE org_id = $1 AND role = 'super_admin' AND status IN ('active', 'invited')
		  AND COALESCE(user_id, '') <> $2`, id.OrgID, id.UserID)
	if err != nil {
		return fmt.Errorf("store: demote super admin: %w", err)
	}
	err = tx.QueryRowContext(ctx, `
		UPDATE identities
		SET role = 'super_admin', status = 'active', decided_at = $3, decided_by = $4
		WHERE org_id = $1 AND user_id = $2 AND status IN ('pending', 'active')
		RETURNING id`, id.OrgID, id.UserID, millis(id.DecidedAt), id.DecidedBy).Scan(&id.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return s.insertIdentity(ctx, tx, *id)
	}
	if err != nil {
		return fmt.Errorf("store: raise to super admin: %w", err)
	}
	return nil
}

// checkNotPending returns a conflict when another applicant's application
// for the kind and key is under review.
func (s *Store) checkNotPending(ctx context.Context, q querier, kind core.Kind, key, exceptID string) error {
	var n int
	err := q.QueryRowContext(ctx, `
		SELECT COUNT(*)
		FROM applications
		WHERE kind = $1 AND unique_key = $2 AND status = 'pending' AND id <> $3`,
		string(kind), key, exceptID).Scan(&n)
	if err != nil {
		return fmt.Errorf("store: check pending applications: %w", err)
	}
	if n > 0 {
		return errPending
	}
	return nil
}

var errPending = core.Errorf(core.CodeConflict, "该组织的入驻申请正在审核中，请勿重复提交")

// OrganizationExists reports whether an organization of the kind and
// unique key is on the platform.
func (s *Store) OrganizationExists(ctx context.Context, kind core.Kind, key string) (bool, error) {
	return s.orgExists(ctx, s.read, kind, key)
}

// TechFields returns the technology field choices in display order.
func (s *Store) TechFields(ctx context.Context) ([]string, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT name FROM tech_fields ORDER BY position, name`)
	if err != nil {
		return nil, fmt.Errorf("store: list tech fields: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		out = append(out, name)
	}
	return out, rows.Err()
}
