package org.lmsharness.topology.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.lmsharness.common.Address;
import org.lmsharness.topology.database.PostgresSettings;
import org.lmsharness.topology.Node;

/**
 * A PostgreSQL server run from {@link PostgresBinaries}: a primary, or a streaming standby cloned
 * from it. The recipe (measured on this machine): the standby is a copy of the primary's data
 * folder taken before the primary first starts, with {@code standby.signal}, {@code primary_conninfo}
 * naming it {@code standby}, a physical slot, and {@code wal_retrieve_retry_interval=100ms} (the 5 s
 * default sometimes stalls promotion). {@code initdb} and the server refuse to run as root, so as
 * root they run in a new user namespace ({@code unshare -U}), where they are not root.
 */
final class LocalPostgres {

    static final String SLOT = PostgresSettings.SLOT;
    static final String STANDBY_NAME = PostgresSettings.STANDBY_NAME;

    private LocalPostgres() {}

    /** Creates the primary's data folder, and the standby's as its copy when asked; {@code walArchive} null for no archiving. */
    static void initialize(Path primaryData, Path standbyData, int primaryPort, boolean synchronous, Path walArchive) throws IOException, InterruptedException {
        Path bin = PostgresBinaries.home().resolve("bin");
        List<String> initdb = new ArrayList<>(List.of(bin.resolve("initdb").toString(), "-D", primaryData.toString()));
        initdb.addAll(PostgresSettings.initdbOptions(walArchive != null));
        run(initdb, primaryData.getParent().resolve("initdb.log"));
        List<String> settings = new ArrayList<>(PostgresSettings.primary("127.0.0.1", false, // the standby copies it: waiting comes after
                walArchive == null ? null : walArchive.toString()));
        settings.addAll(List.of("port = " + primaryPort, "unix_socket_directories = ''", ""));
        Files.writeString(primaryData.resolve("postgresql.auto.conf"), String.join("\n", settings));
        Files.writeString(primaryData.resolve("pg_hba.conf"), String.join("\n",
                "host all postgres 127.0.0.1/32 trust",
                "host replication postgres 127.0.0.1/32 trust",
                ""));
        if (standbyData == null) return;
        copy(primaryData, standbyData, path -> true);
        if (synchronous) {
            Files.writeString(primaryData.resolve("postgresql.auto.conf"),
                    PostgresSettings.synchronousStandby() + "\n", java.nio.file.StandardOpenOption.APPEND);
        }
    }

    /**
     * A standby's own settings, written before it first starts: its port, its link to the primary and
     * its slot, and nothing that makes commits wait (a copy of a primary may carry that). What a copy
     * brought of another role's settings is replaced, so this serves a boot's copy and a running
     * primary's alike.
     */
    static void configureStandby(Path standbyData, int standbyPort, Address primary) throws IOException {
        String conf = Files.readString(standbyData.resolve("postgresql.auto.conf"))
                .replaceAll("(?m)^(port|primary_conninfo|primary_slot_name|synchronous_standby_names) = .*\n?", "");
        conf += "port = " + standbyPort + "\n"
                + "primary_conninfo = 'host=" + primary.host() + " port=" + primary.port() + " user=postgres application_name=" + STANDBY_NAME + "'\n"
                + "primary_slot_name = '" + SLOT + "'\n";
        Files.writeString(standbyData.resolve("postgresql.auto.conf"), conf);
        Files.writeString(standbyData.resolve("standby.signal"), "");
    }

    /** What a base backup leaves out of a running server's folder: its process's files, and folders whose content is rebuilt at start. */
    private static final Set<String> LEFT_EMPTY = Set.of("pg_wal", "pg_replslot", "pg_dynshmem", "pg_notify", "pg_serial",
            "pg_snapshots", "pg_stat_tmp", "pg_subtrans");
    private static final Set<String> LEFT_OUT = Set.of("postmaster.pid", "postmaster.opts", "standby.signal", "recovery.signal",
            "backup_label", "tablespace_map");

    /**
     * A copy of a running server's data folder, as PostgreSQL's low-level base backup makes one:
     * {@code pg_backup_start}, the files copied while it serves, {@code pg_backup_stop}, and the backup
     * label it returns written into the copy. Written by hand because the server binaries this back end
     * unpacks ({@link PostgresBinaries}) have no {@code pg_basebackup}. The copy starts from the
     * backup's checkpoint and needs the WAL since, which the standby's slot keeps
     * ({@link org.lmsharness.topology.database.Replication#reserveSlot}, called before).
     */
    static void copyRunning(String primaryUrl, Path primaryData, Path copy, boolean waitForArchive) throws SQLException, IOException {
        try (Connection connection = DriverManager.getConnection(primaryUrl, "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_backup_start('new standby', true)");
            copy(primaryData, copy, path -> {
                Path relative = primaryData.relativize(path);
                if (relative.getNameCount() == 1 && LEFT_OUT.contains(relative.toString())) return false;
                if (relative.getNameCount() > 1 && LEFT_EMPTY.contains(relative.getName(0).toString())) return false;
                return !path.getFileName().toString().startsWith("pgsql_tmp");
            });
            Files.createDirectories(copy.resolve("pg_wal").resolve("archive_status"));
            try (var stopped = statement.executeQuery("SELECT labelfile FROM pg_backup_stop(" + waitForArchive + ")")) {
                if (!stopped.next()) throw new SQLException("pg_backup_stop returned no backup label");
                Files.writeString(copy.resolve("backup_label"), stopped.getString(1));
            }
        }
    }

    /**
     * A data folder for a server restored from {@code backup} (a {@link #copyRunning} copy): the copy,
     * on {@code port}, without the settings of the role it was copied from, with {@code recovery}'s
     * and {@code recovery.signal}, so that it replays the archive and is promoted.
     */
    static void restore(Path backup, Path data, int port, List<String> recovery) throws IOException {
        copy(backup, data, path -> true);
        String conf = Files.readString(data.resolve("postgresql.auto.conf")).replaceAll("(?m)^" + PostgresSettings.NOT_RESTORED + " = .*\n?", "");
        conf += "port = " + port + "\n" + String.join("\n", recovery) + "\n";
        Files.writeString(data.resolve("postgresql.auto.conf"), conf);
        Files.deleteIfExists(data.resolve("standby.signal"));
        Files.writeString(data.resolve("recovery.signal"), "");
    }

    /** Starts {@code postgres -D data} as a node; returns once it accepts connections. */
    static ProcessNode start(String id, Node.Kind kind, String zone, Path data, int port, Path log) throws IOException, InterruptedException {
        Path bin = PostgresBinaries.home().resolve("bin");
        ProcessBuilder builder = new ProcessBuilder(asNonRoot(List.of(bin.resolve("postgres").toString(), "-D", data.toString())))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())); // appended: a new standby takes a lost server's log
        ProcessNode node = new ProcessNode(id, kind, zone, builder.start(), log);
        awaitConnectable(node, port, Duration.ofSeconds(60));
        return node;
    }

    private static List<String> asNonRoot(List<String> command) {
        if (!"root".equals(System.getProperty("user.name"))) return command;
        List<String> wrapped = new ArrayList<>(List.of("unshare", "-U"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static void run(List<String> command, Path log) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(asNonRoot(command)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (process.waitFor() != 0) {
            throw new IOException(command.get(0) + " failed with status " + process.exitValue() + "; see " + log);
        }
    }

    private static void awaitConnectable(ProcessNode node, int port, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!node.isAlive()) throw new IOException("PostgreSQL " + node.id() + " exited at start: " + lastLines(node.log(), 3) + " (" + node.log() + ")");
            try (Connection ignored = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres?connectTimeout=1", "postgres", "")) {
                return;
            } catch (SQLException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IOException("PostgreSQL " + node.id() + " did not accept connections within " + timeout.toSeconds() + " s; see " + node.log());
    }

    /** The log's last lines, joined: why a server stopped, in the error that says so. */
    private static String lastLines(Path log, int count) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            return "its log cannot be read";
        }
    }

    /** Copies the folder, files that {@code keep} accepts; a file gone meanwhile (a running server's) is skipped. */
    private static void copy(Path from, Path to, java.util.function.Predicate<Path> keep) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.sorted(Comparator.naturalOrder()).toList()) {
                if (!keep.test(source)) continue;
                Path target = to.resolve(from.relativize(source).toString());
                try {
                    if (Files.isDirectory(source)) Files.createDirectories(target);
                    else Files.copy(source, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                } catch (java.nio.file.NoSuchFileException gone) {
                    // dropped since the walk listed it: WAL replay from the backup's start recreates what matters
                }
            }
        }
        // PostgreSQL refuses a data folder that others can read.
        Files.setPosixFilePermissions(to, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }
}
