-- The store of essor: suppliers with their change log, and reference data (communes, CPV codes).
-- See src/store/mod.rs for the design.

-- One row per upsert that wrote something; its number is the change number of the rows it wrote.
CREATE TABLE changes (
    number      INTEGER PRIMARY KEY AUTOINCREMENT,
    recorded_at INTEGER NOT NULL,            -- Unix time, seconds
    inserted    INTEGER NOT NULL CHECK (inserted >= 0),
    updated     INTEGER NOT NULL CHECK (updated >= 0)
);

-- One row per establishment; `record` is the full import record as JSON text (the source of truth),
-- the other columns are copies kept for queries by hand and indexes. A rowid table: records of several
-- hundred bytes are too large for WITHOUT ROWID to pay.
CREATE TABLE suppliers (
    siret      TEXT PRIMARY KEY NOT NULL CHECK (length(siret) = 14),
    siren      TEXT NOT NULL CHECK (length(siren) = 9),
    name       TEXT NOT NULL CHECK (name <> ''),
    department TEXT NOT NULL CHECK (department <> ''),
    post_code  TEXT NOT NULL CHECK (length(post_code) = 5),
    kinds      TEXT NOT NULL CHECK (kinds <> ''),   -- codes separated by spaces: "ACI AI"
    record     TEXT NOT NULL,
    change     INTEGER NOT NULL REFERENCES changes (number)
);

CREATE INDEX suppliers_by_change ON suppliers (change);
CREATE INDEX suppliers_by_siren ON suppliers (siren);
CREATE INDEX suppliers_by_department ON suppliers (department);

-- The official commune list, replaced as a whole by each import.
CREATE TABLE communes (
    insee      TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL,
    post_codes TEXT NOT NULL,                  -- separated by '|': "75001|75002"
    department TEXT NOT NULL,
    lat        REAL NOT NULL,
    lon        REAL NOT NULL
) WITHOUT ROWID;

-- The CPV nomenclature (8-digit codes and French labels), replaced as a whole by each import.
CREATE TABLE cpv_codes (
    code  TEXT PRIMARY KEY NOT NULL CHECK (length(code) = 8),
    label TEXT NOT NULL
) WITHOUT ROWID;
