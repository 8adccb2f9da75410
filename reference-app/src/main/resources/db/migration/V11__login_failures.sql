-- Failed logins by client address and e-mail, for every e-mail whether or not it has an account.
-- The counters on iam_users throttled an account wherever the failures came from, so five wrong
-- passwords from anyone locked its owner out, and only existing accounts were ever throttled
-- (a 429 told who has an account). Rows older than the window are deleted as failures come in.
CREATE TABLE iam_login_failures (
    client     TEXT        NOT NULL,
    email      TEXT        NOT NULL,
    failed_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX iam_login_failures_client_idx ON iam_login_failures (client, failed_at);
CREATE INDEX iam_login_failures_age_idx ON iam_login_failures (failed_at);
ALTER TABLE iam_users DROP COLUMN failed_logins, DROP COLUMN failed_window_start;
