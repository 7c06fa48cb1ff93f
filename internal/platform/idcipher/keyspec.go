package idcipher

import (
	"encoding/base64"
	"fmt"
	"strings"
)

// ParseKeys parses a key list as given in an environment variable:
// comma-separated "<key id>:<base64 key>" entries, such as
// "k1:<base64>,k2:<base64>". Keys use standard base64 with or without
// padding and must decode to KeySize bytes. Blanks around entries are
// ignored. Errors wrap ErrInvalidKey and never contain key material.
func ParseKeys(spec string) (map[string][]byte, error) {
	keys := make(map[string][]byte)
	for i, entry := range strings.Split(spec, ",") {
		entry = strings.TrimSpace(entry)
		id, encoded, ok := strings.Cut(entry, ":")
		if !ok {
			return nil, fmt.Errorf("%w: entry %d: expected <key id>:<base64 key>", ErrInvalidKey, i+1)
		}
		if err := validateKeyID(id); err != nil {
			return nil, fmt.Errorf("entry %d: %w", i+1, err)
		}
		if _, dup := keys[id]; dup {
			return nil, fmt.Errorf("%w: key id %q appears twice", ErrInvalidKey, id)
		}
		key, err := DecodeKey(encoded)
		if err != nil {
			return nil, fmt.Errorf("key %q: %w", id, err)
		}
		keys[id] = key
	}
	return keys, nil
}

// DecodeKey decodes one standard base64 key, with or without padding, and
// checks that it is KeySize bytes. Use it for the lookup key. Errors wrap
// ErrInvalidKey and never contain key material.
func DecodeKey(encoded string) ([]byte, error) {
	key, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(strings.TrimSpace(encoded), "="))
	if err != nil {
		return nil, fmt.Errorf("%w: not valid base64", ErrInvalidKey)
	}
	if len(key) != KeySize {
		return nil, fmt.Errorf("%w: decodes to %d bytes, want %d", ErrInvalidKey, len(key), KeySize)
	}
	return key, nil
}
