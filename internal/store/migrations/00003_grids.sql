-- Service grids (服务网格) are rows of organizations with kind 'grid',
-- created by operators: credit_code is empty, region_code is the Wuhan
-- district, and unique_key is region_code || '/' || name, so a district
-- has one grid of each name. Grid members are identities of kind 'grid'.
--
-- An enterprise keeps the service institution and the grid chosen in its
-- onboarding form; '' means none was chosen.

-- +goose Up
ALTER TABLE organizations ADD COLUMN service_org_id TEXT NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN grid_id TEXT NOT NULL DEFAULT '';
CREATE INDEX organizations_grid ON organizations (grid_id) WHERE grid_id <> '';
CREATE INDEX organizations_kind_region ON organizations (kind, region_code);

-- +goose Down
DROP INDEX organizations_kind_region;
DROP INDEX organizations_grid;
ALTER TABLE organizations DROP COLUMN grid_id;
ALTER TABLE organizations DROP COLUMN service_org_id;
