package org.lmsharness.topology;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.lmsharness.topology.local.LocalDeployment;
import org.lmsharness.topology.preset.InvalidPreset;
import org.lmsharness.topology.preset.Preset;
import org.lmsharness.topology.preset.Presets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code topology up --preset multi-az}: boots a deployment, prints every address, and keeps it
 * running until Ctrl-C (or {@code --for}), then tears it down.
 */
@Command(name = "topology", mixinStandardHelpOptions = true,
        description = "Boots a deployment of the LMS from a preset and keeps it up until Ctrl-C.")
public final class TopologyCommand implements Callable<Integer> {

    @Option(names = "--preset", defaultValue = "multi-az",
            description = "A bundled preset (single-box, tiers, redundant-web, multi-az, dns-round-robin) or a YAML file (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--for", description = "Tear down after this long (e.g. 10m, 90s); default: until Ctrl-C.")
    String upFor;

    enum BackEnd { local, containers }

    @Option(names = "--backend", defaultValue = "local",
            description = "local (processes on this machine) or containers (Docker) (default: ${DEFAULT-VALUE}).")
    BackEnd backEnd;

    @Override
    public Integer call() throws Exception {
        Duration lifetime = upFor == null ? null : parseDuration(upFor);
        Preset loaded = Presets.load(preset);
        long started = System.nanoTime();
        try (Deployment deployment = backEnd == BackEnd.local ? LocalDeployment.start(loaded)
                : org.lmsharness.topology.container.ContainerDeployment.start(loaded,
                        Artifacts.referenceApp(), Artifacts.paymentProviderStub())) {
            long bootMillis = (System.nanoTime() - started) / 1_000_000;
            print(deployment, bootMillis);
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            if (lifetime == null) stop.await();
            else stop.await(lifetime.toMillis(), TimeUnit.MILLISECONDS);
        }
        return 0;
    }

    private static void print(Deployment deployment, long bootMillis) {
        System.out.printf("deployment %s up in %.1f s%n", deployment.preset().name(), bootMillis / 1000.0);
        if (deployment.edgeUrl() != null) {
            System.out.println("  edge            " + deployment.edgeUrl() + "   metrics " + deployment.edgeMetricsUrl());
        }
        for (Deployment.Replica replica : deployment.replicas()) {
            System.out.printf("  %-15s %s   zone %s   metrics %s%n", replica.id(), replica.url(), replica.zone(), replica.metricsUrl());
        }
        System.out.println("  database        " + deployment.jdbcUrl());
        System.out.println("  payment         " + deployment.paymentProviderUrl());
        System.out.println("  dataset         " + deployment.datasetDir());
        System.out.println("  scrape targets  " + deployment.scrapeTargets() + "   (Prometheus file_sd: lms.json, haproxy.json; see docs/monitoring.md)");
        if (deployment.faultProxies() != null) {
            System.out.println("  fault proxies   " + deployment.faultProxies().apiUrl() + "   (Toxiproxy API) on " + String.join(", ", deployment.faultProxies().names()));
        }
        deployment.warnings().forEach(warning -> System.out.println("  warning: " + warning));
        System.out.println("Ctrl-C tears it down.");
        System.out.flush();
    }

    static Duration parseDuration(String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(new TopologyCommand()),
                    "--for must be a number with ms, s, m or h, got '" + text + "'");
        }
    }

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new TopologyCommand());
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            String message = exception instanceof InvalidPreset || exception instanceof TopologyUnavailable
                    ? exception.getMessage() : exception.getClass().getSimpleName() + ": " + exception.getMessage();
            cmd.getErr().println("topology: " + message.split("\n")[0]);
            return 1;
        });
        System.exit(commandLine.execute(args));
    }
}
