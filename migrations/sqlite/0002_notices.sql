-- Tender notices: every publication as read, and the procedures they make up (see src/store/notices.rs).

-- One row per publication (a notice as published), keyed by its publication number: importing the same
-- notice again finds it here. `record` is the notice as read, JSON text.
CREATE TABLE notice_publications (
    id           TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
    procedure_id TEXT NOT NULL CHECK (procedure_id <> ''),
    format       TEXT NOT NULL,
    kind         TEXT NOT NULL,
    published    TEXT,                          -- YYYY-MM-DD
    record       TEXT NOT NULL
);

CREATE INDEX notice_publications_by_procedure ON notice_publications (procedure_id);

-- One row per procedure: its publications folded into the current state (`record`, JSON text); the other
-- columns are copies for queries and indexes.
CREATE TABLE notices (
    procedure_id  TEXT PRIMARY KEY NOT NULL,
    id            TEXT NOT NULL,                -- the publication whose content is current
    status        TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    format        TEXT NOT NULL,
    title         TEXT NOT NULL,
    buyer_name    TEXT NOT NULL,
    buyer_siret   TEXT,
    published     TEXT,                         -- YYYY-MM-DD
    deadline      TEXT,                         -- ISO 8601 as published
    deadline_date TEXT,                         -- YYYY-MM-DD, for comparisons
    reserved      INTEGER NOT NULL,             -- 1 when a lot is reserved
    title_terms   TEXT NOT NULL,                -- analysed words of the title, separated by spaces
    terms         TEXT NOT NULL,                -- analysed words of the whole notice, separated by spaces
    record        TEXT NOT NULL
);

CREATE INDEX notices_by_status_deadline ON notices (status, deadline_date);

-- One row per lot of a procedure; `record` is the lot as JSON text.
CREATE TABLE notice_lots (
    procedure_id        TEXT NOT NULL REFERENCES notices (procedure_id) ON DELETE CASCADE,
    lot_id              TEXT NOT NULL,
    title               TEXT NOT NULL,
    cpv                 TEXT NOT NULL,          -- codes separated by spaces, main first
    departments         TEXT NOT NULL,          -- separated by spaces
    communes            TEXT NOT NULL,          -- INSEE codes separated by spaces
    post_codes          TEXT NOT NULL,          -- separated by spaces
    estimated_value_eur REAL,
    duration_months     INTEGER,
    deadline            TEXT,
    reserved            INTEGER NOT NULL,
    reservation         TEXT,                   -- essor's regime: handicap, insertion, inclusive, ess, prison
    social_clause       INTEGER NOT NULL,
    buyer_siret         TEXT,
    record              TEXT NOT NULL,
    PRIMARY KEY (procedure_id, lot_id)
);

-- Where and what each lot is, one row per département and per CPV code, for the search filters.
CREATE TABLE notice_departments (
    procedure_id TEXT NOT NULL REFERENCES notices (procedure_id) ON DELETE CASCADE,
    department   TEXT NOT NULL,
    PRIMARY KEY (department, procedure_id)
);

CREATE TABLE notice_cpv (
    procedure_id TEXT NOT NULL REFERENCES notices (procedure_id) ON DELETE CASCADE,
    code         TEXT NOT NULL CHECK (length(code) = 8),
    PRIMARY KEY (code, procedure_id)
);

CREATE INDEX notice_departments_by_procedure ON notice_departments (procedure_id);
CREATE INDEX notice_cpv_by_procedure ON notice_cpv (procedure_id);
