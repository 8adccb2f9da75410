package org.lmsharness.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.lmsharness.common.Host;

/**
 * A Spring Boot jar in the layout Spring Boot documents for running it in production
 * ({@code java -Djarmode=tools -jar app.jar extract}): the application's jar beside a {@code lib/}
 * folder of its libraries, started with {@code java -jar} as before but without the nested-jar class
 * loader. The LMS is ready after 19 CPU-seconds instead of 25 (single runs, 2 cores, its own
 * database): every replica and dataset generator of every deployment starts sooner.
 *
 * Extracted once, next to the jar, by the jar's own tools (nothing here unpacks by hand), and again
 * when the jar changes (its size and time are the stamp).
 */
public final class ExtractedJar {

    private static final String STAMP = ".extracted-from";

    private ExtractedJar() {}

    /** The folder holding the extracted application jar (same file name as {@code fatJar}) and its {@code lib/}. */
    public static synchronized Path folderOf(Path fatJar) {
        String name = fatJar.getFileName().toString();
        Path folder = fatJar.resolveSibling(name.replaceFirst("\\.jar$", ""));
        try {
            String stamp = fatJar.toAbsolutePath() + " " + Files.size(fatJar) + " " + Files.getLastModifiedTime(fatJar).toMillis();
            if (extractedFrom(folder, stamp)) return folder;
            Path scratch = Files.createTempDirectory(fatJar.getParent(), name + ".extracting-");
            try {
                extract(fatJar, scratch);
                Files.writeString(scratch.resolve(STAMP), stamp);
                deleteTree(folder);
                try {
                    Files.move(scratch, folder, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException raced) {
                    if (!extractedFrom(folder, stamp)) throw raced; // else another harness JVM extracted the same jar first
                }
            } finally {
                deleteTree(scratch);
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + fatJar + ": " + e.getMessage(), e);
        }
    }

    /** Whether the file is a jar whose manifest names a Spring Boot version; an unreadable jar throws. */
    public static boolean isSpringBootJar(Path file) throws IOException {
        try (JarFile jar = new JarFile(file.toFile())) {
            Manifest manifest = jar.getManifest();
            return manifest != null && manifest.getMainAttributes().getValue("Spring-Boot-Version") != null;
        }
    }

    private static boolean extractedFrom(Path folder, String stamp) throws IOException {
        return Files.isRegularFile(folder.resolve(STAMP)) && Files.readString(folder.resolve(STAMP)).equals(stamp);
    }

    /** The extracted application jar, to start with {@code java -jar}. */
    public static Path of(Path fatJar) {
        return folderOf(fatJar).resolve(fatJar.getFileName());
    }

    private static void extract(Path fatJar, Path destination) throws IOException {
        // Any other jar would ignore -Djarmode and run its own main (a server, for the fault proxy's).
        if (!isSpringBootJar(fatJar)) throw new IOException("not a Spring Boot jar (no Spring-Boot-Version in its manifest)");
        Process process = new ProcessBuilder(List.of(Host.java().toString(), "-Djarmode=tools", "-jar", fatJar.toString(),
                "extract", "--destination", destination.toString(), "--force"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("extraction did not end within 2 minutes");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (process.exitValue() != 0 || !Files.isRegularFile(destination.resolve(fatJar.getFileName()))) {
            throw new IOException("java -Djarmode=tools -jar " + fatJar.getFileName() + " extract exited " + process.exitValue());
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) return;
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
        }
    }
}
