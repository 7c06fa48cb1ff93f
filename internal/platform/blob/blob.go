// Package blob stores uploaded files by key. Dir keeps them in a local
// directory for the embedded default; an object store can implement Store
// for deployments with several replicas.
package blob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
)

// ErrNotFound is returned by Open for a key with no file.
var ErrNotFound = errors.New("blob: not found")

// Store keeps files by key. Implementations are safe for concurrent use.
type Store interface {
	Put(ctx context.Context, key string, data []byte) error
	Open(ctx context.Context, key string) (io.ReadCloser, error)
}

// Dir stores each file as one file in a directory.
type Dir struct {
	Path string
}

var validKey = regexp.MustCompile(`^[A-Za-z0-9-]{1,64}$`)

func (d Dir) path(key string) (string, error) {
	if !validKey.MatchString(key) {
		return "", fmt.Errorf("blob: invalid key %q", key)
	}
	return filepath.Join(d.Path, key), nil
}

// Put writes the file atomically: to a temporary file, then renamed.
func (d Dir) Put(_ context.Context, key string, data []byte) error {
	p, err := d.path(key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(d.Path, 0o700); err != nil {
		return fmt.Errorf("blob: create directory: %w", err)
	}
	f, err := os.CreateTemp(d.Path, ".upload-*")
	if err != nil {
		return fmt.Errorf("blob: create file: %w", err)
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), p)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("blob: write %s: %w", key, err)
	}
	return nil
}

// Open returns the file's contents, or ErrNotFound.
func (d Dir) Open(_ context.Context, key string) (io.ReadCloser, error) {
	p, err := d.path(key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrNotFound
	}
	return f, err
}
