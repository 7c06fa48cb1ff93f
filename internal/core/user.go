package core

import "time"

// User is one natural person, keyed by a mainland mobile number stored as
// its bare 11 digits.
type User struct {
	ID           string
	Phone        string
	Name         string
	IDNumberEnc  string // resident ID number, encrypted; empty when unknown
	IDNumberHash string // keyed lookup hash of the ID number
	PasswordHash string // Argon2id PHC string; empty until the user sets one
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// HasPassword reports whether the user has set a phone-login password.
func (u User) HasPassword() bool { return u.PasswordHash != "" }

// Operator is a member of the platform's staff who reviews applications.
type Operator struct {
	ID           string
	Phone        string
	Name         string
	PasswordHash string
	CreatedAt    time.Time
}

// SSOLogin is the outcome of a provincial login to record.
type SSOLogin struct {
	Provider     string
	Subject      string
	Phone        string
	Name         string
	IDNumberEnc  string
	IDNumberHash string
}
