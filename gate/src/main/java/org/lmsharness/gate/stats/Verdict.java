package org.lmsharness.gate.stats;

/**
 * The gate's three answers, as Chromium's Pinpoint gives them: a regression only when the whole
 * interval lies above the allowed change, a pass only when it lies wholly below, and otherwise
 * "unknown" (more rounds may settle it) rather than a guess either way.
 */
public enum Verdict {
    PASS(0), REGRESSION(1), UNKNOWN(3);

    private final int exitCode;

    Verdict(int exitCode) {
        this.exitCode = exitCode;
    }

    /** The command's exit status: 0 pass, 1 regression, 3 unknown (2 is bad input). */
    public int exitCode() {
        return exitCode;
    }

    /** @param allowedIncrease the rise tolerated, as a fraction: 0.05 for +5 % */
    public static Verdict of(Ratio ratio, double allowedIncrease) {
        double limit = 1 + allowedIncrease;
        if (ratio.low() > limit) return REGRESSION;
        if (ratio.high() < limit) return PASS;
        return UNKNOWN;
    }

    /** The worst of several metrics' verdicts: any regression fails the gate; any unknown leaves it unknown. */
    public static Verdict worst(Iterable<Verdict> verdicts) {
        Verdict worst = PASS;
        for (Verdict verdict : verdicts) {
            if (verdict == REGRESSION) return REGRESSION;
            if (verdict == UNKNOWN) worst = UNKNOWN;
        }
        return worst;
    }
}
