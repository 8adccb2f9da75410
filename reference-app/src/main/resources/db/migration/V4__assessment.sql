CREATE TABLE assessment_quizzes (
    id                 BIGSERIAL PRIMARY KEY,
    course_id          BIGINT NOT NULL REFERENCES catalog_courses (id) ON DELETE CASCADE,
    title              TEXT   NOT NULL,
    pass_mark_percent  INT    NOT NULL DEFAULT 60 CHECK (pass_mark_percent BETWEEN 0 AND 100)
);
CREATE INDEX assessment_quizzes_course_idx ON assessment_quizzes (course_id);

CREATE TABLE assessment_questions (
    id              BIGSERIAL PRIMARY KEY,
    quiz_id         BIGINT NOT NULL REFERENCES assessment_quizzes (id) ON DELETE CASCADE,
    position        INT    NOT NULL,
    prompt          TEXT   NOT NULL,
    options         TEXT[] NOT NULL,
    correct_option  INT    NOT NULL,
    UNIQUE (quiz_id, position)
);

CREATE TABLE assessment_attempts (
    id             BIGSERIAL PRIMARY KEY,
    quiz_id        BIGINT      NOT NULL REFERENCES assessment_quizzes (id) ON DELETE CASCADE,
    user_id        BIGINT      NOT NULL,
    answers        INT[]       NOT NULL,
    correct_count  INT         NOT NULL,
    score_percent  INT         NOT NULL,
    passed         BOOLEAN     NOT NULL,
    submitted_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX assessment_attempts_quiz_user_idx ON assessment_attempts (quiz_id, user_id);
CREATE INDEX assessment_attempts_user_idx ON assessment_attempts (user_id);
