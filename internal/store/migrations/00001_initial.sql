-- The schema is written in the SQL that both SQLite and PostgreSQL run:
-- TEXT ids (UUIDv7), BIGINT Unix milliseconds, partial unique indexes.

-- +goose Up
CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    phone           TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    id_number_enc   TEXT NOT NULL DEFAULT '',
    id_number_hash  TEXT NOT NULL DEFAULT '',
    password_hash   TEXT NOT NULL DEFAULT '',
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);

CREATE TABLE external_accounts (
    provider        TEXT NOT NULL,
    subject         TEXT NOT NULL,
    user_id         TEXT NOT NULL REFERENCES users (id),
    created_at      BIGINT NOT NULL,
    last_login_at   BIGINT NOT NULL,
    PRIMARY KEY (provider, subject)
);

CREATE TABLE operators (
    id              TEXT PRIMARY KEY,
    phone           TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    password_hash   TEXT NOT NULL,
    created_at      BIGINT NOT NULL
);

-- Organizations of every kind: enterprise, research_team,
-- service_institution, and later grid. unique_key is the credit code, or
-- for a research team the unit's credit code and the team name.
CREATE TABLE organizations (
    id                TEXT PRIMARY KEY,
    kind              TEXT NOT NULL,
    name              TEXT NOT NULL,
    credit_code       TEXT NOT NULL,
    unique_key        TEXT NOT NULL,
    region_code       TEXT NOT NULL DEFAULT '',
    address_detail    TEXT NOT NULL DEFAULT '',
    email             TEXT NOT NULL DEFAULT '',
    tech_fields       TEXT NOT NULL DEFAULT '[]',
    legal_name        TEXT NOT NULL DEFAULT '',
    legal_phone       TEXT NOT NULL DEFAULT '',
    legal_id_enc      TEXT NOT NULL DEFAULT '',
    license_upload_id TEXT NOT NULL DEFAULT '',
    details           TEXT NOT NULL DEFAULT '{}',
    source            TEXT NOT NULL,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    UNIQUE (kind, unique_key)
);
CREATE INDEX organizations_legal_phone ON organizations (legal_phone);

-- Identities: one row per capacity in which a user acts for an
-- organization. user_id is empty while a direct addition waits for the
-- invited phone's first login.
CREATE TABLE identities (
    id           TEXT PRIMARY KEY,
    user_id      TEXT REFERENCES users (id),
    invite_phone TEXT NOT NULL DEFAULT '',
    invite_name  TEXT NOT NULL DEFAULT '',
    kind         TEXT NOT NULL,
    org_id       TEXT NOT NULL REFERENCES organizations (id),
    role         TEXT NOT NULL,
    status       TEXT NOT NULL,
    reason       TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    decided_at   BIGINT NOT NULL DEFAULT 0,
    decided_by   TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX identities_live_user_org ON identities (user_id, org_id)
    WHERE status IN ('pending', 'active');
CREATE UNIQUE INDEX identities_invited_phone_org ON identities (invite_phone, org_id)
    WHERE status = 'invited';
CREATE UNIQUE INDEX identities_one_super_admin ON identities (org_id)
    WHERE role = 'super_admin' AND status IN ('active', 'invited');
CREATE INDEX identities_user ON identities (user_id);
CREATE INDEX identities_org ON identities (org_id, status);
CREATE INDEX identities_invite_phone ON identities (invite_phone) WHERE status = 'invited';

-- Onboarding applications. At most one pending application per kind and
-- unique key, so that two applicants cannot onboard one credit code.
CREATE TABLE applications (
    id                TEXT PRIMARY KEY,
    kind              TEXT NOT NULL,
    applicant_id      TEXT NOT NULL REFERENCES users (id),
    name              TEXT NOT NULL,
    credit_code       TEXT NOT NULL,
    unique_key        TEXT NOT NULL,
    status            TEXT NOT NULL,
    flagged           BOOLEAN NOT NULL DEFAULT FALSE,
    form              TEXT NOT NULL,
    legal_id_enc      TEXT NOT NULL DEFAULT '',
    license_upload_id TEXT NOT NULL DEFAULT '',
    reason            TEXT NOT NULL DEFAULT '',
    org_id            TEXT NOT NULL DEFAULT '',
    submitted_at      BIGINT NOT NULL,
    decided_at        BIGINT NOT NULL DEFAULT 0,
    decided_by        TEXT NOT NULL DEFAULT ''
);
-- One row per kind and unique key ever applied for. Onboarding
-- transactions upsert it first, which locks the row in PostgreSQL, so a
-- legal-person onboarding and an application for the same credit code
-- cannot both pass their checks.
CREATE TABLE onboarding_keys (
    kind       TEXT NOT NULL,
    unique_key TEXT NOT NULL,
    PRIMARY KEY (kind, unique_key)
);

CREATE UNIQUE INDEX applications_one_pending ON applications (kind, unique_key)
    WHERE status = 'pending';
CREATE INDEX applications_queue ON applications (status, submitted_at);
CREATE INDEX applications_applicant ON applications (applicant_id);

CREATE TABLE sessions (
    token_hash         TEXT PRIMARY KEY,
    user_id            TEXT REFERENCES users (id),
    operator_id        TEXT REFERENCES operators (id),
    login_method       TEXT NOT NULL,
    legal_org_name     TEXT NOT NULL DEFAULT '',
    legal_credit_code  TEXT NOT NULL DEFAULT '',
    active_identity_id TEXT NOT NULL DEFAULT '',
    client_addr        TEXT NOT NULL DEFAULT '',
    created_at         BIGINT NOT NULL,
    expires_at         BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_operator ON sessions (operator_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Pending provincial logins: state (hashed), nonce and PKCE verifier kept
-- between the redirect to the provider and the callback.
CREATE TABLE sso_logins (
    state_hash    TEXT PRIMARY KEY,
    nonce         TEXT NOT NULL,
    code_verifier TEXT NOT NULL,
    next_path     TEXT NOT NULL,
    expires_at    BIGINT NOT NULL
);

CREATE TABLE sms_codes (
    id          TEXT PRIMARY KEY,
    phone       TEXT NOT NULL,
    purpose     TEXT NOT NULL,
    code_hash   TEXT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    client_addr TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    consumed_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX sms_codes_phone ON sms_codes (phone, created_at);
CREATE INDEX sms_codes_client ON sms_codes (client_addr, created_at);

-- One row per phone: the time of the last code sent, updated only when the
-- resend interval has passed, so that concurrent requests send one code.
CREATE TABLE sms_throttle (
    phone        TEXT PRIMARY KEY,
    last_sent_at BIGINT NOT NULL
);

-- Failed phone logins, counted per phone to slow password guessing.
CREATE TABLE login_failures (
    id          TEXT PRIMARY KEY,
    phone       TEXT NOT NULL,
    client_addr TEXT NOT NULL,
    at          BIGINT NOT NULL
);
CREATE INDEX login_failures_phone ON login_failures (phone, at);
CREATE INDEX login_failures_client ON login_failures (client_addr, at);

CREATE TABLE uploads (
    id          TEXT PRIMARY KEY,
    owner_id    TEXT NOT NULL REFERENCES users (id),
    purpose     TEXT NOT NULL,
    format      TEXT NOT NULL,
    size        BIGINT NOT NULL,
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

-- Technology field choices are data so that operators can change them.
CREATE TABLE tech_fields (
    name     TEXT PRIMARY KEY,
    position INTEGER NOT NULL
);
INSERT INTO tech_fields (name, position) VALUES
    ('生物医药', 1), ('新材料', 2), ('节能环保', 3), ('汽车', 4), ('数字创意', 5),
    ('装备制造', 6), ('新能源', 7), ('新一代信息技术', 8), ('现代农业', 9), ('其他', 10);

CREATE TABLE audit_events (
    id          TEXT PRIMARY KEY,
    at          BIGINT NOT NULL,
    actor_kind  TEXT NOT NULL,
    actor_id    TEXT NOT NULL,
    identity_id TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    target_kind TEXT NOT NULL DEFAULT '',
    target_id   TEXT NOT NULL DEFAULT '',
    client_addr TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_at ON audit_events (at);

-- +goose Down
DROP TABLE audit_events;
DROP TABLE tech_fields;
DROP TABLE uploads;
DROP TABLE login_failures;
DROP TABLE sms_throttle;
DROP TABLE sms_codes;
DROP TABLE sso_logins;
DROP TABLE sessions;
DROP TABLE onboarding_keys;
DROP TABLE applications;
DROP TABLE identities;
DROP TABLE organizations;
DROP TABLE operators;
DROP TABLE external_accounts;
DROP TABLE users;
