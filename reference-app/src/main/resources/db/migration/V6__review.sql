CREATE TABLE review_reviews (
    id          BIGSERIAL PRIMARY KEY,
    course_id   BIGINT      NOT NULL REFERENCES catalog_courses (id) ON DELETE CASCADE,
    user_id     BIGINT      NOT NULL,
    rating      INT         NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment     TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (course_id, user_id)
);
CREATE INDEX review_reviews_course_idx ON review_reviews (course_id, id DESC);

-- Refreshed by a job after each review: eventually consistent, never on the write path.
CREATE TABLE review_course_ratings (
    course_id       BIGINT PRIMARY KEY,
    review_count    INT            NOT NULL,
    average_rating  NUMERIC(3, 2)  NOT NULL,
    refreshed_at    TIMESTAMPTZ    NOT NULL DEFAULT now()
);
