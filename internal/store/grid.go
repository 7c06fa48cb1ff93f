package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"wct/internal/core"
)

// GridSummary is a service grid as lists show it.
type GridSummary struct {
	core.Organization
	// Members counts the grid's active and invited grid members.
	Members int
}

var errGridExists = core.Errorf(core.CodeConflict, "该区已有同名网格，请换一个名称")

// CreateGrid adds the service grid o, whose Kind must be core.KindGrid,
// and writes the audit event. A second grid with the same unique key
// (region code and name) returns an error matching core.ErrConflict.
func (s *Store) CreateGrid(ctx context.Context, o core.Organization, ev core.AuditEvent) error {
	if o.Kind != core.KindGrid {
		return fmt.Errorf("store: create grid: organization kind is %q, want %q", o.Kind, core.KindGrid)
	}
	return s.withTx(ctx, func(tx *sql.Tx) error {
		err := s.insertOrg(ctx, tx, o)
		if errors.Is(err, errOnboarded) {
			return errGridExists
		}
		if err != nil {
			return err
		}
		ev.TargetID = o.ID
		return s.insertAudit(ctx, tx, ev)
	})
}

// RenameGrid gives the grid a new name and unique key and writes the
// audit event. Another grid of that key in the district returns an error
// matching core.ErrConflict, and an unknown grid core.ErrNotFound.
func (s *Store) RenameGrid(ctx context.Context, id, name, uniqueKey string, ev core.AuditEvent) error {
	return s.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `
			UPDATE organizations SET name = $2, unique_key = $3, updated_at = $4
			WHERE id = $1 AND kind = 'grid'`, id, name, uniqueKey, millis(s.now()))
		if isUniqueViolation(err) {
			return errGridExists
		}
		if err != nil {
			return fmt.Errorf("store: rename grid: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return core.Errorf(core.CodeNotFound, "网格不存在")
		}
		return s.insertAudit(ctx, tx, ev)
	})
}

// ListGrids returns the service grids of the region, or of every region
// when regionCode is empty, by region and name, each with its number of
// active and invited members.
func (s *Store) ListGrids(ctx context.Context, regionCode string) ([]GridSummary, error) {
	rows, err := s.read.QueryContext(ctx, `
		SELECT `+orgColumns+`,
		       (SELECT COUNT(*) FROM identities AS i
		        WHERE i.org_id = organizations.id AND i.status IN ('active', 'invited'))
		FROM organizations
		WHERE kind = 'grid' AND ($1 = '' OR region_code = $1)
		ORDER BY region_code, name, id`, regionCode)
	if err != nil {
		return nil, fmt.Errorf("store: list grids: %w", err)
	}
	defer rows.Close()
	var out []GridSummary
	for rows.Next() {
		var g GridSummary
		g.Organization, err = scanOrg(rows, &g.Members)
		if err != nil {
			return nil, fmt.Errorf("store: list grids: %w", err)
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// GridEnterprises returns a page of the enterprises whose form chose the
// grid, newest first, and how many there are in all.
func (s *Store) GridEnterprises(ctx context.Context, gridID string, offset, limit int) ([]core.Organization, int, error) {
	var total int
	err := s.read.QueryRowContext(ctx, `
		SELECT COUNT(*) FROM organizations WHERE grid_id = $1 AND kind = 'enterprise'`,
		gridID).Scan(&total)
	if err != nil {
		return nil, 0, fmt.Errorf("store: count grid enterprises: %w", err)
	}
	rows, err := s.read.QueryContext(ctx, `
		SELECT `+orgColumns+`
		FROM organizations
		WHERE grid_id = $1 AND kind = 'enterprise'
		ORDER BY created_at DESC, id DESC
		LIMIT $2 OFFSET $3`, gridID, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list grid enterprises: %w", err)
	}
	defer rows.Close()
	var out []core.Organization
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("store: list grid enterprises: %w", err)
		}
		out = append(out, o)
	}
	return out, total, rows.Err()
}
