-- The team page lists an agency's staff and the agencies page counts them. Only staff have an
-- agency, so a partial index holds the few thousand staff rows, not every citizen's account.
CREATE INDEX accounts_agency ON accounts (agency_code, role) WHERE agency_code IS NOT NULL;
-- An agency's API keys, listed and counted (live ones) on the platform admins' agencies page.
CREATE INDEX api_keys_agency ON api_keys (agency_code, created_at);
