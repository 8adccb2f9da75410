package org.lmsharness.lms.assessment;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code assessment_*} tables. */
@Repository
class Quizzes {

    record Quiz(long id, long courseId, String title, int passMarkPercent) {}

    record Question(long id, int position, String prompt, List<String> options, int correctOption) {}

    /** A practice attempt ({@code scored} false) keeps its score to itself: nulls here. */
    record Attempt(long id, long quizId, long userId, boolean scored, Integer correctCount, Integer scorePercent, Boolean passed, Instant submittedAt) {}

    record GradebookRow(long userId, long quizId, int attempts, int bestScorePercent, boolean passed) {}

    private final JdbcClient db;

    Quizzes(JdbcClient db) {
        this.db = db;
    }

    Optional<Quiz> find(long id) {
        return db.sql("SELECT id, course_id, title, pass_mark_percent FROM assessment_quizzes WHERE id = :id")
                .param("id", id).query(Quizzes::quiz).optional();
    }

    List<Quiz> ofCourse(long courseId) {
        return db.sql("SELECT id, course_id, title, pass_mark_percent FROM assessment_quizzes WHERE course_id = :course ORDER BY id")
                .param("course", courseId).query(Quizzes::quiz).list();
    }

    List<Question> questions(long quizId) {
        return db.sql("SELECT id, position, prompt, options, correct_option FROM assessment_questions WHERE quiz_id = :quiz ORDER BY position")
                .param("quiz", quizId)
                .query((row, n) -> new Question(row.getLong("id"), row.getInt("position"), row.getString("prompt"),
                        strings(row.getArray("options")), row.getInt("correct_option")))
                .list();
    }

    long create(long courseId, String title, int passMarkPercent, List<Assessment.QuestionDraft> questions) {
        long quizId = db.sql("INSERT INTO assessment_quizzes (course_id, title, pass_mark_percent) VALUES (:course, :title, :pass) RETURNING id")
                .param("course", courseId).param("title", title).param("pass", passMarkPercent).query(Long.class).single();
        for (int i = 0; i < questions.size(); i++) {
            Assessment.QuestionDraft question = questions.get(i);
            db.sql("""
                            INSERT INTO assessment_questions (quiz_id, position, prompt, options, correct_option)
                            VALUES (:quiz, :position, :prompt, string_to_array(:options, chr(31)), :correct)""")
                    .param("quiz", quizId).param("position", i + 1).param("prompt", question.prompt())
                    .param("options", String.join("\u001f", question.options())).param("correct", question.correctOption())
                    .update();
        }
        return quizId;
    }

    /**
     * Records an attempt, scored while the learner has scored attempts left on the quiz ({@code scoredAttempts}),
     * as practice after. Concurrent attempts of one learner on one quiz queue on an advisory lock, so two
     * of them cannot both take the last scored one.
     */
    Attempt record(long quizId, long userId, List<Integer> answers, int correct, int scorePercent, boolean passed, int scoredAttempts) {
        db.sql("SELECT pg_advisory_xact_lock(CAST(:quiz % 2147483647 AS int), CAST(:user % 2147483647 AS int))")
                .param("quiz", quizId).param("user", userId).query().singleRow();
        return db.sql("""
                        INSERT INTO assessment_attempts (quiz_id, user_id, answers, correct_count, score_percent, passed, scored)
                        VALUES (:quiz, :user, string_to_array(:answers, ',')::int[], :correct, :score, :passed,
                                (SELECT count(*) < :scored FROM assessment_attempts WHERE quiz_id = :quiz AND user_id = :user AND scored))
                        RETURNING %s""".formatted(ATTEMPT_COLUMNS))
                .param("quiz", quizId).param("user", userId)
                .param("answers", String.join(",", answers.stream().map(String::valueOf).toList()))
                .param("correct", correct).param("score", scorePercent).param("passed", passed).param("scored", scoredAttempts)
                .query(Quizzes::attempt).single();
    }

    List<Attempt> attemptsOf(long userId) {
        return db.sql("SELECT " + ATTEMPT_COLUMNS + " FROM assessment_attempts WHERE user_id = :user ORDER BY id DESC LIMIT 200")
                .param("user", userId).query(Quizzes::attempt).list();
    }

    private static final String ATTEMPT_COLUMNS = "id, quiz_id, user_id, scored, correct_count, score_percent, passed, submitted_at";

    /** Per learner and quiz of the course: number of scored attempts and the best score; practice attempts do not count. */
    List<GradebookRow> gradebook(long courseId, int page, int size) {
        return db.sql("""
                        SELECT a.user_id, a.quiz_id, count(*) AS attempts, max(a.score_percent) AS best, bool_or(a.passed) AS passed
                        FROM assessment_attempts a JOIN assessment_quizzes q ON q.id = a.quiz_id
                        WHERE q.course_id = :course AND a.scored
                        GROUP BY a.user_id, a.quiz_id ORDER BY a.user_id, a.quiz_id LIMIT :size OFFSET :offset""")
                .param("course", courseId).param("size", size).param("offset", (long) page * size)
                .query((row, n) -> new GradebookRow(row.getLong("user_id"), row.getLong("quiz_id"), row.getInt("attempts"),
                        row.getInt("best"), row.getBoolean("passed")))
                .list();
    }

    private static Quiz quiz(ResultSet row, int n) throws SQLException {
        return new Quiz(row.getLong("id"), row.getLong("course_id"), row.getString("title"), row.getInt("pass_mark_percent"));
    }

    private static Attempt attempt(ResultSet row, int n) throws SQLException {
        boolean scored = row.getBoolean("scored");
        return new Attempt(row.getLong("id"), row.getLong("quiz_id"), row.getLong("user_id"), scored,
                scored ? row.getInt("correct_count") : null, scored ? row.getInt("score_percent") : null, scored ? row.getBoolean("passed") : null,
                row.getObject("submitted_at", OffsetDateTime.class).toInstant());
    }

    private static List<String> strings(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }
}
