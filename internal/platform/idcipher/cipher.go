// Package idcipher encrypts personal identifiers at rest, such as resident
// ID numbers and legal representatives' phone numbers, and derives keyed
// lookup hashes so equal values can be found without decrypting.
//
// Keyring implements Cipher with AES-256-GCM. Each ciphertext names the key
// that sealed it, so keys can be rotated while old rows stay readable.
package idcipher

import "errors"

// Cipher encrypts, decrypts and hashes identifiers. Callers depend on this
// interface so another algorithm (for example SM4) can replace AES later.
type Cipher interface {
	// Encrypt seals plaintext with the current key and returns printable
	// ciphertext that names the key.
	Encrypt(plaintext string) (string, error)
	// Decrypt opens ciphertext produced by Encrypt with any key that is
	// still in the keyring.
	Decrypt(ciphertext string) (string, error)
	// LookupHash returns a deterministic keyed hash of plaintext for
	// equality lookups. Callers normalize plaintext first (for example
	// upper-case the ID number check digit), because different spellings
	// hash differently.
	LookupHash(plaintext string) string
}

var (
	// ErrInvalidKey reports a key, key id or key specification that cannot
	// be used.
	ErrInvalidKey = errors.New("idcipher: invalid key")
	// ErrMalformed reports ciphertext that is not in the "v1:<key id>:<data>"
	// format.
	ErrMalformed = errors.New("idcipher: malformed ciphertext")
	// ErrUnknownKey reports ciphertext sealed with a key id that the
	// keyring does not contain.
	ErrUnknownKey = errors.New("idcipher: unknown key id")
	// ErrDecrypt reports ciphertext that failed authentication because it
	// was modified, truncated or sealed with a different key.
	ErrDecrypt = errors.New("idcipher: decryption failed")
	// ErrInsecureKeyFile reports a key file that users other than its owner
	// can read or write.
	ErrInsecureKeyFile = errors.New("idcipher: key file permissions too open")
)
