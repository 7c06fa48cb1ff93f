// Package storetest opens fresh store databases for tests, on SQLite and,
// when a server is configured, on PostgreSQL, so that one test can run
// against both.
//
// PostgreSQL tests need the environment variable WCT_TEST_DATABASE_URL, a
// postgres:// URL of a server where the user may create databases, for
// example postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable.
// Each test gets its own database with a random name, dropped at cleanup.
// Without the variable the PostgreSQL tests are skipped, unless
// WCT_REQUIRE_POSTGRES=1 is set, which makes them fail instead.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"wct/internal/store"
)

// The environment variables that configure the PostgreSQL tests.
const (
	EnvDatabaseURL     = "WCT_TEST_DATABASE_URL"
	EnvRequirePostgres = "WCT_REQUIRE_POSTGRES"
)

// Backend is a database kind that store supports.
type Backend string

// The backends, named as the subtests that Run starts.
const (
	SQLite     Backend = "sqlite"
	PostgreSQL Backend = "postgres"
)

// Backends returns every backend, SQLite first.
func Backends() []Backend { return []Backend{SQLite, PostgreSQL} }

// cleanupTimeout bounds dropping a test database. Cleanup cannot use the
// test's context, because the testing package cancels it before cleanup.
const cleanupTimeout = 30 * time.Second

// Run runs fn as one parallel subtest per backend, each with a migrated
// store on a fresh database.
func Run(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	for _, b := range Backends() {
		t.Run(string(b), func(t *testing.T) {
			t.Parallel()
			fn(t, Open(t, b))
		})
	}
}

// Open returns a migrated store on a fresh database of the backend. The
// store is closed and the database removed when the test ends.
func Open(t testing.TB, b Backend) *store.Store {
	t.Helper()
	s := OpenEmpty(t, b)
	if _, err := s.Migrate(t.Context()); err != nil {
		t.Fatalf("migrate fresh %s database: %v", b, err)
	}
	return s
}

// OpenEmpty returns a store on a fresh database of the backend without
// applying the migrations. For PostgreSQL it skips or fails the test, as
// the package documentation describes, when no server is configured.
func OpenEmpty(t testing.TB, b Backend) *store.Store {
	t.Helper()
	var databaseURL, dataDir string
	switch b {
	case SQLite:
		dataDir = sqliteDir(t)
	case PostgreSQL:
		databaseURL = createPostgresDatabase(t)
	default:
		t.Fatalf("unknown backend %q", b)
	}
	s, err := store.Open(t.Context(), databaseURL, dataDir)
	if err != nil {
		t.Fatalf("open %s store: %v", b, err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close %s store: %v", b, err)
		}
	})
	return s
}

// sqliteDir returns a new empty directory that is removed when the test
// ends.
//
// NOTE: t.TempDir is not used because its names can contain '#' and '%',
// which store.Open does not escape in the SQLite file URI, so the database
// would be opened under a shorter, shared path.
func sqliteDir(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp(os.Getenv("GOTMPDIR"), "wct-store-test-")
	if err != nil {
		t.Fatalf("create SQLite data directory: %v", err)
	}
	t.Cleanup(func() {
		if err := os.RemoveAll(dir); err != nil {
			t.Errorf("remove SQLite data directory: %v", err)
		}
	})
	return dir
}

// createPostgresDatabase creates a database with a random name on the
// configured server, registers its removal, and returns its URL.
func createPostgresDatabase(t testing.TB) string {
	t.Helper()
	server := serverURL(t)
	// rand.Text is upper-case base32, and PostgreSQL folds unquoted names
	// to lower case, so the name is lowered to be the same in the URL.
	name := "wct_test_" + strings.ToLower(rand.Text()[:16])
	if err := execAdmin(t.Context(), server, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create test database on the server of %s: %v", EnvDatabaseURL, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
		defer cancel()
		if err := execAdmin(ctx, server, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	u := *server
	u.Path = "/" + name
	return u.String()
}

// serverURL returns the parsed WCT_TEST_DATABASE_URL, or skips or fails
// the test when it is not set.
func serverURL(t testing.TB) *url.URL {
	t.Helper()
	raw := os.Getenv(EnvDatabaseURL)
	if raw == "" {
		if os.Getenv(EnvRequirePostgres) == "1" {
			t.Fatalf("%s=1 but %s is not set: start a PostgreSQL server and set %s to its postgres:// URL",
				EnvRequirePostgres, EnvDatabaseURL, EnvDatabaseURL)
		}
		t.Skipf("PostgreSQL tests skipped: set %s to a postgres:// URL of a server where the user may create databases",
			EnvDatabaseURL)
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		// The value is not printed because it may contain a password.
		t.Fatalf("%s is not a valid postgres:// URL", EnvDatabaseURL)
	}
	return u
}

// execAdmin runs one statement on the server's database named in u.
func execAdmin(ctx context.Context, u *url.URL, statement string) error {
	db, err := sql.Open("pgx", u.String())
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, statement); err != nil {
		return fmt.Errorf("%s: %w", statement, err)
	}
	return nil
}
