-- Tickets of the provincial ticket-exchange login that were redeemed,
-- kept as SHA-256 hashes for ten minutes, so that a ticket is redeemed
-- once even where the provider would accept it again. The primary key
-- makes the insert of a repeated ticket fail on every server instance.
-- Both databases run this file.

-- +goose Up
CREATE TABLE sso_tickets (
    ticket_hash TEXT PRIMARY KEY,
    expires_at  BIGINT NOT NULL
);

-- +goose Down
DROP TABLE sso_tickets;
