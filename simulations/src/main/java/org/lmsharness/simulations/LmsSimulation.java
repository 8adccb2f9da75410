package org.lmsharness.simulations;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.csv;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.lmsharness.simulations.ledger.WriteLedger;
import org.lmsharness.topology.Deployment;
import org.lmsharness.topology.local.LocalDeployment;
import org.lmsharness.topology.preset.Presets;

/**
 * The LMS under load: four journeys in a documented mix, in the harness's fixed shape ({@link Load}:
 * target, injection profile and SLO from system properties), so that {@code gatling:test} fails when
 * the SLO breaks and the capacity search can drive it. With {@code -DbaseUrl} it drives that
 * deployment; without, it boots {@code -Dpreset} (single-box by default) with the topology and tears
 * it down after the run.
 *
 * <pre>
 *   ./mvnw -q gatling:test -pl simulations -Dprofile=load -Drate=20 -Dduration=2m -DbaseUrl=http://127.0.0.1:8080
 * </pre>
 */
public class LmsSimulation extends Simulation {

    // --- parameters: read per instance, so that runs in one JVM (the capacity search) each see their own ---

    private final Load load = Load.fromSystemPropertiesOrExit();
    private final LmsWorkload workload = workloadOrExit();
    private final Deployment deployment = load.baseUrls().isEmpty() ? boot(workload.preset()) : null;
    private final List<String> baseUrls = deployment == null ? load.baseUrls() : deployment.clientUrls();

    // --- protocol ---------------------------------------------------------------------------------

    private final HttpProtocolBuilder protocol = http
            .baseUrls(baseUrls)
            .acceptHeader("application/json")
            .contentTypeHeader("application/json")
            .userAgentHeader("lms-capacity-harness");

    // --- feeders: the dataset's exported accounts (users.csv), else the generated numbering (docs/dataset.md) ---

    private final AtomicLong next = new AtomicLong();
    private final java.nio.file.Path usersFile = workload.usersFile() != null ? workload.usersFile()
            : deployment != null ? deployment.datasetDir().resolve("users.csv") : null;
    private final List<Map<String, Object>> accounts = usersFile == null ? List.of() : csv(usersFile.toString()).readRecords();

    private Iterator<Map<String, Object>> students() {
        return accounts("STUDENT", "student", workload.students());
    }

    private Iterator<Map<String, Object>> instructors() {
        return accounts("INSTRUCTOR", "instructor", workload.instructors());
    }

    /** Accounts of one role in turn: from users.csv when there is one, else {@code <prefix><n>@lms.test} for n up to {@code count}. */
    private Iterator<Map<String, Object>> accounts(String role, String prefix, int count) {
        List<Map<String, Object>> ofRole = accounts.stream().filter(account -> role.equalsIgnoreCase(String.valueOf(account.get("role")))).toList();
        if (!ofRole.isEmpty()) return Stream.generate(() -> ofRole.get((int) (next.getAndIncrement() % ofRole.size()))).iterator();
        return Stream.generate(() -> Map.<String, Object>of("email", prefix + (1 + next.getAndIncrement() % count) + "@lms.test",
                "password", workload.password())).iterator();
    }

    /** Pages and search words every dataset has; course ids within the smallest catalog (XS: 10). */
    private static Iterator<Map<String, Object>> browsing() {
        String[] terms = {"postgresql", "java", "statistics", "kubernetes", "testing", "design", "exercises"};
        return Stream.generate(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            return Map.<String, Object>of("page", random.nextInt(5), "term", terms[random.nextInt(terms.length)], "courseId", 1 + random.nextInt(10));
        }).iterator();
    }

    /** Paid courses are every 4th (-DpaidCourses of them: 25 in S); the key is new per purchase. */
    private Iterator<Map<String, Object>> purchases() {
        return Stream.generate(() -> Map.<String, Object>of("paidCourse", 4 * (1 + ThreadLocalRandom.current().nextInt(workload.paidCourses())),
                "idempotencyKey", UUID.randomUUID().toString())).iterator();
    }

    // --- the write ledger (-Dledger=<file>): every acknowledged write, for the chaos experiments' count ---

    private final WriteLedger ledger = WriteLedger.fromSystemProperty();

    /**
     * Records the write just answered: its check saved {@code acked} only on a 2xx answer (and a
     * checkout's 409 saves nothing), so an entry is written exactly for what the LMS acknowledged.
     * The attributes named give the entry's fields; {@code acked} is then forgotten for the next write.
     */
    private ChainBuilder acknowledged(String kind, String... attributes) {
        return exec(session -> {
            if (ledger == null || !session.contains("acked")) return session;
            ledger.record(kind, java.util.Arrays.stream(attributes).map(name -> session.get(name)).toArray());
            return session.remove("acked");
        });
    }

    // --- journeys ---------------------------------------------------------------------------------

    private static final String AUTH = "Bearer #{token}";

    private final ChainBuilder logIn = exec(http("log in").post("/api/auth/login")
            .body(StringBody("{\"email\":\"#{email}\",\"password\":\"#{password}\"}"))
            .check(status().is(200), jmesPath("accessToken").saveAs("token")));

    private final ChainBuilder browse = feed(browsing()).exec(
            http("catalog page").get("/api/courses?page=#{page}&size=20").check(status().is(200)),
            http("search").get("/api/courses?q=#{term}").check(status().is(200)),
            http("course detail").get("/api/courses/#{courseId}").check(status().is(200)));

    private final ChainBuilder student = feed(students()).exec(logIn).exec(
            http("my courses").get("/api/me/courses").header("Authorization", AUTH)
                    .check(status().is(200), jmesPath("items[0].courseId").optional().saveAs("myCourse")))
            .doIf(session -> session.contains("myCourse")).then(exec(
                    http("course lessons").get("/api/courses/#{myCourse}")
                            .check(status().is(200), jmesPath("lessons[0].id").saveAs("lessonId")))
                    .repeat(3, "beat").on(exec(http("progress heartbeat").put("/api/courses/#{myCourse}/lessons/#{lessonId}/progress")
                            .header("Authorization", AUTH).body(StringBody("{\"positionSeconds\":#{beat}}"))
                            .check(status().is(200), jmesPath("positionSeconds").saveAs("acked")))
                            .exec(acknowledged("progress", "email", "lessonId", "acked")))
                    .exec(http("course quizzes").get("/api/courses/#{myCourse}/quizzes").header("Authorization", AUTH)
                            .check(status().is(200), jmesPath("[0].id").saveAs("quizId")))
                    .exec(http("quiz").get("/api/quizzes/#{quizId}").header("Authorization", AUTH)
                            .check(status().is(200), jmesPath("length(questions)").ofInt().saveAs("questions")))
                    .exec(http("quiz attempt").post("/api/quizzes/#{quizId}/attempts").header("Authorization", AUTH)
                            .body(StringBody(session -> answers(session.getInt("questions")))).check(status().is(201), jmesPath("attemptId").saveAs("acked")))
                    .exec(acknowledged("attempt", "acked")));

    private final ChainBuilder enrolAndPay = feed(students()).exec(logIn).feed(purchases()).exec(
            http("checkout").post("/api/payments/checkout").header("Authorization", AUTH).header("Idempotency-Key", "#{idempotencyKey}")
                    // 409: this student already owns the course (a repeat draw), an answer the LMS must give.
                    .body(StringBody("{\"courseId\":#{paidCourse}}")).check(status().in(200, 201, 409), jmesPath("paymentId").optional().saveAs("acked")))
            .exec(acknowledged("checkout", "acked", "email", "idempotencyKey", "paidCourse"));

    private final ChainBuilder instructor = feed(instructors()).exec(logIn).exec(
            http("create course").post("/api/courses").header("Authorization", AUTH)
                    .body(StringBody("{\"title\":\"Load test course\",\"summary\":\"Made by a simulation\",\"category\":\"testing\",\"priceCents\":0,\"currency\":\"EUR\"}"))
                    .check(status().is(201), jmesPath("course.id").saveAs("newCourse"), jmesPath("course.id").saveAs("acked")))
            .exec(acknowledged("course", "acked"))
            .repeat(2).on(exec(http("add lesson").post("/api/courses/#{newCourse}/lessons").header("Authorization", AUTH)
                    .body(StringBody("{\"title\":\"Lesson\",\"body\":\"Text\",\"durationSeconds\":300}")).check(status().is(201), jmesPath("id").saveAs("acked")))
                    .exec(acknowledged("lesson", "acked")))
            .exec(http("course analytics").get("/api/courses/#{newCourse}/analytics").header("Authorization", AUTH).check(status().is(200)));

    private ChainBuilder journey(String name) {
        return switch (name) {
            case "browse" -> browse;
            case "student" -> student;
            case "enrolAndPay" -> enrolAndPay;
            default -> instructor;
        };
    }

    // --- scenarios, injection, assertions ---------------------------------------------------------

    /**
     * The mix as a fixed cycle of journeys in exact proportion (60/30/5/5 → 20 slots), dealt round
     * robin to arriving users: any window of a few cycles holds the mix exactly, where a random draw
     * moved a capacity step's requests per second by ±8 % from window to window.
     */
    private ScenarioBuilder mix() {
        List<ChainBuilder> cycle = LmsWorkload.cycle(workload.mix()).stream().map(this::journey).toList();
        return scenario("LMS mix").roundRobinSwitch().on(cycle);
    }

    {
        // Smoke: each journey once, proving every request of every journey works against this target.
        List<PopulationBuilder> populations = load.profile().equals("smoke")
                ? LmsWorkload.JOURNEYS.stream().map(name -> load.inject(scenario(name).exec(journey(name)))).toList()
                : List.of(load.inject(mix()));
        setUp(populations).protocols(protocol).assertions(load.slo()).maxDuration(load.maxDuration());
    }

    @Override
    public void after() {
        if (ledger != null) ledger.close();
        if (deployment != null) deployment.close();
    }

    // --- helpers ----------------------------------------------------------------------------------

    private static String answers(int questions) {
        return IntStream.range(0, questions).mapToObj(i -> Integer.toString(ThreadLocalRandom.current().nextInt(4)))
                .collect(Collectors.joining(",", "{\"answers\":[", "]}"));
    }

    private static LmsWorkload workloadOrExit() {
        try {
            return LmsWorkload.fromSystemProperties();
        } catch (Load.Invalid e) {
            Load.exit(e.getMessage());
            throw e;
        }
    }

    private static Deployment boot(String preset) {
        try {
            System.out.println("booting preset " + preset + " (no -DbaseUrl given)");
            return LocalDeployment.start(Presets.load(preset));
        } catch (Exception e) {
            Load.exit("cannot boot preset " + preset + ": " + e.getMessage());
            return null;
        }
    }
}
