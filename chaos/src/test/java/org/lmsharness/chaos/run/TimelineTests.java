package org.lmsharness.chaos.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lmsharness.simulations.run.SimulationLog.Request;

class TimelineTests {

    private static final long T0 = 1_700_000_000_000L;
    private static final long FAULT = T0 + 10_000;
    private static final long FAULT_END = T0 + 20_000;

    /** 20 requests a second for 30 s, each taking {@code millis}; failures where {@code failing} says. */
    private static List<Request> load(long millis, java.util.function.LongPredicate failing) {
        List<Request> requests = new ArrayList<>();
        for (long start = T0; start < T0 + 30_000; start += 50) {
            requests.add(new Request(start % 1000 == 0 ? "checkout" : "search", start, start + millis, !failing.test(start), failing.test(start) ? "found 502" : null));
        }
        return requests;
    }

    @Test
    void aRequestTheFaultBrokeInFlightCountsTowardTheFault() {
        // Started 30 ms before the fault, ended (failed) 70 ms after it.
        List<Request> requests = new ArrayList<>(load(20, start -> false));
        requests.add(new Request("log in", FAULT - 30, FAULT + 70, false, "found 502"));

        Timeline timeline = Timeline.of(requests, T0, FAULT, FAULT_END, name -> true, 0.5, 1000);

        assertThat(timeline.before().failed()).isZero();
        assertThat(timeline.during().failed()).isEqualTo(1);
        assertThat(timeline.during().failures()).containsEntry("log in: found 502", 1L);
        assertThat(timeline.errorsStoppedMillis()).isEqualTo(70);
    }

    @Test
    void recoveryIsWhenAWindowAndTheRestOfTheLoadMeetTheSlo() {
        // Every request fails for the first 3 s of the fault, then none.
        Timeline timeline = Timeline.of(load(20, start -> start >= FAULT && start < FAULT + 3_000), T0, FAULT, FAULT_END, name -> true, 0.5, 1000);

        assertThat(timeline.recoveredMillis()).isEqualTo(3_000L);
        assertThat(timeline.before().errorPercent()).isZero();
        assertThat(timeline.during().failed()).isEqualTo(60);
        assertThat(timeline.seconds()).filteredOn(second -> second.offsetSeconds() == 1).singleElement()
                .satisfies(second -> assertThat(second.failed()).isEqualTo(20));
    }

    @Test
    void slowAnswersAlsoBreakTheSlo() {
        List<Request> requests = new ArrayList<>(load(20, start -> false));
        requests.replaceAll(r -> r.start() >= FAULT && r.start() < FAULT + 4_000 ? new Request(r.name(), r.start(), r.start() + 1500, true, null) : r);

        Timeline timeline = Timeline.of(requests, T0, FAULT, FAULT_END, name -> true, 0.5, 1000);

        assertThat(timeline.during().p99Millis()).isGreaterThanOrEqualTo(1500);
        assertThat(timeline.recoveredMillis()).isBetween(4_000L, 6_000L);
    }

    @Test
    void twoSlowAnswersLaterDoNotUndoTheRecovery() {
        // Failing for the first 3 s of the fault; 15 s later two answers of 1.5 s: a 5 s window's p99, but not the rest's.
        List<Request> requests = new ArrayList<>(load(20, start -> start >= FAULT && start < FAULT + 3_000));
        requests.replaceAll(r -> r.start() == FAULT + 18_050 || r.start() == FAULT + 18_100 ? new Request(r.name(), r.start(), r.start() + 1500, true, null) : r);

        Timeline timeline = Timeline.of(requests, T0, FAULT, FAULT_END, name -> true, 0.5, 1000);

        assertThat(timeline.recoveredMillis()).isEqualTo(3_000L);
    }

    @Test
    void aLongerSlowSpellLaterDoes() {
        // Slow for 3 s from 8 s after the fault (answers ending 9.5 to 12.5 s): 60 of the rest's 340 answers, over its p99.
        List<Request> requests = new ArrayList<>(load(20, start -> start >= FAULT && start < FAULT + 3_000));
        requests.replaceAll(r -> r.start() >= FAULT + 8_000 && r.start() < FAULT + 11_000 ? new Request(r.name(), r.start(), r.start() + 1500, true, null) : r);

        Timeline timeline = Timeline.of(requests, T0, FAULT, FAULT_END, name -> true, 0.5, 1000);

        assertThat(timeline.recoveredMillis()).isEqualTo(13_000L);
    }

    @Test
    void theCalmAfterTheWindowDoesNotDiluteTheFault() {
        // Three answers of 1.5 s spread over the fault window (ending 3.5, 6.5 and 9.5 s in): 3 of its 200, over its p99; 3 of
        // the load's 400 from the fault on, not. From 7 s on, the last is one answer in 100 of a window, within the SLO.
        List<Request> requests = new ArrayList<>(load(20, start -> false));
        requests.replaceAll(r -> r.start() == FAULT + 2_000 || r.start() == FAULT + 5_000 || r.start() == FAULT + 8_000
                ? new Request(r.name(), r.start(), r.start() + 1500, true, null) : r);

        Timeline timeline = Timeline.of(requests, T0, FAULT, FAULT_END, name -> true, 0.5, 1000);

        assertThat(timeline.recoveredMillis()).isEqualTo(7_000L);
        assertThat(timeline.recoveredWhileFaultedMillis()).isNull();
    }

    @Test
    void recoveryWhileFaultedIgnoresWhatCameAfterTheWindow() {
        // Failing for the first 3 s of a 10 s window; every answer after the window slow (a restore that hurt).
        List<Request> requests = new ArrayList<>(load(20, start -> start >= FAULT && start < FAULT + 3_000));
        requests.replaceAll(r -> r.start() >= FAULT_END ? new Request(r.name(), r.start(), r.start() + 1500, true, null) : r);

        Timeline timeline = Timeline.of(requests, T0, FAULT, FAULT_END, name -> true, 0.5, 1000);

        assertThat(timeline.recoveredWhileFaultedMillis()).isEqualTo(3_000L);
        assertThat(timeline.recoveredMillis()).isNull();
    }

    @Test
    void requestsHungThroughTheWindowCountAgainstIt() {
        // A single replica frozen for the window: every request sent during it hangs until the restore, then is answered;
        // one answered just before the freeze took hold ends inside the window (as on single-box, where it read as "within
        // the SLO throughout" when only requests that ended in a span counted).
        List<Request> requests = new ArrayList<>(load(20, start -> false));
        requests.replaceAll(r -> r.start() >= FAULT + 50 && r.start() < FAULT_END ? new Request(r.name(), r.start(), FAULT_END + 50, true, null) : r);

        Timeline timeline = Timeline.of(requests, T0, FAULT, FAULT_END, name -> true, 0.5, 1000);

        assertThat(timeline.during().requests()).as("one ended while it was frozen").isEqualTo(1);
        assertThat(timeline.recoveredWhileFaultedMillis()).isNull();
    }

    @Test
    void neverBackWithinTheSloIsNull() {
        Timeline timeline = Timeline.of(load(20, start -> start >= FAULT), T0, FAULT, FAULT_END, name -> true, 0.5, 1000);

        assertThat(timeline.recoveredMillis()).isNull();
        assertThat(timeline.recoveredWhileFaultedMillis()).isNull();
    }

    @Test
    void requestsLeftOutOfTheHypothesisAreNotCounted() {
        // Only checkouts fail: the hypothesis that leaves checkout out sees no error.
        Timeline timeline = Timeline.of(load(20, start -> start % 1000 == 0 && start >= FAULT), T0, FAULT, FAULT_END,
                name -> !name.equals("checkout"), 0.5, 1000);

        assertThat(timeline.during().failed()).isZero();
        assertThat(timeline.recoveredMillis()).isZero();
    }
}
