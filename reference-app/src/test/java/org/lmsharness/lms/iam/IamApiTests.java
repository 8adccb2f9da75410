package org.lmsharness.lms.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lmsharness.lms.support.Api;
import org.lmsharness.lms.support.ApiTest;

class IamApiTests extends ApiTest {

    @Test
    void signUpThenLogInIssuesATokenThatIdentifiesTheStudent() {
        Api.Session session = api.newStudent();

        Api.Response me = api.get("/api/me", session);

        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("email").asString()).isEqualTo(session.email());
        assertThat(me.json().get("role").asString()).isEqualTo("STUDENT");
        assertThat(me.json().has("passwordHash")).as("the hash never leaves the server").isFalse();
    }

    @Test
    void signUpWithATakenEmailIsAConflictWhateverItsCase() {
        Api.Session session = api.newStudent();

        Api.Response again = api.post("/api/auth/signup",
                Map.of("email", session.email().toUpperCase(), "password", "another password", "displayName", "Twin"), null);

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("detail").asString()).contains("already exists");
    }

    @Test
    void wrongPasswordIsUnauthorizedAndSaysNothingAboutWhichPartWasWrong() {
        Api.Session session = api.newStudent();

        Api.Response wrongPassword = api.post("/api/auth/login", Map.of("email", session.email(), "password", "not the password"), null);
        Api.Response unknownUser = api.post("/api/auth/login", Map.of("email", "nobody@example.test", "password", "whatever1"), null);

        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknownUser.status()).isEqualTo(401);
        assertThat(wrongPassword.json().get("detail")).isEqualTo(unknownUser.json().get("detail"));
    }

    @Test
    void repeatedFailedLoginsAreThrottledWithRetryAfter() {
        Api.Session session = api.newStudent();
        for (int i = 0; i < 5; i++) {
            assertThat(api.post("/api/auth/login", Map.of("email", session.email(), "password", "wrong-" + i), null).status()).isEqualTo(401);
        }

        Api.Response throttled = api.post("/api/auth/login", Map.of("email", session.email(), "password", "correct horse"), null);

        assertThat(throttled.status()).isEqualTo(429);
        assertThat(Long.parseLong(throttled.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(throttled.contentType()).isEqualTo("application/problem+json");
    }

    @Test
    void requestWithoutTokenIsUnauthorized() {
        Api.Response response = api.get("/api/me");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(response.contentType()).isEqualTo("application/problem+json");
    }

    @Test
    void tamperedTokenIsUnauthorized() {
        Api.Session session = api.newStudent();
        String[] parts = session.token().split("\\.");
        // Claim to be an admin, keeping the student's signature.
        String forgedClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("STUDENT", "ADMIN").getBytes(StandardCharsets.UTF_8));
        Api.Session forged = new Api.Session(session.email(), parts[0] + "." + forgedClaims + "." + parts[2], session.userId());

        Api.Response response = api.get("/api/admin/users", forged);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().get("detail").asString()).contains("bearer token");
    }

    @Test
    void expiredTokenIsUnauthorized() {
        Tokens tokens = new Tokens(JWT_SECRET, java.time.Duration.ofMinutes(5));
        Tokens.Issued expired = tokens.issue(1, "admin@lms.test", Role.ADMIN, Instant.now().minus(java.time.Duration.ofHours(1)));
        assertThat(expired.expiresAt()).isBefore(Instant.now());

        Api.Response response = api.get("/api/me", new Api.Session("admin@lms.test", expired.token(), 1));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().get("detail").asString()).containsIgnoringCase("expired");
    }

    @Test
    void tokenSignedWithAnotherKeyIsUnauthorized() {
        Tokens otherKey = new Tokens("another-secret-that-is-at-least-32-bytes", java.time.Duration.ofMinutes(5));

        Api.Response response = api.get("/api/me", new Api.Session("x", otherKey.issue(1, "admin@lms.test", Role.ADMIN).token(), 1));

        assertThat(response.status()).isEqualTo(401);
    }

    @Test
    void studentCallingAdminOrInstructorRoutesIsForbidden() {
        Api.Session student = api.newStudent();

        Api.Response admin = api.get("/api/admin/users", student);
        Api.Response instructor = api.post("/api/courses", Map.of("title", "t", "summary", "s", "category", "c", "priceCents", 0, "currency", "EUR"), student);

        assertThat(admin.status()).isEqualTo(403);
        assertThat(instructor.status()).isEqualTo(403);
        assertThat(instructor.contentType()).isEqualTo("application/problem+json");
    }

    @Test
    void adminListsUsersAndPromotesAStudent() {
        Api.Session admin = api.admin();
        Api.Session student = api.newStudent();

        Api.Response users = api.get("/api/admin/users?size=5", admin);
        Api.Response promoted = api.put("/api/admin/users/" + student.userId() + "/role", Map.of("role", "INSTRUCTOR"), admin);
        Api.Response unknown = api.put("/api/admin/users/99999999/role", Map.of("role", "INSTRUCTOR"), admin);

        assertThat(users.status()).isEqualTo(200);
        assertThat(users.json().get("items").size()).isEqualTo(5);
        assertThat(users.json().get("totalItems").asLong()).isGreaterThanOrEqualTo(106);
        assertThat(promoted.json().get("role").asString()).isEqualTo("INSTRUCTOR");
        assertThat(unknown.status()).isEqualTo(404);
    }
}
