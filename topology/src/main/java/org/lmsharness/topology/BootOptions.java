package org.lmsharness.topology;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How a back end boots a preset, beyond the preset itself: typed values the command line's options
 * give (no system properties). {@link #DEFAULTS} is what a test or a library caller gets.
 *
 * @param images          the container back end's images
 * @param faultProxies    a Toxiproxy proxy on every link ({@code --fault-proxy on}); off: every node dials its target directly
 * @param toxiproxyServer a real Toxiproxy server's API to use instead of the project's own fault proxy (local back end only)
 * @param keepRunFolder   keep the deployment's run folder (configurations, every process's log) after teardown
 * @param replicaCores    the CPU quota of each replica booted, in boot order, where it differs from the preset's (a comparison of
 *                        instance sizes on one boot); empty: every replica has the preset's
 * @param app             the LMS build the replicas run (a Spring Boot jar); empty: the one built with the harness
 *                        ({@link Artifacts#referenceApp()}). The release gate boots a baseline and a candidate this way.
 */
public record BootOptions(Images images, boolean faultProxies, Optional<URI> toxiproxyServer, boolean keepRunFolder, List<Double> replicaCores,
                          Optional<Path> app) {

    public BootOptions {
        replicaCores = List.copyOf(replicaCores);
    }

    public BootOptions(Images images, boolean faultProxies, Optional<URI> toxiproxyServer, boolean keepRunFolder) {
        this(images, faultProxies, toxiproxyServer, keepRunFolder, List.of(), Optional.empty());
    }

    /** The LMS jar the replicas and the dataset generator run. */
    public Path appJar() {
        return app.orElseGet(Artifacts::referenceApp);
    }

    /** Replicas run {@code jar} instead of the LMS built with the harness. */
    public BootOptions withApp(Path jar) {
        return new BootOptions(images, faultProxies, toxiproxyServer, keepRunFolder, replicaCores, Optional.of(jar.toAbsolutePath()));
    }

    /** The images {@code images/build.sh} builds; fault proxies on; the real Toxiproxy named by {@code $TOXIPROXY_URL}, if any. */
    public static final BootOptions DEFAULTS = new BootOptions(Images.DEFAULT, true, fromEnvironment(), false);

    /**
     * The container back end's images.
     *
     * @param jre       the replicas', the payment provider's and the dataset generator's
     * @param postgres  the database nodes'
     * @param haproxy   the edges'
     * @param toxiproxy the fault proxy's (Shopify's own image works too)
     */
    public record Images(String jre, String postgres, String haproxy, String toxiproxy) {
        public static final Images DEFAULT = new Images("lms-harness/jre:harness", "lms-harness/postgres:15",
                "lms-harness/haproxy:2.6", "lms-harness/toxiproxy:2.12");
    }

    public BootOptions withFaultProxies(boolean on) {
        return new BootOptions(images, on, toxiproxyServer, keepRunFolder, replicaCores, app);
    }

    /** The i-th replica booted gets {@code cores.get(i)} as its quota (and its JVM the processor count of that quota). */
    public BootOptions withReplicaCores(List<Double> cores) {
        return new BootOptions(images, faultProxies, toxiproxyServer, keepRunFolder, cores, app);
    }

    private static Optional<URI> fromEnvironment() {
        String url = System.getenv("TOXIPROXY_URL");
        return url == null || url.isBlank() ? Optional.empty() : Optional.of(URI.create(url.trim()));
    }
}
