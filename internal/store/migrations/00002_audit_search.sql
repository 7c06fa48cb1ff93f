-- Indexes for the operators' audit log search. Each filter of ListAudit
-- has an index that leads with its column and ends with the event time
-- and id, so a filtered page is read in the order of the log without a
-- sort. Both databases run this file.

-- +goose Up
-- The id breaks ties between events of the same millisecond in the
-- keyset pagination, ORDER BY at DESC, id DESC.
CREATE INDEX audit_events_at_id ON audit_events (at, id);
DROP INDEX audit_events_at;
CREATE INDEX audit_events_action ON audit_events (action, at, id);
CREATE INDEX audit_events_actor ON audit_events (actor_id, at, id);
CREATE INDEX audit_events_identity ON audit_events (identity_id, at, id);
CREATE INDEX audit_events_target ON audit_events (target_kind, target_id, at, id);
CREATE INDEX audit_events_client ON audit_events (client_addr, at, id);
-- The organization filter finds the applications of an organization by its
-- id and by its kind and unique key.
CREATE INDEX applications_org ON applications (org_id);
CREATE INDEX applications_key ON applications (kind, unique_key);

-- +goose Down
DROP INDEX applications_key;
DROP INDEX applications_org;
DROP INDEX audit_events_client;
DROP INDEX audit_events_target;
DROP INDEX audit_events_identity;
DROP INDEX audit_events_actor;
DROP INDEX audit_events_action;
CREATE INDEX audit_events_at ON audit_events (at);
DROP INDEX audit_events_at_id;
