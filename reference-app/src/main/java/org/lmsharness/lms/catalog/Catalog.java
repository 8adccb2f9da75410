package org.lmsharness.lms.catalog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.lmsharness.lms.iam.CurrentUser;
import org.lmsharness.lms.platform.ApiError;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The course catalog, the public entry of this feature. Reads go through a per-replica cache;
 * every change evicts it on this replica at once and on every other replica through
 * {@link CatalogChanges} (PostgreSQL NOTIFY), with a short time-to-live as the safety net.
 */
@Service
public class Catalog {

    public record CourseSummary(long id, String title, String summary, String category, long instructorId,
                                long priceCents, String currency) {
        public boolean isFree() {
            return priceCents == 0;
        }
    }

    public record Lesson(long id, int position, String title, String body, int durationSeconds) {}

    public record CourseDetail(CourseSummary course, List<Lesson> lessons) {}

    public record CoursePage(List<CourseSummary> items, int page, int size, long totalItems) {}

    record PageKey(String category, String query, int page, int size) {}

    public record CourseDraft(@NotBlank @Size(max = 200) String title,
                              @NotBlank @Size(max = 4000) String summary,
                              @NotBlank @Size(max = 50) @Pattern(regexp = "[a-z0-9-]+", message = "must be lower-case letters, digits and dashes") String category,
                              @NotNull @Min(0) @Max(100_000_00) Long priceCents,
                              @NotBlank @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency) {}

    public record LessonDraft(@NotBlank @Size(max = 200) String title,
                              @NotBlank @Size(max = 20_000) String body,
                              @NotNull @Min(1) @Max(36_000) Integer durationSeconds) {}

    private final Courses courses;
    private final CatalogChanges changes;
    private final Cache<Long, Optional<CourseDetail>> details;
    private final Cache<PageKey, CoursePage> pages;

    Catalog(Courses courses, CatalogChanges changes, MeterRegistry metrics,
            @Value("${lms.catalog.cache-ttl:30s}") Duration ttl,
            @Value("${lms.catalog.cache-size:10000}") long maxEntries) {
        this.courses = courses;
        this.changes = changes;
        this.details = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxEntries).recordStats().build();
        this.pages = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxEntries).recordStats().build();
        CaffeineCacheMetrics.monitor(metrics, details, "catalog.course");
        CaffeineCacheMetrics.monitor(metrics, pages, "catalog.pages");
        changes.onChange(this::evict);
    }

    public CoursePage page(String category, String query, int page, int size) {
        return pages.get(new PageKey(category, query == null ? null : query.trim(), page, size),
                key -> courses.page(key.category(), key.query(), key.page(), key.size()));
    }

    public Optional<CourseDetail> detail(long id) {
        return details.get(id, courses::detail);
    }

    public CourseDetail require(long id) {
        return detail(id).orElseThrow(() -> ApiError.NOT_FOUND.because("no course with id " + id));
    }

    /** The lesson, if it belongs to the course; else 404 naming both ids. */
    public Lesson requireLesson(long courseId, long lessonId) {
        return require(courseId).lessons().stream().filter(lesson -> lesson.id() == lessonId).findFirst()
                .orElseThrow(() -> ApiError.NOT_FOUND.because("course " + courseId + " has no lesson with id " + lessonId));
    }

    /** Instructors own what they create; admins may manage any course. */
    public void requireManager(CurrentUser user, long courseId) {
        user.requireOwnerOrAdmin(require(courseId).course().instructorId(), "course " + courseId);
    }

    @Transactional
    long create(CurrentUser instructor, CourseDraft draft) {
        long id = courses.create(instructor.id(), draft);
        changes.publish(id);
        return id;
    }

    @Transactional
    void update(CurrentUser user, long id, CourseDraft draft) {
        requireManager(user, id);
        courses.update(id, draft);
        changes.publish(id);
    }

    @Transactional
    long addLesson(CurrentUser user, long courseId, LessonDraft draft) {
        requireManager(user, courseId);
        long lessonId = courses.addLesson(courseId, draft);
        changes.publish(courseId);
        return lessonId;
    }

    void evict(Long courseId) {
        if (courseId == null) details.invalidateAll();
        else details.invalidate(courseId);
        pages.invalidateAll();
    }
}
