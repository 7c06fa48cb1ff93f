package idcipher

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

func testKey(b byte) []byte { return bytes.Repeat([]byte{b}, KeySize) }

func newTestKeyring(t *testing.T, current string, ids ...string) *Keyring {
	t.Helper()
	keys := make(map[string][]byte)
	for i, id := range ids {
		keys[id] = testKey(byte(i + 1))
	}
	k, err := NewKeyring(current, keys, testKey(0xAA))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestEncryptDecryptRoundTrip(t *testing.T) {
	k := newTestKeyring(t, "k1", "k1")
	for _, plaintext := range []string{"420102199001011234", "13812345678", "", "张三 X"} {
		ct, err := k.Encrypt(plaintext)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(ct, "v1:k1:") {
			t.Errorf("Encrypt(%q) = %q, want prefix v1:k1:", plaintext, ct)
		}
		if plaintext != "" && strings.Contains(ct, plaintext) {
			t.Errorf("ciphertext %q contains the plaintext", ct)
		}
		got, err := k.Decrypt(ct)
		if err != nil {
			t.Fatalf("Decrypt(%q): %v", ct, err)
		}
		if got != plaintext {
			t.Errorf("Decrypt = %q, want %q", got, plaintext)
		}
	}
}

func TestEncryptUsesFreshNonce(t *testing.T) {
	k := newTestKeyring(t, "k1", "k1")
	a, _ := k.Encrypt("420102199001011234")
	b, _ := k.Encrypt("420102199001011234")
	if a == b {
		t.Errorf("two encryptions of the same value are identical: %q", a)
	}
}

func TestDecryptDetectsTampering(t *testing.T) {
	k := newTestKeyring(t, "k1", "k1", "k2")
	ct, err := k.Encrypt("420102199001011234")
	if err != nil {
		t.Fatal(err)
	}
	id, data, _ := strings.Cut(strings.TrimPrefix(ct, "v1:"), ":")
	raw, err := base64.RawURLEncoding.DecodeString(data)
	if err != nil {
		t.Fatal(err)
	}
	for i := range raw {
		flipped := bytes.Clone(raw)
		flipped[i] ^= 0x01
		tampered := "v1:" + id + ":" + base64.RawURLEncoding.EncodeToString(flipped)
		if _, err := k.Decrypt(tampered); !errors.Is(err, ErrDecrypt) {
			t.Fatalf("Decrypt with byte %d flipped: error = %v, want ErrDecrypt", i, err)
		}
	}
}

// TestDecryptBindsKeyID relabels ciphertext with another key id that maps
// to the same key bytes, so only the additional data can reject it.
func TestDecryptBindsKeyID(t *testing.T) {
	k, err := NewKeyring("k1", map[string][]byte{"k1": testKey(1), "k2": testKey(1)}, testKey(0xAA))
	if err != nil {
		t.Fatal(err)
	}
	ct, err := k.Encrypt("420102199001011234")
	if err != nil {
		t.Fatal(err)
	}
	relabelled := "v1:k2:" + strings.TrimPrefix(ct, "v1:k1:")
	if _, err := k.Decrypt(relabelled); !errors.Is(err, ErrDecrypt) {
		t.Errorf("Decrypt with key id changed to k2: error = %v, want ErrDecrypt", err)
	}
}

func TestDecryptAfterRotation(t *testing.T) {
	old := newTestKeyring(t, "k1", "k1")
	ct, err := old.Encrypt("13812345678")
	if err != nil {
		t.Fatal(err)
	}

	rotated := newTestKeyring(t, "k2", "k1", "k2")
	got, err := rotated.Decrypt(ct)
	if err != nil {
		t.Fatalf("Decrypt old ciphertext: %v", err)
	}
	if got != "13812345678" {
		t.Errorf("Decrypt = %q, want %q", got, "13812345678")
	}
	fresh, err := rotated.Encrypt("13812345678")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(fresh, "v1:k2:") {
		t.Errorf("Encrypt after rotation = %q, want prefix v1:k2:", fresh)
	}
	if rotated.CurrentKeyID() != "k2" {
		t.Errorf("CurrentKeyID = %q, want k2", rotated.CurrentKeyID())
	}
}

func TestDecryptUnknownKey(t *testing.T) {
	rotated := newTestKeyring(t, "k2", "k1", "k2")
	ct, err := rotated.Encrypt("x")
	if err != nil {
		t.Fatal(err)
	}
	retired := newTestKeyring(t, "k1", "k1")
	if _, err := retired.Decrypt(ct); !errors.Is(err, ErrUnknownKey) {
		t.Errorf("Decrypt error = %v, want ErrUnknownKey", err)
	}
}

func TestDecryptMalformed(t *testing.T) {
	k := newTestKeyring(t, "k1", "k1")
	valid, _ := k.Encrypt("x")
	data := valid[len("v1:k1:"):]
	tests := map[string]string{
		"empty":          "",
		"plaintext":      "420102199001011234",
		"other version":  "v2:k1:" + data,
		"missing key id": "v1::" + data,
		"missing data":   "v1:k1",
		"bad base64":     "v1:k1:***",
		"padded base64":  "v1:k1:" + data + "==",
		"too short":      "v1:k1:AAAA",
	}
	for name, ct := range tests {
		if _, err := k.Decrypt(ct); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: Decrypt(%q) error = %v, want ErrMalformed", name, ct, err)
		}
	}
}

func TestLookupHash(t *testing.T) {
	k := newTestKeyring(t, "k1", "k1")
	h := k.LookupHash("420102199001011234")
	// Computed independently with OpenSSL 3.0:
	//   printf %s 420102199001011234 |
	//   openssl dgst -sha256 -mac HMAC -macopt hexkey:<"aa" repeated 32 times>
	const want = "caecc48116c6ad21ce57abcde05922cbe3e4ae39b6655312bf179b8a9618f8ce"
	if h != want {
		t.Errorf("LookupHash = %s, want %s", h, want)
	}
	if k.LookupHash("420102199001011234") != h {
		t.Error("LookupHash is not deterministic")
	}
	if k.LookupHash("42010219900101123X") == h {
		t.Error("LookupHash collides for different values")
	}

	other, err := NewKeyring("k1", map[string][]byte{"k1": testKey(1)}, testKey(0xBB))
	if err != nil {
		t.Fatal(err)
	}
	if other.LookupHash("420102199001011234") == h {
		t.Error("LookupHash does not depend on the lookup key")
	}
}

func TestNewKeyringRejectsInvalidKeys(t *testing.T) {
	lookup := testKey(0xAA)
	tests := []struct {
		name    string
		current string
		keys    map[string][]byte
		lookup  []byte
	}{
		{"current missing", "k2", map[string][]byte{"k1": testKey(1)}, lookup},
		{"no keys", "k1", nil, lookup},
		{"short key", "k1", map[string][]byte{"k1": testKey(1)[:16]}, lookup},
		{"long key", "k1", map[string][]byte{"k1": append(testKey(1), 0)}, lookup},
		{"short lookup key", "k1", map[string][]byte{"k1": testKey(1)}, lookup[:31]},
		{"lookup key reused", "k1", map[string][]byte{"k1": testKey(0xAA)}, lookup},
		{"colon in key id", "a:b", map[string][]byte{"a:b": testKey(1)}, lookup},
		{"empty key id", "", map[string][]byte{"": testKey(1)}, lookup},
		{"long key id", strings.Repeat("k", 33), map[string][]byte{strings.Repeat("k", 33): testKey(1)}, lookup},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewKeyring(tt.current, tt.keys, tt.lookup)
			if !errors.Is(err, ErrInvalidKey) {
				t.Errorf("NewKeyring error = %v, want ErrInvalidKey", err)
			}
		})
	}
}

func TestNewKeyringCopiesKeys(t *testing.T) {
	key, lookup := testKey(1), testKey(0xAA)
	k, err := NewKeyring("k1", map[string][]byte{"k1": key}, lookup)
	if err != nil {
		t.Fatal(err)
	}
	ct, _ := k.Encrypt("x")
	hash := k.LookupHash("x")
	clear(key)
	clear(lookup)
	if _, err := k.Decrypt(ct); err != nil {
		t.Errorf("Decrypt after caller cleared its key slice: %v", err)
	}
	if k.LookupHash("x") != hash {
		t.Error("LookupHash changed after caller cleared its lookup key slice")
	}
}
