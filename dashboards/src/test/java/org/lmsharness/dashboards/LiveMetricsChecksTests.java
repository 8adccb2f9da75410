package org.lmsharness.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How an alert is cut into the operands whose data LiveMetricsChecks asks for. */
class LiveMetricsChecksTests {

    @Test
    void aBurnRateAlertGivesEachWindowWithoutItsThreshold() {
        assertThat(LiveMetricsChecks.operands("(slo:errors:ratio_rate1h > (14.4 * 0.01)) and (slo:errors:ratio_rate5m > (14.4 * 0.01))"))
                .containsExactly("slo:errors:ratio_rate1h", "slo:errors:ratio_rate5m");
    }

    @Test
    void unlessOnKeepsBothSidesAndAbsentIsLeftOut() {
        assertThat(LiveMetricsChecks.operands("max by (zone) (up{job=\"lms\"}) unless on (application, zone) healthy:count or absent(up{job=\"lms\"})"))
                .containsExactly("max by (zone) (up{job=\"lms\"})", "healthy:count");
    }
}
