package org.lmsharness.reports.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The runs' history: one JSON object per line, appended after every capacity and gate run, read by
 * {@code lms-harness history}. A line is appended whole under a file lock, so two runs that end at
 * once leave two whole lines; a line that is not a record (a file edited by hand) is skipped and
 * counted, never fatal.
 */
public final class History {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private History() {}

    public static void append(Path file, HistoryRecord record) {
        byte[] line = (JSON.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                 FileLock lock = channel.lock()) {
                channel.write(java.nio.ByteBuffer.wrap(line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the history " + file + ": " + e.getMessage(), e);
        }
    }

    /** The records read, and how many lines were not records. */
    public record Read(List<HistoryRecord> records, int skipped) {}

    public static Read read(Path file) {
        List<HistoryRecord> records = new ArrayList<>();
        int skipped = 0;
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) continue;
                try {
                    HistoryRecord record = JSON.readValue(line, HistoryRecord.class);
                    if (record.kind() == null || record.metrics().isEmpty()) skipped++;
                    else records.add(record);
                } catch (JacksonException e) {
                    skipped++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the history " + file + ": " + e.getMessage(), e);
        }
        return new Read(records, skipped);
    }
}
