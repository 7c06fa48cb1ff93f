// Package store keeps every domain entity in SQL: SQLite for the embedded
// default, PostgreSQL for production. The queries are written once in the
// SQL both run, with $N placeholders, which the SQLite driver also binds.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is the database. It is safe for concurrent use.
type Store struct {
	// write runs transactions and writes. For SQLite it has one connection,
	// because SQLite allows one writer at a time, and starts transactions
	// with BEGIN IMMEDIATE so that they never fail on a lock upgrade.
	write *sql.DB
	// read runs queries outside transactions; for PostgreSQL it is write.
	read    *sql.DB
	dialect goose.Dialect
	now     func() time.Time

	prepareMu sync.Mutex
	prepared  sync.Map // query string to *sql.Stmt, filled by stmt
}

// Open connects to PostgreSQL when databaseURL is set, otherwise to the
// SQLite database wct.db under dataDir, which it creates.
func Open(ctx context.Context, databaseURL, dataDir string) (*Store, error) {
	if databaseURL != "" {
		return openPostgres(ctx, databaseURL)
	}
	return openSQLite(ctx, dataDir)
}

func openPostgres(ctx context.Context, url string) (*Store, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	db.SetMaxOpenConns(25)
	db.SetMaxIdleConns(25)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect to postgres: %w", err)
	}
	return &Store{write: db, read: db, dialect: goose.DialectPostgres, now: time.Now}, nil
}

func openSQLite(ctx context.Context, dataDir string) (*Store, error) {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("store: create data directory: %w", err)
	}
	path := filepath.Join(dataDir, "wct.db")
	pragmas := "_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)"
	// SQLite reads the name as a URI, where '?' starts the query, '#' the
	// fragment and '%' an escape, so the path escapes them.
	uri := "file:" + strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(path)
	write, err := sql.Open("sqlite", uri+"?_txlock=immediate&"+pragmas)
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	read, err := sql.Open("sqlite", uri+"?mode=ro&"+pragmas)
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	read.SetMaxOpenConns(max(4, runtime.NumCPU()))
	s := &Store{write: write, read: read, dialect: goose.DialectSQLite3, now: time.Now}
	if err := write.PingContext(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	return s, nil
}

// Close closes the connection pools.
func (s *Store) Close() error {
	s.prepared.Range(func(_, stmt any) bool {
		stmt.(*sql.Stmt).Close()
		return true
	})
	err := s.write.Close()
	if s.read != s.write {
		err = errors.Join(err, s.read.Close())
	}
	return err
}

// Migrate applies every migration not yet applied and returns how many it
// applied.
func (s *Store) Migrate(ctx context.Context) (int, error) {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return 0, err
	}
	p, err := goose.NewProvider(s.dialect, s.write, sub)
	if err != nil {
		return 0, fmt.Errorf("store: migrations: %w", err)
	}
	results, err := p.Up(ctx)
	if err != nil {
		return 0, fmt.Errorf("store: migrate: %w", err)
	}
	return len(results), nil
}

// Ping runs a trivial query to check that the database is reachable.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	return s.read.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Dialect returns "sqlite3" or "postgres".
func (s *Store) Dialect() string { return string(s.dialect) }

// SetClock replaces the clock, for tests.
func (s *Store) SetClock(now func() time.Time) { s.now = now }

// withTx runs fn in a transaction on the writer and commits when fn
// returns nil.
func (s *Store) withTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// NewID returns a new time-ordered UUID (version 7) as text.
func NewID() string { return uuid.Must(uuid.NewV7()).String() }

func millis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromMillis(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms)
}

// isUniqueViolation reports whether err is a unique-constraint failure in
// either database.
func isUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || // SQLite
		strings.Contains(msg, "SQLSTATE 23505") // PostgreSQL
}
