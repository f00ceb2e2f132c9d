-- The store of essor: suppliers with their change log, and reference data (communes, CPV codes).
-- See src/store/mod.rs for the design. Text keys use the "C" collation so that ORDER BY gives the
-- same byte order as SQLite.

-- One row per upsert that wrote something; its number is the change number of the rows it wrote.
CREATE TABLE changes (
    number      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recorded_at BIGINT NOT NULL,             -- Unix time, seconds
    inserted    BIGINT NOT NULL CHECK (inserted >= 0),
    updated     BIGINT NOT NULL CHECK (updated >= 0)
);

-- One row per establishment; `record` is the full import record as JSON text (the source of truth),
-- the other columns are copies kept for queries by hand and indexes. TEXT rather than JSONB: the
-- record is compared byte for byte to detect unchanged rows.
CREATE TABLE suppliers (
    siret      TEXT COLLATE "C" PRIMARY KEY CHECK (length(siret) = 14),
    siren      TEXT COLLATE "C" NOT NULL CHECK (length(siren) = 9),
    name       TEXT NOT NULL CHECK (name <> ''),
    department TEXT COLLATE "C" NOT NULL CHECK (department <> ''),
    post_code  TEXT COLLATE "C" NOT NULL CHECK (length(post_code) = 5),
    kinds      TEXT NOT NULL CHECK (kinds <> ''),   -- codes separated by spaces: "ACI AI"
    record     TEXT NOT NULL,
    change     BIGINT NOT NULL REFERENCES changes (number)
);

CREATE INDEX suppliers_by_change ON suppliers (change);
CREATE INDEX suppliers_by_siren ON suppliers (siren);
CREATE INDEX suppliers_by_department ON suppliers (department);

-- The official commune list, replaced as a whole by each import.
CREATE TABLE communes (
    insee      TEXT COLLATE "C" PRIMARY KEY,
    name       TEXT NOT NULL,
    post_codes TEXT NOT NULL,                  -- separated by '|': "75001|75002"
    department TEXT COLLATE "C" NOT NULL,
    lat        DOUBLE PRECISION NOT NULL,
    lon        DOUBLE PRECISION NOT NULL
);

-- The CPV nomenclature (8-digit codes and French labels), replaced as a whole by each import.
CREATE TABLE cpv_codes (
    code  TEXT COLLATE "C" PRIMARY KEY CHECK (length(code) = 8),
    label TEXT NOT NULL
);
