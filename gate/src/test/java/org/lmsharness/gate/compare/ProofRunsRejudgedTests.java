package org.lmsharness.gate.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lmsharness.gate.GateSettings;
import org.lmsharness.gate.duet.Round;
import org.lmsharness.gate.stats.Verdict;
import org.lmsharness.reports.run.RunFiles;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rounds of real gates, re-judged by today's {@link Comparison}: the proof's runs (docs/gate.md), a folder per harness commit
 * that ran them, each run's {@code gate.json} kept whole as {@code NN-kind.json.gz}. The same build on both sides (kind
 * {@code aa}) must pass; each planted regression must fail, on the metric it plants. A change of rule that would have raised a false alarm or missed a regression in these
 * runs fails here before it costs an hour of benchmarks.
 */
class ProofRunsRejudgedTests {

    private static final JsonMapper JSON = RunFiles.JSON;

    static Stream<Path> proofRuns() throws IOException, URISyntaxException {
        Path folder = Path.of(ProofRunsRejudgedTests.class.getResource("/org/lmsharness/gate/proof").toURI());
        List<Path> runs;
        try (Stream<Path> files = Files.walk(folder)) {
            runs = files.filter(file -> file.getFileName().toString().endsWith(".json.gz")).sorted().toList();
        }
        assertThat(runs).as("the proof's runs kept under %s", folder).hasSizeGreaterThanOrEqualTo(33);
        return runs.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("proofRuns")
    void eachProofRunKeepsItsVerdict(Path run) {
        String name = run.getFileName().toString();
        String kind = name.substring(name.indexOf('-') + 1, name.length() - ".json.gz".length());
        JsonNode gate = read(run);
        List<Round> rounds = JSON.treeToValue(gate.get("rounds"), new TypeReference<List<Round>>() {});
        GateSettings settings = JSON.treeToValue(gate.get("settings"), GateSettings.class);

        List<Metric> metrics = Comparison.of(rounds, settings);
        List<String> flagged = metrics.stream().filter(metric -> metric.verdict() == Verdict.REGRESSION).map(Metric::name).toList();
        switch (kind) {
            case "aa" -> assertThat(Comparison.verdict(metrics)).as("the same build on both sides; flagged: %s", flagged).isEqualTo(Verdict.PASS);
            case "cpu-per-request" -> assertThat(flagged).as("10 % more CPU a request").contains(Comparison.CPU_PER_JOURNEY);
            case "slow-login-query" -> assertThat(flagged).as("a login 40 ms slower").contains("p50 log in");
            default -> throw new AssertionError("a proof run of an unknown kind: " + name);
        }
    }

    private static JsonNode read(Path run) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(run))) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
