package org.lmsharness.autoscale.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lmsharness.autoscale.policy.CloudWatchAlarm.MissingData;
import org.lmsharness.autoscale.policy.CloudWatchAlarm.State;

/**
 * The tables of CloudWatch's user guide, "Configuring how CloudWatch alarms treat missing data": five datapoints, oldest first
 * ({@code 0} within the threshold, {@code X} breaching, {@code -} missing), and the state under each treatment. The alarm
 * starts in OK so that "retain the current state" reads OK.
 */
class CloudWatchAlarmTests {

    @ParameterizedTest(name = "{0} of 3: {1} → missing {2}, ignore {3}, breaching {4}, notBreaching {5}")
    @CsvSource({
            "3, 0-X-X, OK, OK, OK, OK",
            "3, -----, INSUFFICIENT_DATA, OK, ALARM, OK",
            "3, 0XX-X, ALARM, ALARM, ALARM, ALARM",
            "3, ----X, INSUFFICIENT_DATA, OK, ALARM, OK",
            "2, 0-X-X, ALARM, ALARM, ALARM, ALARM",
            "2, 0-X--, OK, OK, ALARM, OK",
    })
    void theGuidesTables(int datapointsToAlarm, String datapoints, State missing, State ignore, State breaching, State notBreaching) {
        assertThat(after(datapointsToAlarm, datapoints, MissingData.MISSING)).isEqualTo(missing);
        assertThat(after(datapointsToAlarm, datapoints, MissingData.IGNORE)).isEqualTo(ignore);
        assertThat(after(datapointsToAlarm, datapoints, MissingData.BREACHING)).isEqualTo(breaching);
        assertThat(after(datapointsToAlarm, datapoints, MissingData.NOT_BREACHING)).isEqualTo(notBreaching);
    }

    @Test
    void breachingDatapointsNeedNotBeConsecutive() {
        // "The breaching data points do not have to be consecutive, they just must all be within the last [N] data points."
        assertThat(after(4, "XX0XX", MissingData.MISSING)).isEqualTo(State.ALARM);
        assertThat(after(4, "X0X0X", MissingData.MISSING)).isEqualTo(State.OK);
    }

    @Test
    void aThresholdIsNotBreachedByItsOwnValue() {
        CloudWatchAlarm alarm = new CloudWatchAlarm(CloudWatchAlarm.Comparison.GREATER_THAN, 50, 1, 1, MissingData.MISSING);
        assertThat(alarm.add(50)).isEqualTo(State.OK);
        assertThat(alarm.add(50.01)).isEqualTo(State.ALARM);
    }

    /** The alarm (N = 3, or 5 for the non-consecutive case) after the datapoints, from OK. */
    private static State after(int datapointsToAlarm, String datapoints, MissingData treatment) {
        int periods = Math.max(3, datapointsToAlarm == 4 ? 5 : 3);
        CloudWatchAlarm alarm = new CloudWatchAlarm(CloudWatchAlarm.Comparison.GREATER_THAN, 50, periods, datapointsToAlarm, treatment);
        alarm.add(0); // an OK start, then pushed out of the evaluation range by the five datapoints
        for (int i = 0; i < periods + CloudWatchAlarm.EXTRA_PERIODS; i++) alarm.add(0);
        State state = alarm.state();
        for (char c : datapoints.toCharArray()) state = alarm.add(c == 'X' ? 100 : c == '0' ? 0 : Double.NaN);
        return state;
    }
}
