package idcipher

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
)

func TestLoadOrCreateCreatesThenReloads(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", "keys.json")
	first, err := LoadOrCreate(path)
	if err != nil {
		t.Fatal(err)
	}
	ct, err := first.Encrypt("420102199001011234")
	if err != nil {
		t.Fatal(err)
	}

	second, err := LoadOrCreate(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := second.Decrypt(ct)
	if err != nil {
		t.Fatalf("reloaded keyring cannot decrypt: %v", err)
	}
	if got != "420102199001011234" {
		t.Errorf("Decrypt = %q, want the original value", got)
	}
	if first.LookupHash("x") != second.LookupHash("x") {
		t.Error("reloaded keyring has a different lookup key")
	}

	var f keyFile
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	if f.Current != "k1" || len(f.Keys["k1"]) != KeySize || len(f.LookupKey) != KeySize {
		t.Errorf("key file has current %q, %d-byte k1, %d-byte lookup key; want k1, %d, %d",
			f.Current, len(f.Keys["k1"]), len(f.LookupKey), KeySize, KeySize)
	}
}

func TestLoadOrCreateFileMode(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no Unix permission bits")
	}
	dir := filepath.Join(t.TempDir(), "data")
	path := filepath.Join(dir, "keys.json")
	if _, err := LoadOrCreate(path); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("key file mode = %#o, want 0600", perm)
	}
	dirInfo, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if perm := dirInfo.Mode().Perm(); perm != 0o700 {
		t.Errorf("key directory mode = %#o, want 0700", perm)
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".idcipher-keys-*"))
	if len(leftovers) != 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
}

func TestLoadOrCreateRejectsOpenMode(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no Unix permission bits")
	}
	path := filepath.Join(t.TempDir(), "keys.json")
	if _, err := LoadOrCreate(path); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadOrCreate(path); !errors.Is(err, ErrInsecureKeyFile) {
		t.Errorf("LoadOrCreate error = %v, want ErrInsecureKeyFile", err)
	}
}

func TestLoadOrCreateInvalidFile(t *testing.T) {
	dir := t.TempDir()
	tests := map[string]string{
		"not json":      "{",
		"missing keys":  `{"current":"k1","lookup_key":"` + encodeStd(testKey(0xAA)) + `"}`,
		"short lookup":  `{"current":"k1","keys":{"k1":"` + encodeStd(testKey(1)) + `"},"lookup_key":"AAAA"}`,
		"wrong current": `{"current":"k9","keys":{"k1":"` + encodeStd(testKey(1)) + `"},"lookup_key":"` + encodeStd(testKey(0xAA)) + `"}`,
	}
	for name, content := range tests {
		path := filepath.Join(dir, name+".json")
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := LoadOrCreate(path); err == nil {
			t.Errorf("%s: LoadOrCreate succeeded, want an error", name)
		}
	}
}

func TestLoadOrCreateConcurrentStarts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys.json")
	const starts = 8
	hashes := make([]string, starts)
	var wg sync.WaitGroup
	for i := range starts {
		wg.Go(func() {
			k, err := LoadOrCreate(path)
			if err != nil {
				t.Error(err)
				return
			}
			hashes[i] = k.LookupHash("x")
		})
	}
	wg.Wait()
	for i, h := range hashes {
		if h != hashes[0] {
			t.Errorf("start %d loaded different keys than start 0", i)
		}
	}
}

func encodeStd(b []byte) string {
	data, _ := json.Marshal(b)
	return string(data[1 : len(data)-1])
}
