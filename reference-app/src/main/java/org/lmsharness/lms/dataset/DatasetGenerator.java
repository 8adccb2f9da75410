package org.lmsharness.lms.dataset;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fills an empty database with a deterministic dataset: the same size gives the same users,
 * courses, lessons, enrolments, progress, quizzes and reviews, row for row, on every machine.
 * Everything is derived from row numbers inside PostgreSQL ({@code generate_series} and
 * arithmetic, no random()), so even XL loads in seconds rather than over millions of round trips.
 * Every generated user has the password {@code lms.dataset.password}, hashed once.
 */
public class DatasetGenerator {

    private static final Logger log = LoggerFactory.getLogger(DatasetGenerator.class);
    static final String[] CATEGORIES = {"programming", "data", "design", "business", "languages", "music",
            "mathematics", "science", "marketing", "photography", "health", "cloud"};

    private final JdbcClient db;
    private final TransactionTemplate transaction;
    private final PasswordEncoder passwords;

    public DatasetGenerator(JdbcClient db, TransactionTemplate transaction, PasswordEncoder passwords) {
        this.db = db;
        this.transaction = transaction;
        this.passwords = passwords;
    }

    /** The size this database was generated with, if any. */
    public Optional<DatasetSize> generated() {
        return db.sql("SELECT size FROM dataset_info WHERE id = 1").query(String.class).optional().map(DatasetSize::valueOf);
    }

    /** Generates {@code size} in one transaction: a failure leaves the database as it was. */
    public void generate(DatasetSize size, String password) {
        long started = System.nanoTime();
        String hash = passwords.encode(password);
        java.util.Map<String, Long> steps = new java.util.LinkedHashMap<>();
        transaction.executeWithoutResult(status -> {
            long existingUsers = db.sql("SELECT count(*) FROM iam_users").query(Long.class).single();
            if (existingUsers > 0) {
                throw new IllegalStateException("the database already holds " + existingUsers + " users; generate into an empty database");
            }
            // The rows are consistent by construction, so a superuser may skip the per-row foreign-key
            // triggers for this transaction: progress rows load about twice as fast.
            if (db.sql("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").query(Boolean.class).single()) {
                db.sql("SET LOCAL session_replication_role = replica").update();
            }
            step(steps, "users", () -> users(size, hash));
            step(steps, "courses", () -> courses(size));
            step(steps, "enrolments", () -> enrolments(size));
            step(steps, "progress", () -> progress(size));
            step(steps, "quizzes", () -> quizzes(size));
            step(steps, "reviews", () -> reviews(size));
            db.sql("INSERT INTO dataset_info (id, size, seed) VALUES (1, :size, 0)").param("size", size.name()).update();
        });
        step(steps, "analyze", () -> db.sql("ANALYZE").update());
        log.info("dataset {} generated in {} ms: {} users, {} courses, {} lessons, {} enrolments, {} quiz questions (ms per step: {})",
                size, (System.nanoTime() - started) / 1_000_000, size.users(), size.courses, size.lessons(), size.enrolments(), size.questions(), steps);
    }

    private static void step(java.util.Map<String, Long> steps, String name, Runnable work) {
        long started = System.nanoTime();
        work.run();
        steps.put(name, (System.nanoTime() - started) / 1_000_000);
    }

    private void users(DatasetSize size, String hash) {
        db.sql("INSERT INTO iam_users (id, email, display_name, password_hash, role) VALUES (1, 'admin@lms.test', 'Admin', :hash, 'ADMIN')")
                .param("hash", hash).update();
        db.sql("""
                        INSERT INTO iam_users (id, email, display_name, password_hash, role)
                        SELECT 1 + g, 'instructor' || g || '@lms.test', 'Instructor ' || g, :hash, 'INSTRUCTOR'
                        FROM generate_series(1, :n) g""")
                .param("hash", hash).param("n", size.instructors).update();
        db.sql("""
                        INSERT INTO iam_users (id, email, display_name, password_hash, role)
                        SELECT 1 + :instructors + g, 'student' || g || '@lms.test', 'Student ' || g, :hash, 'STUDENT'
                        FROM generate_series(1, :n) g""")
                .param("hash", hash).param("instructors", size.instructors).param("n", size.students).update();
        resetSequence("iam_users");
    }

    private void courses(DatasetSize size) {
        db.sql("""
                        INSERT INTO catalog_courses (id, title, summary, category, instructor_id, price_cents, currency)
                        SELECT g,
                               (ARRAY['Practical','Modern','Applied','Essential','Advanced','Hands-on','Complete','Effective'])[1 + g % 8] || ' ' ||
                               (ARRAY['PostgreSQL','Java','Statistics','Typography','Negotiation','Spanish','Jazz Harmony','Calculus',
                                      'Chemistry','SEO','Portrait Lighting','Nutrition','Kubernetes','Machine Learning','Accounting','Guitar'])[1 + (g / 8) % 16]
                               || ' ' || g,
                               'Learn ' || (ARRAY['performance tuning','testing','data analysis','visual design','leadership','conversation',
                                                  'improvisation','proofs','lab technique','content strategy','composition','meal planning',
                                                  'scaling','model evaluation','bookkeeping','fingerpicking'])[1 + g % 16]
                               || ' step by step, with exercises and a final quiz. Course number ' || g || '.',
                               (ARRAY[:categories])[1 + g % :categoryCount],
                               2 + (g % :instructors),
                               CASE WHEN g % 4 = 0 THEN 990 + (g * 37 % 50) * 100 ELSE 0 END,
                               'EUR'
                        FROM generate_series(1, :n) g""")
                .param("categories", java.util.List.of(CATEGORIES)).param("categoryCount", CATEGORIES.length)
                .param("instructors", size.instructors).param("n", size.courses).update();
        db.sql("""
                        INSERT INTO catalog_lessons (course_id, position, title, body, duration_seconds)
                        SELECT c, p, 'Lesson ' || p || ' of course ' || c,
                               repeat('Lesson ' || p || ' explains one idea with an example and a short exercise. ', 8),
                               120 + ((c * 31 + p * 17) % 20) * 30
                        FROM generate_series(1, :courses) c, generate_series(1, :lessons) p""")
                .param("courses", size.courses).param("lessons", size.lessonsPerCourse).update();
        resetSequence("catalog_courses");
        resetSequence("catalog_lessons");
    }

    /**
     * Student s takes courses ((7s + 131k) mod C) + 1 for k = 0..E-1: distinct because 131 is prime
     * and no course count here is a multiple of it, and spread evenly over the catalog.
     */
    private void enrolments(DatasetSize size) {
        db.sql("""
                        INSERT INTO enrollment_enrollments (user_id, course_id, enrolled_at)
                        SELECT 1 + :instructors + s, ((7 * s + 131 * k) % :courses) + 1,
                               timestamptz '2026-01-01 00:00:00+00' + make_interval(mins => (s * 13 + k * 7) % 100000)
                        FROM generate_series(1, :students) s, generate_series(0, :perStudent - 1) k""")
                .param("instructors", size.instructors).param("courses", size.courses)
                .param("students", size.students).param("perStudent", size.enrolmentsPerStudent).update();
        resetSequence("enrollment_enrollments");
    }

    /** Each enrolment has its first (31 user + 17 course) mod (lessons + 1) lessons completed: 0 to all of them. */
    private void progress(DatasetSize size) {
        db.sql("""
                        INSERT INTO enrollment_lesson_progress (user_id, lesson_id, course_id, position_seconds, completed, updated_at)
                        SELECT e.user_id, l.id, e.course_id, l.duration_seconds, true, e.enrolled_at + make_interval(days => l.position)
                        FROM enrollment_enrollments e
                        JOIN catalog_lessons l ON l.course_id = e.course_id
                        WHERE l.position <= (e.user_id * 31 + e.course_id * 17) % (:lessons + 1)""")
                .param("lessons", size.lessonsPerCourse).update();
        db.sql("UPDATE enrollment_enrollments SET completed_at = enrolled_at + make_interval(days => :lessons) WHERE (user_id * 31 + course_id * 17) % (:lessons + 1) = :lessons")
                .param("lessons", size.lessonsPerCourse).update();
    }

    private void quizzes(DatasetSize size) {
        db.sql("""
                        INSERT INTO assessment_quizzes (id, course_id, title, pass_mark_percent)
                        SELECT g, g, 'Final quiz of course ' || g, 60 FROM generate_series(1, :courses) g""")
                .param("courses", size.courses).update();
        db.sql("""
                        INSERT INTO assessment_questions (quiz_id, position, prompt, options, correct_option)
                        SELECT q, p, 'Question ' || p || ' of quiz ' || q || ': which statement is right?',
                               ARRAY['Statement A of ' || p, 'Statement B of ' || p, 'Statement C of ' || p, 'Statement D of ' || p],
                               (q + p) % 4
                        FROM generate_series(1, :courses) q, generate_series(1, :questions) p""")
                .param("courses", size.courses).param("questions", size.questionsPerQuiz).update();
        resetSequence("assessment_quizzes");
        resetSequence("assessment_questions");
    }

    /** One enrolment in five left a review; ratings are then aggregated as the job would. */
    private void reviews(DatasetSize size) {
        db.sql("""
                        INSERT INTO review_reviews (course_id, user_id, rating, comment, created_at)
                        SELECT course_id, user_id, 1 + (user_id * course_id) % 5, 'Review of course ' || course_id || ' by user ' || user_id,
                               enrolled_at + interval '1 day'
                        FROM enrollment_enrollments WHERE (user_id * 13 + course_id * 7) % 5 = 0""").update();
        db.sql("""
                        INSERT INTO review_course_ratings (course_id, review_count, average_rating)
                        SELECT course_id, count(*), round(avg(rating), 2) FROM review_reviews GROUP BY course_id""").update();
        resetSequence("review_reviews");
    }

    private void resetSequence(String table) {
        db.sql("SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), coalesce((SELECT max(id) FROM " + table + "), 0) + 1, false)")
                .query(Long.class).single();
    }
}
