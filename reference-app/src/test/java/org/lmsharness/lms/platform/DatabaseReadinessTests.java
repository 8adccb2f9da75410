package org.lmsharness.lms.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmsharness.lms.LmsApplication;
import org.lmsharness.lms.support.Api;
import org.lmsharness.lms.support.ApiTest;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Readiness follows the database: a replica whose database refuses or hangs reads unready within the
 * edge's reach (a few checks), and ready again once the database answers; liveness stays up, so the
 * edge can still fall back to it. Real PostgreSQL servers, stopped and frozen (SIGSTOP).
 */
class DatabaseReadinessTests {

    @TempDir
    Path data;
    private EmbeddedPostgres postgres;
    private ConfigurableApplicationContext replica;
    private Api api;

    @BeforeEach
    void startReplicaOnItsOwnDatabase() throws Exception {
        postgres = startPostgres(0);
        replica = new SpringApplicationBuilder(LmsApplication.class).run(
                "--server.port=0", "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres") + "&connectTimeout=1",
                "--spring.datasource.username=postgres", "--spring.datasource.hikari.connection-timeout=1000",
                "--lms.jwt.secret=" + ApiTest.JWT_SECRET, "--lms.replica.id=replica-db", "--lms.replica.zone=zone-a",
                "--lms.jobs.worker-enabled=false", "--lms.payment.provider-url=http://127.0.0.1:9", "--lms.dataset.size=XS",
                "--lms.iam.bcrypt-strength=4", "--logging.level.com.zaxxer.hikari=OFF");
        api = new Api(((WebServerApplicationContext) replica).getWebServer().getPort());
        await().atMost(Duration.ofSeconds(5)).until(() -> api.get("/actuator/health/readiness").status() == 200);
    }

    @AfterEach
    void stop() throws Exception {
        if (replica != null) replica.close();
        if (postgres != null) {
            signal("CONT");
            postgres.close();
        }
    }

    @Test
    void aDatabaseThatRefusesMakesTheReplicaUnreadyAndItComesBackWithIt() throws Exception {
        int port = postgres.getPort();
        postgres.close();
        postgres = null;

        long cut = System.nanoTime();
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> api.get("/actuator/health/readiness").status() == 503);
        assertThat(Duration.ofNanos(System.nanoTime() - cut)).as("unready after the database refused").isLessThan(Duration.ofSeconds(1));
        assertThat(api.get("/actuator/health/liveness").status()).as("alive all along").isEqualTo(200);

        postgres = startPostgres(port);
        await().atMost(Duration.ofSeconds(5)).until(() -> api.get("/actuator/health/readiness").status() == 200);
        await().atMost(Duration.ofSeconds(5)).until(() -> api.get("/api/courses?size=1").status() == 200); // the pool reconnects by itself
    }

    /**
     * A bearer token's role is checked against the database in the security filters, outside Spring MVC's
     * error handling: with the database gone that check answered 500 (a progress heartbeat while the
     * primary was killed, in db-primary-loss). It must be the 503 to retry that a controller answers.
     */
    @Test
    void aTokenCheckedWhileTheDatabaseIsGoneGetsA503ToRetry() throws Exception {
        Api.Session student = api.newStudent(); // signed up and logged in; its role not checked, so not cached, yet
        postgres.close();
        postgres = null;

        Api.Response answer = api.get("/api/me", student);

        assertThat(answer.status()).as(answer.text()).isEqualTo(503);
        assertThat(answer.contentType()).isEqualTo("application/problem+json");
        assertThat(answer.header("Retry-After")).isEqualTo("1");
    }

    /** The writes of the load's journeys, with the database gone: each a 503 to retry, none a 500. */
    @Test
    void writesWhileTheDatabaseIsGoneGetA503ToRetry() throws Exception {
        Api.Session instructor = api.newInstructor();
        long course = api.newCourse(instructor, 0, 1);
        long lesson = api.firstLessonId(course);
        long quiz = api.post("/api/courses/" + course + "/quizzes", java.util.Map.of("title", "Q", "passMarkPercent", 50, "questions",
                List.of(java.util.Map.of("prompt", "?", "options", List.of("a", "b"), "correctOption", 0))), instructor).json().get("id").asLong();
        Api.Session student = api.newStudentEnrolledIn(course);
        postgres.close();
        postgres = null;

        List<Api.Response> answers = List.of(
                api.post("/api/quizzes/" + quiz + "/attempts", java.util.Map.of("answers", List.of(0)), student),
                api.put("/api/courses/" + course + "/lessons/" + lesson + "/progress", java.util.Map.of("positionSeconds", 10), student),
                api.post("/api/courses/" + course + "/lessons", java.util.Map.of("title", "L", "body", "B", "durationSeconds", 60), instructor),
                api.post("/api/auth/login", java.util.Map.of("email", student.email(), "password", "correct horse"), null));

        assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).as(answer.text()).isEqualTo(503));
    }

    @Test
    void aDatabaseThatHangsMakesTheReplicaUnreadyWithinItsDeadline() throws Exception {
        signal("STOP");
        long frozen = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> api.get("/actuator/health/readiness").status() == 503);
        assertThat(Duration.ofNanos(System.nanoTime() - frozen)).as("unready after the database hung")
                .isLessThanOrEqualTo(DatabaseReachable.STALE.plusMillis(500));
        assertThat(api.get("/actuator/health/liveness").status()).as("alive all along").isEqualTo(200);

        signal("CONT");
        await().atMost(Duration.ofSeconds(5)).until(() -> api.get("/actuator/health/readiness").status() == 200);
    }

    /**
     * A failover, as the replica sees it: the primary gone, another server still answering. The replica
     * stays ready (its requests wait for the new primary rather than being cut by the edge); only with
     * no server answering does it read unready.
     */
    @Test
    void aReplicaStaysReadyWhileAnyDatabaseServerOfItsUrlAnswers(@TempDir Path otherData) throws Exception {
        try (EmbeddedPostgres other = startPostgres(otherData, 0);
             ConfigurableApplicationContext twoServers = new SpringApplicationBuilder(LmsApplication.class).run(
                     "--server.port=0", "--spring.datasource.url=jdbc:postgresql://localhost:" + postgres.getPort() + ",localhost:" + other.getPort()
                             + "/postgres?targetServerType=primary&connectTimeout=1",
                     "--spring.datasource.username=postgres", "--spring.datasource.hikari.connection-timeout=1000",
                     "--lms.jwt.secret=" + ApiTest.JWT_SECRET, "--lms.replica.id=replica-two", "--lms.replica.zone=zone-a",
                     "--lms.jobs.worker-enabled=false", "--lms.payment.provider-url=http://127.0.0.1:9",
                     "--logging.level.org.lmsharness=ERROR", "--logging.level.com.zaxxer.hikari=OFF")) {
            Api twoApi = new Api(((WebServerApplicationContext) twoServers).getWebServer().getPort());
            await().atMost(Duration.ofSeconds(5)).until(() -> twoApi.get("/actuator/health/readiness").status() == 200);

            signal("STOP"); // the first server, the primary the pool connected to, hangs
            long frozen = System.nanoTime();
            while (System.nanoTime() - frozen < DatabaseReachable.STALE.plusSeconds(1).toNanos()) {
                assertThat(twoApi.get("/actuator/health/readiness").status()).as("ready while the other server answers").isEqualTo(200);
                Thread.sleep(100);
            }

            other.close();
            await().atMost(DatabaseReachable.STALE.plusSeconds(1)).pollInterval(Duration.ofMillis(50))
                    .until(() -> twoApi.get("/actuator/health/readiness").status() == 503);
        }
    }

    private EmbeddedPostgres startPostgres(int port) throws Exception {
        return startPostgres(data, port);
    }

    private static EmbeddedPostgres startPostgres(Path data, int port) throws Exception {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setRegisterShutdownHook(false)
                .setDataDirectory(data).setCleanDataDirectory(false);
        if (port > 0) builder.setPort(port);
        return builder.start();
    }

    /** Sends a signal to the PostgreSQL server (its postmaster; the backends hang with it on STOP, as the host would). */
    private void signal(String signal) throws Exception {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) return;
        long postmaster = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        // The postmaster and every backend, as a frozen host freezes them all.
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal, Long.toString(postmaster)));
        ProcessHandle.of(postmaster).ifPresent(handle -> handle.descendants().forEach(child -> command.add(Long.toString(child.pid()))));
        new ProcessBuilder(command).inheritIO().start().waitFor();
    }
}
