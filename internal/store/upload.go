package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"wct/internal/core"
)

// CreateUpload records an uploaded image's metadata.
func (s *Store) CreateUpload(ctx context.Context, u core.Upload) error {
	_, err := s.write.ExecContext(ctx, `
		INSERT INTO uploads (id, owner_id, purpose, format, size, width, height, sha256, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		u.ID, u.OwnerID, u.Purpose, u.Format, u.Size, u.Width, u.Height, u.SHA256, millis(u.CreatedAt))
	if err != nil {
		return fmt.Errorf("store: create upload: %w", err)
	}
	return nil
}

// UploadByID returns the upload, or an error matching core.ErrNotFound.
func (s *Store) UploadByID(ctx context.Context, id string) (core.Upload, error) {
	var u core.Upload
	var created int64
	err := s.read.QueryRowContext(ctx, `
		SELECT id, owner_id, purpose, format, size, width, height, sha256, created_at
		FROM uploads
		WHERE id = $1`, id).Scan(&u.ID, &u.OwnerID, &u.Purpose, &u.Format, &u.Size,
		&u.Width, &u.Height, &u.SHA256, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return u, core.Errorf(core.CodeNotFound, "文件不存在")
	}
	if err != nil {
		return u, fmt.Errorf("store: load upload %s: %w", id, err)
	}
	u.CreatedAt = fromMillis(created)
	return u, nil
}

// ManagesUploadOrg reports whether the user is an active super admin or
// admin of an organization whose license is the upload.
func (s *Store) ManagesUploadOrg(ctx context.Context, uploadID, userID string) (bool, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `
		SELECT COUNT(*)
		FROM organizations AS o
		JOIN identities AS i ON i.org_id = o.id
		WHERE o.license_upload_id = $1 AND i.user_id = $2 AND i.status = 'active'
		  AND i.role IN ('super_admin', 'admin')`, uploadID, userID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: check upload access: %w", err)
	}
	return n > 0, nil
}
