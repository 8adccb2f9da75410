package org.lmsharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lmsharness.capacity.CapacitySettings;
import org.lmsharness.chaos.ChaosCommand;
import org.lmsharness.chaos.experiment.Catalogue;
import org.lmsharness.chaos.run.ResultFiles;
import picocli.CommandLine;

/** The command line in this JVM: help, refusals in one line before anything boots, the first release's -D spelling. Nothing here boots a deployment. */
class LmsHarnessTests {

    @TempDir
    Path folder;

    @Test
    void helpListsEveryCommand() {
        Console console = Console.run("--help");
        assertThat(console.status()).isZero();
        assertThat(console.out()).contains("capacity", "chaos", "report", "replay", "autoscale", "topology", "simulate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"capacity", "chaos", "report", "replay", "autoscale", "topology", "simulate"})
    void everyCommandPrintsItsHelp(String command) {
        Console console = Console.run(command, "--help");
        assertThat(console.status()).as(console.err()).isZero();
        assertThat(console.out()).startsWith("Usage: lms-harness " + command).contains("Exit status");
    }

    @Test
    void noCommandIsRefused() {
        Console.run().refusedInOneLine("lms-harness", "a command is needed");
    }

    @Test
    void misspeltOptionIsRefusedWithTheNearestName() {
        Console.run("capacity", "--replica=2").refusedInOneLine("capacity", "did you mean --replicas?");
    }

    @Test
    void misspeltPropertyIsRefusedWithTheNearestName() {
        Console.run("capacity", "-Dreplica=2").refusedInOneLine("capacity", "unknown property -Dreplica; did you mean --replicas?");
    }

    @Test
    void propertiesOfTheFirstReleaseMapToTheirOptions() {
        Capacity capacity = parse(new Capacity(), "capacity", "-Dreplicas=2", "-DpeakRps=500", "-Dgrowth=20", "-Dslo.errorPercent=0.5",
                "-DjitWarmUp=30s", "-Dlms.topology.faultProxy=on", "-Dmix=browse:100", "-Dbackend=local");
        assertThat(capacity.replicas).isEqualTo(2);
        assertThat(capacity.settings().scaling().peakRequestsPerSecond()).isEqualTo(500);
        assertThat(capacity.settings().scaling().growthPercentPerMinute()).isEqualTo(20);
        assertThat(capacity.slo.errorPercent).isEqualTo(0.5);
        assertThat(capacity.jitWarmUp).isEqualTo(Duration.ofSeconds(30));
        assertThat(capacity.faultProxy.faultProxy).isEqualTo("on");
        assertThat(capacity.simulation.properties).containsEntry("mix", "browse:100");
        assertThat(capacity.deployment.backend.label()).isEqualTo("local");
    }

    @Test
    void capacityOptionsBecomeItsSettings() {
        CapacitySettings settings = parse(new Capacity(), "capacity", "--replicas", "2", "--cpus", "0.25", "--warm-up", "5s", "--slo-p95", "300",
                "-P", "mix=browse:100").settings();
        assertThat(settings.preset()).isEqualTo("capacity");
        assertThat(settings.maxReplicas()).isEqualTo(2);
        assertThat(settings.cpus()).containsExactly(0.25);
        assertThat(settings.comparesSizes()).isFalse();
        assertThat(settings.warmUp()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.simulationParameters()).as("handed to every step, not left in a system property").containsEntry("mix", "browse:100");
        assertThat(settings.slo().p95Millis()).isEqualTo(300);
        assertThat(settings.simulation()).isEqualTo(CapacitySettings.DEFAULT_SIMULATION);
        assertThat(settings.output()).isAbsolute();
    }

    @Test
    void severalCpusCompareInstanceSizesWithTheirPrices() {
        CapacitySettings settings = parse(new Capacity(), "capacity", "--cpus", "1,0.25,0.5", "--price-per-hour", "0.25=0.0104,1=0.0416").settings();
        assertThat(settings.comparesSizes()).isTrue();
        assertThat(settings.cpus()).containsExactly(0.25, 0.5, 1.0);
        assertThat(settings.pricesPerHour()).containsEntry(0.25, 0.0104).containsEntry(1.0, 0.0416).hasSize(2);
    }

    @Test
    void sizesThatCannotBeComparedAreRefusedBeforeAnythingBoots() {
        Console.run("capacity", "--cpus", "0.25,0.25").refusedInOneLine("capacity", "--cpus lists a size twice");
        Console.run("capacity", "--cpus", "0.25,0.5", "--replicas", "2").refusedInOneLine("capacity", "--replicas does not apply when --cpus compares sizes");
        Console.run("capacity", "--cpus", "0.25,0.5", "--price-per-hour", "0.75=0.03").refusedInOneLine("capacity", "--price-per-hour names 0.75 cores");
        Console.run("capacity", "--cpus", "0.5", "--price-per-hour", "0.5=0.02").refusedInOneLine("capacity", "--price-per-hour needs several sizes");
        // A size must leave the load generator, the edge and the database half a core of this host.
        double largest = Runtime.getRuntime().availableProcessors() - 0.5;
        Console.run("capacity", "--cpus", "0.5," + (largest + 0.5)).refusedInOneLine("capacity", "--cpus must be a number within 0.05.." + Checks.plain(largest));
    }

    @Test
    void valueOutOfRangeIsRefused() {
        Console.run("capacity", "--repeats", "0").refusedInOneLine("capacity", "--repeats must be a number within 1..20, got 0");
    }

    @Test
    void aGateOnDeploymentsByUrlNeedsTheirCapacity() {
        Console.run("gate", "--baseline-url", "http://127.0.0.1:9", "--candidate-url", "http://127.0.0.1:10")
                .refusedInOneLine("gate", "--capacity is needed with --baseline-url");
        Console.run("gate", "--baseline-url", "http://127.0.0.1:9").refusedInOneLine("gate", "--baseline-url and --candidate-url go together");
        Console.run("gate", "--baseline-url", "ftp://127.0.0.1:9", "--candidate-url", "http://127.0.0.1:10", "--capacity", "5")
                .refusedInOneLine("gate", "must be an http URL");
    }

    @Test
    void durationThatIsNotOneIsRefused() {
        Console.run("capacity", "--measure", "6x").refusedInOneLine("capacity", "a duration such as");
    }

    @Test
    void unknownPresetIsRefused() {
        Console.run("capacity", "--preset", "no-such-preset").refusedInOneLine("capacity", "no-such-preset");
    }

    @Test
    void targetThatDoesNotAnswerIsRefusedBeforeTheFirstStep() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        long started = System.nanoTime();
        Console.run("capacity", "--base-url", "http://127.0.0.1:" + closed, "--output", folder.toString())
                .refusedInOneLine("capacity", "--base-url http://127.0.0.1:" + closed + " does not answer");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("refused at once").isLessThan(Duration.ofSeconds(10));
        assertThat(folder).as("nothing written").isEmptyDirectory();
    }

    @Test
    void simulateRefusesAnUnknownProfileAndATargetThatDoesNotAnswer() throws IOException {
        Console.run("simulate", "--profile", "soke").refusedInOneLine("simulate", "'--profile': one of smoke, load, stress, spike, soak, stairs, step, trace, got 'soke'");
        Console.run("simulate", "--profile", "trace").refusedInOneLine("simulate", "--profile trace follows a file of rates that lms-harness autoscale writes");
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Console.run("simulate", "--base-url", "http://127.0.0.1:" + closed, "--output", folder.toString())
                .refusedInOneLine("simulate", "does not answer");
        Console.run("simulate", "--base-url", "http://127.0.0.1:" + closed, "--preset", "single-box").refusedInOneLine("simulate", "--preset does not apply");
        Console.run("simulate", "--profile", "stress", "--max-rate", "1000000").refusedInOneLine("simulate", "more than the load generator can produce");
        assertThat(folder).as("nothing written").isEmptyDirectory();
    }

    @Test
    void baseUrlWithAPresetIsRefused() {
        Console.run("capacity", "--base-url", "http://127.0.0.1:8080", "--replicas", "2").refusedInOneLine("capacity", "--base-url measures a deployment as it is");
    }

    @Test
    void parameterSetByTheHarnessIsRefused() {
        Console.run("capacity", "-P", "rate=5").refusedInOneLine("capacity", "-P rate is set by the harness");
    }

    @Test
    void simulationThatDoesNotExistIsRefused() {
        Console.run("capacity", "--simulation", "com.example.NoSuchSimulation").refusedInOneLine("capacity", "no class com.example.NoSuchSimulation");
    }

    @Test
    void misspeltExperimentIsRefusedWithTheNearestName() {
        Console.run("chaos", "--experiments", "zone-outtage", "--rate", "2").refusedInOneLine("chaos", "did you mean zone-outage?");
    }

    @Test
    void rateBeyondTheLoadGeneratorIsRefused() {
        Console.run("chaos", "--rate", "9600").refusedInOneLine("chaos", "more than the load generator can produce on this host");
    }

    @Test
    void rateFromACapacityRunOfAnotherTargetIsRefusedNamingThatRun() throws IOException {
        Path run = Files.createDirectories(folder.resolve("20261204-100000-external"));
        Files.writeString(run.resolve("capacity.json"), """
                {"conditions": {"target": "http://127.0.0.1:8099", "backend": "external", "preset": null,
                                "simulation": "org.lmsharness.simulations.example.ShopSimulation"},
                 "capacities": [{"replicas": 1, "found": true, "journeysPerSecond": 24000}]}""");
        Files.createSymbolicLink(folder.resolve("latest"), run.getFileName());
        Console.run("chaos", "--experiments", "zone-outage", "--output", folder.toString())
                .refusedInOneLine("chaos", run.toString() + " measured http://127.0.0.1:8099 with org.lmsharness.simulations.example.ShopSimulation");
    }

    @Test
    void rateFromACapacityRunOfTheLmsIsItsFraction() throws IOException {
        Path run = Files.createDirectories(folder.resolve("20261204-100000-capacity"));
        Files.writeString(run.resolve("capacity.json"), """
                {"conditions": {"target": "capacity", "backend": "local", "preset": "capacity", "simulation": "%s"},
                 "capacities": [{"replicas": 1, "found": true, "journeysPerSecond": 13.2}]}""".formatted(CapacitySettings.DEFAULT_SIMULATION));
        Files.createSymbolicLink(folder.resolve("latest"), run.getFileName());
        ChaosCommand.Settings settings = parse(new Chaos(), "chaos", "--backend", "local", "--output", folder.toString()).settings();
        assertThat(settings.rate()).isEqualTo(5.28);
        assertThat(settings.experiments()).isEqualTo(Catalogue.NAMES);
        assertThat(settings.presets()).singleElement().satisfies(preset -> assertThat(preset.name()).isEqualTo("multi-az"));
    }

    @Test
    void theReleaseToRollOutIsASpringBootJarNamedAfterItsFile() throws IOException {
        Path jar = jar("lms 2.3.jar", "3.5.0");
        ChaosCommand.Settings settings = parse(new Chaos(), "chaos", "--backend", "local", "--rate", "2", "--release", jar.toString()).settings();
        assertThat(settings.next().name()).isEqualTo("lms-2.3");
        assertThat(settings.next().jar()).contains(jar.toAbsolutePath());
        assertThat(parse(new Chaos(), "chaos", "--backend", "local", "--rate", "2").settings().next()).isEqualTo(Catalogue.NEXT_RELEASE);

        Console.run("chaos", "--rate", "2", "--release", folder.resolve("missing.jar").toString()).refusedInOneLine("chaos", "missing.jar: no such file");
        Console.run("chaos", "--rate", "2", "--release", jar("plain.jar", null).toString()).refusedInOneLine("chaos", "plain.jar is not a Spring Boot jar");
        Path text = Files.writeString(folder.resolve("text.jar"), "not a zip");
        Console.run("chaos", "--rate", "2", "--release", text.toString()).refusedInOneLine("chaos", "text.jar is not a jar");
    }

    /** A jar holding a manifest only, of a Spring Boot application when {@code springBootVersion} is given. */
    private Path jar(String name, String springBootVersion) throws IOException {
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        if (springBootVersion != null) manifest.getMainAttributes().putValue("Spring-Boot-Version", springBootVersion);
        Path jar = folder.resolve(name);
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        return jar;
    }

    /** The help lists the catalogue by hand (an annotation takes constants only): it must name every experiment, in order. */
    @Test
    void theExperimentsHelpNamesTheWholeCatalogue() {
        String help = String.join(" ", new CommandLine(new Chaos()).getCommandSpec().findOption("--experiments").description());
        assertThat(help).contains(String.join(", ", Catalogue.NAMES));
    }

    @Test
    void auditOfAllIsTheLadder() {
        ChaosCommand.Settings settings = parse(new Chaos(), "chaos", "-Daudit=all", "--rate", "2", "--backend", "local").settings();
        assertThat(settings.audit()).isTrue();
        assertThat(settings.presets()).extracting(preset -> preset.name()).containsExactlyElementsOf(ChaosCommand.AUDITED);
    }

    @Test
    void chaosReportPropertyOfTheFirstReleaseIsTheReportCommand() throws IOException {
        ResultFiles.write(folder, "chaos", List.of());
        Console console = Console.run("chaos", "-Dreport=" + folder);
        assertThat(console.status()).as(console.err()).isZero();
        assertThat(folder.resolve(ResultFiles.REPORT_HTML)).isRegularFile();
    }

    @Test
    void reportOfAFolderWithoutARunIsRefused() {
        Console.run("report", folder.resolve("missing").toString()).refusedInOneLine("report", "no such folder");
    }

    /** The options parsed into the command, after the -D translation, without running it. */
    private static <T> T parse(T command, String... args) {
        CommandLine root = LmsHarness.commandLine();
        CommandLine sub = new CommandLine(command);
        String[] translated = LegacyProperties.translate(root, args);
        sub.parseArgs(java.util.Arrays.copyOfRange(translated, 1, translated.length));
        return command;
    }
}
