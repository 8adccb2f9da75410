package org.lmsharness.simulations;

import static org.lmsharness.simulations.Load.percent;
import static org.lmsharness.simulations.Load.positive;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What only the LMS simulation needs, beside {@link Load}: the journey mix and the dataset's accounts. System properties with defaults, checked before the run.
 *
 * @param mix          journey name → share in percent, summing to 100
 * @param students     how many generated student accounts to rotate over (student1..N@lms.test)
 * @param instructors  how many generated instructor accounts to rotate over (instructor1..N@lms.test)
 * @param paidCourses  how many paid courses the dataset has (every 4th course: 25 in S)
 * @param password     the generated accounts' password
 * @param usersFile    the dataset's exported users.csv (email, password, role, userId) to take accounts from;
 *                     null: the generated numbering
 * @param clientFailover with several base URLs (edges), probe each and fail over between them instead of rotating blindly
 * @param sides        a duet: one name per base URL ({@code baseline,candidate}); each side gets the whole injection profile of
 *                     its own, at the same instants as the others, its requests in a Gatling group of its name. Empty: one
 *                     population over all the base URLs.
 */
public record LmsWorkload(Map<String, Double> mix, int students, int instructors, int paidCourses, String password,
                          Path usersFile, boolean clientFailover, List<String> sides) {

    /** doubleClick: two checkouts of one course at once under two keys (the chaos experiments' write mix has a few). */
    public static final List<String> JOURNEYS = List.of("browse", "student", "enrolAndPay", "doubleClick", "instructor");
    public static final String DEFAULT_MIX = "browse:60,student:30,enrolAndPay:5,instructor:5";
    /** Requests per journey of the LMS mixes, measured: 62.7 requests/s at 13.2 journeys/s (docs/capacity.md). */
    public static final double REQUESTS_PER_JOURNEY = 4.75;

    public static LmsWorkload fromSystemProperties() {
        return from(System::getProperty);
    }

    /**
     * The workload these parameters give, checked as the simulation checks them: the command line checks
     * what it was given before any load starts.
     *
     * @param given a parameter's value by name; null when not given (its default then)
     */
    public static LmsWorkload from(java.util.function.UnaryOperator<String> given) {
        java.util.function.BinaryOperator<String> value = (name, fallback) -> Load.valueOr(given.apply(name), fallback);
        return new LmsWorkload(mix(value.apply("mix", DEFAULT_MIX)),
                (int) positive("students", value.apply("students", "1000")),
                (int) positive("instructors", value.apply("instructors", "20")),
                (int) positive("paidCourses", value.apply("paidCourses", "25")),
                value.apply("password", "lms-load-test"),
                usersFile(value.apply("users", "")),
                bool("clientFailover", value.apply("clientFailover", "false")),
                sides(value.apply("sides", "")));
    }

    private static List<String> sides(String value) {
        if (value.isBlank()) return List.of();
        List<String> sides = java.util.Arrays.stream(value.split(",")).map(String::trim).toList();
        if (sides.size() < 2 || sides.stream().anyMatch(String::isEmpty) || sides.stream().distinct().count() != sides.size()) {
            throw new Load.Invalid("sides", "two or more distinct names, one per base URL, such as baseline,candidate", value);
        }
        return sides;
    }

    private static boolean bool(String name, String value) {
        if (!value.equals("true") && !value.equals("false")) throw new Load.Invalid(name, "true or false", value);
        return Boolean.parseBoolean(value);
    }

    private static Path usersFile(String value) {
        if (value.isEmpty()) return null;
        Path file = Path.of(value);
        if (!Files.isReadable(file)) throw new Load.Invalid("users", "a readable users.csv exported with the dataset", value);
        return file;
    }

    /**
     * The shortest sequence of journeys with the mix's exact proportions (shares divided by their
     * greatest common divisor), ordered by smooth weighted round robin so each journey is spread
     * evenly through the cycle rather than bunched: 60/30/5/5 gives 20 slots, a student every 3rd or so.
     */
    public static List<String> cycle(Map<String, Double> mix) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        mix.forEach((journey, share) -> {
            int tenths = (int) Math.round(share * 10);
            if (tenths > 0) weights.put(journey, tenths);
        });
        int divisor = weights.values().stream().reduce(0, LmsWorkload::gcd);
        weights.replaceAll((journey, weight) -> weight / divisor);
        int total = weights.values().stream().mapToInt(Integer::intValue).sum();
        Map<String, Integer> current = new LinkedHashMap<>();
        weights.keySet().forEach(journey -> current.put(journey, 0));
        List<String> cycle = new java.util.ArrayList<>();
        for (int slot = 0; slot < total; slot++) {
            weights.forEach((journey, weight) -> current.merge(journey, weight, Integer::sum));
            String next = current.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            current.merge(next, -total, Integer::sum);
            cycle.add(next);
        }
        return cycle;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    static Map<String, Double> mix(String value) {
        Map<String, Double> mix = new LinkedHashMap<>();
        for (String part : value.split(",")) {
            String[] pair = part.trim().split(":");
            if (pair.length != 2 || !JOURNEYS.contains(pair[0].trim())) {
                throw new Load.Invalid("mix", "journey:percent pairs over " + JOURNEYS + " such as " + DEFAULT_MIX, value);
            }
            mix.put(pair[0].trim(), percent("mix." + pair[0].trim(), pair[1].trim()));
        }
        double total = mix.values().stream().mapToDouble(Double::doubleValue).sum();
        if (Math.abs(total - 100) > 0.001) throw new Load.Invalid("mix", "shares that sum to 100", value + " (sum " + total + ")");
        return mix;
    }
}
