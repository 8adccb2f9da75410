package org.lmsharness.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warm-up against a stand-in LMS over real HTTP: what it sends, as whom, and that it ends by itself. */
class ReplicaWarmUpTests {

    @Test
    void aLearnerLogsInAndOpensTheirOwnCoursePagesWithTheTokenForABoundedNumberOfRounds(@TempDir Path dataset) throws Exception {
        Files.writeString(dataset.resolve("users.csv"), "email,password,role,userId\nada@lms.test,lms-load-test,STUDENT,1\n");
        Files.writeString(dataset.resolve("courses.csv"), "courseId,category,priceCents,currency,quizId,firstLessonId,lessonCount\n"
                + "7,data,0,EUR,70,700,3\n8,web,900,EUR,,800,2\n");
        Files.writeString(dataset.resolve("enrollments.csv"), "email,courseId,firstLessonId\nada@lms.test,7,700\n");
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer lms = standIn(seen);
        try {
            ReplicaWarmUp.Result result = ReplicaWarmUp.warm("http://127.0.0.1:" + lms.getAddress().getPort(), dataset);

            assertThat(result.rounds()).isEqualTo(ReplicaWarmUp.ROUNDS);
            assertThat(result.requests()).as("7 requests a round").isEqualTo(7 * ReplicaWarmUp.ROUNDS);
            assertThat(result.failed()).isZero();
            assertThat(seen).contains("GET /api/courses?page=0&size=20 -", "GET /api/courses?q=data -", "GET /api/courses/8 -",
                    "POST /api/auth/login - {\"email\":\"ada@lms.test\",\"password\":\"lms-load-test\"}", "GET /api/me/courses Bearer t-1",
                    "GET /api/courses/7/quizzes Bearer t-1", "GET /api/quizzes/70 Bearer t-1");
            assertThat(result.summary()).startsWith("warmed by " + 7 * ReplicaWarmUp.ROUNDS + " requests in ");
        } finally {
            lms.stop(0);
        }
    }

    @Test
    void withoutTheDatasetsFeedersOnlyTheCataloguesFirstPagesAreRead(@TempDir Path empty) throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer lms = standIn(seen);
        try {
            ReplicaWarmUp.Result result = ReplicaWarmUp.warm("http://127.0.0.1:" + lms.getAddress().getPort(), empty);

            assertThat(result.requests()).isEqualTo(ReplicaWarmUp.ROUNDS);
            assertThat(seen).allMatch(request -> request.startsWith("GET /api/courses?page="));
        } finally {
            lms.stop(0);
        }
    }

    @Test
    void aReplicaThatDoesNotAnswerIsCountedNotWaitedOnForever() {
        ReplicaWarmUp.Result result = ReplicaWarmUp.warm("http://127.0.0.1:9", Path.of("no-such-dataset"));

        assertThat(result.failed()).isEqualTo(result.requests()).isPositive();
        assertThat(result.seconds()).isLessThan(ReplicaWarmUp.LIMIT.toSeconds() + 6);
    }

    /** Answers 200 to everything, a login with token t-1; records "METHOD path+query authorization body". */
    private static HttpServer standIn(List<String> seen) throws java.io.IOException {
        HttpServer lms = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        lms.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + (auth == null ? "-" : auth) + (body.isEmpty() ? "" : " " + body));
            byte[] answer = exchange.getRequestURI().getPath().equals("/api/auth/login") ? "{\"accessToken\":\"t-1\"}".getBytes(StandardCharsets.UTF_8) : new byte[0];
            exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        lms.start();
        return lms;
    }
}
