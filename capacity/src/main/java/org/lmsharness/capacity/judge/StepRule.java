package org.lmsharness.capacity.judge;

import java.util.Optional;
import org.lmsharness.common.Figures;
import org.lmsharness.reports.run.Step.Outcome;

/**
 * The rules a step is judged by, in order: the first that applies decides the outcome and gives its
 * reason; a step no rule applies to passes. The harness's own limits come first (INVALID: such a step
 * is never used as a bound), then the SLO (FAIL).
 */
public enum StepRule {

    /** Nothing to judge: no request started in the window. */
    NO_REQUESTS(Outcome.INVALID) {
        @Override
        Optional<String> violatedBy(StepEvidence e) {
            return e.figures().requests() == 0 ? Optional.of("no request started in the measured window") : Optional.empty();
        }
    },

    /** CPU figures that do not describe the window: the harness cannot tell whose saturation it was. */
    CPU_NOT_MEASURED(Outcome.INVALID) {
        @Override
        Optional<String> violatedBy(StepEvidence e) {
            if (e.usage().missing() != null) return Optional.of(e.usage().missing());
            double hostCores = Runtime.getRuntime().availableProcessors();
            return e.usage().cores().entrySet().stream().filter(part -> part.getValue() > IMPLAUSIBLE_SHARE * hostCores).findFirst()
                    .map(part -> String.format("CPU figures implausible (%s %.2f cores on a %d-core host): the sampler fell behind", part.getKey(),
                            part.getValue(), (int) hostCores));
        }
    },

    /**
     * A target that is not ours, with the host this busy: the load generator shares the host's cores
     * with whatever else runs (the target itself, when it runs here), and without the target's CPU the
     * harness cannot tell its own saturation from the target's.
     */
    HOST_BUSY_EXTERNAL(Outcome.INVALID) {
        @Override
        Optional<String> violatedBy(StepEvidence e) {
            if (!e.replicaCpu().isEmpty() || e.usage().hostBusy() < HOST_BUSY_EXTERNAL_SHARE) return Optional.empty();
            return Optional.of(String.format("host %.0f %% busy with a target whose CPU is not measured: the load generator may have fallen behind",
                    100 * e.usage().hostBusy()));
        }
    },

    /**
     * The host was saturated and the harness may have been the bottleneck: a replica got less than
     * {@value #QUOTA_RECEIVED} of its quota, or the client's p95 exceeds the edge's (the load generator
     * was late). Without CPU or edge figures (a deployment that is not ours), a saturated host always is.
     */
    HOST_SATURATED(Outcome.INVALID) {
        @Override
        Optional<String> violatedBy(StepEvidence e) {
            if (e.usage().hostBusy() < HOST_BUSY || !harnessMayHaveLimited(e)) return Optional.empty();
            return Optional.of(String.format("host saturated (%.0f %% of all cores busy): the harness competed with the replicas", 100 * e.usage().hostBusy()));
        }
    },

    /** Injection fell behind the offered rate while the load generator was busy: its saturation, not the LMS's. */
    INJECTOR_BEHIND(Outcome.INVALID) {
        @Override
        Optional<String> violatedBy(StepEvidence e) {
            boolean behind = e.expectedJourneys() >= 10 && e.figures().journeysPerSecond() < INJECTION_BEHIND * e.offeredJourneysPerSecond()
                    && e.usage().of("injector") >= INJECTOR_BUSY;
            return behind ? Optional.of(String.format("load generator fell behind (%s of %s journeys/s started)",
                    Figures.of(e.figures().journeysPerSecond()), Figures.of(e.offeredJourneysPerSecond()))) : Optional.empty();
        }
    },

    P95_ABOVE_SLO(Outcome.FAIL) {
        @Override
        Optional<String> violatedBy(StepEvidence e) {
            return e.figures().client().p95() > e.slo().p95Millis()
                    ? Optional.of(String.format("p95 %.0f ms above %.0f ms", e.figures().client().p95(), e.slo().p95Millis())) : Optional.empty();
        }
    },

    P99_ABOVE_SLO(Outcome.FAIL) {
        @Override
        Optional<String> violatedBy(StepEvidence e) {
            return e.figures().client().p99() > e.slo().p99Millis()
                    ? Optional.of(String.format("p99 %.0f ms above %.0f ms", e.figures().client().p99(), e.slo().p99Millis())) : Optional.empty();
        }
    },

    ERRORS_ABOVE_SLO(Outcome.FAIL) {
        @Override
        Optional<String> violatedBy(StepEvidence e) {
            return e.errorPercent() > e.slo().errorPercent()
                    ? Optional.of(String.format("%.2f %% of requests failed (SLO %.2f %%)", e.errorPercent(), e.slo().errorPercent())) : Optional.empty();
        }
    },

    /** Responses fall behind requests, or latency climbs across the window past the SLO (StepWindow). */
    NOT_STEADY(Outcome.FAIL) {
        @Override
        Optional<String> violatedBy(StepEvidence e) {
            return e.figures().steady() ? Optional.empty() : Optional.of("not steady: " + e.figures().unsteadyBecause());
        }
    };

    /** A part using more than this share of the host's cores is a sampling error, not a measurement. */
    public static final double IMPLAUSIBLE_SHARE = 1.05;
    /** With a target whose CPU is not measured, a host this busy may have held the load generator back. */
    public static final double HOST_BUSY_EXTERNAL_SHARE = 0.85;
    /** The host's busy share from which a step may be the harness's saturation rather than the LMS's. */
    public static final double HOST_BUSY = 0.95;
    /** Replicas that used less than this share of their quota on a saturated host were short of CPU. */
    public static final double QUOTA_RECEIVED = 0.9;
    /** Client p95 beyond edge p95 by more than this (ms, and share) means the load generator itself was late. */
    public static final double CLIENT_LATE_MILLIS = 20;
    public static final double CLIENT_LATE_SHARE = 0.2;
    /** Journeys started below this share of the offered rate ... */
    public static final double INJECTION_BEHIND = 0.9;
    /** ... while the load generator itself was this busy (cores): a short count with an idle injector is not its saturation. */
    public static final double INJECTOR_BUSY = 0.5;

    /** A step's outcome, its reason, and the rule that decided it (none for a pass). */
    public record Judgement(Outcome outcome, String reason, Optional<StepRule> rule) {}

    private final Outcome outcome;

    StepRule(Outcome outcome) {
        this.outcome = outcome;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** The reason this rule decides the step, or empty when it does not apply. */
    abstract Optional<String> violatedBy(StepEvidence evidence);

    /** The first rule that applies decides; PASS when none does. */
    public static Judgement judge(StepEvidence evidence) {
        for (StepRule rule : values()) {
            Optional<String> reason = rule.violatedBy(evidence);
            if (reason.isPresent()) return new Judgement(rule.outcome, reason.get(), Optional.of(rule));
        }
        return new Judgement(Outcome.PASS, "within the SLO, steady", Optional.empty());
    }

    private static boolean harnessMayHaveLimited(StepEvidence e) {
        if (e.replicaCpu().isEmpty() || e.figures().edge() == null) return true;
        boolean replicasShort = e.replicaCpu().values().stream().anyMatch(cpu -> cpu < QUOTA_RECEIVED * e.quota());
        double clientP95 = e.figures().client().p95();
        double edgeP95 = e.figures().edge().p95();
        boolean clientLate = clientP95 > edgeP95 + CLIENT_LATE_MILLIS && clientP95 > edgeP95 * (1 + CLIENT_LATE_SHARE);
        return replicasShort || clientLate;
    }
}
