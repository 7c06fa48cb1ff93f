package onboarding

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"

	"wct/internal/core"
	"wct/internal/store"
	"wct/internal/validate"
)

// uploadFormats are the image types each upload purpose accepts.
var uploadFormats = map[string][]string{
	"license": {"jpeg", "png", "gif"},
	"cover":   {"jpeg", "png"},
	"avatar":  {"jpeg", "png"},
}

// decodeSlots lets one upload decode at a time, because one decode may
// hold about 200 MB (a 16-bit image at validate.MaxImagePixels) and the
// garbage collector's headroom doubles that.
var decodeSlots = make(chan struct{}, 1)

// Upload checks an image by its bytes (type by decoding, at most
// validate.MaxImageBytes) and stores it under a random name.
func (s *Service) Upload(ctx context.Context, p core.Principal, purpose string, r io.Reader) (core.Upload, error) {
	formats, ok := uploadFormats[purpose]
	if !ok {
		return core.Upload{}, fieldError("purpose", "上传用途无效")
	}
	// The bytes are read before a decode slot is taken, so that slow
	// clients cannot hold the slots.
	data, err := io.ReadAll(io.LimitReader(r, validate.MaxImageBytes+1))
	if err != nil {
		return core.Upload{}, fmt.Errorf("onboarding: read upload: %w", err)
	}
	select {
	case decodeSlots <- struct{}{}:
		defer func() { <-decodeSlots }()
	case <-ctx.Done():
		return core.Upload{}, ctx.Err()
	}
	img, err := validate.ReadImage(bytes.NewReader(data), validate.MaxImageBytes, formats...)
	var verr *validate.Error
	if errors.As(err, &verr) {
		return core.Upload{}, fieldError("file", verr.Message)
	}
	if err != nil {
		return core.Upload{}, fmt.Errorf("onboarding: read upload: %w", err)
	}
	sum := sha256.Sum256(img.Data)
	u := core.Upload{ID: store.NewID(), OwnerID: p.User.ID, Purpose: purpose, Format: img.Format,
		Size: img.Size, Width: img.Width, Height: img.Height, SHA256: hex.EncodeToString(sum[:]),
		CreatedAt: s.now()}
	if err := s.Blobs.Put(ctx, u.ID, img.Data); err != nil {
		return core.Upload{}, err
	}
	if err := s.Store.CreateUpload(ctx, u); err != nil {
		return core.Upload{}, err
	}
	return u, nil
}

// OpenUpload returns an upload and its bytes to its owner, to the admins of
// the organization whose license it is, or to an operator (when asOperator
// is set by the caller after authenticating one).
func (s *Service) OpenUpload(ctx context.Context, userID string, asOperator bool, id string) (core.Upload, io.ReadCloser, error) {
	notFound := core.Errorf(core.CodeNotFound, "文件不存在")
	u, err := s.Store.UploadByID(ctx, id)
	if err != nil {
		return u, nil, notFound
	}
	allowed := asOperator || (userID != "" && u.OwnerID == userID)
	if !allowed && userID != "" {
		if allowed, err = s.Store.ManagesUploadOrg(ctx, id, userID); err != nil {
			return u, nil, err
		}
	}
	if !allowed {
		return u, nil, notFound
	}
	rc, err := s.Blobs.Open(ctx, u.ID)
	if err != nil {
		return u, nil, fmt.Errorf("onboarding: open upload %s: %w", u.ID, err)
	}
	return u, rc, nil
}
