package org.lmsharness.topology;

import org.lmsharness.common.Address;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.lmsharness.topology.preset.Preset;

/** The command lines of the LMS jar, the same on every back end. */
public final class LmsArguments {

    private LmsArguments() {}

    /** The JDBC URL a replica uses: every database server, the driver picking the primary. */
    public static String replicaJdbcUrl(List<Address> servers) {
        return "jdbc:postgresql://" + servers.stream().map(Address::hostPort).collect(Collectors.joining(","))
                + "/postgres?targetServerType=primary&connectTimeout=2&loginTimeout=3&socketTimeout=60";
    }

    /**
     * {@code java <jvm options> -jar <jar> <settings>} for one replica; the JWT key goes in the environment (LMS_JWT_SECRET).
     *
     * @param cores   the replica's CPU quota (0: none)
     * @param release its name is the replica's {@code lms.replica.release}; its settings come last, so they win
     */
    public static List<String> replica(String java, String jar, Preset preset, double cores, String id, String zone, Address listen,
                                       String jdbcUrl, Address paymentProvider, Release release) {
        List<String> command = new ArrayList<>(List.of(java, "-XX:+ExitOnOutOfMemoryError"));
        // The processor count the quota gives (rounded up, as the JVM rounds it): the same ergonomics
        // whether the replica boots under its quota or with it lifted until ready (ReplicaBoot).
        if (cores > 0) command.add("-XX:ActiveProcessorCount=" + (int) Math.ceil(cores));
        String options = preset.replicas().jvmOptions();
        if (options != null && !options.isBlank()) command.addAll(Arrays.asList(options.trim().split("\\s+")));
        command.addAll(List.of("-jar", jar,
                "--server.address=" + listen.host(), "--server.port=" + listen.port(),
                "--spring.datasource.url=" + jdbcUrl, "--spring.datasource.username=postgres",
                "--lms.replica.id=" + id, "--lms.replica.zone=" + zone,
                "--lms.payment.provider-url=" + paymentProvider.http(),
                // Long enough for the edge's health checks (fall 2) to take the replica out first.
                "--lms.shutdown.drain-delay=" + Math.max(1_000, 3 * preset.edge().checkIntervalMillis()) + "ms",
                "--lms.replica.release=" + release.name()));
        command.addAll(release.settings());
        return command;
    }

    /** The LMS's own generator, run once against the primary before any replica starts. */
    public static List<String> generateDataset(String java, String jar, String primaryJdbcUrl, String size, String exportDir) {
        return List.of(java, "-Xmx512m", "-jar", jar, "generate-dataset",
                "--spring.datasource.url=" + primaryJdbcUrl, "--spring.datasource.username=postgres",
                "--lms.dataset.size=" + size, "--lms.dataset.export-dir=" + exportDir);
    }
}
