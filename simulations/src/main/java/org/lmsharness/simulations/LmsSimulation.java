package org.lmsharness.simulations;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.csv;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.roundRobinSwitch;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.httpConcurrentRequests;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.lmsharness.common.Edges;
import org.lmsharness.simulations.ledger.WriteLedger;
import org.lmsharness.simulations.client.Targets;

/**
 * The LMS under load: four journeys in a documented mix, in the harness's fixed shape ({@link Load}:
 * target, injection profile and SLO from system properties), so that {@code gatling:test} fails when
 * the SLO breaks and the capacity search can drive it. It drives the deployment at {@code -DbaseUrl}
 * and boots nothing: {@code lms-harness simulate} boots a preset and runs it there.
 *
 * <pre>
 *   ./mvnw -q gatling:test -pl simulations -Dprofile=load -Drate=20 -Dduration=2m -DbaseUrl=http://127.0.0.1:8080
 * </pre>
 */
public class LmsSimulation extends Simulation {

    // --- parameters: read per instance, so that runs in one JVM (the capacity search) each see their own ---

    private final Load load = Load.fromSystemPropertiesOrExit();
    private final LmsWorkload workload = workloadOrExit();
    private final List<String> baseUrls = load.baseUrls();

    // --- targets and protocol: every request goes to #{target}, the URL its user was given -------

    private final Targets targets = workload.clientFailover() ? Targets.withFailover(baseUrls, Edges.HEALTH_PATH) : Targets.roundRobin(baseUrls);

    private final HttpProtocolBuilder protocol = withAnswerRecorded(http
            .acceptHeader("application/json")
            .contentTypeHeader("application/json")
            .userAgentHeader("lms-capacity-harness"));

    /** With failover, every answer's status is kept: a request without one got no answer at all. Protocol checks run before the request's own. */
    private HttpProtocolBuilder withAnswerRecorded(HttpProtocolBuilder protocol) {
        return targets.failsOver() ? protocol.check(status().saveAs(ANSWERED)) : protocol;
    }

    private static final String ANSWERED = "httpStatus";
    /**
     * A client that fails over gives up on a silent target after this long (connect included): above
     * the 2 s a checkout may take when the LMS waits out the payment provider, and short enough that a
     * request caught on a dead edge is answered by another within the 5 s recovery target.
     */
    private static final java.time.Duration FAILOVER_REQUEST_TIMEOUT = java.time.Duration.ofMillis(2_500);

    /**
     * One request to the user's target. With client failover, a user whose target the probes hold
     * down moves to one that is up before it sends (as a client resolving a health-checked name for
     * its next request would), and a request that got no answer at all (refused, reset, timed out)
     * from a target the probes find down (at once, or within the time they take to decide) goes once
     * more to another target that is up, and the user stays there. A target that is up keeps its
     * users: its silence was slowness, and an HTTP error is an answer; neither is sent again. A write
     * in flight on an edge that died may have been done before it died: sent again, a checkout is
     * deduplicated by its Idempotency-Key; another write may land twice (a second lesson), never lost.
     */
    private ChainBuilder send(HttpRequestActionBuilder request) {
        if (!targets.failsOver()) return exec(request);
        HttpRequestActionBuilder bounded = request.requestTimeout(FAILOVER_REQUEST_TIMEOUT);
        return exec(session -> session.remove(ANSWERED)).exec(this::awayFromADownTarget).exec(bounded)
                .doIf(session -> !session.contains(ANSWERED)).then(
                        doIf(session -> targets.isUp(session.getString("target"))).then(pause(PROBES_DECIDE))
                                .doIf(session -> !targets.isUp(session.getString("target")) && targets.failoverFrom(session.getString("target")) != null)
                                .then(exec(session -> session.set("target", targets.failoverFrom(session.getString("target")))).exec(bounded)));
    }

    /**
     * Without this, every user that started on an edge before it froze paid one request timeout
     * (2.5 s) on its next request, one user after another for as long as a journey lasts, though the
     * probes find a silent edge down within 0.5 s: the multi-az audit once measured p99 1,387 ms over
     * the 11 s edge-1 was frozen, never back within the SLO while it was down.
     */
    private Session awayFromADownTarget(Session session) {
        String target = session.getString("target");
        if (targets.isUp(target)) return session;
        String other = targets.failoverFrom(target);
        return other == null ? session : session.set("target", other);
    }

    /** Long enough for the probes to find a target down that refused or dropped a connection a moment ago. */
    private static final java.time.Duration PROBES_DECIDE = Targets.PROBE_INTERVAL.multipliedBy(3);

    // --- feeders: the dataset's exported accounts (users.csv), else the generated numbering (docs/dataset.md) ---

    private final AtomicLong next = new AtomicLong();
    private final java.nio.file.Path usersFile = workload.usersFile();
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

    private final ChainBuilder logIn = send(http("log in").post("#{target}/api/auth/login")
            .body(StringBody("{\"email\":\"#{email}\",\"password\":\"#{password}\"}"))
            .check(status().is(200), jmesPath("accessToken").saveAs("token")));

    private final ChainBuilder browse = feed(browsing())
            .exec(send(http("catalog page").get("#{target}/api/courses?page=#{page}&size=20").check(status().is(200))))
            .exec(send(http("search").get("#{target}/api/courses?q=#{term}").check(status().is(200))))
            .exec(send(http("course detail").get("#{target}/api/courses/#{courseId}").check(status().is(200))));

    private final ChainBuilder student = feed(students()).exec(logIn).exec(
            send(http("my courses").get("#{target}/api/me/courses").header("Authorization", AUTH)
                    .check(status().is(200), jmesPath("items[0].courseId").optional().saveAs("myCourse"))))
            .doIf(session -> session.contains("myCourse")).then(exec(
                    send(http("course lessons").get("#{target}/api/courses/#{myCourse}")
                            .check(status().is(200), jmesPath("lessons[0].id").saveAs("lessonId"))))
                    .repeat(3, "beat").on(exec(send(http("progress heartbeat").put("#{target}/api/courses/#{myCourse}/lessons/#{lessonId}/progress")
                            .header("Authorization", AUTH).body(StringBody("{\"positionSeconds\":#{beat}}"))
                            .check(status().is(200), jmesPath("positionSeconds").saveAs("acked"))))
                            .exec(acknowledged("progress", "email", "lessonId", "acked")))
                    .exec(send(http("course quizzes").get("#{target}/api/courses/#{myCourse}/quizzes").header("Authorization", AUTH)
                            .check(status().is(200), jmesPath("[0].id").saveAs("quizId"))))
                    .exec(send(http("quiz").get("#{target}/api/quizzes/#{quizId}").header("Authorization", AUTH)
                            .check(status().is(200), jmesPath("length(questions)").ofInt().saveAs("questions"))))
                    .exec(send(http("quiz attempt").post("#{target}/api/quizzes/#{quizId}/attempts").header("Authorization", AUTH)
                            .body(StringBody(session -> answers(session.getInt("questions")))).check(status().is(201), jmesPath("attemptId").saveAs("acked"))))
                    .exec(acknowledged("attempt", "acked")));

    private final ChainBuilder enrolAndPay = feed(students()).exec(logIn).feed(purchases())
            .exec(send(checkout("checkout", "idempotencyKey").check(CHECKOUT_ANSWERED, jmesPath("paymentId").optional().saveAs("acked"))))
            .exec(acknowledged("checkout", "acked", "email", "idempotencyKey", "paidCourse"));

    /**
     * A double click on "buy" (or two tabs): two checkouts of one course at once, under two idempotency
     * keys. At most one may be charged; the other is told 409 (under way, or already enrolled). The
     * ledger counts every course charged twice, whatever the keys, so a race lost shows there.
     */
    private final ChainBuilder doubleClick = feed(students()).exec(logIn).feed(purchases())
            .exec(session -> session.set("secondKey", UUID.randomUUID().toString()))
            .exec(httpConcurrentRequests(clickedCheckout("idempotencyKey"), clickedCheckout("secondKey")));

    /**
     * One of a double click's checkouts, recorded in the ledger by its own check: of values saved by
     * concurrent requests, not all reach the session (measured: about half of the acknowledged ones did).
     */
    private HttpRequestActionBuilder clickedCheckout(String keyAttribute) {
        return checkout("checkout (double click)", keyAttribute).check(CHECKOUT_ANSWERED, jmesPath("paymentId").transformWithSession((paymentId, session) -> {
            if (ledger != null && paymentId != null) ledger.record("checkout", paymentId, session.getString("email"), session.getString(keyAttribute), session.get("paidCourse"));
            return paymentId;
        }).optional());
    }

    /** 409: this student already owns the course (a repeat draw), or buys it under another key right now. */
    private static final io.gatling.javaapi.core.CheckBuilder CHECKOUT_ANSWERED = status().in(200, 201, 202, 409);

    /** A checkout of {@code #{paidCourse}} under the key in {@code keyAttribute}. */
    private static HttpRequestActionBuilder checkout(String name, String keyAttribute) {
        return http(name).post("#{target}/api/payments/checkout").header("Authorization", AUTH).header("Idempotency-Key", "#{" + keyAttribute + "}")
                .body(StringBody("{\"courseId\":#{paidCourse}}"))
                // A checkout the provider cannot serve now is accepted and queued: 202 with where to poll.
                .checkIf((response, session) -> response.status().code() == 202)
                .then(header("Location").exists(), jmesPath("status").is("QUEUED"));
    }

    private final ChainBuilder instructor = feed(instructors()).exec(logIn).exec(
            send(http("create course").post("#{target}/api/courses").header("Authorization", AUTH)
                    .body(StringBody("{\"title\":\"Load test course\",\"summary\":\"Made by a simulation\",\"category\":\"testing\",\"priceCents\":0,\"currency\":\"EUR\"}"))
                    .check(status().is(201), jmesPath("course.id").saveAs("newCourse"), jmesPath("course.id").saveAs("acked"))))
            .exec(acknowledged("course", "acked"))
            .repeat(2).on(exec(send(http("add lesson").post("#{target}/api/courses/#{newCourse}/lessons").header("Authorization", AUTH)
                    .body(StringBody("{\"title\":\"Lesson\",\"body\":\"Text\",\"durationSeconds\":300}")).check(status().is(201), jmesPath("id").saveAs("acked"))))
                    .exec(acknowledged("lesson", "acked")))
            .exec(send(http("course analytics").get("#{target}/api/courses/#{newCourse}/analytics").header("Authorization", AUTH).check(status().is(200))));

    /** A journey, from the target its user is given on arrival. */
    private ChainBuilder journey(String name) {
        return journey(name, targets::next);
    }

    private ChainBuilder journey(String name, java.util.function.Supplier<String> target) {
        return exec(session -> session.set("target", target.get())).exec(switch (name) {
            case "browse" -> browse;
            case "student" -> student;
            case "enrolAndPay" -> enrolAndPay;
            case "doubleClick" -> doubleClick;
            default -> instructor;
        });
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

    /**
     * A duet's side: the same cycle of journeys, all to this side's URL, each request in a group named after the side.
     * Every side gets the same injection profile, so their users arrive at the same instants: noise on the host hits
     * both alike (the release gate compares them).
     */
    private ScenarioBuilder side(String name, String url) {
        List<ChainBuilder> cycle = LmsWorkload.cycle(workload.mix()).stream().map(journey -> journey(journey, () -> url)).toList();
        return scenario(name).group(name).on(roundRobinSwitch().on(cycle));
    }

    private List<PopulationBuilder> sides() {
        if (workload.sides().size() != baseUrls.size()) {
            Load.exit("sides: " + workload.sides().size() + " names for " + baseUrls.size() + " base URLs; give one name per base URL");
        }
        return IntStream.range(0, baseUrls.size()).mapToObj(i -> load.inject(side(workload.sides().get(i), baseUrls.get(i)))).toList();
    }

    {
        // Smoke: each journey once, proving every request of every journey works against this target.
        List<PopulationBuilder> populations = load.profile() == Profile.SMOKE
                ? LmsWorkload.JOURNEYS.stream().map(name -> load.inject(scenario(name).exec(journey(name)))).toList()
                : !workload.sides().isEmpty() ? sides() : List.of(load.inject(mix()));
        setUp(populations).protocols(protocol).assertions(load.slo()).maxDuration(load.maxDuration());
    }

    @Override
    public void after() {
        targets.close();
        if (ledger != null) ledger.close();
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
}
