package org.lmsharness.lms.assessment;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import org.lmsharness.lms.iam.CurrentUser;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class AssessmentController {

    record Submission(@NotNull @Size(max = 100) List<@NotNull Integer> answers) {}

    record Gradebook(long courseId, List<Quizzes.GradebookRow> rows, int page, int size) {}

    private final Assessment assessment;
    private final Quizzes quizzes;

    AssessmentController(Assessment assessment, Quizzes quizzes) {
        this.assessment = assessment;
        this.quizzes = quizzes;
    }

    @GetMapping("/api/courses/{courseId}/quizzes")
    List<Quizzes.Quiz> ofCourse(CurrentUser user, @PathVariable long courseId) {
        return assessment.ofCourse(user, courseId);
    }

    @PostMapping("/api/courses/{courseId}/quizzes")
    @PreAuthorize("hasAnyRole('INSTRUCTOR', 'ADMIN')")
    ResponseEntity<Assessment.QuizView> create(CurrentUser user, @PathVariable long courseId, @Valid @RequestBody Assessment.QuizDraft draft) {
        long id = assessment.create(user, courseId, draft);
        return ResponseEntity.created(URI.create("/api/quizzes/" + id)).body(assessment.view(user, id));
    }

    @GetMapping("/api/quizzes/{quizId}")
    Assessment.QuizView quiz(CurrentUser user, @PathVariable long quizId) {
        return assessment.view(user, quizId);
    }

    @PostMapping("/api/quizzes/{quizId}/attempts")
    ResponseEntity<Assessment.Graded> submit(CurrentUser user, @PathVariable long quizId, @Valid @RequestBody Submission submission) {
        Assessment.Graded graded = assessment.submit(user, quizId, submission.answers());
        return ResponseEntity.created(URI.create("/api/me/grades")).body(graded);
    }

    @GetMapping("/api/me/grades")
    List<Quizzes.Attempt> myGrades(CurrentUser user) {
        return quizzes.attemptsOf(user.id());
    }

    @GetMapping("/api/courses/{courseId}/gradebook")
    @PreAuthorize("hasAnyRole('INSTRUCTOR', 'ADMIN')")
    Gradebook gradebook(CurrentUser user, @PathVariable long courseId,
                        @RequestParam(defaultValue = "0") @Min(0) int page,
                        @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        return new Gradebook(courseId, assessment.gradebook(user, courseId, page, size), page, size);
    }
}
