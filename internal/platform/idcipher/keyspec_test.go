package idcipher

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

func TestParseKeys(t *testing.T) {
	k1 := base64.StdEncoding.EncodeToString(testKey(1))
	k2 := base64.RawStdEncoding.EncodeToString(testKey(2))
	keys, err := ParseKeys("k1:" + k1 + ", k2:" + k2 + " ")
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 2 {
		t.Fatalf("ParseKeys returned %d keys, want 2", len(keys))
	}
	if !bytes.Equal(keys["k1"], testKey(1)) {
		t.Errorf("key k1 = %x, want %x", keys["k1"], testKey(1))
	}
	if !bytes.Equal(keys["k2"], testKey(2)) {
		t.Errorf("key k2 = %x, want %x", keys["k2"], testKey(2))
	}
}

func TestParseKeysInvalid(t *testing.T) {
	valid := base64.StdEncoding.EncodeToString(testKey(1))
	short := base64.StdEncoding.EncodeToString(testKey(1)[:16])
	tests := map[string]string{
		"empty":        "",
		"no id":        valid,
		"empty id":     ":" + valid,
		"bad id":       "k 1:" + valid,
		"duplicate id": "k1:" + valid + ",k1:" + valid,
		"short key":    "k1:" + short,
		"not base64":   "k1:@@@@",
		"empty entry":  "k1:" + valid + ",",
	}
	for name, spec := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := ParseKeys(spec)
			if !errors.Is(err, ErrInvalidKey) {
				t.Fatalf("ParseKeys error = %v, want ErrInvalidKey", err)
			}
			if strings.Contains(err.Error(), valid) {
				t.Errorf("error %q contains key material", err)
			}
		})
	}
}

func TestDecodeKey(t *testing.T) {
	key, err := DecodeKey(base64.StdEncoding.EncodeToString(testKey(7)))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(key, testKey(7)) {
		t.Errorf("DecodeKey = %x, want %x", key, testKey(7))
	}
	if _, err := DecodeKey("c2hvcnQ="); !errors.Is(err, ErrInvalidKey) {
		t.Errorf("DecodeKey(short) error = %v, want ErrInvalidKey", err)
	}
}
