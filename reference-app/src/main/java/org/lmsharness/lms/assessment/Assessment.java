package org.lmsharness.lms.assessment;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.lmsharness.lms.catalog.Catalog;
import org.lmsharness.lms.enrollment.Enrollment;
import org.lmsharness.lms.iam.CurrentUser;
import org.lmsharness.lms.platform.ApiError;
import org.lmsharness.lms.platform.InvalidSetting;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Quizzes: fetch (without the answers), submit and grade an attempt, and the gradebook. */
@Service
class Assessment {

    record QuestionDraft(@NotBlank @Size(max = 2000) String prompt,
                         @NotNull @Size(min = 2, max = 10) List<@NotBlank @Size(max = 500) String> options,
                         @NotNull @Min(0) Integer correctOption) {}

    record QuizDraft(@NotBlank @Size(max = 200) String title,
                     @NotNull @Min(0) @Max(100) Integer passMarkPercent,
                     @NotEmpty @Size(max = 100) List<@NotNull @Valid QuestionDraft> questions) {}

    /** What a learner sees: no correct answers. */
    record QuestionView(long id, int position, String prompt, List<String> options) {}

    record QuizView(long id, long courseId, String title, int passMarkPercent, List<QuestionView> questions) {}

    /**
     * The answer to an attempt. Scored: the score. Practice (the learner's scored attempts used up):
     * recorded, but no score, nothing that would let answers be inferred by trying them one by one.
     */
    record Graded(long attemptId, long quizId, boolean scored, Integer correct, int total, Integer scorePercent, Boolean passed,
                  int scoredAttemptsAllowed) {}

    private final Quizzes quizzes;
    private final int scoredAttempts;
    private final Catalog catalog;
    private final Enrollment enrollment;

    Assessment(Quizzes quizzes, Catalog catalog, Enrollment enrollment, @Value("${lms.assessment.scored-attempts:3}") int scoredAttempts) {
        if (scoredAttempts < 1) throw new InvalidSetting("lms.assessment.scored-attempts", Integer.toString(scoredAttempts), "at least 1");
        this.scoredAttempts = scoredAttempts;
        this.quizzes = quizzes;
        this.catalog = catalog;
        this.enrollment = enrollment;
    }

    QuizView view(CurrentUser user, long quizId) {
        Quizzes.Quiz quiz = require(quizId);
        enrollment.requireEnrolledOrManager(user, quiz.courseId());
        List<QuestionView> questions = quizzes.questions(quizId).stream()
                .map(q -> new QuestionView(q.id(), q.position(), q.prompt(), q.options())).toList();
        return new QuizView(quiz.id(), quiz.courseId(), quiz.title(), quiz.passMarkPercent(), questions);
    }

    List<Quizzes.Quiz> ofCourse(CurrentUser user, long courseId) {
        catalog.require(courseId);
        enrollment.requireEnrolledOrManager(user, courseId);
        return quizzes.ofCourse(courseId);
    }

    @Transactional
    long create(CurrentUser user, long courseId, QuizDraft draft) {
        catalog.requireManager(user, courseId);
        for (int i = 0; i < draft.questions().size(); i++) {
            QuestionDraft question = draft.questions().get(i);
            if (question.correctOption() >= question.options().size()) {
                throw ApiError.INVALID.because("questions[" + i + "].correctOption " + question.correctOption()
                        + " is not one of its " + question.options().size() + " options (0-based)");
            }
        }
        return quizzes.create(courseId, draft.title(), draft.passMarkPercent(), draft.questions());
    }

    /** Grades against the stored answers; one answer per question, each a 0-based option index. */
    @Transactional
    Graded submit(CurrentUser user, long quizId, List<Integer> answers) {
        Quizzes.Quiz quiz = require(quizId);
        if (!enrollment.isEnrolled(user.id(), quiz.courseId())) {
            throw ApiError.FORBIDDEN.because("enrol in course " + quiz.courseId() + " before attempting its quizzes");
        }
        List<Quizzes.Question> questions = quizzes.questions(quizId);
        if (answers.size() != questions.size()) {
            throw ApiError.INVALID.because("quiz " + quizId + " has " + questions.size() + " questions, got " + answers.size() + " answers");
        }
        int correct = 0;
        for (int i = 0; i < questions.size(); i++) {
            Integer answer = answers.get(i);
            int options = questions.get(i).options().size();
            if (answer == null || answer < 0 || answer >= options) {
                throw ApiError.INVALID.because("answers[" + i + "] must be an option index in 0.." + (options - 1) + ", got " + answer);
            }
            if (answer == questions.get(i).correctOption()) correct++;
        }
        int score = Math.round(correct * 100f / questions.size());
        boolean passed = score >= quiz.passMarkPercent();
        Quizzes.Attempt attempt = quizzes.record(quizId, user.id(), answers, correct, score, passed, scoredAttempts);
        return new Graded(attempt.id(), quizId, attempt.scored(), attempt.correctCount(), questions.size(), attempt.scorePercent(), attempt.passed(),
                scoredAttempts);
    }

    List<Quizzes.GradebookRow> gradebook(CurrentUser user, long courseId, int page, int size) {
        catalog.requireManager(user, courseId);
        return quizzes.gradebook(courseId, page, size);
    }

    private Quizzes.Quiz require(long quizId) {
        return quizzes.find(quizId).orElseThrow(() -> ApiError.NOT_FOUND.because("no quiz with id " + quizId));
    }
}
