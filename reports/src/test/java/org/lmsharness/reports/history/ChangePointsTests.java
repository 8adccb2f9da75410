package org.lmsharness.reports.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangePointsTests {

    private static final ChangePoints DEFAULTS = ChangePoints.of(0.05, 0.001);

    /** Figures around {@code level} with {@code noise} relative spread, as runs of one build on one host read. */
    private static double[] noisy(Random random, int count, double level, double noise) {
        double[] values = new double[count];
        for (int i = 0; i < count; i++) values[i] = level * (1 + noise * random.nextGaussian());
        return values;
    }

    private static double[] concat(double[]... parts) {
        return java.util.Arrays.stream(parts).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    @Test
    void aStepIsFoundWhereItIs() {
        Random random = new Random(3);
        double[] series = concat(noisy(random, 20, 47, 0.02), noisy(random, 20, 52, 0.02)); // +10.6 %
        List<ChangePoints.ChangePoint> found = DEFAULTS.find(series);
        assertThat(found).hasSize(1);
        assertThat(found.get(0).index()).isEqualTo(20);
        assertThat(found.get(0).change()).isBetween(0.08, 0.13);
        assertThat(found.get(0).pValue()).isLessThanOrEqualTo(0.001);
    }

    /** Eight runs, then eight 10 % slower: a permutation that happens to tie the real split must not hide it (it did at 999). */
    @Test
    void aCleanStepInAShortHistoryIsFound() {
        for (int seed = 1; seed <= 5; seed++) {
            Random random = new Random(seed);
            List<ChangePoints.ChangePoint> found = DEFAULTS.find(concat(noisy(random, 8, 50, 0.005), noisy(random, 8, 55, 0.005)));
            assertThat(found).as("seed %d", seed).extracting(ChangePoints.ChangePoint::index).containsExactly(8);
        }
    }

    @Test
    void steadyNoiseHasNoChangePoint() {
        Random random = new Random(5);
        for (int trial = 0; trial < 5; trial++) assertThat(DEFAULTS.find(noisy(random, 40, 47, 0.03))).isEmpty();
    }

    @Test
    void aSlowCreepThatNoSingleStepShowsIsStillFound() {
        // +1 % a commit for ten commits after a steady stretch: each gate passes it (under +5 %), the history does not.
        Random random = new Random(11);
        double[] series = new double[40];
        for (int i = 0; i < 40; i++) series[i] = 47 * Math.pow(1.01, Math.max(0, Math.min(10, i - 15))) * (1 + 0.01 * random.nextGaussian());
        List<ChangePoints.ChangePoint> found = DEFAULTS.find(series);
        assertThat(found).isNotEmpty();
        assertThat(found).allSatisfy(point -> assertThat(point.index()).isBetween(15, 26));
    }

    @Test
    void aSignificantChangeBelowTheMinimumIsLeftOut() {
        Random random = new Random(7);
        double[] series = concat(noisy(random, 30, 47, 0.002), noisy(random, 30, 47 * 1.02, 0.002)); // +2 %, far beyond the noise
        assertThat(ChangePoints.of(0.0, 0.001).find(series)).hasSize(1);
        assertThat(DEFAULTS.find(series)).isEmpty();
    }

    @Test
    void twoStepsAreBothFound() {
        Random random = new Random(13);
        double[] series = concat(noisy(random, 15, 47, 0.015), noisy(random, 15, 54, 0.015), noisy(random, 15, 47, 0.015));
        assertThat(DEFAULTS.find(series)).extracting(ChangePoints.ChangePoint::index).containsExactly(15, 30);
    }

    @Test
    void theHistoryKeepsWholeRecordsAndSkipsWhatIsNotOne(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("history.jsonl");
        History.append(file, new HistoryRecord("2026-12-06T03:00:00Z", "gate", "abc1234", Map.of("quota", "0.5"), Map.of("cpu per journey ratio", 1.01), "runs/x"));
        Files.writeString(file, "not json\n", java.nio.file.StandardOpenOption.APPEND);
        History.append(file, new HistoryRecord("2026-12-06T03:10:00Z", "gate", "def5678", Map.of("quota", "0.5"), Map.of("cpu per journey ratio", 1.12), "runs/y"));
        History.Read read = History.read(file);
        assertThat(read.skipped()).isEqualTo(1);
        assertThat(read.records()).extracting(HistoryRecord::commit).containsExactly("abc1234", "def5678");
        assertThat(read.records().get(1).metrics()).containsEntry("cpu per journey ratio", 1.12);
        assertThat(read.records().get(0).seriesOf("x")).isEqualTo(read.records().get(1).seriesOf("x"));
    }
}
