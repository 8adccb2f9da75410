package org.lmsharness.lms.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client for the LMS API, as a load test or a browser would use it. */
public final class Api {

    public record Response(int status, java.net.http.HttpHeaders headers, String text, JsonNode json) {
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }
    }

    /** A signed-in account: its token and id. */
    public record Session(String email, String token, long userId) {}

    public static final String DATASET_PASSWORD = "lms-load-test";
    private static final AtomicInteger accounts = new AtomicInteger();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public Api(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    public URI base() {
        return base;
    }

    public Response get(String path, Session session) {
        return send(request(path, session).GET());
    }

    public Response get(String path) {
        return get(path, null);
    }

    public Response post(String path, Object body, Session session, String... headers) {
        return send(request(path, session, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body instanceof String text ? text : JSON.writeValueAsString(body))));
    }

    public Response put(String path, Object body, Session session) {
        return send(request(path, session).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body instanceof String text ? text : JSON.writeValueAsString(body))));
    }

    public Response delete(String path, Session session) {
        return send(request(path, session).DELETE());
    }

    public Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            if (!response.body().isEmpty() && response.headers().firstValue("Content-Type").orElse("").contains("json")) {
                json = JSON.readTree(response.body());
            }
            return new Response(response.statusCode(), response.headers(), response.body(), json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String path, Session session, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
        if (session != null) request.header("Authorization", "Bearer " + session.token());
        for (int i = 0; i + 1 < headers.length; i += 2) request.header(headers[i], headers[i + 1]);
        return request;
    }

    public Session logIn(String email, String password) {
        Response response = post("/api/auth/login", Map.of("email", email, "password", password), null);
        if (response.status() != 200) throw new IllegalStateException("login of " + email + " failed: " + response.status() + " " + response.text());
        return new Session(email, response.json().get("accessToken").asString(), response.json().get("userId").asLong());
    }

    /** A new student account, unique to the calling test. */
    public Session newStudent() {
        String email = "test-" + accounts.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        Response created = post("/api/auth/signup", Map.of("email", email, "password", "correct horse", "displayName", "Test user"), null);
        if (created.status() != 201) throw new IllegalStateException("sign-up failed: " + created.status() + " " + created.text());
        return logIn(email, "correct horse");
    }

    public Session admin() {
        return logIn("admin@lms.test", DATASET_PASSWORD);
    }

    /** A new instructor: signed up as a student, promoted by the admin, signed in again for the new role. */
    public Session newInstructor() {
        Session student = newStudent();
        Response promoted = put("/api/admin/users/" + student.userId() + "/role", Map.of("role", "INSTRUCTOR"), admin());
        if (promoted.status() != 200) throw new IllegalStateException("promotion failed: " + promoted.text());
        return logIn(student.email(), "correct horse");
    }

    /** A new student, enrolled in the (free) course. */
    public Session newStudentEnrolledIn(long courseId) {
        Session student = newStudent();
        Response enrolled = post("/api/courses/" + courseId + "/enrollments", "", student);
        if (enrolled.status() != 201) throw new IllegalStateException("enrolment failed: " + enrolled.status() + " " + enrolled.text());
        return student;
    }

    /** A course owned by {@code instructor}, with {@code lessons} lessons; returns its id. */
    public long newCourse(Session instructor, long priceCents, int lessons) {
        Response course = post("/api/courses", Map.of("title", "Test course " + UUID.randomUUID(), "summary", "A course made by a test",
                "category", "testing", "priceCents", priceCents, "currency", "EUR"), instructor);
        if (course.status() != 201) throw new IllegalStateException("course creation failed: " + course.text());
        long id = course.json().at("/course/id").asLong();
        for (int i = 1; i <= lessons; i++) {
            Response lesson = post("/api/courses/" + id + "/lessons", Map.of("title", "Lesson " + i, "body", "Body " + i, "durationSeconds", 600), instructor);
            if (lesson.status() != 201) throw new IllegalStateException("lesson creation failed: " + lesson.text());
        }
        return id;
    }

    /** The id of the course's first lesson. */
    public long firstLessonId(long courseId) {
        return get("/api/courses/" + courseId).json().at("/lessons/0/id").asLong();
    }

    public static JsonMapper json() {
        return JSON;
    }
}
