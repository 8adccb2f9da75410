package org.lmsharness.reports.thresholds;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.lmsharness.reports.model.CapacityModel;
import org.lmsharness.reports.model.ForkedCapacity;
import org.lmsharness.reports.model.ProductionModel;
import org.lmsharness.reports.model.ServiceDemand;
import org.lmsharness.reports.run.CapacityRun;
import org.lmsharness.reports.run.Spread;

/**
 * Auto-scaling thresholds that follow from a capacity run, each with its derivation written out.
 *
 * <pre>
 *   run.json ─► CapacityModel ─► Thresholds.derive ─► ThresholdFiles (CloudWatch, target tracking, Terraform, HPA)
 * </pre>
 *
 * One idea carries them all: a replica added because of an alarm serves only after the alarm has
 * seen the load (detection) and the replica is ready; load keeps growing meanwhile, so each replica
 * is run at the utilisation u that leaves room for that growth.
 *
 * @param inputs                     the peak, growth and zones planned for
 * @param capacityPerTarget          C: requests per second one replica sustains within the SLO
 * @param requestsPerTargetPerMinute target value for ALBRequestCountPerTarget, requests per target per minute (60·C·u)
 * @param cpuPercent                 target value for ASGAverageCPUUtilization, percent of the replica's CPU quota; NaN when quota or CPU is unknown
 * @param scaleOut                   the step-scaling alarm that adds replicas
 * @param scaleIn                    the step-scaling alarm that removes one
 * @param minCapacity                replicas always running
 * @param maxCapacity                replicas that carry the peak with one zone lost
 * @param hpa                        the Kubernetes HPA; null when cpuPercent is NaN (it scales on CPU)
 * @param derivations                how each value follows, in the order derived
 * @param warmupSeconds              measured time to ready, rounded up: EstimatedInstanceWarmup
 * @param source                     which run produced them, one line for the files' headers
 */
public record Thresholds(ScalingInputs inputs, double capacityPerTarget, double requestsPerTargetPerMinute, double cpuPercent,
                         Alarm scaleOut, Alarm scaleIn, int minCapacity, int maxCapacity, Hpa hpa, List<Derivation> derivations,
                         int warmupSeconds, String source) {

    /**
     * A CloudWatch alarm on a metric of the target group, driving a step-scaling policy.
     *
     * @param name              suffix of the alarm's name; the files prefix it with the group's name
     * @param metric            AWS/ApplicationELB metric name
     * @param comparison        CloudWatch ComparisonOperator
     * @param threshold         requests per target per period
     * @param periodSeconds     length of one datapoint
     * @param evaluationPeriods datapoints looked at (N of "M out of N")
     * @param datapointsToAlarm datapoints that must breach (M)
     * @param treatMissingData  breaching, notBreaching, ignore or missing
     * @param adjustment        replicas added (positive) or removed (negative) when it fires
     */
    public record Alarm(String name, String metric, String comparison, double threshold, int periodSeconds, int evaluationPeriods,
                        int datapointsToAlarm, String treatMissingData, int adjustment) {}

    /**
     * A Kubernetes autoscaling/v2 HorizontalPodAutoscaler on CPU.
     *
     * @param cpuAverageUtilization         percent of the pods' CPU request (request = the measured quota)
     * @param scaleUpPercent                fleet growth allowed per scale-up period, percent
     * @param scaleUpPods                   pods allowed per scale-up period
     * @param scaleUpPeriodSeconds          period of both scale-up policies
     * @param scaleUpStabilizationSeconds   scale-up stabilisation window
     * @param scaleDownPods                 pods removed per scale-down period
     * @param scaleDownPeriodSeconds        period of the scale-down policy
     * @param scaleDownStabilizationSeconds scale-down stabilisation window
     * @param cpuRequestCores               the CPU quota measured, cores: the pods' requests.cpu the utilisation is a percent of
     */
    public record Hpa(int cpuAverageUtilization, int minReplicas, int maxReplicas, int scaleUpPercent, int scaleUpPods,
                      int scaleUpPeriodSeconds, int scaleUpStabilizationSeconds, int scaleDownPods, int scaleDownPeriodSeconds,
                      int scaleDownStabilizationSeconds, double cpuRequestCores) {}

    /** ALB request metrics come in one-minute datapoints. */
    static final int PERIOD_SECONDS = 60;
    /** The step alarm's: one busy minute is not a trend, a second confirms it. */
    static final int SCALE_OUT_DATAPOINTS = 2;
    /**
     * Target tracking's AlarmHigh, which AWS creates and lets nobody change: 3 of 3 one-minute datapoints (its exported alarms
     * show it; the autoscale module's TargetTrackingPolicy applies it). The slower of the two policies sets the reaction time.
     */
    static final int TARGET_TRACKING_DATAPOINTS = 3;
    static final int SCALE_IN_DATAPOINTS = 15;
    static final double DEFAULT_READY_SECONDS = 60;
    static final double MAX_UTILISATION = 0.9;
    static final double MIN_UTILISATION = 0.4;
    static final double SCALE_IN_MARGIN = 0.9;
    /** kube-controller-manager's default --horizontal-pod-autoscaler-tolerance. */
    static final double HPA_TOLERANCE = 0.1;
    static final int SCALE_DOWN_STABILIZATION_SECONDS = 300;

    public static Thresholds derive(CapacityRun run, CapacityModel model, ScalingInputs inputs) {
        check(inputs);
        double c = model.perReplicaCapacity();
        if (!(c > 0)) throw new IllegalStateException("no valid capacity for one replica: thresholds would be invented");
        List<Derivation> d = new ArrayList<>();
        ForkedCapacity forked = model.forked();
        d.add(new Derivation("C, requests per second one replica sustains within the SLO",
                "C = median, over the JVMs one replica was searched on (forks), of the achieved req/s at the highest rate it passed, over the repeats",
                forked.forks().stream().map(fork -> "fork " + fork.fork() + (fork.replica() == null ? "" : " (" + fork.replica() + ")") + " "
                        + fork.requestsPerSecond()).collect(Collectors.joining("; ")), f(c) + " req/s"));

        Spread ready = Spread.of(run.readySeconds());
        double readySeconds = ready.count() > 0 ? ready.median() : DEFAULT_READY_SECONDS;
        d.add(new Derivation("time to ready", "median of the measured replica starts (start → the edge sends it traffic)",
                ready.count() > 0 ? "median of " + ready + " s"
                        : "none measured: assumed " + f(DEFAULT_READY_SECONDS) + " s (a JVM service's start plus health checks); measure it",
                f(readySeconds) + " s"));

        double reaction = PERIOD_SECONDS * TARGET_TRACKING_DATAPOINTS + readySeconds;
        d.add(new Derivation("reaction time T", "T = period × datapoints to alarm + time to ready, with target tracking's AlarmHigh (3 of 3"
                        + " one-minute datapoints, set by AWS): the slower of the two policies; the step alarm below (" + SCALE_OUT_DATAPOINTS + " of "
                        + SCALE_OUT_DATAPOINTS + ") reacts a minute sooner",
                PERIOD_SECONDS + " s × " + TARGET_TRACKING_DATAPOINTS + " + " + f(readySeconds) + " s", f(reaction) + " s"));

        double g = inputs.growthPercentPerMinute();
        double growth = Math.pow(1 + g / 100, reaction / 60);
        d.add(new Derivation("load growth during T", "F = (1 + g/100)^(T/60), g = growth in % per minute",
                "(1 + " + f(g) + "/100)^(" + f(reaction) + "/60)", String.format(Locale.ROOT, "%.3f", growth)));

        double u = Math.min(MAX_UTILISATION, Math.max(MIN_UTILISATION, 1 / growth));
        boolean floored = 1 / growth < MIN_UTILISATION;
        d.add(new Derivation("target utilisation u",
                "u = min(" + MAX_UTILISATION + ", max(" + MIN_UTILISATION + ", 1/F)): a replica at u when the alarm sees the load is at C"
                        + " when its help arrives; " + MAX_UTILISATION + " leaves room for minute-to-minute noise; below " + MIN_UTILISATION
                        + " the fleet would mostly idle and reactive scaling is the wrong tool",
                "min(" + MAX_UTILISATION + ", max(" + MIN_UTILISATION + ", 1/" + String.format(Locale.ROOT, "%.3f", growth) + "))",
                String.format(Locale.ROOT, "%.3f", u) + (floored
                        ? " (floored: load grows faster than reactive scaling follows; add scheduled or predictive scaling, or raise the minimum)" : "")));

        double requestsPerMinute = Math.floor(60 * c * u);
        d.add(new Derivation("ALBRequestCountPerTarget target value (target tracking)", "60 · C · u, rounded down",
                "60 × " + f(c) + " × " + String.format(Locale.ROOT, "%.3f", u), f(requestsPerMinute) + " requests per target per minute"));

        double cpuPercent = cpuTarget(run, forked, u, d);

        ProductionModel production = model.production();
        databaseBound(production, model.demands(), inputs, d);
        double peak = peak(run, inputs, production, u, d);
        int needed = production.replicasFor(peak / u).orElseThrow(() -> new IllegalStateException(String.format(Locale.ROOT,
                "peak %s req/s at utilisation %.2f needs %s req/s, more than the database takes: on %s cores it saturates at %s req/s"
                        + " (%d replicas); add read replicas or a bigger database instance (--database-cores)",
                f(peak), u, f(peak / u), f(production.databaseCores()), f(production.databaseBoundRequestsPerSecond()),
                production.databaseBoundReplicas())));
        d.add(new Derivation("replicas for the peak N",
                "N = ⌈peak / (C·u)⌉, the production model: each replica on its own instance carries C (the counts measured together"
                        + " on this host share its cores and are not used here), as long as the database's CPU lasts",
                "⌈" + f(peak) + " / (" + f(c) + " × " + String.format(Locale.ROOT, "%.3f", u) + ")⌉", needed + " replicas"));

        int zones = inputs.zones();
        int min = Math.max(zones, 2);
        int max = needed;
        if (zones > 1) {
            max = ceilDiv(needed * zones, zones - 1);
            while (max - ceilDiv(max, zones) < needed) max++;
        }
        max = Math.max(max, min);
        d.add(new Derivation("maximum capacity M",
                zones > 1 ? "smallest M ≥ ⌈N·z/(z − 1)⌉ with M − ⌈M/z⌉ ≥ N: spread evenly, a zone holds at most ⌈M/z⌉ replicas and the others must still carry the peak"
                        : "M = N: one zone, so the loss of a zone is not covered",
                zones > 1 ? "N = " + needed + ", z = " + zones : "N = " + needed, max + " replicas"));
        d.add(new Derivation("minimum capacity m",
                "m = max(z, 2): one replica per zone so every zone serves, and at least 2 so losing one replica leaves one serving",
                "max(" + zones + ", 2)", min + " replicas"));

        int add = Math.max(1, (int) Math.ceil(min * (growth - 1)));
        Alarm scaleOut = new Alarm("scale-out-requests-high", "RequestCountPerTarget", "GreaterThanThreshold", requestsPerMinute,
                PERIOD_SECONDS, SCALE_OUT_DATAPOINTS, SCALE_OUT_DATAPOINTS, "notBreaching", add);
        d.add(new Derivation("scale-out alarm (step scaling)",
                "RequestCountPerTarget Sum per " + PERIOD_SECONDS + " s > 60·C·u for " + SCALE_OUT_DATAPOINTS + " of " + SCALE_OUT_DATAPOINTS
                        + " datapoints: one busy minute is not a trend, a second confirms it, a minute before target tracking's 3 of 3; missing data notBreaching: ALB reports"
                        + " nothing when no request arrives, which is no load; with target tracking beside it, Auto Scaling takes the policy"
                        + " that gives the larger capacity",
                "threshold " + f(requestsPerMinute), "> " + f(requestsPerMinute) + " requests per target per minute, "
                        + SCALE_OUT_DATAPOINTS + " of " + SCALE_OUT_DATAPOINTS + " × " + PERIOD_SECONDS + " s"));
        d.add(new Derivation("scale-out step",
                "k = max(1, ⌈m·(F − 1)⌉): the alarm fires at u; when new replicas serve, load has grown by F, so the smallest fleet needs"
                        + " m·F replicas to be back at u (larger fleets step again after the warm-up, and target tracking scales in proportion)",
                "max(1, ⌈" + min + " × (" + String.format(Locale.ROOT, "%.3f", growth) + " − 1)⌉)", "+" + add + " replicas"));

        double inThreshold = Math.floor(SCALE_IN_MARGIN * requestsPerMinute * min / (min + 1));
        Alarm scaleIn = new Alarm("scale-in-requests-low", "RequestCountPerTarget", "LessThanThreshold", inThreshold,
                PERIOD_SECONDS, SCALE_IN_DATAPOINTS, SCALE_IN_DATAPOINTS, "breaching", -1);
        d.add(new Derivation("scale-in alarm (step scaling)",
                SCALE_IN_MARGIN + " · 60·C·u · m/(m + 1), rounded down: the smallest fleet that can shrink has m + 1 replicas, and removing"
                        + " one moves its load onto m, raising the count per target by (m + 1)/m; below this it stays under the scale-out"
                        + " threshold, so scale-in never causes a scale-out; larger fleets gain less ((n − 1)/n grows with n); "
                        + SCALE_IN_MARGIN + " leaves room for noise. " + SCALE_IN_DATAPOINTS + " of " + SCALE_IN_DATAPOINTS
                        + " datapoints: scale-in is cheap to delay and costly when wrong (a replica takes T to come back);"
                        + " missing data breaching: no datapoint means no request reached a target, the lowest load; one replica at a"
                        + " time, so each removal shows in the metric before the next",
                SCALE_IN_MARGIN + " × " + f(requestsPerMinute) + " × " + min + "/" + (min + 1),
                "< " + f(inThreshold) + " requests per target per minute, " + SCALE_IN_DATAPOINTS + " of " + SCALE_IN_DATAPOINTS
                        + " × " + PERIOD_SECONDS + " s, −1 replica"));

        int warmup = (int) Math.ceil(readySeconds);
        d.add(new Derivation("EstimatedInstanceWarmup", "time to ready, rounded up: a starting replica's metrics are left out of the"
                + " group's until then, so it does not make the group look idle", "⌈" + f(readySeconds) + "⌉", warmup + " s"));

        Hpa hpa = Double.isNaN(cpuPercent) ? null : hpa(cpuPercent, run.conditions().cpusPerReplica(), min, max, add, warmup, reaction, d);
        return new Thresholds(new ScalingInputs(peak, g, zones), c, requestsPerMinute, cpuPercent, scaleOut, scaleIn, min, max, hpa, List.copyOf(d), warmup, source(run));
    }

    /**
     * These thresholds with another target for requests per target (a replay's recommendation): target tracking's value and
     * both step alarms' thresholds move in proportion; the reason joins the derivations.
     */
    public Thresholds withRequestTarget(double requestsPerMinute, String why) {
        double ratio = requestsPerMinute / requestsPerTargetPerMinute;
        Alarm out = new Alarm(scaleOut.name(), scaleOut.metric(), scaleOut.comparison(), Math.floor(scaleOut.threshold() * ratio), scaleOut.periodSeconds(),
                scaleOut.evaluationPeriods(), scaleOut.datapointsToAlarm(), scaleOut.treatMissingData(), scaleOut.adjustment());
        Alarm in = new Alarm(scaleIn.name(), scaleIn.metric(), scaleIn.comparison(), Math.floor(scaleIn.threshold() * ratio), scaleIn.periodSeconds(),
                scaleIn.evaluationPeriods(), scaleIn.datapointsToAlarm(), scaleIn.treatMissingData(), scaleIn.adjustment());
        List<Derivation> d = new ArrayList<>(derivations);
        d.add(new Derivation("recommended requests per target per minute", why, f(requestsPerTargetPerMinute) + " → " + f(requestsPerMinute),
                f(requestsPerMinute) + " requests per target per minute; alarms at " + f(out.threshold()) + " and " + f(in.threshold())));
        return new Thresholds(inputs, capacityPerTarget, requestsPerMinute, cpuPercent, out, in, minCapacity, maxCapacity, hpa, List.copyOf(d), warmupSeconds, source);
    }

    /** These thresholds with another CPU target for the HPA (a replay's recommendation); the reason joins the derivations. */
    public Thresholds withHpaTarget(int cpuAverageUtilization, String why) {
        if (hpa == null) return this;
        Hpa h = new Hpa(cpuAverageUtilization, hpa.minReplicas(), hpa.maxReplicas(), hpa.scaleUpPercent(), hpa.scaleUpPods(), hpa.scaleUpPeriodSeconds(),
                hpa.scaleUpStabilizationSeconds(), hpa.scaleDownPods(), hpa.scaleDownPeriodSeconds(), hpa.scaleDownStabilizationSeconds(), hpa.cpuRequestCores());
        List<Derivation> d = new ArrayList<>(derivations);
        d.add(new Derivation("recommended HPA averageUtilization", why, hpa.cpuAverageUtilization() + " → " + cpuAverageUtilization, cpuAverageUtilization + " %"));
        return new Thresholds(inputs, capacityPerTarget, requestsPerTargetPerMinute, cpuPercent, scaleOut, scaleIn, minCapacity, maxCapacity, h, List.copyOf(d),
                warmupSeconds, source);
    }

    private static double cpuTarget(CapacityRun run, ForkedCapacity forked, double u, List<Derivation> d) {
        double quota = run.conditions().cpusPerReplica();
        double atCapacity = forked.cpuPerReplica();
        String quantity = "ASGAverageCPUUtilization target value (target tracking) and the HPA's CPU";
        if (!(quota > 0)) {
            d.add(new Derivation(quantity, "100 · CPU at capacity / quota · u", "no CPU quota per replica was recorded (an external target):"
                    + " a CPU percentage would have no base", "omitted: CPU target tracking and the HPA are not emitted"));
            return Double.NaN;
        }
        if (!(atCapacity > 0)) {
            d.add(new Derivation(quantity, "100 · CPU at capacity / quota · u", "replica CPU was not measured at capacity",
                    "omitted: CPU target tracking and the HPA are not emitted"));
            return Double.NaN;
        }
        double percentAtCapacity = Math.min(100, 100 * atCapacity / quota);
        double percent = Math.max(1, Math.floor(percentAtCapacity * u));
        d.add(new Derivation(quantity, "100 · CPU at capacity / quota · u, rounded down; CPU is taken to grow in proportion to load up to C"
                        + (100 * atCapacity / quota > 100 ? "; measured above the quota (was it enforced?), so capped at 100 %" : ""),
                "100 × " + String.format(Locale.ROOT, "%.3f", atCapacity) + " / " + f(quota) + " × " + String.format(Locale.ROOT, "%.3f", u),
                f(percent) + " % of the quota"));
        return percent;
    }

    private static Hpa hpa(double cpuPercent, double quota, int min, int max, int add, int warmup, double reaction, List<Derivation> d) {
        int utilisation = Math.max(1, (int) Math.floor(cpuPercent / (1 + HPA_TOLERANCE)));
        d.add(new Derivation("HPA averageUtilization",
                "CPU target / (1 + tolerance): the HPA does nothing while usage/target is within its tolerance (default " + HPA_TOLERANCE
                        + "), so it would start only at target × " + (1 + HPA_TOLERANCE) + "; percent of requests.cpu, which must equal the quota measured",
                f(cpuPercent) + " / " + (1 + HPA_TOLERANCE), utilisation + " %"));
        int period = Math.max(60, warmup);
        d.add(new Derivation("HPA scale-up behaviour",
                "stabilisation 0 s (T is already the bottleneck); policies Percent 100 and Pods k per P, selectPolicy Max, P = max(60 s, time"
                        + " to ready): one period covers a pod's start, so the HPA does not pile up pods before the first ones serve; 100 %"
                        + " doubles a large fleet, k pods (as the step policy) lift a small one",
                "k = " + add + ", P = max(60, " + warmup + ")", "Percent 100 / " + period + " s, Pods " + add + " / " + period + " s, Max"));
        d.add(new Derivation("HPA scale-down behaviour",
                "stabilisation " + SCALE_DOWN_STABILIZATION_SECONDS + " s: it scales down only to the highest recommendation of that window,"
                        + " so a shorter dip does not remove a pod that takes T to come back; Pods 1 per 60 s, as the step scale-in",
                SCALE_DOWN_STABILIZATION_SECONDS + " s ≥ T = " + f(reaction) + " s", "Pods 1 / 60 s"));
        return new Hpa(utilisation, min, max, 100, add, period, 0, 1, 60, SCALE_DOWN_STABILIZATION_SECONDS, quota);
    }

    /** Where the production model's scale-out ends: the database's CPU, by the bottleneck law; written out when known. */
    private static void databaseBound(ProductionModel production, List<ServiceDemand> demands, ScalingInputs inputs, List<Derivation> d) {
        ServiceDemand database = ServiceDemand.find(demands, ServiceDemand.DATABASE).orElse(null);
        if (database == null || production.databaseBoundRequestsPerSecond() == null) {
            d.add(new Derivation("database bound X_db", "X_db = (cores − U₀) / D, the bottleneck law on the database's CPU",
                    "the database's CPU was not measured (an external target, or too few passing steps)", "unknown: not checked"));
            return;
        }
        d.add(new Derivation("database bound X_db",
                "X_db = (cores − U₀) / D: the database's CPU, at the demand per request and idle cost measured, is used up there;"
                        + " cores as planned (--database-cores)",
                String.format(Locale.ROOT, "(%s − %.3f) / %.3f ms", f(inputs.databaseCores()), database.idleCores(), database.coreMillisPerRequest()),
                f(Math.floor(production.databaseBoundRequestsPerSecond())) + " req/s, " + production.databaseBoundReplicas() + " replicas"));
    }

    /**
     * The peak to plan for: as given, or twice the largest capacity measured, lowered to u · X_db when
     * the database would saturate before that (and saying so). A peak that was given is never lowered:
     * it is the user's requirement, and not meeting it is an error.
     */
    private static double peak(CapacityRun run, ScalingInputs inputs, ProductionModel production, double u, List<Derivation> d) {
        if (!inputs.measuredPeak()) {
            d.add(new Derivation("peak P", "as given", f(inputs.peakRequestsPerSecond()) + " req/s", f(inputs.peakRequestsPerSecond()) + " req/s"));
            return inputs.peakRequestsPerSecond();
        }
        double largest = run.searches().stream().filter(search -> search.capacity() != null)
                .mapToDouble(search -> search.capacity().requestsPerSecond().median()).max().orElse(0);
        double twice = Math.max(1, Math.ceil(2 * largest));
        Double bound = production.databaseBoundRequestsPerSecond();
        if (bound == null || twice <= u * bound) {
            d.add(new Derivation("peak P", "none given: twice the largest capacity measured (give the peak your load needs)",
                    "2 × " + f(largest), f(twice) + " req/s"));
            return twice;
        }
        double lowered = Math.floor(u * bound);
        d.add(new Derivation("peak P",
                "none given: twice the largest capacity measured, lowered to u · X_db: beyond it the database's CPU is used up;"
                        + " give the peak your load needs, and a database that carries it",
                String.format(Locale.ROOT, "min(2 × %s, %.3f × %s) = min(%s, %s)", f(largest), u, f(bound), f(twice), f(u * bound)),
                f(lowered) + " req/s (lowered)"));
        return lowered;
    }

    private static void check(ScalingInputs inputs) {
        if (inputs.measuredPeak()) return;
        if (!(inputs.peakRequestsPerSecond() > 0) || Double.isInfinite(inputs.peakRequestsPerSecond()))
            throw new IllegalArgumentException("peak requests per second must be a positive number, got " + inputs.peakRequestsPerSecond());
        if (!(inputs.growthPercentPerMinute() >= 0) || Double.isInfinite(inputs.growthPercentPerMinute()))
            throw new IllegalArgumentException("growth percent per minute must be 0 or more, got " + inputs.growthPercentPerMinute());
        if (inputs.zones() < 1) throw new IllegalArgumentException("zones must be 1 or more, got " + inputs.zones());
    }

    /** The run, in one line for a file header. */
    private static String source(CapacityRun run) {
        var c = run.conditions();
        return String.format(Locale.ROOT, "capacity run of %s (%s) started %s, commit %s, %s CPU per replica", c.target(), c.backend(),
                c.startedAt(), c.commit(), c.cpusPerReplica() > 0 ? f(c.cpusPerReplica()) : "unknown").replaceAll("[\\r\\n]+", " ");
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** A number for a person: whole numbers without decimals, others to three significant digits (one decimal from 100). */
    static String f(double value) {
        if (!Double.isFinite(value)) return String.valueOf(value);
        if (value == Math.rint(value) && Math.abs(value) < 1e15) return Long.toString((long) value);
        if (Math.abs(value) >= 100) return String.format(Locale.ROOT, "%.1f", value);
        return new BigDecimal(String.format(Locale.ROOT, "%.3g", value)).stripTrailingZeros().toPlainString();
    }
}
