package store_test

import (
	"errors"
	"testing"

	"wct/internal/core"
	"wct/internal/store"
	"wct/internal/store/storetest"
)

func TestUploadRoundTrip(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		u := newUser(t, s, "图一")
		up := core.Upload{ID: store.NewID(), OwnerID: u.ID, Purpose: "license", Format: "png",
			Size: 48213, Width: 1240, Height: 1754, SHA256: newTokenHash(), CreatedAt: start}
		if err := s.CreateUpload(t.Context(), up); err != nil {
			t.Fatalf("CreateUpload: %v", err)
		}
		got, err := s.UploadByID(t.Context(), up.ID)
		if err != nil {
			t.Fatalf("UploadByID: %v", err)
		}
		if !got.CreatedAt.Equal(up.CreatedAt) {
			t.Errorf("created at %v, want %v", got.CreatedAt, up.CreatedAt)
		}
		got.CreatedAt = up.CreatedAt
		if got != up {
			t.Errorf("UploadByID = %+v, want %+v", got, up)
		}
		if _, err := s.UploadByID(t.Context(), store.NewID()); !errors.Is(err, core.ErrNotFound) {
			t.Errorf("UploadByID(unknown) error = %v, want not found", err)
		}
	})
}

func TestManagesUploadOrg(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		legal := newUser(t, s, "图二")
		o := newEnterprise(t, "武汉图像科技有限公司", legal)
		o.LicenseUploadID = store.NewID()
		if err := s.CreateUpload(t.Context(), core.Upload{ID: o.LicenseUploadID, OwnerID: legal.ID,
			Purpose: "license", Format: "jpeg", Size: 1, Width: 1, Height: 1, SHA256: newTokenHash(), CreatedAt: start}); err != nil {
			t.Fatalf("CreateUpload: %v", err)
		}
		if _, err := s.OnboardWithoutReview(t.Context(), o, legal.ID, userEvent(legal, "org.onboard", "organization", "")); err != nil {
			t.Fatalf("OnboardWithoutReview: %v", err)
		}
		member := newUser(t, s, "图三")
		addMember(t, s, o, legal, member.Phone, member.Name)
		stranger := newUser(t, s, "图四")

		tests := []struct {
			name string
			user core.User
			want bool
		}{
			{"super admin", legal, true},
			{"plain member", member, false},
			{"stranger", stranger, false},
		}
		for _, tt := range tests {
			got, err := s.ManagesUploadOrg(t.Context(), o.LicenseUploadID, tt.user.ID)
			if err != nil {
				t.Fatalf("ManagesUploadOrg(%s): %v", tt.name, err)
			}
			if got != tt.want {
				t.Errorf("ManagesUploadOrg(%s) = %v, want %v", tt.name, got, tt.want)
			}
		}
	})
}
