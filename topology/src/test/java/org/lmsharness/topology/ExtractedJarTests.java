package org.lmsharness.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LMS's jar extracted by Spring Boot's own tools, once, and again when the jar changes. */
class ExtractedJarTests {

    @Test
    void theApplicationJarLandsBesideItsLibrariesOnceUntilTheJarChanges(@TempDir Path folder) throws Exception {
        Path jar = Files.copy(Artifacts.referenceApp(), folder.resolve("reference-app.jar"));

        Path extracted = ExtractedJar.of(jar);
        assertThat(extracted).isEqualTo(folder.resolve("reference-app").resolve("reference-app.jar")).isRegularFile();
        assertThat(extracted.resolveSibling("lib")).isDirectoryContaining(p -> p.getFileName().toString().startsWith("spring-core-"));

        Path marker = Files.createFile(extracted.resolveSibling("marker"));
        ExtractedJar.of(jar);
        assertThat(marker).as("the same jar is not extracted again").exists();

        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 1000));
        assertThat(ExtractedJar.of(jar)).isRegularFile();
        assertThat(marker).as("a changed jar is extracted afresh").doesNotExist();
        try (var left = Files.list(folder)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("reference-app.jar", "reference-app");
        }
    }

    /** Before anything runs it: such a jar ignores -Djarmode and starts its own main (here a server that never ends). */
    @Test
    void aJarThatIsNotSpringBootsIsRefusedInOneLine(@TempDir Path folder) throws Exception {
        Path jar = Files.copy(Artifacts.faultProxyServer(), folder.resolve("toxiproxy-server.jar"));
        assertThatThrownBy(() -> ExtractedJar.of(jar)).isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot extract " + jar + ": not a Spring Boot jar (no Spring-Boot-Version in its manifest)");
        try (var left = Files.list(folder)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("toxiproxy-server.jar");
        }
    }
}
