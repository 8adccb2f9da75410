package org.lmsharness.capacity.measure;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The edge's response times, from HAProxy's access log (its Prometheus exporter has only averages):
 * lines of {@code <epoch s>.<ms> client method uri status backend/server Ta Tr bytes termination},
 * read from where the previous read stopped so that each step reads only its own lines.
 */
public final class EdgeLog {

    /** A request as the edge saw it: when it arrived (epoch ms), its status and its active time (ms). */
    public record Entry(long at, int status, long activeMillis) {}

    private final Path file;
    private long offset;

    public EdgeLog(Path file) {
        this.file = file;
        this.offset = size(file);
    }

    /** Lines appended since the last call. */
    public List<Entry> readNew() {
        List<Entry> entries = new ArrayList<>();
        if (file == null || !Files.exists(file)) return entries;
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long end = in.length();
            if (end < offset) offset = 0; // rotated or recreated
            byte[] bytes = new byte[(int) Math.min(end - offset, Integer.MAX_VALUE)];
            in.seek(offset);
            in.readFully(bytes);
            int complete = lastNewline(bytes);
            offset += complete;
            for (String line : new String(bytes, 0, complete, StandardCharsets.UTF_8).split("\n")) {
                Entry entry = parse(line);
                if (entry != null) entries.add(entry);
            }
        } catch (IOException e) {
            // the edge is gone (teardown): no figures rather than a crash
        }
        return entries;
    }

    static Entry parse(String line) {
        String[] fields = line.trim().split(" ");
        if (fields.length < 8 || !fields[0].matches("\\d+\\.\\d{3}")) return null; // HAProxy's own notices
        try {
            long at = Math.round(Double.parseDouble(fields[0]) * 1000);
            int status = Integer.parseInt(fields[4]);
            long active = Long.parseLong(fields[6]);
            return active < 0 ? null : new Entry(at, status, active);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int lastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) if (bytes[i] == '\n') return i + 1;
        return 0;
    }

    private static long size(Path file) {
        try {
            return file != null && Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
