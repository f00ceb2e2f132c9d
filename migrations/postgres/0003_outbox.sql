-- The outbox: e-mails waiting to be sent, being sent, sent or given up. See src/store/outbox.rs.
-- Times are Unix milliseconds.
CREATE TABLE outbox (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recipient        TEXT NOT NULL CHECK (recipient <> ''),
    subject          TEXT NOT NULL,
    text_body        TEXT NOT NULL,
    html_body        TEXT,
    message_id       TEXT NOT NULL UNIQUE,        -- fixed when queued, kept across retries
    headers          TEXT NOT NULL DEFAULT '[]',  -- JSON array of [name, value] pairs
    state            TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
    attempts         BIGINT  NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at  BIGINT  NOT NULL,
    last_error       TEXT,
    lease_owner      TEXT,
    lease_expires_at BIGINT,
    created_at       BIGINT  NOT NULL,
    sent_at          BIGINT
);

-- The sender's question: which mails are due (queued and due, or sending with an expired lease)?
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
-- The daily limit's question: how many mails went to this recipient lately?
CREATE INDEX outbox_by_recipient ON outbox (recipient, sent_at);
