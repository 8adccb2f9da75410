package org.lmsharness.lms.review;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.lmsharness.lms.catalog.Catalog;
import org.lmsharness.lms.enrollment.Enrollment;
import org.lmsharness.lms.iam.CurrentUser;
import org.lmsharness.lms.jobs.JobHandler;
import org.lmsharness.lms.jobs.Jobs;
import org.lmsharness.lms.platform.ApiError;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Reviews are written at once; the course's rating aggregate follows through a job (eventual
 * consistency: availability of the write path over a rating that is exact to the second).
 */
@RestController
class ReviewController {

    static final String REFRESH_RATING = "review.refresh-rating";

    record ReviewDraft(@NotNull @Min(1) @Max(5) Integer rating, @NotNull @Size(max = 4000) String comment) {}

    record CourseReviews(long courseId, Reviews.Rating rating, List<Reviews.Review> items, int page, int size) {}

    private final Reviews reviews;
    private final Catalog catalog;
    private final Enrollment enrollment;
    private final Jobs jobs;

    ReviewController(Reviews reviews, Catalog catalog, Enrollment enrollment, Jobs jobs) {
        this.reviews = reviews;
        this.catalog = catalog;
        this.enrollment = enrollment;
        this.jobs = jobs;
    }

    @PostMapping("/api/courses/{courseId}/reviews")
    @Transactional
    public ResponseEntity<Reviews.Review> post(CurrentUser user, @PathVariable long courseId, @Valid @RequestBody ReviewDraft draft) {
        catalog.require(courseId);
        if (!enrollment.isEnrolled(user.id(), courseId)) throw ApiError.FORBIDDEN.because("only learners enrolled in course " + courseId + " may review it");
        Reviews.Review review = reviews.insert(courseId, user.id(), draft.rating(), draft.comment())
                .orElseThrow(() -> ApiError.CONFLICT.because("you have already reviewed course " + courseId));
        // One pending refresh per course at most, however many reviews arrive meanwhile.
        jobs.enqueue(REFRESH_RATING, Map.of("courseId", courseId), Long.toString(courseId));
        return ResponseEntity.created(URI.create("/api/courses/" + courseId + "/reviews")).body(review);
    }

    @GetMapping("/api/courses/{courseId}/reviews")
    CourseReviews list(@PathVariable long courseId, @RequestParam(defaultValue = "0") @Min(0) int page,
                       @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        catalog.require(courseId);
        return new CourseReviews(courseId, reviews.rating(courseId).orElse(null), reviews.page(courseId, page, size), page, size);
    }

    @Component
    static class RatingRefresher implements JobHandler {
        private final Reviews reviews;

        RatingRefresher(Reviews reviews) {
            this.reviews = reviews;
        }

        @Override
        public String kind() {
            return REFRESH_RATING;
        }

        @Override
        public void handle(JsonNode payload) {
            reviews.refreshRating(payload.get("courseId").asLong());
        }
    }
}
