package org.lmsharness.lms.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lmsharness.lms.support.Api;
import org.lmsharness.lms.support.ApiTest;

/** Every class of bad input gets its status and a problem+json body: never a 500, never a stack trace. */
class BadInputTests extends ApiTest {

    enum Caller { ANONYMOUS, STUDENT, INSTRUCTOR }

    static Stream<Arguments> badRequests() {
        String big = "{\"title\":\"" + "x".repeat(20_000) + "\"}";
        return Stream.of(
                Arguments.of("malformed JSON", Caller.INSTRUCTOR, "POST", "/api/courses", "{\"title\": ", "application/json", 400, "not valid JSON"),
                Arguments.of("wrong type", Caller.INSTRUCTOR, "POST", "/api/courses",
                        "{\"title\":\"t\",\"summary\":\"s\",\"category\":\"c\",\"priceCents\":\"ten\",\"currency\":\"EUR\"}", "application/json", 400, "'priceCents'"),
                Arguments.of("missing fields", Caller.INSTRUCTOR, "POST", "/api/courses", "{\"title\":\"t\"}", "application/json", 422, "'summary' must not be blank"),
                Arguments.of("invalid value", Caller.INSTRUCTOR, "POST", "/api/courses",
                        "{\"title\":\"t\",\"summary\":\"s\",\"category\":\"c\",\"priceCents\":-1,\"currency\":\"euro\"}", "application/json", 422, "'currency'"),
                Arguments.of("empty body", Caller.ANONYMOUS, "POST", "/api/auth/login", "", "application/json", 400, "missing"),
                Arguments.of("oversized body", Caller.ANONYMOUS, "POST", "/api/auth/signup", big, "application/json", 413, "exceeds the limit"),
                Arguments.of("unsupported media type", Caller.ANONYMOUS, "POST", "/api/auth/login", "email=a", "application/x-www-form-urlencoded", 415, ""),
                Arguments.of("unknown id", Caller.STUDENT, "GET", "/api/quizzes/99999999", null, null, 404, "no quiz with id 99999999"),
                Arguments.of("unknown route", Caller.STUDENT, "GET", "/api/nowhere", null, null, 404, ""),
                Arguments.of("path id of the wrong type", Caller.ANONYMOUS, "GET", "/api/courses/abc", null, null, 400, "parameter 'id' must be long"),
                Arguments.of("query parameter of the wrong type", Caller.ANONYMOUS, "GET", "/api/courses?page=first", null, null, 400, "'page'"),
                Arguments.of("method not allowed", Caller.STUDENT, "DELETE", "/api/me", null, null, 405, ""),
                Arguments.of("no token", Caller.ANONYMOUS, "GET", "/api/me/courses", null, null, 401, "bearer token"),
                Arguments.of("student on an admin route", Caller.STUDENT, "GET", "/api/admin/users", null, null, 403, ""),
                Arguments.of("student on an instructor route", Caller.STUDENT, "POST", "/api/webhooks",
                        "{\"url\":\"http://127.0.0.1/x\",\"events\":[\"enrollment.created\"]}", "application/json", 403, ""));
    }

    @ParameterizedTest(name = "{0} -> {6}")
    @MethodSource("badRequests")
    void badInputGetsItsStatusAsProblemJson(String name, Caller caller, String method, String path, String body, String contentType,
                                            int status, String detail) {
        Api.Session session = switch (caller) {
            case ANONYMOUS -> null;
            case STUDENT -> api.newStudent();
            case INSTRUCTOR -> api.newInstructor();
        };
        HttpRequest.Builder request = api.request(path, session);
        if (contentType != null) request.header("Content-Type", contentType);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));

        Api.Response response = api.send(request);

        assertThat(response.status()).as(name + ": " + response.text()).isEqualTo(status);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.json().get("type").asString()).startsWith("urn:lms:problem:");
        assertThat(response.json().get("detail").asString()).contains(detail);
        assertThat(response.text()).doesNotContain("Exception", "at org.", "at java.", "\"trace\"");
    }

    @Test
    void chunkedBodyOverTheLimitIsRefusedToo() {
        byte[] big = ("{\"email\":\"" + "x".repeat(40_000) + "\"}").getBytes();
        // A publisher of unknown length makes the client send the body chunked, with no Content-Length.
        HttpRequest.Builder request = api.request("/api/auth/login", null).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)));

        Api.Response response = api.send(request);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().get("detail").asString()).contains("exceeds the limit of 16384 bytes");
    }
}
