package password

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// fastParams keep the tests quick. They are valid but far below DefaultParams.
var fastParams = Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func TestHashVerifyRoundTrip(t *testing.T) {
	h := Hasher{Params: fastParams}
	for _, pw := range []string{"correct horse 1", "", "密码Abc123!", strings.Repeat("x", 200)} {
		encoded, err := h.Hash(pw)
		if err != nil {
			t.Fatalf("Hash(%q): %v", pw, err)
		}
		ok, rehash, err := h.Verify(pw, encoded)
		if err != nil {
			t.Fatalf("Verify(%q): %v", pw, err)
		}
		if !ok {
			t.Errorf("Verify(%q) = false, want true", pw)
		}
		if rehash {
			t.Errorf("Verify(%q) needsRehash = true with unchanged params", pw)
		}
	}
}

func TestHashFormat(t *testing.T) {
	encoded, err := Hasher{}.Hash("s3cret-pass")
	if err != nil {
		t.Fatal(err)
	}
	const prefix = "$argon2id$v=19$m=19456,t=2,p=1$"
	if !strings.HasPrefix(encoded, prefix) {
		t.Fatalf("Hash = %q, want prefix %q", encoded, prefix)
	}
	fields := strings.Split(encoded, "$")
	// 16 bytes and 32 bytes in unpadded base64.
	if len(fields[4]) != 22 {
		t.Errorf("salt field %q has length %d, want 22", fields[4], len(fields[4]))
	}
	if len(fields[5]) != 43 {
		t.Errorf("key field %q has length %d, want 43", fields[5], len(fields[5]))
	}
}

func TestHashUsesFreshSalt(t *testing.T) {
	h := Hasher{Params: fastParams}
	a, _ := h.Hash("same password")
	b, _ := h.Hash("same password")
	if a == b {
		t.Errorf("two hashes of the same password are identical: %q", a)
	}
}

func TestDefaultParamsRoundTrip(t *testing.T) {
	var h Hasher // zero value uses DefaultParams
	encoded, err := h.Hash("Tr0ub4dor&3")
	if err != nil {
		t.Fatal(err)
	}
	ok, rehash, err := Hasher{Params: DefaultParams}.Verify("Tr0ub4dor&3", encoded)
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		t.Error("Verify = false, want true")
	}
	if rehash {
		t.Error("needsRehash = true, want false")
	}
}

func TestVerifyWrongPassword(t *testing.T) {
	h := Hasher{Params: fastParams}
	encoded, err := h.Hash("right password")
	if err != nil {
		t.Fatal(err)
	}
	for _, pw := range []string{"wrong password", "right passwor", "right password ", ""} {
		ok, rehash, err := h.Verify(pw, encoded)
		if err != nil {
			t.Fatalf("Verify(%q): %v", pw, err)
		}
		if ok {
			t.Errorf("Verify(%q) = true, want false", pw)
		}
		if rehash {
			t.Errorf("Verify(%q) needsRehash = true for a wrong password", pw)
		}
	}
}

// TestVerifyKnownVector checks interoperability with other Argon2id
// implementations. The key is the known-answer value for password
// "password", salt "somesalt", t=2, m=64 KiB, p=1 and a 24-byte tag, as
// produced by the reference implementation's CLI (phc-winner-argon2).
func TestVerifyKnownVector(t *testing.T) {
	const encoded = "$argon2id$v=19$m=64,t=2,p=1$c29tZXNhbHQ$Bo1ismRVk2qm6+YAYLCmWHDb+j3fjUH3"
	ok, _, err := Hasher{}.Verify("password", encoded)
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		t.Error("Verify(known-answer vector) = false, want true")
	}
}

func TestVerifyMalformed(t *testing.T) {
	valid, err := Hasher{Params: fastParams}.Hash("pw")
	if err != nil {
		t.Fatal(err)
	}
	fields := strings.Split(valid, "$")
	salt, key := fields[4], fields[5]
	tests := []struct {
		name    string
		encoded string
	}{
		{"empty", ""},
		{"bcrypt", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"},
		{"argon2i", "$argon2i$v=19$m=64,t=1,p=1$" + salt + "$" + key},
		{"version 16", "$argon2id$v=16$m=64,t=1,p=1$" + salt + "$" + key},
		{"missing version", "$argon2id$m=64,t=1,p=1$" + salt + "$" + key},
		{"params out of order", "$argon2id$v=19$t=1,m=64,p=1$" + salt + "$" + key},
		{"params missing", "$argon2id$v=19$m=64,t=1$" + salt + "$" + key},
		{"param not a number", "$argon2id$v=19$m=64,t=x,p=1$" + salt + "$" + key},
		{"threads overflow", "$argon2id$v=19$m=64,t=1,p=256$" + salt + "$" + key},
		{"zero time", "$argon2id$v=19$m=64,t=0,p=1$" + salt + "$" + key},
		{"zero threads", "$argon2id$v=19$m=64,t=1,p=0$" + salt + "$" + key},
		{"huge memory", "$argon2id$v=19$m=4294967295,t=1,p=1$" + salt + "$" + key},
		{"salt not base64", "$argon2id$v=19$m=64,t=1,p=1$!!!!$" + key},
		{"padded salt", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "==$" + key},
		{"short salt", "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$" + key},
		{"empty key", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$"},
		{"extra field", valid + "$x"},
		{"no leading dollar", strings.TrimPrefix(valid, "$")},
	}
	h := Hasher{Params: fastParams}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, _, err := h.Verify("pw", tt.encoded)
			if !errors.Is(err, ErrMalformed) {
				t.Errorf("Verify error = %v, want ErrMalformed", err)
			}
			if ok {
				t.Error("Verify = true for a malformed hash")
			}
		})
	}
}

func TestVerifyNeedsRehash(t *testing.T) {
	old := Hasher{Params: fastParams}
	encoded, err := old.Hash("pw")
	if err != nil {
		t.Fatal(err)
	}
	changes := map[string]func(*Params){
		"memory":  func(p *Params) { p.Memory *= 2 },
		"time":    func(p *Params) { p.Time++ },
		"threads": func(p *Params) { p.Threads++ },
		"salt":    func(p *Params) { p.SaltLen++ },
		"key":     func(p *Params) { p.KeyLen++ },
	}
	for name, change := range changes {
		t.Run(name, func(t *testing.T) {
			p := fastParams
			change(&p)
			ok, rehash, err := Hasher{Params: p}.Verify("pw", encoded)
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				t.Error("Verify = false, want true because the stored params decide the derivation")
			}
			if !rehash {
				t.Error("needsRehash = false, want true")
			}
		})
	}
}

func TestHashInvalidParams(t *testing.T) {
	tests := map[string]Params{
		"zero time":    {Memory: 64, Time: 0, Threads: 1, SaltLen: 16, KeyLen: 32},
		"zero threads": {Memory: 64, Time: 1, Threads: 0, SaltLen: 16, KeyLen: 32},
		"short salt":   {Memory: 64, Time: 1, Threads: 1, SaltLen: 4, KeyLen: 32},
		"short key":    {Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 2},
		"tiny memory":  {Memory: 8, Time: 1, Threads: 2, SaltLen: 16, KeyLen: 32},
	}
	for name, p := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := Hasher{Params: p}.Hash("pw")
			if !errors.Is(err, ErrInvalidParams) {
				t.Errorf("Hash error = %v, want ErrInvalidParams", err)
			}
		})
	}
}

// TestVerifyDummyTiming checks that VerifyDummy does the same derivation
// work as Verify. The bound is loose because timing on shared machines is
// noisy, but it still catches a dummy that skips the derivation.
func TestVerifyDummyTiming(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test")
	}
	h := Hasher{Params: Params{Memory: 8 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}}
	encoded, err := h.Hash("pw")
	if err != nil {
		t.Fatal(err)
	}
	const rounds = 5
	verifyTime := minDuration(rounds, func() { h.Verify("wrong", encoded) })
	dummyTime := minDuration(rounds, func() { h.VerifyDummy("wrong") })
	if dummyTime < verifyTime/2 || dummyTime > verifyTime*2 {
		t.Errorf("VerifyDummy took %v, Verify took %v; want within a factor of 2", dummyTime, verifyTime)
	}
}

func minDuration(rounds int, f func()) time.Duration {
	best := time.Duration(1<<63 - 1)
	for range rounds {
		start := time.Now()
		f()
		best = min(best, time.Since(start))
	}
	return best
}

func BenchmarkHash(b *testing.B) {
	h := Hasher{Params: DefaultParams}
	for b.Loop() {
		if _, err := h.Hash("benchmark password 1"); err != nil {
			b.Fatal(err)
		}
	}
}
