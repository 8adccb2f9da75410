-- Which generated dataset this database holds, so a restart does not generate it twice.
CREATE TABLE dataset_info (
    id            INT PRIMARY KEY CHECK (id = 1),
    size          TEXT        NOT NULL,
    seed          BIGINT      NOT NULL,
    generated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
