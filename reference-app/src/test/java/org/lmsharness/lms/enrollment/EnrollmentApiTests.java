package org.lmsharness.lms.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lmsharness.lms.support.Api;
import org.lmsharness.lms.support.ApiTest;
import tools.jackson.databind.JsonNode;

class EnrollmentApiTests extends ApiTest {

    @Test
    void enrollingIsIdempotent() {
        Api.Session student = api.newStudent();
        long course = api.newCourse(api.newInstructor(), 0, 2);

        Api.Response first = api.post("/api/courses/" + course + "/enrollments", "", student);
        Api.Response second = api.post("/api/courses/" + course + "/enrollments", "", student);

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("enrollmentId")).isEqualTo(first.json().get("enrollmentId"));
        assertThat(api.get("/api/me/courses", student).json().get("totalItems").asLong()).isEqualTo(1);
    }

    @Test
    void paidCourseCannotBeEnrolledWithoutCheckout() {
        long course = api.newCourse(api.newInstructor(), 1500, 1);

        Api.Response response = api.post("/api/courses/" + course + "/enrollments", "", api.newStudent());

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.json().get("detail").asString()).contains("check out");
    }

    @Test
    void heartbeatsTrackProgressAndCompletionIssuesACertificate() {
        long course = api.newCourse(api.newInstructor(), 0, 2);
        Api.Session student = api.newStudentEnrolledIn(course);
        JsonNode lessons = api.get("/api/courses/" + course).json().get("lessons");
        String first = "/api/courses/" + course + "/lessons/" + lessons.get(0).get("id").asLong() + "/progress";
        String second = "/api/courses/" + course + "/lessons/" + lessons.get(1).get("id").asLong() + "/progress";

        for (int position = 10; position <= 50; position += 10) {
            assertThat(api.put(first, Map.of("positionSeconds", position, "completed", false), student).status()).isEqualTo(200);
        }
        Api.Response half = api.put(first, Map.of("positionSeconds", 600, "completed", true), student);
        Api.Response done = api.put(second, Map.of("positionSeconds", 600, "completed", true), student);

        assertThat(half.json().get("completionPercent").asDouble()).isEqualTo(50.0);
        assertThat(done.json().get("completionPercent").asDouble()).isEqualTo(100.0);
        assertThat(done.json().get("courseCompleted").asBoolean()).isTrue();
        JsonNode progress = api.get("/api/courses/" + course + "/progress", student).json();
        assertThat(progress.get("lessons").size()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(api.get("/api/me/certificates", student).json().findValuesAsString("courseId")).containsExactly(Long.toString(course)));
    }

    @Test
    void aCompletedLessonStaysCompletedWhenAnOlderHeartbeatArrives() {
        long course = api.newCourse(api.newInstructor(), 0, 2);
        Api.Session student = api.newStudentEnrolledIn(course);
        String path = firstLessonProgress(course);

        api.put(path, Map.of("positionSeconds", 600, "completed", true), student);
        Api.Response late = api.put(path, Map.of("positionSeconds", 300, "completed", false), student);

        assertThat(late.json().get("lessonCompleted").asBoolean()).isTrue();
        assertThat(late.json().get("completionPercent").asDouble()).isEqualTo(50.0);
    }

    @Test
    void heartbeatRequiresEnrolmentAndALessonOfThatCourse() {
        Api.Session student = api.newStudent();
        long course = api.newCourse(api.newInstructor(), 0, 1);
        long lesson = api.firstLessonId(course);

        Api.Response notEnrolled = api.put("/api/courses/" + course + "/lessons/" + lesson + "/progress", Map.of("positionSeconds", 1), student);
        api.post("/api/courses/" + course + "/enrollments", "", student);
        Api.Response wrongLesson = api.put("/api/courses/" + course + "/lessons/1/progress", Map.of("positionSeconds", 1), student);
        Api.Response pastTheEnd = api.put("/api/courses/" + course + "/lessons/" + lesson + "/progress", Map.of("positionSeconds", 601), student);

        assertThat(notEnrolled.status()).isEqualTo(403);
        assertThat(wrongLesson.status()).isEqualTo(404);
        assertThat(pastTheEnd.status()).isEqualTo(422);
    }

    @Test
    void instructorSeesAnalyticsOfTheirCourseOnly() {
        Api.Session instructor = api.newInstructor();
        long course = api.newCourse(instructor, 0, 2);
        api.newStudentEnrolledIn(course);
        api.newStudentEnrolledIn(course);

        Api.Response mine = api.get("/api/courses/" + course + "/analytics", instructor);
        Api.Response other = api.get("/api/courses/" + course + "/analytics", api.newInstructor());

        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.json().at("/learners/enrolments").asLong()).isEqualTo(2);
        assertThat(other.status()).isEqualTo(403);
    }

    /** "completed" with positionSeconds 0 completed a lesson nobody watched; it needs 90 % of the lesson now. */
    @Test
    void aLessonIsNotCompleteBeforeItIsWatched() {
        long course = api.newCourse(api.newInstructor(), 0, 1);
        Api.Session student = api.newStudentEnrolledIn(course);
        String path = firstLessonProgress(course);

        Api.Response skipped = api.put(path, Map.of("positionSeconds", 0, "completed", true), student);
        Api.Response watched = api.put(path, Map.of("positionSeconds", 540, "completed", true), student);

        assertThat(skipped.status()).isEqualTo(422);
        assertThat(skipped.json().get("detail").asString()).contains("540 s");
        assertThat(watched.status()).isEqualTo(200);
        assertThat(watched.json().get("lessonCompleted").asBoolean()).isTrue();
    }

    private String firstLessonProgress(long course) {
        return "/api/courses/" + course + "/lessons/" + api.firstLessonId(course) + "/progress";
    }
}
