package idcipher

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// keyFile is the JSON layout of a development key file. Byte slices are
// standard base64. To rotate by hand, add a key and point Current at it.
type keyFile struct {
	Current   string            `json:"current"`
	Keys      map[string][]byte `json:"keys"`
	LookupKey []byte            `json:"lookup_key"`
}

// firstKeyID names the key that LoadOrCreate generates.
const firstKeyID = "k1"

// LoadOrCreate returns the Keyring stored in the JSON key file at path. If
// the file does not exist, it generates one encryption key and one lookup
// key with crypto/rand and writes them there with mode 0600, creating the
// parent directory with mode 0700 when needed. It is meant for development.
// Production passes keys through ParseKeys and NewKeyring instead.
//
// On systems other than Windows, an existing file that group or others can
// access is rejected with ErrInsecureKeyFile.
func LoadOrCreate(path string) (*Keyring, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return create(path)
	}
	if err != nil {
		return nil, fmt.Errorf("idcipher: read key file: %w", err)
	}
	if err := checkPermissions(path); err != nil {
		return nil, err
	}
	return parseKeyFile(path, data)
}

func parseKeyFile(path string, data []byte) (*Keyring, error) {
	var f keyFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("idcipher: parse key file %s: %w", path, err)
	}
	k, err := NewKeyring(f.Current, f.Keys, f.LookupKey)
	if err != nil {
		return nil, fmt.Errorf("idcipher: key file %s: %w", path, err)
	}
	return k, nil
}

// create writes a fresh key file through a temporary file and a hard link,
// so a concurrent start either wins the race or reads the complete file
// that the other process linked in.
func create(path string) (*Keyring, error) {
	f := keyFile{
		Current:   firstKeyID,
		Keys:      map[string][]byte{firstKeyID: randomKey()},
		LookupKey: randomKey(),
	}
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("idcipher: encode key file: %w", err)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("idcipher: create key directory: %w", err)
	}
	tmp, err := writeTemp(dir, data)
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp)

	err = os.Link(tmp, path)
	if errors.Is(err, fs.ErrExist) {
		return LoadOrCreate(path)
	}
	if err != nil {
		return nil, fmt.Errorf("idcipher: install key file: %w", err)
	}
	return parseKeyFile(path, data)
}

// writeTemp writes data to a new file in dir, which os.CreateTemp opens
// with mode 0600, and returns its name.
func writeTemp(dir string, data []byte) (string, error) {
	tmp, err := os.CreateTemp(dir, ".idcipher-keys-*.tmp")
	if err != nil {
		return "", fmt.Errorf("idcipher: create key file: %w", err)
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if closeErr := tmp.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("idcipher: write key file: %w", err)
	}
	return tmp.Name(), nil
}

func checkPermissions(path string) error {
	if runtime.GOOS == "windows" {
		return nil // Windows reports synthetic permission bits.
	}
	info, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("idcipher: stat key file: %w", err)
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		return fmt.Errorf("%w: %s has mode %#o, so run chmod 600 on it", ErrInsecureKeyFile, path, perm)
	}
	return nil
}

// randomKey returns KeySize bytes from crypto/rand. Since Go 1.24 its Read
// never returns an error and crashes the program instead.
func randomKey() []byte {
	key := make([]byte, KeySize)
	rand.Read(key)
	return key
}
