package org.lmsharness.simulations.ledger;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Every write the LMS acknowledged (a 2xx answer), one line each, so that a chaos experiment can
 * check afterwards that the database holds every one of them. A line is written and flushed the
 * moment the answer arrives: a run that is cut off still leaves every acknowledgement it saw. Each
 * line is its kind, the time the acknowledgement arrived (epoch milliseconds: how far back a restore
 * lost writes), then the fields:
 *
 * <pre>
 *   checkout  &lt;paymentId&gt; &lt;email&gt; &lt;idempotencyKey&gt; &lt;courseId&gt;
 *   progress  &lt;email&gt; &lt;lessonId&gt; &lt;positionSeconds&gt;
 *   attempt   &lt;attemptId&gt;
 *   course    &lt;courseId&gt;
 *   lesson    &lt;lessonId&gt;
 * </pre>
 * Fields are separated by single tabs; none of them holds one (ids, e-mail addresses, UUIDs).
 */
public final class WriteLedger implements AutoCloseable {

    /** One acknowledged write: its kind and its fields in the order above. */
    public record Entry(String kind, long acknowledgedAt, List<String> fields) {
        public String field(int index) {
            return fields.get(index);
        }
    }

    private final BufferedWriter out;

    private WriteLedger(BufferedWriter out) {
        this.out = out;
    }

    /** The ledger asked for with {@code -Dledger=<file>} (appended to), or null when none was. */
    public static WriteLedger fromSystemProperty() {
        String file = System.getProperty("ledger");
        if (file == null || file.isBlank()) return null;
        try {
            Path path = Path.of(file.trim());
            if (path.getParent() != null) Files.createDirectories(path.getParent());
            return new WriteLedger(Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the write ledger " + file + ": " + e.getMessage(), e);
        }
    }

    public synchronized void record(String kind, Object... fields) {
        try {
            out.write(kind);
            out.write('\t');
            out.write(Long.toString(System.currentTimeMillis()));
            for (Object field : fields) {
                out.write('\t');
                out.write(String.valueOf(field));
            }
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Entry> read(Path file) {
        try {
            List<Entry> entries = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) continue;
                String[] parts = line.split("\t");
                entries.add(new Entry(parts[0], Long.parseLong(parts[1]), List.of(parts).subList(2, parts.length)));
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
