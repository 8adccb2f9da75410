package org.lmsharness.autoscale.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadTraceTests {

    @TempDir
    Path folder;

    @Test
    void theSpikeRisesTenfoldWithinThirtySeconds() {
        LoadTrace spike = LoadTrace.of(LoadTrace.Profile.SPIKE, 100);
        assertThat(spike.at(119_000)).isEqualTo(10);
        assertThat(spike.at(149_000)).isEqualTo(100);
        assertThat(spike.peak()).isEqualTo(100);
        assertThat(spike.durationSeconds()).isEqualTo(1020);
    }

    @Test
    void theDayHasItsExamsAtThePeak() {
        LoadTrace day = LoadTrace.of(LoadTrace.Profile.DAY, 200);
        assertThat(day.durationSeconds()).isEqualTo(24 * 3600);
        assertThat(day.at((9 * 60 + 10) * 60_000L)).isEqualTo(200);
        assertThat(day.at(3 * 3_600_000L)).isEqualTo(10);
    }

    @Test
    void aCsvOfRequestsPerMinuteWithAHeaderAndInstants() throws IOException {
        Path csv = folder.resolve("cloudwatch.csv");
        Files.writeString(csv, "timestamp,RequestCount\n2026-12-01T09:00:00Z,6000\n2026-12-01T09:01:00Z,12000\n2026-12-01T09:02:00Z,3000\n");
        LoadTrace trace = LoadTrace.csv(csv);
        assertThat(trace.values()).containsExactly(100, 200, 50);
        assertThat(trace.stepSeconds()).isEqualTo(60);
    }

    @Test
    void aBadCsvSaysWhichLine() throws IOException {
        Path csv = folder.resolve("bad.csv");
        Files.writeString(csv, "minute,requests\n0,100\n1,lots\n");
        assertThatThrownBy(() -> LoadTrace.csv(csv)).hasMessageContaining("bad.csv:3").hasMessageContaining("lots");
        Files.writeString(csv, "0,100\n1,100\n3,100\n");
        assertThatThrownBy(() -> LoadTrace.csv(csv)).hasMessageContaining("evenly spaced");
        Files.writeString(csv, "0,100\n1,-5\n");
        assertThatThrownBy(() -> LoadTrace.csv(csv)).hasMessageContaining("negative");
        assertThatThrownBy(() -> LoadTrace.csv(folder.resolve("absent.csv"))).hasMessageContaining("cannot read");
    }
}
