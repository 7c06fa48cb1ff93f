package store_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"wct/internal/store"
	"wct/internal/store/storetest"
)

func TestMigrateTwice(t *testing.T) {
	files, err := filepath.Glob("migrations/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no migration files found: %v", err)
	}
	for _, b := range storetest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			t.Parallel()
			s := storetest.OpenEmpty(t, b)
			files, err := filepath.Glob("migrations/*.sql")
			if err != nil || len(files) == 0 {
				t.Fatalf("no migration files found: %v", err)
			}
			n, err := s.Migrate(t.Context())
			if err != nil {
				t.Fatalf("first Migrate: %v", err)
			}
			if n != len(files) {
				t.Errorf("first Migrate applied %d migrations, want all %d", n, len(files))
			}
			n, err = s.Migrate(t.Context())
			if err != nil {
				t.Fatalf("second Migrate: %v", err)
			}
			if n != 0 {
				t.Errorf("second Migrate applied %d migrations, want 0", n)
			}
			if err := s.Ping(t.Context()); err != nil {
				t.Errorf("Ping after migrating: %v", err)
			}
		})
	}
}

func TestDialect(t *testing.T) {
	want := map[storetest.Backend]string{storetest.SQLite: "sqlite3", storetest.PostgreSQL: "postgres"}
	for _, b := range storetest.Backends() {
		t.Run(string(b), func(t *testing.T) {
			t.Parallel()
			s := storetest.OpenEmpty(t, b)
			if got := s.Dialect(); got != want[b] {
				t.Errorf("Dialect() = %q, want %q", got, want[b])
			}
		})
	}
}

func TestTechFieldsSeeded(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		fields, err := s.TechFields(t.Context())
		if err != nil {
			t.Fatalf("TechFields: %v", err)
		}
		want := []string{"生物医药", "新材料", "节能环保", "汽车", "数字创意",
			"装备制造", "新能源", "新一代信息技术", "现代农业", "其他"}
		if !slices.Equal(fields, want) {
			t.Errorf("TechFields() = %q, want %q in display order", fields, want)
		}
	})
}

func TestNewIDOrdered(t *testing.T) {
	ids := make([]string, 100)
	for i := range ids {
		ids[i] = store.NewID()
	}
	if !slices.IsSorted(ids) {
		t.Error("NewID values are not in creation order")
	}
	if len(slices.Compact(slices.Clone(ids))) != len(ids) {
		t.Error("NewID returned a duplicate")
	}
}

func TestOpenSQLiteDirWithURICharacters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data#1?x=%41")
	s, err := store.Open(t.Context(), "", dir)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()
	if _, err := s.Migrate(t.Context()); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "wct.db")); err != nil {
		t.Errorf("database is not inside the data directory: %v", err)
	}
}
