package org.lmsharness.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FiguresTests {

    @ParameterizedTest(name = "{0} reads {1}")
    @CsvSource(delimiter = '|', value = {
            "24000     | 24,000",
            "23987.4   | 24,000",
            "1234567   | 1,230,000",
            "13.24     | 13.2",
            "100       | 100",
            "9.75      | 9.75",
            "2         | 2",
            "0.125     | 0.125",
            "0.0004567 | 0.000457",
            "0         | 0",
            "-1520     | -1,520"})
    void threeSignificantDigitsGroupedNeverAnExponent(double value, String expected) {
        assertThat(Figures.of(value)).isEqualTo(expected);
    }
}
