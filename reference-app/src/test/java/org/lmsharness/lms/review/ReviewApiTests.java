package org.lmsharness.lms.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lmsharness.lms.support.Api;
import org.lmsharness.lms.support.ApiTest;

class ReviewApiTests extends ApiTest {

    @Test
    void ratingAggregateFollowsTheReviewsEventually() {
        long course = api.newCourse(api.newInstructor(), 0, 0);
        int[] ratings = {5, 4, 3};
        for (int rating : ratings) {
            Api.Session student = api.newStudentEnrolledIn(course);
            assertThat(api.post("/api/courses/" + course + "/reviews", Map.of("rating", rating, "comment", "rated " + rating), student).status())
                    .isEqualTo(201);
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Api.Response reviews = api.get("/api/courses/" + course + "/reviews");
            assertThat(reviews.json().at("/rating/reviewCount").asInt()).isEqualTo(3);
            assertThat(reviews.json().at("/rating/averageRating").asDouble()).isEqualTo(4.0);
        });
        assertThat(api.get("/api/courses/" + course + "/reviews").json().get("items").size()).isEqualTo(3);
    }

    @Test
    void onlyEnrolledLearnersReviewAndOnlyOnce() {
        long course = api.newCourse(api.newInstructor(), 0, 0);
        Api.Session student = api.newStudent();

        Api.Response notEnrolled = api.post("/api/courses/" + course + "/reviews", Map.of("rating", 5, "comment", "great"), student);
        api.post("/api/courses/" + course + "/enrollments", "", student);
        Api.Response first = api.post("/api/courses/" + course + "/reviews", Map.of("rating", 5, "comment", "great"), student);
        Api.Response second = api.post("/api/courses/" + course + "/reviews", Map.of("rating", 1, "comment", "changed my mind"), student);
        Api.Response outOfRange = api.post("/api/courses/" + course + "/reviews", Map.of("rating", 6, "comment", "too good"), api.newStudent());

        assertThat(notEnrolled.status()).isEqualTo(403);
        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(409);
        assertThat(outOfRange.status()).isEqualTo(422);
    }
}
