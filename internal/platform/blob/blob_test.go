package blob

import (
	"context"
	"errors"
	"io"
	"testing"
)

func TestDirRoundTrip(t *testing.T) {
	d := Dir{Path: t.TempDir()}
	ctx := context.Background()
	if err := d.Put(ctx, "abc-1", []byte("image bytes")); err != nil {
		t.Fatal(err)
	}
	r, err := d.Open(ctx, "abc-1")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got, _ := io.ReadAll(r)
	if string(got) != "image bytes" {
		t.Errorf("read %q", got)
	}
}

func TestDirRejectsPathKeys(t *testing.T) {
	d := Dir{Path: t.TempDir()}
	for _, key := range []string{"../x", "a/b", "", "a.b"} {
		if err := d.Put(context.Background(), key, nil); err == nil {
			t.Errorf("Put(%q) succeeded", key)
		}
	}
}

func TestDirOpenMissing(t *testing.T) {
	_, err := Dir{Path: t.TempDir()}.Open(context.Background(), "nope")
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("err = %v, want ErrNotFound", err)
	}
}
