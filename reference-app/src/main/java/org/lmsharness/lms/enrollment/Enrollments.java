package org.lmsharness.lms.enrollment;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code enrollment_*} tables. */
@Repository
class Enrollments {

    record Enrolment(long id, long userId, long courseId, Instant enrolledAt, Instant completedAt) {}

    record Progress(long lessonId, int positionSeconds, boolean completed, Instant updatedAt) {}

    record Certificate(long courseId, String code, Instant issuedAt) {}

    record Analytics(long enrolments, long completions, long activeLastSevenDays, double averageCompletionPercent) {}

    private final JdbcClient db;

    Enrollments(JdbcClient db) {
        this.db = db;
    }

    /** Empty when the learner was already enrolled: enrolling twice is not an error. */
    Optional<Long> insert(long userId, long courseId) {
        return db.sql("""
                        INSERT INTO enrollment_enrollments (user_id, course_id) VALUES (:user, :course)
                        ON CONFLICT (user_id, course_id) DO NOTHING RETURNING id""")
                .param("user", userId).param("course", courseId).query(Long.class).optional();
    }

    Optional<Enrolment> find(long userId, long courseId) {
        return db.sql("SELECT id, user_id, course_id, enrolled_at, completed_at FROM enrollment_enrollments WHERE user_id = :user AND course_id = :course")
                .param("user", userId).param("course", courseId).query(Enrollments::enrolment).optional();
    }

    List<Enrolment> ofUser(long userId, int page, int size) {
        return db.sql("SELECT id, user_id, course_id, enrolled_at, completed_at FROM enrollment_enrollments WHERE user_id = :user ORDER BY id DESC LIMIT :size OFFSET :offset")
                .param("user", userId).param("size", size).param("offset", (long) page * size).query(Enrollments::enrolment).list();
    }

    long countOfUser(long userId) {
        return db.sql("SELECT count(*) FROM enrollment_enrollments WHERE user_id = :user").param("user", userId).query(Long.class).single();
    }

    /** Completed lessons of this learner in this course. */
    long completedLessons(long userId, long courseId) {
        return db.sql("SELECT count(*) FROM enrollment_lesson_progress WHERE user_id = :user AND course_id = :course AND completed")
                .param("user", userId).param("course", courseId).query(Long.class).single();
    }

    /** The lesson's state after a heartbeat, and whether this heartbeat is the one that completed it. */
    record Recorded(boolean completed, boolean justCompleted) {}

    /** One heartbeat: the newest position wins, and a completed lesson stays completed. */
    Recorded recordProgress(long userId, long courseId, long lessonId, int positionSeconds, boolean completed) {
        return db.sql("""
                        WITH before AS (
                            SELECT completed FROM enrollment_lesson_progress WHERE user_id = :user AND lesson_id = :lesson)
                        INSERT INTO enrollment_lesson_progress (user_id, lesson_id, course_id, position_seconds, completed)
                        VALUES (:user, :lesson, :course, :position, :completed)
                        ON CONFLICT (user_id, lesson_id) DO UPDATE
                          SET position_seconds = EXCLUDED.position_seconds,
                              completed = enrollment_lesson_progress.completed OR EXCLUDED.completed,
                              updated_at = now()
                        RETURNING completed, completed AND NOT coalesce((SELECT completed FROM before), false) AS just_completed""")
                .param("user", userId).param("lesson", lessonId).param("course", courseId)
                .param("position", positionSeconds).param("completed", completed)
                .query((row, n) -> new Recorded(row.getBoolean("completed"), row.getBoolean("just_completed"))).single();
    }

    List<Progress> progress(long userId, long courseId) {
        return db.sql("SELECT lesson_id, position_seconds, completed, updated_at FROM enrollment_lesson_progress WHERE user_id = :user AND course_id = :course ORDER BY lesson_id")
                .param("user", userId).param("course", courseId)
                .query((row, n) -> new Progress(row.getLong("lesson_id"), row.getInt("position_seconds"), row.getBoolean("completed"),
                        row.getObject("updated_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    /** True only for the call that marked the enrolment completed. */
    boolean markCompleted(long userId, long courseId) {
        return db.sql("UPDATE enrollment_enrollments SET completed_at = now() WHERE user_id = :user AND course_id = :course AND completed_at IS NULL")
                .param("user", userId).param("course", courseId).update() == 1;
    }

    /** Idempotent: a certificate job that runs twice issues one certificate. */
    void issueCertificate(long userId, long courseId, String code) {
        db.sql("INSERT INTO enrollment_certificates (user_id, course_id, code) VALUES (:user, :course, :code) ON CONFLICT (user_id, course_id) DO NOTHING")
                .param("user", userId).param("course", courseId).param("code", code).update();
    }

    List<Certificate> certificates(long userId) {
        return db.sql("SELECT course_id, code, issued_at FROM enrollment_certificates WHERE user_id = :user ORDER BY id")
                .param("user", userId)
                .query((row, n) -> new Certificate(row.getLong("course_id"), row.getString("code"),
                        row.getObject("issued_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    Analytics analytics(long courseId, int lessonCount) {
        return db.sql("""
                        SELECT count(*) AS enrolments,
                               count(*) FILTER (WHERE e.completed_at IS NOT NULL) AS completions,
                               count(*) FILTER (WHERE p.last_seen > now() - interval '7 days') AS active,
                               coalesce(avg(coalesce(p.done, 0) * 100.0 / greatest(:lessons, 1)), 0) AS average
                        FROM enrollment_enrollments e
                        LEFT JOIN (SELECT user_id, count(*) FILTER (WHERE completed) AS done, max(updated_at) AS last_seen
                                   FROM enrollment_lesson_progress WHERE course_id = :course GROUP BY user_id) p
                               ON p.user_id = e.user_id
                        WHERE e.course_id = :course""")
                .param("course", courseId).param("lessons", lessonCount)
                .query((row, n) -> new Analytics(row.getLong("enrolments"), row.getLong("completions"), row.getLong("active"),
                        Math.round(row.getDouble("average") * 10) / 10.0))
                .single();
    }

    private static Enrolment enrolment(java.sql.ResultSet row, int n) throws java.sql.SQLException {
        OffsetDateTime completed = row.getObject("completed_at", OffsetDateTime.class);
        return new Enrolment(row.getLong("id"), row.getLong("user_id"), row.getLong("course_id"),
                row.getObject("enrolled_at", OffsetDateTime.class).toInstant(), completed == null ? null : completed.toInstant());
    }
}
