CREATE TABLE webhook_subscriptions (
    id          BIGSERIAL PRIMARY KEY,
    owner_id    BIGINT      NOT NULL,
    url         TEXT        NOT NULL,
    events      TEXT[]      NOT NULL,
    secret      TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX webhook_subscriptions_events_idx ON webhook_subscriptions USING GIN (events);
