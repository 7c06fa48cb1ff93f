// Package core defines the entities of the wct user system (users,
// sessions, organizations, identities, applications, audit events), the
// domain errors every layer shares, and the permission rules. It does not
// depend on HTTP or SQL.
package core
