package org.lmsharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class LmsWorkloadTests {

    @Test
    void theDefaultMixIsACycleOfTwentyJourneysInExactProportion() {
        List<String> cycle = LmsWorkload.cycle(LmsWorkload.mix(LmsWorkload.DEFAULT_MIX));

        assertThat(cycle).hasSize(20);
        assertThat(Collections.frequency(cycle, "browse")).isEqualTo(12);
        assertThat(Collections.frequency(cycle, "student")).isEqualTo(6);
        assertThat(Collections.frequency(cycle, "enrolAndPay")).isEqualTo(1);
        assertThat(Collections.frequency(cycle, "instructor")).isEqualTo(1);
        // Spread out: never more than one student in a row.
        for (int i = 1; i < cycle.size(); i++) {
            assertThat(cycle.get(i).equals("student") && cycle.get(i - 1).equals("student")).as("students %d and %d", i - 1, i).isFalse();
        }
    }

    @Test
    void anyMixKeepsItsProportionsAndLeavesOutZeroShares() {
        List<String> cycle = LmsWorkload.cycle(LmsWorkload.mix("browse:33.5,student:66.5,enrolAndPay:0,instructor:0"));

        assertThat(cycle).hasSize(200);
        assertThat(Collections.frequency(cycle, "browse")).isEqualTo(67);
        assertThat(cycle).doesNotContain("enrolAndPay", "instructor");
    }

    @Test
    void parametersAsGivenAreCheckedAsTheSimulationChecksThem() {
        assertThat(LmsWorkload.from(java.util.Map.of("mix", "browse:100", "students", "50")::get).students()).isEqualTo(50);
        assertThat(LmsWorkload.from(java.util.Map.<String, String>of()::get).mix()).isEqualTo(LmsWorkload.mix(LmsWorkload.DEFAULT_MIX));
        assertThatThrownBy(() -> LmsWorkload.from(java.util.Map.of("mix", "browse:50")::get))
                .isInstanceOf(Load.Invalid.class).hasMessageContaining("sum 50");
    }
}
