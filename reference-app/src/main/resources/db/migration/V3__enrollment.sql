CREATE TABLE enrollment_enrollments (
    id            BIGSERIAL PRIMARY KEY,
    user_id       BIGINT      NOT NULL REFERENCES iam_users (id),
    course_id     BIGINT      NOT NULL REFERENCES catalog_courses (id) ON DELETE CASCADE,
    enrolled_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    completed_at  TIMESTAMPTZ,
    UNIQUE (user_id, course_id)
);
CREATE INDEX enrollment_enrollments_course_idx ON enrollment_enrollments (course_id);

-- One row per learner and lesson, overwritten by each heartbeat (like video watch progress).
CREATE TABLE enrollment_lesson_progress (
    user_id           BIGINT      NOT NULL,
    lesson_id         BIGINT      NOT NULL REFERENCES catalog_lessons (id) ON DELETE CASCADE,
    course_id         BIGINT      NOT NULL,
    position_seconds  INT         NOT NULL,
    completed         BOOLEAN     NOT NULL DEFAULT false,
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, lesson_id)
);
CREATE INDEX enrollment_lesson_progress_course_idx ON enrollment_lesson_progress (user_id, course_id);

CREATE TABLE enrollment_certificates (
    id          BIGSERIAL PRIMARY KEY,
    user_id     BIGINT      NOT NULL,
    course_id   BIGINT      NOT NULL,
    code        TEXT        NOT NULL UNIQUE,
    issued_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (user_id, course_id)
);
