-- Documents citizens upload with an application (a photo, a copy of their ID). One file per
-- requirement code; replaced freely while the application is a draft, frozen once submitted
-- (its SHA-256 is part of the snapshot hash). Kept in the database so that every server sees
-- the same files and a backup holds them.
CREATE TABLE application_uploads (
    application_id INTEGER NOT NULL REFERENCES applications (application_id),
    code           TEXT NOT NULL,
    file_name      TEXT NOT NULL,
    -- pdf, jpeg or png, as found in the bytes.
    kind           TEXT NOT NULL,
    size_bytes     INTEGER NOT NULL CHECK (size_bytes > 0),
    sha256         TEXT NOT NULL,
    content        BLOB NOT NULL,
    uploaded_at    INTEGER NOT NULL,
    PRIMARY KEY (application_id, code)
);
