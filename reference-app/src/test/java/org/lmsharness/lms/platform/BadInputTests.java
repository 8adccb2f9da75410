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

    private static final String LOGIN = "{\"email\":\"nobody@example.test\",\"password\":\"wrong password\"}";

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
                        "{\"url\":\"http://127.0.0.1/x\",\"events\":[\"enrollment.created\"]}", "application/json", 403, ""),
                // Found by a campaign of hostile requests: each of these answered 500 with a 26 KB stack trace in the log.
                Arguments.of("wildcard media type", Caller.ANONYMOUS, "POST", "/api/auth/login", LOGIN, "application/*", 415, ""),
                Arguments.of("any media type", Caller.ANONYMOUS, "POST", "/api/auth/login", LOGIN, "*/*", 415, ""),
                Arguments.of("the error page itself", Caller.ANONYMOUS, "GET", "/error", null, null, 404, ""),
                Arguments.of("a password of 72 characters but more bytes", Caller.ANONYMOUS, "POST", "/api/auth/signup",
                        "{\"email\":\"bytes@example.test\",\"password\":\"" + "é".repeat(40) + "\",\"displayName\":\"B\"}", "application/json", 422,
                        "72 bytes"),
                // And these answered wrongly: a NUL byte as a conflict (409), a fraction silently truncated, a metric to anyone.
                Arguments.of("a NUL byte in a text field", Caller.INSTRUCTOR, "POST", "/api/courses",
                        "{\"title\":\"a\\u0000b\",\"summary\":\"s\",\"category\":\"c\",\"priceCents\":0,\"currency\":\"EUR\"}", "application/json", 400,
                        "'title'"),
                Arguments.of("a NUL byte in a query parameter", Caller.ANONYMOUS, "GET", "/api/courses?q=a%00b", null, null, 400, "'q'"),
                Arguments.of("a fraction in an integer field", Caller.INSTRUCTOR, "POST", "/api/courses",
                        "{\"title\":\"t\",\"summary\":\"s\",\"category\":\"c\",\"priceCents\":1.5,\"currency\":\"EUR\"}", "application/json", 400,
                        "'priceCents'"),
                Arguments.of("a student on the metrics", Caller.STUDENT, "GET", "/actuator/metrics", null, null, 403, ""));
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
        assertThat(response.text()).doesNotContain("Exception", "at org.", "at java.", "\"trace\"", "[Ljava");
    }

    /** A parameter given twice where one is expected: the detail named a Java array ("[Ljava.lang.String;@1f2e…"). */
    @Test
    void aRepeatedParameterIsNamedNotDumped() {
        Api.Response response = api.get("/api/courses?page=page&page=2");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asString()).contains("'page'").doesNotContain("[Ljava");
    }

    /** Percent-encodings that are not (a lone %, %zz): no client library sends them, so the request is written by hand. */
    @Test
    void aMalformedPercentEncodingIsABadRequest() throws Exception {
        for (String query : java.util.List.of("q=%", "q=%zz", "q=%2")) {
            RawResponse response = raw("GET /api/courses?" + query + " HTTP/1.1");
            assertThat(response.status()).as(query + ": " + response.body()).isEqualTo(400);
            assertThat(response.header("content-type")).as(query).startsWith("application/problem+json");
            assertThat(response.body()).as(query).doesNotContain("Exception");
        }
    }

    record RawResponse(int status, java.util.Map<String, String> headers, String body) {
        String header(String name) {
            return headers.getOrDefault(name, "");
        }
    }

    private RawResponse raw(String requestLine) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((requestLine + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            String text = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            String[] parts = text.split("\r\n\r\n", 2);
            String[] lines = parts[0].split("\r\n");
            java.util.Map<String, String> headers = new java.util.HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) headers.put(lines[i].substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            return new RawResponse(Integer.parseInt(lines[0].split(" ")[1]), headers, parts.length > 1 ? parts[1] : "");
        }
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
