package org.lmsharness.topology;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * Warms a replica added while traffic flows before the edge sends it anything: the load's reads, a learner's login and
 * the learner's pages, straight from the harness, while the replica's CPU quota is still lifted (at the least CPU weight,
 * so on CPU nobody else wants). A JVM's first requests run interpreted and load classes; held to half a core from its
 * first request, a new replica's logins ran past the client's 2.5 s (rollouts and replacements on containers). Read-only
 * but for the logins, so the write ledger's counts are untouched.
 *
 * <p>Bounded: {@link #ROUNDS} rounds or {@link #LIMIT}, whichever ends first. Written by hand: a few sequential requests
 * over the JDK's client, where a second Gatling run inside the topology would be far heavier.
 */
public final class ReplicaWarmUp {

    static final int ROUNDS = 40;
    public static final Duration LIMIT = Duration.ofSeconds(20);
    /** Courses read to find an enrolled learner's quiz: the first rows of a large dataset's catalogue. */
    private static final int COURSES_READ = 10_000;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private ReplicaWarmUp() {}

    /**
     * What the warm-up did.
     *
     * @param rounds          rounds sent (each: 3 anonymous reads, a learner's login, 3 of the learner's pages)
     * @param requests        requests sent
     * @param failed          requests not answered 2xx
     * @param seconds         the whole warm-up
     * @param firstRoundMillis the first round's time, cold
     * @param lastRoundMillis  the last round's
     */
    record Result(int rounds, int requests, int failed, double seconds, long firstRoundMillis, long lastRoundMillis) {
        String summary() {
            return String.format(Locale.ROOT, "warmed by %d requests in %.1f s (%d not 2xx), a round of 7 took %d ms cold, %d ms last",
                    requests, seconds, failed, firstRoundMillis, lastRoundMillis);
        }
    }

    private record Course(String id, String category, String quizId) {}

    /** Sends the warm-up to {@code baseUrl}, as learners and courses of the dataset's feeders in {@code datasetDir} (enrollments.csv first). */
    static Result warm(String baseUrl, Path datasetDir) {
        Map<String, Course> courses = new LinkedHashMap<>();
        read(datasetDir.resolve("courses.csv"), COURSES_READ).forEach(row -> courses.put(row.get("courseId"), new Course(row.get("courseId"), row.get("category"), row.get("quizId"))));
        // The generated accounts share one password (users.csv says which); a learner's own course has quizzes they may open.
        String password = read(datasetDir.resolve("users.csv"), 1).stream().findFirst().map(row -> row.get("password")).orElse(null);
        List<Map<String, String>> enrollments = read(datasetDir.resolve("enrollments.csv"), ROUNDS);
        List<Course> catalogue = List.copyOf(courses.values());
        long start = System.nanoTime();
        long deadline = start + LIMIT.toNanos();
        int rounds = 0;
        int[] sent = {0};
        int[] failed = {0};
        long first = 0;
        long last = 0;
        while (rounds < ROUNDS && System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
            long round = System.nanoTime();
            send(get(baseUrl + "/api/courses?page=" + rounds % 5 + "&size=20", null), sent, failed);
            if (!catalogue.isEmpty()) {
                Course course = catalogue.get(rounds % catalogue.size());
                send(get(baseUrl + "/api/courses?q=" + course.category(), null), sent, failed);
                send(get(baseUrl + "/api/courses/" + course.id(), null), sent, failed);
            }
            if (password != null && !enrollments.isEmpty()) {
                Map<String, String> enrollment = enrollments.get(rounds % enrollments.size());
                HttpResponse<String> login = send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/auth/login")).timeout(REQUEST_TIMEOUT)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("email", enrollment.get("email")).put("password", password).toString()))
                        .build(), sent, failed);
                String token = token(login);
                Course own = courses.get(enrollment.get("courseId"));
                if (token != null) {
                    send(get(baseUrl + "/api/me/courses", token), sent, failed);
                    send(get(baseUrl + "/api/courses/" + enrollment.get("courseId") + "/quizzes", token), sent, failed);
                    if (own != null && !own.quizId().isEmpty()) send(get(baseUrl + "/api/quizzes/" + own.quizId(), token), sent, failed);
                }
            }
            long millis = (System.nanoTime() - round) / 1_000_000;
            if (rounds == 0) first = millis;
            last = millis;
            rounds++;
        }
        return new Result(rounds, sent[0], failed[0], (System.nanoTime() - start) / 1e9, first, last);
    }

    private static HttpRequest get(String url, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT);
        if (token != null) request.header("Authorization", "Bearer " + token);
        return request.build();
    }

    /** The answer, or null when none came; anything but 2xx counts as failed. */
    private static HttpResponse<String> send(HttpRequest request, int[] sent, int[] failed) {
        sent[0]++;
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) failed[0]++;
            return response;
        } catch (IOException e) {
            failed[0]++;
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed[0]++;
            return null;
        }
    }

    private static String token(HttpResponse<String> login) {
        if (login == null || login.statusCode() != 200) return null;
        JsonNode token = JSON.readTree(login.body()).get("accessToken");
        return token == null ? null : token.asString();
    }

    /** A feeder CSV's first {@code limit} rows by column name; none when the file is not there (a deployment without a dataset export). */
    private static List<Map<String, String>> read(Path csv, int limit) {
        if (!Files.isRegularFile(csv)) return List.of();
        List<Map<String, String>> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> lines = new CsvMapper().readerFor(Map.class).with(CsvSchema.emptySchema().withHeader())
                .readValues(csv.toFile())) {
            while (lines.hasNext() && rows.size() < limit) rows.add(lines.next());
        }
        return rows;
    }
}
