package org.lmsharness.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.lmsharness.topology.BootOptions;
import org.lmsharness.topology.Deployment;
import org.lmsharness.topology.ReplicaBoot;
import org.lmsharness.topology.heal.Supervisor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lms-harness topology}: boots a deployment, prints every address, and keeps it running until
 * Ctrl-C (or {@code --for}), then tears it down.
 */
@Command(name = "topology", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Boots a deployment of the LMS from a preset, prints every address, and keeps it up until Ctrl-C (or --for).",
                "Default preset: multi-az. Exit status: 0 torn down, 1 failed while running, 2 bad input."})
public final class Topology implements Callable<Integer> {

    @Mixin
    DeploymentOptions deployment;

    @Mixin
    FaultProxyOption faultProxy;

    @Option(names = "--for", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "Tear down after this long (e.g. 10m, 90s); default: until Ctrl-C.")
    Duration upFor;

    @Option(names = "--supervise",
            description = "Replace a replica that dies or gets stuck (its liveness probe silent 3 checks in a row) by a new one in its zone, "
                    + "as an auto-scaling group's health replacement does, and after a database failover put a new standby in the lost "
                    + "server's place, as RDS Multi-AZ does; each replacement is printed.")
    boolean supervise;

    static final String DEFAULT_PRESET = "multi-az";

    @Override
    public Integer call() throws Exception {
        var preset = deployment.preset(DEFAULT_PRESET);
        BootOptions boot = faultProxy.boot(deployment, true);
        long started = System.nanoTime();
        try (Deployment booted = deployment.backend.start(preset, ReplicaBoot.QUOTA_LIFTED_UNTIL_READY, boot)) {
            print(booted, (System.nanoTime() - started) / 1_000_000);
            try (Supervisor supervisor = supervise ? Supervisor.start(booted, Supervisor.Settings.DEFAULT, System.out::println) : null) {
                CountDownLatch stop = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
                if (upFor == null) stop.await();
                else stop.await(upFor.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        return 0;
    }

    private static void print(Deployment deployment, long bootMillis) {
        System.out.printf("deployment %s up in %.1f s: %s%n", deployment.preset().name(), bootMillis / 1000.0, deployment.bootBreakdown());
        deployment.edgeUrl().ifPresent(edge ->
                System.out.println("  edge            " + edge + "   metrics " + deployment.edgeMetricsUrl().orElse("")));
        for (Deployment.Replica replica : deployment.replicas()) {
            System.out.printf("  %-15s %s   zone %s   metrics %s%n", replica.id(), replica.url(), replica.zone(), replica.metricsUrl());
        }
        System.out.println("  database        " + deployment.jdbcUrl());
        System.out.println("  payment         " + deployment.paymentProviderUrl());
        System.out.println("  dataset         " + deployment.datasetDir());
        System.out.println("  scrape targets  " + deployment.scrapeTargets() + "   (Prometheus file_sd: lms.json, haproxy.json; see docs/monitoring.md)");
        deployment.faultProxies().ifPresent(proxies ->
                System.out.println("  fault proxies   " + proxies.apiUrl() + "   (Toxiproxy API) on " + String.join(", ", proxies.names())));
        deployment.warnings().forEach(warning -> System.out.println("  warning: " + warning));
        System.out.println("Ctrl-C tears it down.");
        System.out.flush();
    }
}
