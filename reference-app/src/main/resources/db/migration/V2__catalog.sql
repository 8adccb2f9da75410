CREATE TABLE catalog_courses (
    id             BIGSERIAL PRIMARY KEY,
    title          TEXT        NOT NULL,
    summary        TEXT        NOT NULL,
    category       TEXT        NOT NULL,
    instructor_id  BIGINT      NOT NULL REFERENCES iam_users (id),
    price_cents    BIGINT      NOT NULL DEFAULT 0 CHECK (price_cents >= 0),
    currency       TEXT        NOT NULL DEFAULT 'EUR',
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    search         TSVECTOR GENERATED ALWAYS AS (
                       setweight(to_tsvector('english', title), 'A') ||
                       setweight(to_tsvector('english', summary), 'B')) STORED
);
CREATE INDEX catalog_courses_search_idx ON catalog_courses USING GIN (search);
CREATE INDEX catalog_courses_category_idx ON catalog_courses (category, id);
CREATE INDEX catalog_courses_instructor_idx ON catalog_courses (instructor_id);

CREATE TABLE catalog_lessons (
    id                BIGSERIAL PRIMARY KEY,
    course_id         BIGINT NOT NULL REFERENCES catalog_courses (id) ON DELETE CASCADE,
    position          INT    NOT NULL,
    title             TEXT   NOT NULL,
    body              TEXT   NOT NULL,
    duration_seconds  INT    NOT NULL CHECK (duration_seconds > 0),
    UNIQUE (course_id, position)
);
