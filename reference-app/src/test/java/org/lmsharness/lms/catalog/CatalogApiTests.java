package org.lmsharness.lms.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lmsharness.lms.support.Api;
import org.lmsharness.lms.support.ApiTest;
import tools.jackson.databind.JsonNode;

class CatalogApiTests extends ApiTest {

    @Test
    void listIsPagedAndCountsEveryCourse() {
        Api.Response first = api.get("/api/courses?page=0&size=3");
        Api.Response second = api.get("/api/courses?page=1&size=3");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("items").size()).isEqualTo(3);
        assertThat(first.json().get("totalItems").asLong()).isGreaterThanOrEqualTo(10);
        assertThat(first.json().at("/items/0/id").asLong()).isNotEqualTo(second.json().at("/items/0/id").asLong());
    }

    @Test
    void categoryFilterReturnsOnlyThatCategory() {
        Api.Response data = api.get("/api/courses?category=data&size=100");

        assertThat(data.json().get("items").size()).isPositive();
        for (JsonNode course : data.json().get("items")) assertThat(course.get("category").asString()).isEqualTo("data");
    }

    @Test
    void fullTextSearchFindsCoursesByWordsOfTheirTitleAndSummary() {
        Api.Response found = api.get("/api/courses?q=postgresql");
        Api.Response stemmed = api.get("/api/courses?q=exercise");
        Api.Response none = api.get("/api/courses?q=zyzzyva");

        assertThat(found.json().get("totalItems").asLong()).isPositive();
        for (JsonNode course : found.json().get("items")) assertThat(course.get("title").asString()).containsIgnoringCase("PostgreSQL");
        assertThat(stemmed.json().get("totalItems").asLong()).as("'exercise' matches 'exercises'").isGreaterThanOrEqualTo(10);
        assertThat(none.json().get("totalItems").asLong()).isZero();
    }

    @Test
    void detailHasLessonsInOrder() {
        Api.Response detail = api.get("/api/courses/1");

        assertThat(detail.status()).isEqualTo(200);
        assertThat(detail.json().at("/course/id").asLong()).isEqualTo(1);
        assertThat(detail.json().get("lessons").size()).isEqualTo(5);
        assertThat(detail.json().at("/lessons/0/position").asInt()).isEqualTo(1);
        assertThat(detail.json().at("/lessons/4/position").asInt()).isEqualTo(5);
    }

    @Test
    void unknownCourseIsNotFound() {
        Api.Response response = api.get("/api/courses/987654");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("detail").asString()).isEqualTo("no course with id 987654");
    }

    @Test
    void changesAreVisibleAtOnceDespiteTheCache() {
        Api.Session instructor = api.newInstructor();
        long id = api.newCourse(instructor, 0, 1);
        assertThat(api.get("/api/courses/" + id).json().get("lessons").size()).isEqualTo(1); // now cached

        api.put("/api/courses/" + id, Map.of("title", "Renamed course", "summary", "New summary", "category", "testing",
                "priceCents", 0, "currency", "EUR"), instructor);
        api.post("/api/courses/" + id + "/lessons", Map.of("title", "Extra", "body", "More", "durationSeconds", 60), instructor);

        JsonNode detail = api.get("/api/courses/" + id).json();
        assertThat(detail.at("/course/title").asString()).isEqualTo("Renamed course");
        assertThat(detail.get("lessons").size()).isEqualTo(2);
        assertThat(api.get("/api/courses?q=renamed").json().get("items").findValuesAsString("title")).contains("Renamed course");
    }

    @Test
    void anotherInstructorCannotChangeTheCourse() {
        long id = api.newCourse(api.newInstructor(), 0, 0);

        Api.Response response = api.post("/api/courses/" + id + "/lessons",
                Map.of("title", "Intruder", "body", "x", "durationSeconds", 60), api.newInstructor());

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().get("detail").asString()).contains("only its owner or an admin");
    }

    @Test
    void pageSizeOutOfRangeIsABadRequest() {
        Api.Response response = api.get("/api/courses?size=1000");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asString()).contains("'size'");
    }
}
