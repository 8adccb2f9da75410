package org.lmsharness.lms.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.lmsharness.lms.support.Api;
import org.lmsharness.lms.support.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * A campaign of hostile requests, generated over every endpoint the LMS maps (not hand-picked): each
 * endpoint is called by every kind of caller, with hostile path ids, hostile query parameters, and
 * bodies whose every field is in turn missing, of the wrong type, oversized or an injection string,
 * plus whole bodies that are not what the endpoint reads. Every answer must be a documented success
 * or a 4xx problem+json without a stack trace; never a 5xx. The LMS must be healthy afterwards. The
 * counts are printed; docs/api.md gives them.
 */
class HostileCampaignTests extends ApiTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    /** One address for the whole campaign, as the edge would pass it: its failed logins throttle it, not the other tests. */
    private static final String CLIENT = "198.51.100.77";

    private static final List<String> HOSTILE_IDS = List.of("0", "-1", "99999999999999999999", "abc", "1.5", "%27%20OR%201%3D1--", "..%2F..", "%00");

    private static final List<Object> HOSTILE_VALUES = List.of("' OR '1'='1", "<script>alert(1)</script>", "${jndi:ldap://127.0.0.1/x}", "../../etc/passwd",
            "x".repeat(10_000), "a\u0000b", -1, 0, Long.MAX_VALUE, Double.POSITIVE_INFINITY /* sent as 1e99999 */, 1.5, true,
            List.of(), Map.of(), "");

    private static final List<String> HOSTILE_BODIES = List.of("", "{", "[]", "null", "\"text\"", "42", "{\"a\":" + "[".repeat(2_000) + "]".repeat(2_000) + "}",
            "{\"x\":1e99999}", "\u0000", "{\"title\":\"\\ud800\"}");

    private final Map<String, AtomicInteger> counts = new TreeMap<>();
    private int sent;
    private final List<String> serverErrors = new ArrayList<>();
    private final List<String> badAnswers = new ArrayList<>();

    @Test
    void noHostileRequestGetsAServerError() {
        Api.Session admin = newAdmin(); // not the dataset's: what the campaign writes must stay out of the dataset's own rows
        Api.Session instructor = api.newInstructor();
        long course = api.newCourse(instructor, 0, 1);
        long lesson = api.firstLessonId(course);
        api.post("/api/courses/" + course + "/quizzes", Map.of("title", "Q", "passMarkPercent", 50,
                "questions", List.of(Map.of("prompt", "?", "options", List.of("a", "b"), "correctOption", 0))), instructor);
        long quiz = api.get("/api/courses/" + course + "/quizzes", instructor).json().at("/0/id").asLong();
        Api.Session student = api.newStudentEnrolledIn(course);
        Api.Session victim = api.newStudent(); // whose id the admin routes get, never the admin's own
        long payment = api.post("/api/payments/checkout", Map.of("courseId", api.newCourse(instructor, 500, 0)), student,
                "Idempotency-Key", java.util.UUID.randomUUID().toString()).json().get("paymentId").asLong();
        Map<String, String> realIds = Map.of("id", Long.toString(course), "courseId", Long.toString(course), "lessonId", Long.toString(lesson),
                "quizId", Long.toString(quiz), "paymentId", Long.toString(payment));
        String[] tokens = {null, student.token(), instructor.token(), admin.token()};
        String[] forged = {tamper(student.token()), "not.a.jwt"};

        int endpoints = 0;
        for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : mappings.getHandlerMethods().entrySet()) {
            for (String pattern : mapping.getKey().getPatternValues()) {
                if (pattern.equals("/error") || pattern.startsWith("/api/admin/replica")) continue; // draining is an operator's switch, tested in OperationsTests
                for (RequestMethod method : mapping.getKey().getMethodsCondition().getMethods()) {
                    endpoints++;
                    attack(method.name(), pattern, mapping.getValue(), realIds, victim, tokens);
                    for (String token : forged) send(method.name(), fill(pattern, realIds, victim), null, token); // refused before anything is read
                }
            }
        }

        System.out.printf("campaign: %d requests over %d endpoints: %s%n", sent, endpoints, counts);
        assertThat(endpoints).as("every endpoint of the API").isGreaterThanOrEqualTo(28);
        assertThat(serverErrors).as("answers of 5xx").isEmpty();
        assertThat(badAnswers).as("4xx answers that are not problem+json, or name a Java class").isEmpty();
        assertThat(api.get("/actuator/health/readiness").status()).as("healthy afterwards").isEqualTo(200);
        assertThat(api.get("/api/courses/" + course).status()).isEqualTo(200);
    }

    private void attack(String method, String pattern, HandlerMethod handler, Map<String, String> realIds, Api.Session victim, String[] tokens) {
        Class<?> bodyType = null;
        List<String> params = new ArrayList<>();
        for (Parameter parameter : handler.getMethod().getParameters()) {
            if (parameter.isAnnotationPresent(RequestBody.class)) bodyType = parameter.getType();
            RequestParam param = parameter.getAnnotation(RequestParam.class);
            if (param != null) params.add(!param.name().isEmpty() ? param.name() : !param.value().isEmpty() ? param.value() : parameter.getName());
        }
        String real = fill(pattern, realIds, victim);
        String validBody = bodyType == null ? null : json(valid(bodyType));
        for (String token : tokens) {
            send(method, real, validBody, token);
            for (String id : HOSTILE_IDS) if (pattern.contains("{")) send(method, pattern.replaceAll("\\{[^}]+}", id), validBody, token);
            for (String param : params) {
                for (Object value : HOSTILE_VALUES) {
                    send(method, real + "?" + param + "=" + URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8), validBody, token);
                }
                send(method, real + "?" + param + "=1&" + param + "=2", validBody, token);
            }
            if (bodyType == null) continue;
            for (String body : HOSTILE_BODIES) send(method, real, body, token);
            for (RecordComponent field : bodyType.getRecordComponents()) {
                Map<String, Object> base = valid(bodyType);
                base.remove(field.getName());
                send(method, real, json(base), token);
                for (Object value : HOSTILE_VALUES) {
                    Map<String, Object> mutated = valid(bodyType);
                    mutated.put(field.getName(), value);
                    send(method, real, json(mutated).replace("Infinity", "1e99999"), token);
                }
            }
        }
    }

    private void send(String method, String path, String body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.base().resolve(path)).header("X-Forwarded-For", CLIENT)
                .header("Idempotency-Key", "campaign-" + sent++);
        if (token != null) request.header("Authorization", "Bearer " + token);
        if (body != null) request.header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        Api.Response response;
        try {
            response = api.send(request);
        } catch (RuntimeException e) { // the JSON of a problem body that is not JSON, say
            serverErrors.add(method + " " + path + ": unreadable answer " + e.getMessage());
            return;
        }
        counts.computeIfAbsent(response.status() / 100 + "xx", key -> new AtomicInteger()).incrementAndGet();
        String what = method + " " + abbreviate(path) + (body == null ? "" : " " + abbreviate(body)) + " -> " + response.status() + " " + abbreviate(response.text());
        if (response.status() >= 500) serverErrors.add(what);
        else if (response.status() >= 400 && (!"application/problem+json".equals(response.contentType())
                || java.util.stream.Stream.of("Exception", "at org.", "at java.", "[Ljava").anyMatch(response.text()::contains))) {
            badAnswers.add(what);
        }
    }

    private Api.Session newAdmin() {
        Api.Session user = api.newStudent();
        assertThat(api.put("/api/admin/users/" + user.userId() + "/role", Map.of("role", "ADMIN"), api.admin()).status()).isEqualTo(200);
        return api.logIn(user.email(), "correct horse");
    }

    /** The path with real ids for its variables (the admin's routes get another user's id, never the admin's). */
    private static String fill(String pattern, Map<String, String> ids, Api.Session victim) {
        String path = pattern;
        for (Map.Entry<String, String> id : ids.entrySet()) {
            path = path.replace("{" + id.getKey() + "}", pattern.startsWith("/api/admin/users") ? Long.toString(victim.userId()) : id.getValue());
        }
        return path;
    }

    /** A body of the record's shape with plausible values, field by field (nested records and lists of them filled in turn). */
    private static Map<String, Object> valid(Class<?> type) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (RecordComponent field : type.getRecordComponents()) body.put(field.getName(), value(field.getType(), field.getGenericType()));
        return body;
    }

    private static Object value(Class<?> type, Type generic) {
        if (type == String.class) return "valid-text";
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) return 1;
        if (type == Boolean.class || type == boolean.class) return false;
        if (type.isEnum()) return type.getEnumConstants()[0].toString();
        if (type.isRecord()) return valid(type);
        if (List.class.isAssignableFrom(type) && generic instanceof ParameterizedType list) {
            Type element = list.getActualTypeArguments()[0];
            Class<?> elementClass = element instanceof Class<?> c ? c : Object.class;
            return List.of(value(elementClass, element), value(elementClass, element));
        }
        return null;
    }

    private static String json(Object value) {
        return Api.json().writeValueAsString(value);
    }

    private static String tamper(String token) {
        String[] parts = token.split("\\.");
        return parts[0] + "." + parts[1] + "x." + parts[2];
    }

    private static String abbreviate(String text) {
        String line = text == null ? "" : text.replace('\n', ' ');
        return line.length() > 120 ? line.substring(0, 120) + "…" : line;
    }
}
