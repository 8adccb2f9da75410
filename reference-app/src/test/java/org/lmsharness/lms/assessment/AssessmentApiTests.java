package org.lmsharness.lms.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lmsharness.lms.support.Api;
import org.lmsharness.lms.support.ApiTest;
import tools.jackson.databind.JsonNode;

class AssessmentApiTests extends ApiTest {

    private long quiz(Api.Session instructor, long course) {
        Api.Response created = api.post("/api/courses/" + course + "/quizzes", Map.of("title", "Check", "passMarkPercent", 50, "questions", List.of(
                Map.of("prompt", "2 + 2?", "options", List.of("3", "4"), "correctOption", 1),
                Map.of("prompt", "Capital of France?", "options", List.of("Paris", "Rome", "Oslo"), "correctOption", 0),
                Map.of("prompt", "Largest planet?", "options", List.of("Mars", "Jupiter"), "correctOption", 1))), instructor);
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    @Test
    void learnerFetchesAQuizWithoutItsAnswersAndGetsGraded() {
        Api.Session instructor = api.newInstructor();
        long course = api.newCourse(instructor, 0, 1);
        long quiz = quiz(instructor, course);
        Api.Session student = api.newStudentEnrolledIn(course);

        JsonNode view = api.get("/api/quizzes/" + quiz, student).json();
        Api.Response graded = api.post("/api/quizzes/" + quiz + "/attempts", Map.of("answers", List.of(1, 0, 0)), student);

        assertThat(view.get("questions").size()).isEqualTo(3);
        assertThat(view.toString()).doesNotContain("correctOption");
        assertThat(graded.status()).isEqualTo(201);
        assertThat(graded.json().get("correct").asInt()).isEqualTo(2);
        assertThat(graded.json().get("scorePercent").asInt()).isEqualTo(67);
        assertThat(graded.json().get("passed").asBoolean()).isTrue();
        assertThat(api.get("/api/me/grades", student).json().size()).isEqualTo(1);
    }

    @Test
    void gradebookShowsBestScorePerLearnerToTheInstructorOnly() {
        Api.Session instructor = api.newInstructor();
        long course = api.newCourse(instructor, 0, 1);
        long quiz = quiz(instructor, course);
        Api.Session student = api.newStudentEnrolledIn(course);
        api.post("/api/quizzes/" + quiz + "/attempts", Map.of("answers", List.of(0, 1, 0)), student);
        api.post("/api/quizzes/" + quiz + "/attempts", Map.of("answers", List.of(1, 0, 1)), student);

        Api.Response gradebook = api.get("/api/courses/" + course + "/gradebook", instructor);
        Api.Response asStudent = api.get("/api/courses/" + course + "/gradebook", student);

        assertThat(gradebook.json().at("/rows/0/attempts").asInt()).isEqualTo(2);
        assertThat(gradebook.json().at("/rows/0/bestScorePercent").asInt()).isEqualTo(100);
        assertThat(asStudent.status()).isEqualTo(403);
    }

    /**
     * Unlimited scored attempts let a learner infer every answer by changing one at a time. After three
     * scored attempts (the default), attempts are practice: recorded, no score back, none in the gradebook,
     * even when answered in parallel.
     */
    @Test
    void afterThreeScoredAttemptsTheRestArePracticeWithoutAScore() throws Exception {
        Api.Session instructor = api.newInstructor();
        long course = api.newCourse(instructor, 0, 1);
        long quiz = quiz(instructor, course);
        Api.Session student = api.newStudentEnrolledIn(course);
        List<List<Integer>> tries = List.of(List.of(0, 0, 0), List.of(1, 0, 0), List.of(0, 1, 0), List.of(0, 0, 1), List.of(1, 1, 1), List.of(1, 0, 1));

        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(tries.size());
        List<JsonNode> answers = new java.util.ArrayList<>();
        try {
            List<java.util.concurrent.Future<Api.Response>> sent = new java.util.ArrayList<>();
            for (List<Integer> attempt : tries) sent.add(pool.submit(() -> api.post("/api/quizzes/" + quiz + "/attempts", Map.of("answers", attempt), student)));
            for (java.util.concurrent.Future<Api.Response> response : sent) {
                assertThat(response.get().status()).isEqualTo(201);
                answers.add(response.get().json());
            }
        } finally {
            pool.shutdown();
        }

        assertThat(answers).filteredOn(answer -> answer.get("scored").asBoolean()).hasSize(3)
                .allMatch(answer -> answer.get("scorePercent").isNumber());
        assertThat(answers).filteredOn(answer -> !answer.get("scored").asBoolean()).hasSize(3)
                .allMatch(answer -> answer.get("scorePercent").isNull() && answer.get("correct").isNull() && answer.get("passed").isNull())
                .allMatch(answer -> answer.get("scoredAttemptsAllowed").asInt() == 3);
        JsonNode grades = api.get("/api/me/grades", student).json();
        assertThat(grades.size()).as("every attempt recorded").isEqualTo(6);
        List<JsonNode> practice = new java.util.ArrayList<>();
        for (JsonNode grade : grades) if (!grade.get("scored").asBoolean()) practice.add(grade);
        assertThat(practice).hasSize(3).allMatch(grade -> grade.get("scorePercent").isNull());
        assertThat(api.get("/api/courses/" + course + "/gradebook", instructor).json().at("/rows/0/attempts").asInt())
                .as("scored attempts only").isEqualTo(3);
    }

    @Test
    void attemptsAreRejectedWhenNotEnrolledOrWhenAnswersDoNotFit() {
        Api.Session instructor = api.newInstructor();
        long course = api.newCourse(instructor, 0, 1);
        long quiz = quiz(instructor, course);
        Api.Session student = api.newStudent();

        Api.Response notEnrolled = api.post("/api/quizzes/" + quiz + "/attempts", Map.of("answers", List.of(1, 0, 1)), student);
        api.post("/api/courses/" + course + "/enrollments", "", student);
        Api.Response tooFew = api.post("/api/quizzes/" + quiz + "/attempts", Map.of("answers", List.of(1)), student);
        Api.Response outOfRange = api.post("/api/quizzes/" + quiz + "/attempts", Map.of("answers", List.of(1, 7, 1)), student);

        assertThat(notEnrolled.status()).isEqualTo(403);
        assertThat(tooFew.status()).isEqualTo(422);
        assertThat(tooFew.json().get("detail").asString()).isEqualTo("quiz " + quiz + " has 3 questions, got 1 answers");
        assertThat(outOfRange.status()).isEqualTo(422);
        assertThat(outOfRange.json().get("detail").asString()).contains("answers[1]");
    }

    @Test
    void quizWithACorrectOptionOutsideItsOptionsIsInvalid() {
        Api.Session instructor = api.newInstructor();
        long course = api.newCourse(instructor, 0, 0);

        Api.Response response = api.post("/api/courses/" + course + "/quizzes", Map.of("title", "Bad", "passMarkPercent", 50,
                "questions", List.of(Map.of("prompt", "?", "options", List.of("a", "b"), "correctOption", 2))), instructor);

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("detail").asString()).contains("questions[0].correctOption 2");
    }

    /** A null where a question goes answered 500 (a NullPointerException in the grading rules); it is a field like any other. */
    @Test
    void aNullQuestionIsInvalid() {
        Api.Session instructor = api.newInstructor();
        long course = api.newCourse(instructor, 0, 0);

        Api.Response response = api.post("/api/courses/" + course + "/quizzes", "{\"title\":\"Null\",\"passMarkPercent\":50,\"questions\":[null]}", instructor);

        assertThat(response.status()).as(response.text()).isEqualTo(422);
        assertThat(response.json().get("detail").asString()).contains("questions[0]");
    }
}
