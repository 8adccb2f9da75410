package org.lmsharness.topology.database;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The backup location: a folder outside every database server (a bucket or a backup host's disk in
 * production), holding base backups in {@code base/<id>/} and the WAL archive in {@code wal/}. Both
 * servers archive into it and a restore reads from it, so it outlives losing them both. A base backup
 * counts once its {@code backup.properties} is written, last; retention keeps the newest ones and the
 * WAL from the oldest kept one's start on, as {@code pg_archivecleanup} would (written here because the
 * local back end's server binaries do not include it).
 */
public final class BackupStore {

    /**
     * One base backup.
     *
     * @param id        its folder's name, sortable by time
     * @param taken     when it began: a restore to a time before this needs an older one
     * @param finished  when it ended: a restore to the latest point, or to a time after this, can start from it
     * @param startLsn  the WAL position it started from, as PostgreSQL writes it ({@code 0/2000028}); its segment and every later one are kept
     * @param folder    where it is
     */
    public record BaseBackup(String id, Instant taken, Instant finished, String startLsn, Path folder) {}

    private static final String META = "backup.properties";
    /** A WAL segment's archived name: timeline, then log and segment number; history files and others are never removed. */
    private static final Pattern SEGMENT = Pattern.compile("([0-9A-F]{8})([0-9A-F]{8})([0-9A-F]{8})(\\.partial)?\\.gz");

    /** Backup ids sort by time: fixed width, UTC. */
    private static final java.time.format.DateTimeFormatter ID_TIME = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);

    private final Path root;

    private BackupStore(Path root) {
        this.root = root;
    }

    /**
     * The location at {@code root}, its folders made writable by everyone: container servers write
     * into it as their own user through a bind mount.
     */
    public static BackupStore at(Path root) throws IOException {
        BackupStore store = new BackupStore(root);
        for (Path folder : List.of(root, store.wal(), store.base())) {
            Files.createDirectories(folder);
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        return store;
    }

    public Path root() {
        return root;
    }

    /** The WAL archive. */
    public Path wal() {
        return root.resolve("wal");
    }

    public Path base() {
        return root.resolve("base");
    }

    /** An empty, writable folder for a new base backup, named after the time. */
    public Path newBackupFolder(Instant now) throws IOException {
        String id = "base-" + ID_TIME.format(now);
        Path folder = base().resolve(id);
        Files.createDirectory(folder);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
        return folder;
    }

    /** Marks the backup in {@code folder} complete: from now on a restore may start from it. */
    public BaseBackup record(Path folder, Instant taken, String startLsn) throws IOException {
        Properties meta = new Properties();
        Instant finished = Instant.now();
        meta.setProperty("taken", taken.toString());
        meta.setProperty("finished", finished.toString());
        meta.setProperty("start-lsn", startLsn);
        Path temporary = folder.resolve(META + ".tmp");
        try (Writer out = Files.newBufferedWriter(temporary)) {
            meta.store(out, "a complete base backup");
        }
        Files.move(temporary, folder.resolve(META), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return new BaseBackup(folder.getFileName().toString(), taken, finished, startLsn, folder);
    }

    /** The complete base backups, oldest first. */
    public List<BaseBackup> backups() {
        if (!Files.isDirectory(base())) return List.of();
        try (Stream<Path> folders = Files.list(base())) {
            List<BaseBackup> all = new ArrayList<>();
            for (Path folder : folders.sorted().toList()) {
                Path meta = folder.resolve(META);
                if (!Files.isRegularFile(meta)) continue;
                Properties properties = new Properties();
                try (Reader in = Files.newBufferedReader(meta)) {
                    properties.load(in);
                }
                all.add(new BaseBackup(folder.getFileName().toString(), Instant.parse(properties.getProperty("taken")),
                        Instant.parse(properties.getProperty("finished")), properties.getProperty("start-lsn"), folder));
            }
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The newest backup a restore to {@code target} (null: the latest point) can start from: one finished before it. */
    public Optional<BaseBackup> startingPointFor(Instant target) {
        return backups().stream().filter(backup -> target == null || backup.finished().isBefore(target)).reduce((older, newer) -> newer);
    }

    /**
     * Keeps the newest {@code keep} complete backups and the WAL the oldest of them needs; removes older
     * backups, incomplete ones (a copy that failed) and older segments. Returns what it removed.
     */
    public List<String> retain(int keep, long walSegmentBytes) throws IOException {
        List<BaseBackup> complete = backups();
        List<String> removed = new ArrayList<>();
        List<BaseBackup> dropped = complete.subList(0, Math.max(0, complete.size() - keep));
        List<String> kept = complete.stream().filter(backup -> !dropped.contains(backup)).map(BaseBackup::id).toList();
        try (Stream<Path> folders = Files.list(base())) {
            for (Path folder : folders.toList()) {
                boolean younger = kept.isEmpty() || folder.getFileName().toString().compareTo(kept.get(kept.size() - 1)) > 0;
                if (kept.contains(folder.getFileName().toString()) || younger) continue; // younger: a backup being taken now
                deleteRecursively(folder);
                removed.add("base/" + folder.getFileName());
            }
        }
        if (kept.isEmpty()) return removed;
        long oldestNeeded = segmentNumber(complete.get(complete.size() - kept.size()).startLsn(), walSegmentBytes);
        long segmentsPerLog = 0x1_0000_0000L / walSegmentBytes;
        try (Stream<Path> files = Files.list(wal())) {
            for (Path file : files.toList()) {
                Matcher segment = SEGMENT.matcher(file.getFileName().toString());
                if (!segment.matches()) continue;
                long number = Long.parseLong(segment.group(2), 16) * segmentsPerLog + Long.parseLong(segment.group(3), 16);
                if (number >= oldestNeeded) continue;
                Files.deleteIfExists(file);
                removed.add("wal/" + file.getFileName());
            }
        }
        return removed;
    }

    /** The WAL segment number holding {@code lsn} ({@code 16/B374D848}). */
    static long segmentNumber(String lsn, long walSegmentBytes) {
        String[] parts = lsn.split("/");
        long position = (Long.parseLong(parts[0], 16) << 32) | Long.parseLong(parts[1], 16);
        return position / walSegmentBytes;
    }

    /** The bytes the location holds: base backups and archive. */
    public long bytes() {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException gone) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
        }
    }
}
