package core

import "time"

// Upload is an image a user uploaded. Its bytes live in blob storage under
// its ID.
type Upload struct {
	ID        string
	OwnerID   string
	Purpose   string // "license", "cover" or "avatar"
	Format    string // "jpeg", "png" or "gif", detected from the bytes
	Size      int64
	Width     int
	Height    int
	SHA256    string
	CreatedAt time.Time
}
