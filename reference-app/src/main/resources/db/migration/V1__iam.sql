CREATE TABLE iam_users (
    id                   BIGSERIAL PRIMARY KEY,
    email                TEXT        NOT NULL,
    display_name         TEXT        NOT NULL,
    password_hash        TEXT        NOT NULL,
    role                 TEXT        NOT NULL CHECK (role IN ('STUDENT', 'INSTRUCTOR', 'ADMIN')),
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Failed logins in the current window: brute-force throttling shared by every replica.
    failed_logins        INT         NOT NULL DEFAULT 0,
    failed_window_start  TIMESTAMPTZ
);
CREATE UNIQUE INDEX iam_users_email_key ON iam_users (lower(email));
