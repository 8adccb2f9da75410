package org.lmsharness.lms.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lmsharness.lms.LmsApplication;
import org.lmsharness.lms.support.Api;
import org.lmsharness.lms.support.ApiTest;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two replicas on one database, as behind a load balancer: a token from one works on the other, and
 * a catalog change made on one is visible at once on the other, whose cache held the old value.
 */
class TwoReplicasTests extends ApiTest {

    private static ConfigurableApplicationContext replicaB;
    private static Api b;

    @BeforeAll
    static void startSecondReplica(@org.springframework.beans.factory.annotation.Autowired javax.sql.DataSource dataSource) {
        String jdbcUrl = ((HikariDataSource) dataSource).getJdbcUrl();
        replicaB = new SpringApplicationBuilder(LmsApplication.class).run(
                "--server.port=0", "--spring.datasource.url=" + jdbcUrl, "--spring.datasource.username=postgres",
                "--lms.jwt.secret=" + JWT_SECRET, "--lms.replica.id=replica-b", "--lms.replica.zone=zone-b",
                "--lms.iam.bcrypt-strength=4", "--lms.jobs.worker-enabled=false",
                "--lms.payment.provider-url=" + PROVIDER.baseUri());
        b = new Api(((WebServerApplicationContext) replicaB).getWebServer().getPort());
    }

    @AfterAll
    static void stopSecondReplica() {
        if (replicaB != null) replicaB.close();
    }

    @Test
    void aTokenIssuedByOneReplicaIsAcceptedByTheOther() {
        Api.Session session = api.newStudent();

        Api.Response onB = b.get("/api/me", session);

        assertThat(onB.status()).isEqualTo(200);
        assertThat(onB.header("X-Lms-Replica")).isEqualTo("replica-b");
        assertThat(onB.json().get("email").asString()).isEqualTo(session.email());
    }

    @Test
    void aCourseChangedOnOneReplicaIsFreshOnTheOtherDespiteItsCache() {
        Api.Session instructor = api.newInstructor();
        long course = api.newCourse(instructor, 0, 1);
        assertThat(b.get("/api/courses/" + course).json().at("/course/title").asString()).startsWith("Test course"); // cached on B

        api.put("/api/courses/" + course, Map.of("title", "Renamed on A", "summary", "s", "category", "testing",
                "priceCents", 0, "currency", "EUR"), instructor);

        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
                assertThat(b.get("/api/courses/" + course).json().at("/course/title").asString()).isEqualTo("Renamed on A"));
    }
}
