package org.lmsharness.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lmsharness.common.Address;
import org.lmsharness.topology.preset.Presets;

/** A release names what a replica runs; its settings reach the replica's command line after the harness's own, so they win. */
class ReleaseTests {

    private static List<String> commandOf(Release release) {
        return LmsArguments.replica("java", "/app/lms.jar", Presets.load("multi-az"), 0.5, "replica-4", "zone-a", new Address("127.0.0.1", 8080),
                "jdbc:postgresql://127.0.0.1:5432/postgres", new Address("127.0.0.1", 9090), release);
    }

    @Test
    void aReplicaIsToldItsReleaseAndTheReleasesSettingsComeLast() {
        Release broken = Release.named("never-ready").withSettings("--management.health.diskspace.threshold=1024TB", "--lms.replica.zone=zone-x");

        List<String> command = commandOf(broken);

        assertThat(command).contains("--lms.replica.release=never-ready");
        assertThat(command.subList(command.size() - 2, command.size()))
                .containsExactly("--management.health.diskspace.threshold=1024TB", "--lms.replica.zone=zone-x");
        assertThat(command.indexOf("--lms.replica.zone=zone-x")).isGreaterThan(command.indexOf("--lms.replica.zone=zone-a"));
    }

    @Test
    void theInitialReleaseRunsTheDeploymentsOwnBuild() {
        Path own = Path.of("/opt/lms/reference-app.jar");

        assertThat(commandOf(Release.INITIAL)).contains("--lms.replica.release=initial");
        assertThat(Release.INITIAL.jarOr(own)).isEqualTo(own);
        assertThat(Release.named("next").withJar(Path.of("other.jar")).jarOr(own)).isEqualTo(Path.of("other.jar").toAbsolutePath());
    }

    @Test
    void badNamesAndSettingsAreRefusedWithTheirReason() {
        assertThatThrownBy(() -> Release.named("next release")).hasMessageContaining("a release name is 1 to 64 letters");
        assertThatThrownBy(() -> Release.named("")).hasMessageContaining("not ''");
        assertThatThrownBy(() -> Release.named("next").withSettings("-Xmx1g")).hasMessageContaining("--name=value, not '-Xmx1g'");
    }
}
