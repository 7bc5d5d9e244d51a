-- Provider access tokens shared by every server (issue 9). Daraja revokes an app's token
-- whenever a new one is fetched, so servers that each fetched their own revoked each other's.
-- SQLite dialect; the PostgreSQL twin lives in ../postgres.

-- One row per provider app (`daraja:` and a hash of its URL and consumer key). The token is a
-- bearer credential for at most an hour; it is never logged. An empty token is a row made
-- only so a server has something to lock while it fetches the first one.
CREATE TABLE provider_tokens (
    token_key  TEXT PRIMARY KEY,
    token      TEXT NOT NULL DEFAULT '',
    -- Unix seconds after which a server fetches a new token.
    refresh_at INTEGER NOT NULL DEFAULT 0,
    fetched_at INTEGER NOT NULL DEFAULT 0
);
