package org.lmsharness.lms.enrollment;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.lmsharness.lms.catalog.Catalog;
import org.lmsharness.lms.iam.CurrentUser;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class EnrollmentController {

    record MyCourse(long enrollmentId, long courseId, String title, Instant enrolledAt, Instant completedAt, double completionPercent) {}

    record MyCourses(List<MyCourse> items, int page, int size, long totalItems) {}

    record Heartbeat(@NotNull @Min(0) Integer positionSeconds, Boolean completed) {}

    record CourseProgress(long courseId, double completionPercent, List<Enrollments.Progress> lessons) {}

    record CourseAnalytics(long courseId, int lessons, Enrollments.Analytics learners) {}

    private final Enrollment enrollment;
    private final Enrollments enrollments;
    private final Catalog catalog;

    EnrollmentController(Enrollment enrollment, Enrollments enrollments, Catalog catalog) {
        this.enrollment = enrollment;
        this.enrollments = enrollments;
        this.catalog = catalog;
    }

    /** 201 the first time, 200 with the same enrolment every time after. */
    @PostMapping("/api/courses/{courseId}/enrollments")
    ResponseEntity<Enrollment.Enrolled> enrol(CurrentUser user, @PathVariable long courseId) {
        Enrollment.Enrolled enrolled = enrollment.enrolFree(user, courseId);
        return enrolled.created()
                ? ResponseEntity.created(URI.create("/api/me/courses")).body(enrolled)
                : ResponseEntity.ok(enrolled);
    }

    @GetMapping("/api/me/courses")
    MyCourses myCourses(CurrentUser user, @RequestParam(defaultValue = "0") @Min(0) int page,
                        @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        List<MyCourse> items = enrollments.ofUser(user.id(), page, size).stream()
                .map(e -> new MyCourse(e.id(), e.courseId(), catalog.require(e.courseId()).course().title(), e.enrolledAt(),
                        e.completedAt(), enrollment.completionPercent(user.id(), e.courseId())))
                .toList();
        return new MyCourses(items, page, size, enrollments.countOfUser(user.id()));
    }

    /** A heartbeat from the player: small and frequent, like video watch progress. */
    @PutMapping("/api/courses/{courseId}/lessons/{lessonId}/progress")
    Enrollment.ProgressReport heartbeat(CurrentUser user, @PathVariable long courseId, @PathVariable long lessonId,
                                        @Valid @RequestBody Heartbeat heartbeat) {
        return enrollment.recordProgress(user, courseId, lessonId, heartbeat.positionSeconds(), Boolean.TRUE.equals(heartbeat.completed()));
    }

    @GetMapping("/api/courses/{courseId}/progress")
    CourseProgress progress(CurrentUser user, @PathVariable long courseId) {
        List<Enrollments.Progress> lessons = enrollment.progress(user, courseId);
        return new CourseProgress(courseId, enrollment.completionPercent(user.id(), courseId), lessons);
    }

    @GetMapping("/api/me/certificates")
    List<Enrollments.Certificate> certificates(CurrentUser user) {
        return enrollments.certificates(user.id());
    }

    @GetMapping("/api/courses/{courseId}/analytics")
    @PreAuthorize("hasAnyRole('INSTRUCTOR', 'ADMIN')")
    CourseAnalytics analytics(CurrentUser user, @PathVariable long courseId) {
        catalog.requireManager(user, courseId);
        int lessons = catalog.require(courseId).lessons().size();
        return new CourseAnalytics(courseId, lessons, enrollments.analytics(courseId, lessons));
    }
}
