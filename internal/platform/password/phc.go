package password

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

var b64 = base64.RawStdEncoding

func encode(p Params, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

// decode parses a PHC string into its parameters, salt and key. SaltLen and
// KeyLen of the returned Params are the decoded lengths.
func decode(encoded string) (Params, []byte, []byte, error) {
	fields := strings.Split(encoded, "$")
	if len(fields) != 6 || fields[0] != "" {
		return Params{}, nil, nil, fmt.Errorf("%w: expected 5 fields separated by '$'", ErrMalformed)
	}
	if fields[1] != "argon2id" {
		return Params{}, nil, nil, fmt.Errorf("%w: algorithm %q is not argon2id", ErrMalformed, fields[1])
	}
	if fields[2] != "v="+strconv.Itoa(argon2.Version) {
		return Params{}, nil, nil, fmt.Errorf("%w: unsupported version %q", ErrMalformed, fields[2])
	}
	p, err := decodeParams(fields[3])
	if err != nil {
		return Params{}, nil, nil, err
	}
	salt, err := b64.Strict().DecodeString(fields[4])
	if err != nil {
		return Params{}, nil, nil, fmt.Errorf("%w: salt: %v", ErrMalformed, err)
	}
	key, err := b64.Strict().DecodeString(fields[5])
	if err != nil {
		return Params{}, nil, nil, fmt.Errorf("%w: key: %v", ErrMalformed, err)
	}
	p.SaltLen = uint32(len(salt))
	p.KeyLen = uint32(len(key))
	if err := p.validate(); err != nil {
		return Params{}, nil, nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	return p, salt, key, nil
}

// decodeParams parses "m=<KiB>,t=<passes>,p=<threads>" in that order.
func decodeParams(s string) (Params, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 3 {
		return Params{}, fmt.Errorf("%w: parameters %q: expected m, t and p", ErrMalformed, s)
	}
	var values [3]uint64
	for i, name := range []string{"m", "t", "p"} {
		digits, found := strings.CutPrefix(parts[i], name+"=")
		if !found {
			return Params{}, fmt.Errorf("%w: parameters %q: expected %s= at position %d", ErrMalformed, s, name, i+1)
		}
		bits := 32
		if name == "p" {
			bits = 8
		}
		v, err := strconv.ParseUint(digits, 10, bits)
		if err != nil {
			return Params{}, fmt.Errorf("%w: parameter %s: %v", ErrMalformed, name, err)
		}
		values[i] = v
	}
	return Params{Memory: uint32(values[0]), Time: uint32(values[1]), Threads: uint8(values[2])}, nil
}
