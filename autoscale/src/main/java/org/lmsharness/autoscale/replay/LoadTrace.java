package org.lmsharness.autoscale.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.lmsharness.autoscale.policy.TimeScale;

/**
 * Offered load over time, requests per second at the edge, in steps of equal length: a built-in profile (the scenarios of the
 * real loop) or a CSV of requests per minute a user brings (exported from CloudWatch or Prometheus).
 *
 * @param name        the profile's name or the file's
 * @param stepSeconds how long each value holds
 * @param values      requests per second, one per step
 */
public record LoadTrace(String name, double stepSeconds, double[] values) {

    /** The built-in profiles, each shaped around a peak in requests per second. */
    public enum Profile {
        /** An exam start: a tenth of the peak, then ten times that within 30 s, held, then back. */
        SPIKE("a tenth of the peak for 2 min, ×10 within 30 s, held 6 min, back within 30 s, then 8 min"),
        /** A steady rise from a quarter of the peak over 10 minutes. */
        RAMP("a quarter of the peak for 1 min, rising to the peak over 10 min, held 4 min"),
        /** The peak falling to a quarter, which then wavers ±15 % every 2 minutes: scale-in, and whether it flaps. */
        FALL("the peak for 4 min, down to a quarter within 1 min, then 20 min wavering ±15 % every 2 min"),
        /** A day of an LMS: quiet nights, two exam starts (9:00 and 14:00) and an evening peak of self-study. */
        DAY("24 h: 5 % at night, 60 % from 9:00 with an exam start at the peak, 50 % midday, another exam at 14:00, 70 % in the evening");

        private final String description;

        Profile(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }

        /** By its lower-case name. */
        public static Profile of(String name) {
            for (Profile p : values()) if (p.name().equalsIgnoreCase(name)) return p;
            return null;
        }
    }

    public LoadTrace {
        if (!(stepSeconds > 0)) throw new IllegalArgumentException("a trace's step must be positive");
        if (values.length == 0) throw new IllegalArgumentException("a trace needs at least one value");
    }

    public double durationSeconds() {
        return stepSeconds * values.length;
    }

    /** Requests per second at {@code millis} from the start; the last value past the end. */
    public double at(long millis) {
        int index = (int) Math.min(values.length - 1, Math.max(0, (long) Math.floor(millis / 1000.0 / stepSeconds)));
        return values[index];
    }

    public double peak() {
        return Arrays.stream(values).max().orElse(0);
    }

    /** The trace multiplied by {@code factor}: the same shape at another level. */
    public LoadTrace scaled(double factor) {
        return new LoadTrace(name, stepSeconds, Arrays.stream(values).map(v -> v * factor).toArray());
    }

    /** A built-in profile around {@code peak} requests per second, in steps of one second, in production time. */
    public static LoadTrace of(Profile profile, double peak) {
        return of(profile, peak, TimeScale.REAL);
    }

    /**
     * A built-in profile on a compressed clock: the holds and slow trends are divided by the factor, as the policy's periods
     * are, so the scenario keeps its proportions to them; the spike's 30 s rise and the fall's minute stay as they are (how
     * fast students arrive is not the policy's clock).
     */
    public static LoadTrace of(Profile profile, double peak, TimeScale time) {
        if (!(peak > 0) || Double.isInfinite(peak)) throw new IllegalArgumentException("the peak must be a positive number of requests per second, got " + peak);
        double k = time.factor();
        List<Double> v = new ArrayList<>();
        switch (profile) {
            case SPIKE -> {
                hold(v, peak / 10, seconds(120, k));
                ramp(v, peak / 10, peak, 30);
                hold(v, peak, seconds(360, k));
                ramp(v, peak, peak / 10, 30);
                hold(v, peak / 10, seconds(480, k));
            }
            case RAMP -> {
                hold(v, peak / 4, seconds(60, k));
                ramp(v, peak / 4, peak, seconds(600, k));
                hold(v, peak, seconds(240, k));
            }
            case FALL -> {
                hold(v, peak, seconds(240, k));
                ramp(v, peak, peak / 4, 60);
                int period = seconds(120, k);
                for (int s = 0; s < seconds(1200, k); s++) v.add(peak / 4 * (1 + 0.15 * Math.sin(2 * Math.PI * s / period)));
            }
            case DAY -> {
                LoadTrace day = day(peak);
                return new LoadTrace(day.name(), day.stepSeconds() / k, day.values());
            }
        }
        String name = profile.name().toLowerCase(Locale.ROOT);
        return new LoadTrace(name, 1, v.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static int seconds(double productionSeconds, double factor) {
        return (int) Math.max(1, Math.round(productionSeconds / factor));
    }

    /** The day, per minute: shares of the peak at hours of the day, linear between, with the exam starts on top. */
    private static LoadTrace day(double peak) {
        double[][] shape = {{0, 0.10}, {2, 0.05}, {6, 0.05}, {8, 0.40}, {9, 0.60}, {12, 0.50}, {13, 0.45}, {14, 0.55}, {17, 0.50},
                {19, 0.70}, {21, 0.70}, {23, 0.20}, {24, 0.10}};
        double[] minutes = new double[24 * 60];
        for (int m = 0; m < minutes.length; m++) {
            double hour = m / 60.0;
            int i = 0;
            while (shape[i + 1][0] < hour) i++;
            double f = (hour - shape[i][0]) / (shape[i + 1][0] - shape[i][0]);
            minutes[m] = peak * (shape[i][1] + f * (shape[i + 1][1] - shape[i][1]));
        }
        for (int start : new int[] {9 * 60, 14 * 60}) {
            // Everyone opens the exam within two minutes and works for forty; then it ebbs over five.
            for (int m = 0; m < 47; m++) {
                double share = m < 2 ? (m + 1) / 2.0 : m < 42 ? 1 : 1 - (m - 41) / 6.0;
                minutes[start + m] = Math.max(minutes[start + m], peak * share);
            }
        }
        return new LoadTrace("day", 60, minutes);
    }

    private static void hold(List<Double> v, double level, int seconds) {
        for (int s = 0; s < seconds; s++) v.add(level);
    }

    private static void ramp(List<Double> v, double from, double to, int seconds) {
        for (int s = 0; s < seconds; s++) v.add(from + (to - from) * (s + 1) / seconds);
    }

    /**
     * A CSV of requests per minute, one row per minute: {@code time,requests}, the time a minute number, epoch seconds or an
     * ISO-8601 instant (only its spacing is used, and it must be even), a header line allowed. One row per minute is what
     * CloudWatch's Sum of RequestCount at a 60 s period and Prometheus's {@code increase(...[1m])} give.
     *
     * @throws IllegalArgumentException with the line at fault, for a person
     */
    public static LoadTrace csv(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the trace (" + e.getMessage() + ")");
        }
        List<Double> times = new ArrayList<>();
        List<Double> perMinute = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] cells = line.split("[,;\\t]");
            if (cells.length < 2) throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected time,requests per minute, got \"" + line + "\"");
            Double time = time(cells[0].strip().replace("\"", ""));
            Double requests = number(cells[1].strip().replace("\"", ""));
            if (time == null || requests == null) {
                if (times.isEmpty() && perMinute.isEmpty() && i == firstContentLine(lines)) continue; // a header
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": not a time and a number of requests: \"" + line + "\"");
            }
            if (requests < 0) throw new IllegalArgumentException(file + ":" + (i + 1) + ": a negative number of requests");
            times.add(time);
            perMinute.add(requests);
        }
        if (perMinute.size() < 2) throw new IllegalArgumentException(file + ": a trace needs at least two rows of requests per minute");
        double spacing = times.get(1) - times.get(0);
        for (int i = 2; i < times.size(); i++) {
            if (Math.abs(times.get(i) - times.get(i - 1) - spacing) > 1e-6 * Math.max(1, spacing))
                throw new IllegalArgumentException(file + ": rows must be evenly spaced (one per minute); row " + (i + 1) + " breaks the spacing");
        }
        if (!(spacing > 0)) throw new IllegalArgumentException(file + ": times must increase");
        String name = file.getFileName().toString();
        return new LoadTrace(name, 60, perMinute.stream().mapToDouble(r -> r / 60).toArray());
    }

    private static int firstContentLine(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) if (!lines.get(i).isBlank() && !lines.get(i).strip().startsWith("#")) return i;
        return -1;
    }

    private static Double time(String cell) {
        Double n = number(cell);
        if (n != null) return n;
        try {
            return (double) Instant.parse(cell).getEpochSecond();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Double number(String cell) {
        try {
            double value = Double.parseDouble(cell);
            return Double.isFinite(value) ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
