package org.lmsharness.autoscale.policy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * A CloudWatch metric alarm's state from its datapoints: "M out of N" (DatapointsToAlarm of EvaluationPeriods) and the
 * treatment of missing data, after CloudWatch's user guide ("Configuring how CloudWatch alarms treat missing data"). Written
 * by hand: no library models CloudWatch's evaluation.
 *
 * <p>CloudWatch looks at an evaluation range a little longer than N periods ({@value #EXTRA_PERIODS} more here) and judges
 * the N most recent datapoints present in it: ALARM when at least M breach, OK otherwise. With fewer than N present it fills
 * the gap as the treatment says: {@code breaching} and {@code notBreaching} fill it with breaching or good datapoints;
 * {@code ignore} and {@code missing} judge the ones present when there are at least M, and otherwise keep the state
 * ({@code ignore}) or go to INSUFFICIENT_DATA ({@code missing}). This reproduces the guide's tables for 3 of 3 and 2 of 3 but
 * one cell: a single breaching datapoint followed by four missing ones reads INSUFFICIENT_DATA here under {@code missing},
 * ALARM in the guide.
 */
public final class CloudWatchAlarm {

    public enum State { OK, ALARM, INSUFFICIENT_DATA }

    public enum Comparison {
        GREATER_THAN("GreaterThanThreshold", ">"), GREATER_THAN_OR_EQUAL("GreaterThanOrEqualToThreshold", "≥"),
        LESS_THAN("LessThanThreshold", "<"), LESS_THAN_OR_EQUAL("LessThanOrEqualToThreshold", "≤");

        private final String aws;
        private final String symbol;

        Comparison(String aws, String symbol) {
            this.aws = aws;
            this.symbol = symbol;
        }

        boolean breaches(double value, double threshold) {
            return switch (this) {
                case GREATER_THAN -> value > threshold;
                case GREATER_THAN_OR_EQUAL -> value >= threshold;
                case LESS_THAN -> value < threshold;
                case LESS_THAN_OR_EQUAL -> value <= threshold;
            };
        }

        public String symbol() {
            return symbol;
        }

        /** From CloudWatch's ComparisonOperator name. */
        public static Comparison of(String aws) {
            for (Comparison c : values()) if (c.aws.equals(aws)) return c;
            throw new IllegalArgumentException("unknown comparison operator " + aws);
        }
    }

    public enum MissingData {
        BREACHING("breaching"), NOT_BREACHING("notBreaching"), IGNORE("ignore"), MISSING("missing");

        private final String aws;

        MissingData(String aws) {
            this.aws = aws;
        }

        /** From CloudWatch's TreatMissingData value. */
        public static MissingData of(String aws) {
            for (MissingData m : values()) if (m.aws.equals(aws)) return m;
            throw new IllegalArgumentException("unknown treatMissingData " + aws);
        }
    }

    /** How many periods beyond N the evaluation range reaches back for datapoints present. */
    static final int EXTRA_PERIODS = 2;

    private final Comparison comparison;
    private final double threshold;
    private final int evaluationPeriods;
    private final int datapointsToAlarm;
    private final MissingData missing;
    private final Deque<Double> datapoints = new ArrayDeque<>();
    private State state = State.INSUFFICIENT_DATA;

    public CloudWatchAlarm(Comparison comparison, double threshold, int evaluationPeriods, int datapointsToAlarm, MissingData missing) {
        if (evaluationPeriods < 1 || datapointsToAlarm < 1 || datapointsToAlarm > evaluationPeriods)
            throw new IllegalArgumentException("datapoints to alarm must be between 1 and the evaluation periods, got " + datapointsToAlarm + " of " + evaluationPeriods);
        this.comparison = comparison;
        this.threshold = threshold;
        this.evaluationPeriods = evaluationPeriods;
        this.datapointsToAlarm = datapointsToAlarm;
        this.missing = missing;
    }

    /** Adds the datapoint of the period just ended (NaN when missing) and returns the alarm's state after it. */
    public State add(double datapoint) {
        datapoints.addLast(datapoint);
        while (datapoints.size() > evaluationPeriods + EXTRA_PERIODS) datapoints.removeFirst();
        int present = 0;
        int breaching = 0;
        for (var it = datapoints.descendingIterator(); it.hasNext() && present < evaluationPeriods; ) {
            double value = it.next();
            if (Double.isNaN(value)) continue;
            present++;
            if (comparison.breaches(value, threshold)) breaching++;
        }
        if (present < evaluationPeriods) {
            switch (missing) {
                case BREACHING -> breaching += evaluationPeriods - present;
                case NOT_BREACHING -> { }
                case IGNORE, MISSING -> {
                    if (present < datapointsToAlarm) {
                        if (missing == MissingData.MISSING) state = State.INSUFFICIENT_DATA;
                        return state;
                    }
                }
            }
        }
        state = breaching >= datapointsToAlarm ? State.ALARM : State.OK;
        return state;
    }

    public State state() {
        return state;
    }

    /** "> 2,700 for 3 of 3", for reasons and reports. */
    public String describe() {
        return String.format(Locale.ROOT, "%s %s for %d of %d", comparison.symbol(), org.lmsharness.common.Figures.of(threshold), datapointsToAlarm, evaluationPeriods);
    }
}
