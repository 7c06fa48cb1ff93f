package store

import "database/sql"

// DB returns the pool that writes, so that tests can set up rows no method
// creates, such as imported users, and count rows no method returns.
func (s *Store) DB() *sql.DB { return s.write }
