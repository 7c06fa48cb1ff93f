// Package password hashes and verifies account passwords with Argon2id and
// checks new passwords against the sign-up policy.
//
// Hashes are stored in the PHC string format used by the reference Argon2
// implementation:
//
//	$argon2id$v=19$m=19456,t=2,p=1$<salt>$<key>
//
// where salt and key are standard base64 without padding.
package password

import (
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"

	"golang.org/x/crypto/argon2"
)

// ErrMalformed is returned by Verify when the stored hash is not a valid
// Argon2id PHC string.
var ErrMalformed = errors.New("password: malformed hash")

// ErrInvalidParams is returned by Hash when the Hasher's Params cannot be
// used to derive a key.
var ErrInvalidParams = errors.New("password: invalid argon2id parameters")

// Params are the Argon2id cost parameters and output sizes.
type Params struct {
	Memory  uint32 // memory cost in KiB
	Time    uint32 // number of passes over the memory
	Threads uint8  // degree of parallelism
	SaltLen uint32 // salt length in bytes
	KeyLen  uint32 // derived key length in bytes
}

// DefaultParams are the OWASP Password Storage Cheat Sheet minimum for
// Argon2id (19 MiB, 2 passes, 1 thread) with a 16-byte salt and a
// 32-byte key.
var DefaultParams = Params{
	Memory:  19 * 1024,
	Time:    2,
	Threads: 1,
	SaltLen: 16,
	KeyLen:  32,
}

// Limits applied to parameters from both a Hasher and a stored hash. The
// minimums are the input ranges of RFC 9106 (salt at least 8 bytes, tag at
// least 4 bytes, memory at least 8 KiB per thread). The maximums stop a
// corrupted or hostile stored hash from making Verify allocate or loop
// without bound.
//
// NOTE: maxMemory (1 GiB) and maxTime are judgment calls, not standard
// values. Raise them before choosing Params beyond them.
const (
	minSaltLen = 8
	minKeyLen  = 4
	maxKeyLen  = 1024
	maxMemory  = 1 << 20 // KiB
	maxTime    = 64
)

// Hasher hashes and verifies passwords. The zero Hasher uses DefaultParams.
// A Hasher is safe for concurrent use.
type Hasher struct {
	Params Params
}

func (h Hasher) params() Params {
	if h.Params == (Params{}) {
		return DefaultParams
	}
	return h.Params
}

// Hash derives a key from password with a fresh random salt and returns it
// as a PHC string. It returns ErrInvalidParams if the Hasher's Params are
// outside the accepted range.
func (h Hasher) Hash(password string) (string, error) {
	p := h.params()
	if err := p.validate(); err != nil {
		return "", err
	}
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password: read salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return encode(p, salt, key), nil
}

// Verify reports whether password matches the PHC string encoded. The key
// comparison runs in constant time. needsRehash is true when ok is true and
// the stored parameters differ from the Hasher's, so the caller should store
// a fresh Hash. Verify returns ErrMalformed if encoded cannot be parsed.
func (h Hasher) Verify(password, encoded string) (ok bool, needsRehash bool, err error) {
	stored, salt, key, err := decode(encoded)
	if err != nil {
		return false, false, err
	}
	derived := argon2.IDKey([]byte(password), salt, stored.Time, stored.Memory, stored.Threads, stored.KeyLen)
	if subtle.ConstantTimeCompare(derived, key) != 1 {
		return false, false, nil
	}
	return true, stored != h.params(), nil
}

// VerifyDummy derives and compares a key with the Hasher's Params exactly as
// Verify does for a hash made with those Params, and discards the result.
// Call it when no account matches a login, so that an unknown account costs
// the same time as a wrong password.
func (h Hasher) VerifyDummy(password string) {
	p := h.params()
	if p.validate() != nil {
		p = DefaultParams
	}
	salt := make([]byte, p.SaltLen)
	want := make([]byte, p.KeyLen)
	derived := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	subtle.ConstantTimeCompare(derived, want)
}

func (p Params) validate() error {
	switch {
	case p.Time < 1 || p.Time > maxTime:
		return fmt.Errorf("%w: time %d not in [1, %d]", ErrInvalidParams, p.Time, maxTime)
	case p.Threads < 1:
		return fmt.Errorf("%w: threads must be at least 1", ErrInvalidParams)
	case p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemory:
		return fmt.Errorf("%w: memory %d KiB not in [8*threads, %d]", ErrInvalidParams, p.Memory, maxMemory)
	case p.SaltLen < minSaltLen:
		return fmt.Errorf("%w: salt length %d below %d bytes", ErrInvalidParams, p.SaltLen, minSaltLen)
	case p.KeyLen < minKeyLen || p.KeyLen > maxKeyLen:
		return fmt.Errorf("%w: key length %d not in [%d, %d]", ErrInvalidParams, p.KeyLen, minKeyLen, maxKeyLen)
	}
	return nil
}
