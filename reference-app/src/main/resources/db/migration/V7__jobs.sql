CREATE TABLE jobs_jobs (
    id            BIGSERIAL PRIMARY KEY,
    kind          TEXT        NOT NULL,
    payload       JSONB       NOT NULL,
    status        TEXT        NOT NULL CHECK (status IN ('PENDING', 'RUNNING', 'DONE', 'DEAD')),
    attempts      INT         NOT NULL DEFAULT 0,
    max_attempts  INT         NOT NULL,
    run_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    locked_by     TEXT,
    locked_at     TIMESTAMPTZ,
    last_error    TEXT,
    -- Coalesces work: at most one pending job per (kind, dedup_key), e.g. one rating refresh per course.
    dedup_key     TEXT,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at   TIMESTAMPTZ
);
CREATE INDEX jobs_jobs_ready_idx ON jobs_jobs (run_at) WHERE status = 'PENDING';
CREATE INDEX jobs_jobs_running_idx ON jobs_jobs (locked_at) WHERE status = 'RUNNING';
CREATE INDEX jobs_jobs_finished_idx ON jobs_jobs (finished_at) WHERE status = 'DONE';
CREATE UNIQUE INDEX jobs_jobs_dedup_idx ON jobs_jobs (kind, dedup_key) WHERE status = 'PENDING' AND dedup_key IS NOT NULL;
