-- One row per (buyer, Idempotency-Key): the unique key is what makes a duplicate request unable to
-- charge twice, whichever replica it lands on.
CREATE TABLE payment_payments (
    id                 BIGSERIAL PRIMARY KEY,
    user_id            BIGINT      NOT NULL,
    idempotency_key    TEXT        NOT NULL,
    course_id          BIGINT      NOT NULL,
    amount_cents       BIGINT      NOT NULL,
    currency           TEXT        NOT NULL,
    status             TEXT        NOT NULL CHECK (status IN ('PENDING', 'SUCCEEDED', 'RETRYABLE')),
    provider_charge_id TEXT,
    last_error         TEXT,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (user_id, idempotency_key)
);
CREATE INDEX payment_payments_course_idx ON payment_payments (course_id);
