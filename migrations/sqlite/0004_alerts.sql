-- Alerts of tender notices to suppliers (see src/store/alerts.rs): each supplier's preferences, and the
-- alerts already computed, so that none is produced twice.

-- One row per supplier that changed its preferences; `record` is the preferences as JSON text. A supplier
-- without a row has the default profile of its record.
CREATE TABLE alert_preferences (
    siret      TEXT PRIMARY KEY NOT NULL CHECK (length(siret) = 14),
    updated_at BIGINT NOT NULL,                -- Unix seconds
    record     TEXT NOT NULL
);

-- One row per alert computed, keyed by (supplier, procedure, lot); `record` is the alert as JSON text,
-- ready to be turned into an e-mail. `sent_at` stays empty until an e-mail carries it.
CREATE TABLE alerts (
    siret        TEXT NOT NULL,
    procedure_id TEXT NOT NULL,
    lot_id       TEXT NOT NULL,
    computed_at  BIGINT NOT NULL,              -- Unix seconds
    sent_at      BIGINT,
    record       TEXT NOT NULL,
    PRIMARY KEY (siret, procedure_id, lot_id)
);

CREATE INDEX alerts_unsent ON alerts (sent_at, siret);
