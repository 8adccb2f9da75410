package org.lmsharness.chaos.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What happened during an experiment, with timestamps: printed as it happens and kept for the result. */
public final class Journal {

    /** One event: when (epoch ms) and what. */
    public record Entry(long at, String event) {
        public String instant() {
            return Instant.ofEpochMilli(at).toString();
        }
    }

    /** The console as it was when the harness started: an in-process Gatling run sends System.out to its own log meanwhile. */
    private static final java.io.PrintStream CONSOLE = System.out;

    private final String experiment;
    private final List<Entry> entries = new ArrayList<>();

    public Journal(String experiment) {
        this.experiment = experiment;
    }

    public synchronized void log(String event) {
        Entry entry = new Entry(System.currentTimeMillis(), event);
        entries.add(entry);
        CONSOLE.println("[" + entry.instant() + "] " + experiment + ": " + event);
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }
}
