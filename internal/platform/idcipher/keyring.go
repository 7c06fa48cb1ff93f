package idcipher

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
)

// KeySize is the length in bytes of every encryption key and the minimum
// length of the lookup key.
const KeySize = 32

// version prefixes ciphertext sealed with AES-256-GCM and a random 12-byte
// nonce. Another algorithm gets another version.
const version = "v1"

var encoding = base64.RawURLEncoding

var _ Cipher = (*Keyring)(nil)

// Keyring is a set of AES-256 keys identified by key id, of which one is
// current, plus an HMAC-SHA256 key for lookup hashes. Encrypt always uses
// the current key and Decrypt accepts any key in the set.
//
// Ciphertext has the form "v1:<key id>:<base64url nonce|sealed>", and the
// prefix "v1:<key id>" is authenticated as GCM additional data so a value
// cannot be relabelled with another key id. A Keyring is safe for
// concurrent use.
type Keyring struct {
	current   string
	aeads     map[string]cipher.AEAD
	lookupKey []byte
}

// NewKeyring returns a Keyring that encrypts with keys[current]. Every key
// must be KeySize bytes, every key id 1 to 32 characters of letters, digits,
// '-' or '_', and lookupKey at least KeySize bytes and different from every
// encryption key. The keys are copied. Errors wrap ErrInvalidKey.
func NewKeyring(current string, keys map[string][]byte, lookupKey []byte) (*Keyring, error) {
	if _, ok := keys[current]; !ok {
		return nil, fmt.Errorf("%w: current key id %q is not among the %d keys", ErrInvalidKey, current, len(keys))
	}
	if len(lookupKey) < KeySize {
		return nil, fmt.Errorf("%w: lookup key is %d bytes, want at least %d", ErrInvalidKey, len(lookupKey), KeySize)
	}
	k := &Keyring{
		current:   current,
		aeads:     make(map[string]cipher.AEAD, len(keys)),
		lookupKey: append([]byte(nil), lookupKey...),
	}
	for id, key := range keys {
		if err := validateKeyID(id); err != nil {
			return nil, err
		}
		if len(key) != KeySize {
			return nil, fmt.Errorf("%w: key %q is %d bytes, want %d", ErrInvalidKey, id, len(key), KeySize)
		}
		if subtle.ConstantTimeCompare(key, lookupKey) == 1 {
			return nil, fmt.Errorf("%w: key %q equals the lookup key, so generate a separate lookup key", ErrInvalidKey, id)
		}
		block, err := aes.NewCipher(key) // copies the key into its schedule
		if err != nil {
			return nil, fmt.Errorf("%w: key %q: %v", ErrInvalidKey, id, err)
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, fmt.Errorf("%w: key %q: %v", ErrInvalidKey, id, err)
		}
		k.aeads[id] = aead
	}
	return k, nil
}

// CurrentKeyID returns the id of the key that Encrypt uses.
func (k *Keyring) CurrentKeyID() string { return k.current }

// Encrypt seals plaintext with the current key and a random nonce.
func (k *Keyring) Encrypt(plaintext string) (string, error) {
	aead := k.aeads[k.current]
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plaintext)+aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("idcipher: read nonce: %w", err)
	}
	prefix := version + ":" + k.current
	sealed := aead.Seal(nonce, nonce, []byte(plaintext), []byte(prefix))
	return prefix + ":" + encoding.EncodeToString(sealed), nil
}

// Decrypt opens ciphertext produced by Encrypt with the key it names. It
// returns ErrMalformed for text not in the expected format, ErrUnknownKey
// when the key id is not in the keyring, and ErrDecrypt when
// authentication fails.
func (k *Keyring) Decrypt(ciphertext string) (string, error) {
	ver, rest, ok := strings.Cut(ciphertext, ":")
	if !ok || ver != version {
		return "", fmt.Errorf("%w: expected prefix %q", ErrMalformed, version+":")
	}
	id, data, ok := strings.Cut(rest, ":")
	if !ok || id == "" {
		return "", fmt.Errorf("%w: missing key id", ErrMalformed)
	}
	aead, found := k.aeads[id]
	if !found {
		return "", fmt.Errorf("%w: %q (keep retired keys in the keyring until no value uses them)", ErrUnknownKey, id)
	}
	sealed, err := encoding.DecodeString(data)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if len(sealed) < aead.NonceSize()+aead.Overhead() {
		return "", fmt.Errorf("%w: %d bytes is shorter than nonce and tag", ErrMalformed, len(sealed))
	}
	nonce, body := sealed[:aead.NonceSize()], sealed[aead.NonceSize():]
	plaintext, err := aead.Open(nil, nonce, body, []byte(version+":"+id))
	if err != nil {
		return "", fmt.Errorf("%w: key id %q", ErrDecrypt, id)
	}
	return string(plaintext), nil
}

// LookupHash returns the lowercase hex HMAC-SHA256 of plaintext under the
// lookup key.
func (k *Keyring) LookupHash(plaintext string) string {
	mac := hmac.New(sha256.New, k.lookupKey)
	mac.Write([]byte(plaintext))
	return hex.EncodeToString(mac.Sum(nil))
}

func validateKeyID(id string) error {
	if id == "" || len(id) > 32 {
		return fmt.Errorf("%w: key id %q must be 1 to 32 characters", ErrInvalidKey, id)
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return fmt.Errorf("%w: key id %q may contain only letters, digits, '-' and '_'", ErrInvalidKey, id)
		}
	}
	return nil
}
