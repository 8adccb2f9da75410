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

        String client = newClient();
        Api.Response wrongPassword = logIn(client, session.email(), "not the password");
        Api.Response unknownUser = logIn(client, "nobody@example.test", "whatever1");

        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknownUser.status()).isEqualTo(401);
        assertThat(wrongPassword.json().get("detail")).isEqualTo(unknownUser.json().get("detail"));
    }

    private static final java.util.concurrent.atomic.AtomicInteger CLIENTS = new java.util.concurrent.atomic.AtomicInteger();

    /** A client address of its own (TEST-NET-3), as the edge passes it in X-Forwarded-For: each test's failures are its own. */
    private static String newClient() {
        return "203.0.113." + (1 + CLIENTS.getAndIncrement() % 250);
    }

    private Api.Response logIn(String client, String email, String password) {
        return api.post("/api/auth/login", Map.of("email", email, "password", password), null, "X-Forwarded-For", client);
    }

    @Test
    void repeatedFailedLoginsAreThrottledWithRetryAfter() {
        Api.Session session = api.newStudent();
        String client = newClient();
        for (int i = 0; i < 5; i++) assertThat(logIn(client, session.email(), "wrong-" + i).status()).isEqualTo(401);

        Api.Response throttled = logIn(client, session.email(), "correct horse");

        assertThat(throttled.status()).isEqualTo(429);
        assertThat(Long.parseLong(throttled.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(throttled.contentType()).isEqualTo("application/problem+json");
    }

    /** Five wrong passwords from anyone locked the account's owner out for the window; now they throttle the one who sent them. */
    @Test
    void aStrangersFailuresDoNotLockTheOwnerOut() {
        Api.Session owner = api.newStudent();
        String stranger = newClient();
        for (int i = 0; i < 6; i++) logIn(stranger, owner.email(), "guess-" + i);

        assertThat(logIn(stranger, owner.email(), "correct horse").status()).isEqualTo(429);
        assertThat(logIn(newClient(), owner.email(), "correct horse").status()).as("the owner, from elsewhere").isEqualTo(200);
    }

    /** Only existing accounts were ever throttled, so a 429 told which e-mails have one; both answer alike now. */
    @Test
    void unknownAndKnownEmailsAreThrottledAlike() {
        Api.Session known = api.newStudent();
        String unknown = "nobody-" + java.util.UUID.randomUUID() + "@example.test";
        String client = newClient();
        for (int i = 0; i < 5; i++) {
            logIn(client, known.email(), "wrong-" + i);
            logIn(client, unknown, "wrong-" + i);
        }

        Api.Response knownAnswer = logIn(client, known.email(), "wrong");
        Api.Response unknownAnswer = logIn(client, unknown, "wrong");

        assertThat(knownAnswer.status()).isEqualTo(429);
        assertThat(unknownAnswer.status()).isEqualTo(429);
        assertThat(unknownAnswer.json().get("detail")).isEqualTo(knownAnswer.json().get("detail"));
    }

    /** One client trying a password on many accounts (each costing a BCrypt hash) is throttled as a client. */
    @Test
    void aClientSprayingManyAccountsIsThrottled() {
        String client = newClient();
        for (int i = 0; i < 20; i++) assertThat(logIn(client, "spray-" + i + "-" + java.util.UUID.randomUUID() + "@example.test", "Summer2026!").status()).isEqualTo(401);

        Api.Response next = logIn(client, "spray-last@example.test", "Summer2026!");

        assertThat(next.status()).isEqualTo(429);
        assertThat(next.json().get("detail").asString()).contains("from your address");
        assertThat(logIn(newClient(), "spray-last@example.test", "Summer2026!").status()).as("another client").isEqualTo(401);
    }

    /** Roles were read from the token alone: a demoted instructor kept creating courses until the token expired. */
    @Test
    void aDemotedUsersTokenStopsWorking() {
        Api.Session instructor = api.newInstructor();
        assertThat(api.newCourse(instructor, 0, 0)).isPositive();

        Api.Response demoted = api.put("/api/admin/users/" + instructor.userId() + "/role", Map.of("role", "STUDENT"), api.admin());
        Api.Response oldToken = api.post("/api/courses", Map.of("title", "After", "summary", "s", "category", "c", "priceCents", 0, "currency", "EUR"),
                instructor);
        Api.Session again = api.logIn(instructor.email(), "correct horse");

        assertThat(demoted.status()).isEqualTo(200);
        assertThat(oldToken.status()).isEqualTo(401);
        assertThat(oldToken.json().get("detail").asString()).contains("role changed");
        assertThat(api.get("/api/me", again).json().get("role").asString()).isEqualTo("STUDENT");
        assertThat(api.post("/api/courses", Map.of("title", "After", "summary", "s", "category", "c", "priceCents", 0, "currency", "EUR"), again)
                .status()).as("a student may not create courses").isEqualTo(403);
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

    /**
     * Tokens signed with the deployment's own key but with claims the LMS never issues: each answered 500 (a subject that is not a
     * number, no roles, an unknown role, roles as a string). A token the LMS did not issue is not a valid one: 401.
     */
    @Test
    void aValidlySignedTokenWithOddClaimsIsUnauthorized() {
        javax.crypto.SecretKey key = new javax.crypto.spec.SecretKeySpec(JWT_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        var encoder = new org.springframework.security.oauth2.jwt.NimbusJwtEncoder(new com.nimbusds.jose.jwk.source.ImmutableSecret<>(key));
        java.util.List<Map<String, Object>> odd = java.util.List.of(
                Map.of("sub", "not-a-number", "roles", java.util.List.of("STUDENT")),
                Map.of("sub", "1"),
                Map.of("sub", "1", "roles", java.util.List.of("ROOT")),
                Map.of("sub", "1", "roles", "ADMIN"),
                Map.of("sub", "1", "roles", java.util.List.of()),
                Map.of("roles", java.util.List.of("ADMIN")));
        for (Map<String, Object> claims : odd) {
            var set = org.springframework.security.oauth2.jwt.JwtClaimsSet.builder().issuer(Tokens.ISSUER).issuedAt(Instant.now())
                    .expiresAt(Instant.now().plusSeconds(300)).claims(all -> all.putAll(claims)).build();
            String token = encoder.encode(org.springframework.security.oauth2.jwt.JwtEncoderParameters.from(
                    org.springframework.security.oauth2.jwt.JwsHeader.with(org.springframework.security.oauth2.jose.jws.MacAlgorithm.HS256).build(), set))
                    .getTokenValue();

            Api.Response response = api.get("/api/me", new Api.Session("x", token, 1));

            assertThat(response.status()).as(claims + ": " + response.text()).isEqualTo(401);
            assertThat(response.contentType()).isEqualTo("application/problem+json");
        }
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
