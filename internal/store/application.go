package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"wct/internal/core"
)

const applicationColumns = `a.id, a.kind, a.applicant_id, a.name, a.credit_code, a.unique_key,
	a.status, a.flagged, a.form, a.legal_id_enc, a.license_upload_id, a.reason, a.org_id,
	a.submitted_at, a.decided_at, a.decided_by, u.name, u.phone`

func scanApplication(row interface{ Scan(...any) error }) (core.ApplicationView, error) {
	var v core.ApplicationView
	var kind, status, form string
	var submitted, decided int64
	err := row.Scan(&v.ID, &kind, &v.ApplicantID, &v.Name, &v.CreditCode, &v.UniqueKey, &status,
		&v.Flagged, &form, &v.LegalIDEnc, &v.LicenseUploadID, &v.Reason, &v.OrgID,
		&submitted, &decided, &v.DecidedBy, &v.ApplicantName, &v.ApplicantPhone)
	if err != nil {
		return v, err
	}
	v.Kind, v.Status = core.Kind(kind), core.ApplicationStatus(status)
	v.SubmittedAt, v.DecidedAt = fromMillis(submitted), fromMillis(decided)
	if err := json.Unmarshal([]byte(form), &v.Form); err != nil {
		return v, fmt.Errorf("decode form of application %s: %w", v.ID, err)
	}
	return v, nil
}

// ApplicationByID returns the application with its applicant, or an error
// matching core.ErrNotFound.
func (s *Store) ApplicationByID(ctx context.Context, id string) (core.ApplicationView, error) {
	v, err := scanApplication(s.read.QueryRowContext(ctx, `
		SELECT `+applicationColumns+`
		FROM applications AS a
		JOIN users AS u ON u.id = a.applicant_id
		WHERE a.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return v, core.Errorf(core.CodeNotFound, "申请不存在")
	}
	if err != nil {
		return v, fmt.Errorf("store: load application %s: %w", id, err)
	}
	return v, nil
}

// ListApplications returns the applicant's applications, newest first,
// at most limit.
func (s *Store) ListApplications(ctx context.Context, applicantID string, limit int) ([]core.ApplicationView, error) {
	return s.queryApplications(ctx, `a.applicant_id = $1`, `a.submitted_at DESC, a.id DESC`, applicantID, 0, limit)
}

// ReviewQueue returns a page of the applications with the status and how
// many there are in all. Pending applications come oldest first, in the
// order operators review them; decided ones come newest decision first.
func (s *Store) ReviewQueue(ctx context.Context, status core.ApplicationStatus, offset, limit int) ([]core.ApplicationView, int, error) {
	var total int
	err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM applications WHERE status = $1`,
		string(status)).Scan(&total)
	if err != nil {
		return nil, 0, fmt.Errorf("store: count applications: %w", err)
	}
	order := `a.submitted_at, a.id`
	if status != core.ApplicationPending {
		order = `a.decided_at DESC, a.id DESC`
	}
	page, err := s.queryApplications(ctx, `a.status = $1`, order, string(status), offset, limit)
	return page, total, err
}

func (s *Store) queryApplications(ctx context.Context, where, order string, arg any, offset, limit int) ([]core.ApplicationView, error) {
	rows, err := s.read.QueryContext(ctx, `
		SELECT `+applicationColumns+`
		FROM applications AS a
		JOIN users AS u ON u.id = a.applicant_id
		WHERE `+where+`
		ORDER BY `+order+`
		LIMIT $2 OFFSET $3`, arg, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("store: list applications: %w", err)
	}
	defer rows.Close()
	var out []core.ApplicationView
	for rows.Next() {
		v, err := scanApplication(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list applications: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// SubmitApplication stores a new application, or resubmits a rejected one
// when a.ID is set, and writes the audit event. An organization already
// onboarded, or another pending application, for the same kind and unique
// key returns an error matching core.ErrConflict.
func (s *Store) SubmitApplication(ctx context.Context, a core.Application, ev core.AuditEvent) (core.Application, error) {
	form, err := json.Marshal(a.Form)
	if err != nil {
		return a, fmt.Errorf("store: encode form: %w", err)
	}
	a.Status, a.SubmittedAt, a.Reason = core.ApplicationPending, s.now(), ""
	err = s.withTx(ctx, func(tx *sql.Tx) error {
		if err := lockOnboardingKey(ctx, tx, a.Kind, a.UniqueKey); err != nil {
			return err
		}
		exists, err := s.orgExists(ctx, tx, a.Kind, a.UniqueKey)
		if err != nil {
			return err
		}
		if exists {
			return errOnboarded
		}
		if err := s.checkNotPending(ctx, tx, a.Kind, a.UniqueKey, a.ID); err != nil {
			return err
		}
		if err := s.writeApplication(ctx, tx, &a, string(form)); err != nil {
			return err
		}
		ev.TargetID = a.ID
		return s.insertAudit(ctx, tx, ev)
	})
	return a, err
}

func (s *Store) orgExists(ctx context.Context, q querier, kind core.Kind, key string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `
		SELECT COUNT(*) FROM organizations WHERE kind = $1 AND unique_key = $2`,
		string(kind), key).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: check organization: %w", err)
	}
	return n > 0, nil
}

func (s *Store) writeApplication(ctx context.Context, tx *sql.Tx, a *core.Application, form string) error {
	var res sql.Result
	var err error
	if a.ID == "" {
		a.ID = NewID()
		res, err = tx.ExecContext(ctx, `
			INSERT INTO applications
				(id, kind, applicant_id, name, credit_code, unique_key, status, flagged, form,
				 legal_id_enc, license_upload_id, submitted_at)
			VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8, $9, $10, $11)`,
			a.ID, string(a.Kind), a.ApplicantID, a.Name, a.CreditCode, a.UniqueKey, a.Flagged,
			form, a.LegalIDEnc, a.LicenseUploadID, millis(a.SubmittedAt))
	} else {
		res, err = tx.ExecContext(ctx, `
			UPDATE applications
			SET name = $3, credit_code = $4, unique_key = $5, status = 'pending', flagged = $6,
			    form = $7, legal_id_enc = $8, license_upload_id = $9, submitted_at = $10,
			    reason = '', decided_at = 0, decided_by = ''
			WHERE id = $1 AND applicant_id = $2 AND status = 'rejected'`,
			a.ID, a.ApplicantID, a.Name, a.CreditCode, a.UniqueKey, a.Flagged, form,
			a.LegalIDEnc, a.LicenseUploadID, millis(a.SubmittedAt))
	}
	if isUniqueViolation(err) {
		return errPending
	}
	if err != nil {
		return fmt.Errorf("store: save application: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return core.Errorf(core.CodeConflict, "只有未通过的申请可以修改后重新提交")
	}
	return nil
}

// DecideApplication records the decision in one transaction: a
// conditional update wins only while the application is pending, so of two
// operators deciding at once exactly one succeeds and the other gets an
// error matching core.ErrAlreadyDecided. Approval creates the organization
// and the identities.
func (s *Store) DecideApplication(ctx context.Context, d core.Decision, ev core.AuditEvent) error {
	status, orgID := core.ApplicationRejected, ""
	if d.Approve {
		status, orgID = core.ApplicationApproved, d.Org.ID
	}
	return s.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `
			UPDATE applications
			SET status = $2, reason = $3, decided_at = $4, decided_by = $5, org_id = $6
			WHERE id = $1 AND status = 'pending'`,
			d.ApplicationID, string(status), d.Reason, millis(s.now()), d.OperatorID, orgID)
		if err != nil {
			return fmt.Errorf("store: decide application: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return core.Errorf(core.CodeAlreadyDecided, "该申请已由其他运营人员处理")
		}
		if d.Approve {
			if err := s.insertOrg(ctx, tx, d.Org); err != nil {
				return err
			}
			for _, id := range d.Identities {
				if err := s.insertIdentity(ctx, tx, id); err != nil {
					return err
				}
			}
		}
		return s.insertAudit(ctx, tx, ev)
	})
}
