package org.lmsharness.lms.enrollment;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lmsharness.lms.catalog.Catalog;
import org.lmsharness.lms.iam.CurrentUser;
import org.lmsharness.lms.jobs.Jobs;
import org.lmsharness.lms.platform.ApiError;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Enrolling, learning progress and completion: the public entry of this feature. */
@Service
public class Enrollment {

    static final String ISSUE_CERTIFICATE = "certificate.issue";

    public record Enrolled(long enrollmentId, long courseId, boolean created) {}

    record ProgressReport(long courseId, long lessonId, int positionSeconds, boolean lessonCompleted, double completionPercent, boolean courseCompleted) {}

    private final Enrollments enrollments;
    private final Catalog catalog;
    private final Jobs jobs;
    private final ApplicationEventPublisher events;
    private final Counter enrolmentsCreated;
    private final Counter progressWrites;

    Enrollment(Enrollments enrollments, Catalog catalog, Jobs jobs, ApplicationEventPublisher events, MeterRegistry metrics) {
        this.enrollments = enrollments;
        this.catalog = catalog;
        this.jobs = jobs;
        this.events = events;
        this.enrolmentsCreated = Counter.builder("lms.enrollments").description("Enrolments created").register(metrics);
        this.progressWrites = Counter.builder("lms.progress.writes").description("Lesson-progress heartbeats stored").register(metrics);
    }

    public boolean isEnrolled(long userId, long courseId) {
        return enrollments.find(userId, courseId).isPresent();
    }

    /** 403 unless enrolled; instructors of the course and admins count as enrolled for reading. */
    public void requireEnrolledOrManager(CurrentUser user, long courseId) {
        if (user.isAdmin() || catalog.require(courseId).course().instructorId() == user.id()) return;
        if (!isEnrolled(user.id(), courseId)) throw ApiError.FORBIDDEN.because("enrol in course " + courseId + " first");
    }

    /** Free courses only; a paid course is enrolled by its checkout. Enrolling twice returns the first enrolment. */
    @Transactional
    public Enrolled enrolFree(CurrentUser user, long courseId) {
        Catalog.CourseSummary course = catalog.require(courseId).course();
        Optional<Enrollments.Enrolment> existing = enrollments.find(user.id(), courseId);
        if (existing.isPresent()) return new Enrolled(existing.get().id(), courseId, false);
        if (!course.isFree()) {
            throw ApiError.CONFLICT.because("course " + courseId + " costs " + course.priceCents() + " " + course.currency()
                    + " cents: check out with POST /api/payments/checkout first");
        }
        return enrol(user.id(), courseId, false);
    }

    /** Called by checkout once the provider charged; idempotent. */
    @Transactional
    public Enrolled enrolPaid(long userId, long courseId) {
        return enrol(userId, courseId, true);
    }

    private Enrolled enrol(long userId, long courseId, boolean paid) {
        Optional<Long> created = enrollments.insert(userId, courseId);
        if (created.isEmpty()) return new Enrolled(enrollments.find(userId, courseId).orElseThrow().id(), courseId, false);
        enrolmentsCreated.increment();
        events.publishEvent(new EnrollmentCreated(created.get(), userId, courseId, paid));
        return new Enrolled(created.get(), courseId, true);
    }

    /** The share of a lesson a learner must have reached for it to count as complete. */
    static final double COMPLETE_AT = 0.9;

    @Transactional
    ProgressReport recordProgress(CurrentUser user, long courseId, long lessonId, int positionSeconds, boolean completed) {
        Catalog.Lesson lesson = catalog.requireLesson(courseId, lessonId);
        if (!isEnrolled(user.id(), courseId)) throw ApiError.FORBIDDEN.because("enrol in course " + courseId + " first");
        if (positionSeconds > lesson.durationSeconds()) {
            throw ApiError.INVALID.because("positionSeconds " + positionSeconds + " is past the end of lesson " + lessonId
                    + " (" + lesson.durationSeconds() + " s)");
        }
        // A lesson is complete once watched to 90 %: "completed" at position 0 finished lessons (and earned certificates) unwatched.
        int watched = (int) Math.ceil(COMPLETE_AT * lesson.durationSeconds());
        if (completed && positionSeconds < watched) {
            throw ApiError.INVALID.because("lesson " + lessonId + " is complete once watched to " + watched + " s (90 %), not at positionSeconds "
                    + positionSeconds);
        }
        Enrollments.Recorded recorded = enrollments.recordProgress(user.id(), courseId, lessonId, positionSeconds, completed);
        progressWrites.increment();
        int lessonCount = catalog.require(courseId).lessons().size();
        long done = enrollments.completedLessons(user.id(), courseId);
        boolean courseCompleted = false;
        if (recorded.justCompleted() && done >= lessonCount && enrollments.markCompleted(user.id(), courseId)) {
            courseCompleted = true;
            jobs.enqueue(ISSUE_CERTIFICATE, Map.of("userId", user.id(), "courseId", courseId));
            events.publishEvent(new CourseCompleted(user.id(), courseId));
        }
        return new ProgressReport(courseId, lessonId, positionSeconds, recorded.completed(),
                percent(done, lessonCount), courseCompleted);
    }

    double completionPercent(long userId, long courseId) {
        return percent(enrollments.completedLessons(userId, courseId), catalog.require(courseId).lessons().size());
    }

    List<Enrollments.Progress> progress(CurrentUser user, long courseId) {
        catalog.require(courseId);
        if (!isEnrolled(user.id(), courseId)) throw ApiError.FORBIDDEN.because("enrol in course " + courseId + " first");
        return enrollments.progress(user.id(), courseId);
    }

    private static double percent(long done, int total) {
        return total == 0 ? 0 : Math.round(done * 1000.0 / total) / 10.0;
    }
}
