package org.lmsharness.simulations.run;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Gatling 3.15's binary {@code simulation.log}: every request with its start, end, status and
 * error message, and every journey start. Written by hand because Gatling's own reader
 * ({@code LogFileReader}) only gives whole-run or per-second aggregates, and a capacity step needs
 * exact figures over an arbitrary window. The format follows {@code LogFileDataWriter} of the pinned
 * Gatling version; {@code SimulationLogTests} reads a real run, so an upgrade that changes it fails there.
 */
public final class SimulationLog {

    /**
     * One response (or failure) as Gatling recorded it; times in epoch milliseconds. {@code group}: the outermost
     * Gatling group it ran in, "" for none (the release gate's duet names each side's requests by a group).
     */
    public record Request(String name, long start, long end, boolean ok, String message, String group) {
        public Request(String name, long start, long end, boolean ok, String message) {
            this(name, start, end, ok, message, "");
        }

        public long millis() {
            return end - start;
        }
    }

    private static final byte RUN = 0;
    private static final byte REQUEST = 1;
    private static final byte USER = 2;
    private static final byte GROUP = 3;
    private static final byte ERROR = 4;

    private final String gatlingVersion;
    private final String simulationClass;
    private final long runStart;
    private final List<Request> requests;
    private final List<Long> journeyStarts;
    private final Map<String, List<Long>> journeyStartsByScenario;

    private SimulationLog(String gatlingVersion, String simulationClass, long runStart, List<Request> requests, Map<String, List<Long>> journeyStartsByScenario) {
        this.gatlingVersion = gatlingVersion;
        this.simulationClass = simulationClass;
        this.runStart = runStart;
        this.requests = requests;
        this.journeyStartsByScenario = journeyStartsByScenario;
        this.journeyStarts = journeyStartsByScenario.values().stream().flatMap(List::stream).sorted().toList();
    }

    public String gatlingVersion() {
        return gatlingVersion;
    }

    public String simulationClass() {
        return simulationClass;
    }

    /** Epoch ms at which Gatling started the run; every record's time is relative to it. */
    public long runStart() {
        return runStart;
    }

    public List<Request> requests() {
        return requests;
    }

    /** Epoch ms of every virtual user's start: one journey each. */
    public List<Long> journeyStarts() {
        return journeyStarts;
    }

    /** Epoch ms of the starts of one scenario's virtual users (a duet's side), in order; empty for a scenario not run. */
    public List<Long> journeyStarts(String scenario) {
        return journeyStartsByScenario.getOrDefault(scenario, List.of());
    }

    public static SimulationLog read(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            return new Parser(in).parse();
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read Gatling's simulation.log", e);
        }
    }

    /**
     * The newest simulation.log under a Gatling results folder: the run just done, even where an earlier
     * run wrote into the same folder (the first found was an older run's, whose window lay minutes away).
     */
    public static Path find(Path resultsFolder) {
        try (var files = Files.walk(resultsFolder)) {
            return files.filter(path -> path.getFileName().toString().equals("simulation.log"))
                    .max(java.util.Comparator.comparing((Path path) -> path.toFile().lastModified()).thenComparing(Path::toString))
                    .orElseThrow(() -> new IllegalStateException("Gatling wrote no simulation.log under " + resultsFolder));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Parser {
        private final DataInputStream in;
        private final Map<Integer, String> strings = new HashMap<>();

        Parser(DataInputStream in) {
            this.in = in;
        }

        SimulationLog parse() throws IOException {
            if (in.readByte() != RUN) throw new IOException("not a Gatling simulation.log (no run record first)");
            String version = string();
            String simulation = string();
            long start = in.readLong();
            string(); // run description
            int scenarios = in.readInt();
            List<String> scenarioNames = new ArrayList<>();
            for (int i = 0; i < scenarios; i++) scenarioNames.add(string());
            int assertions = in.readInt();
            for (int i = 0; i < assertions; i++) in.skipNBytes(in.readInt()); // pickled assertions
            List<Request> requests = new ArrayList<>();
            Map<String, List<Long>> journeys = new java.util.LinkedHashMap<>();
            while (true) {
                int header = in.read();
                if (header < 0) break;
                try {
                    switch ((byte) header) {
                        case REQUEST -> {
                            String group = outermostGroup();
                            String name = cachedString();
                            long begin = start + in.readInt();
                            long end = start + in.readInt();
                            boolean ok = in.readBoolean();
                            requests.add(new Request(name, begin, end, ok, cachedString(), group));
                        }
                        case USER -> {
                            int scenario = in.readInt();
                            boolean begins = in.readBoolean();
                            long at = start + in.readInt();
                            String name = scenario >= 0 && scenario < scenarioNames.size() ? scenarioNames.get(scenario) : "";
                            if (begins) journeys.computeIfAbsent(name, key -> new ArrayList<>()).add(at);
                        }
                        case GROUP -> {
                            skipGroups();
                            in.skipNBytes(3 * Integer.BYTES + 1);
                        }
                        case ERROR -> {
                            cachedString();
                            in.readInt();
                        }
                        default -> throw new IOException("unknown record type " + header + " (Gatling " + version + "?)");
                    }
                } catch (EOFException truncated) {
                    break; // a run cut short leaves a partial last record
                }
            }
            return new SimulationLog(version, simulation, start, requests, journeys);
        }

        private void skipGroups() throws IOException {
            outermostGroup();
        }

        /** Reads a record's group hierarchy, outermost first; returns the outermost's name, "" for none. */
        private String outermostGroup() throws IOException {
            int groups = in.readInt();
            String outermost = "";
            for (int i = 0; i < groups; i++) {
                String group = cachedString();
                if (i == 0) outermost = group;
            }
            return outermost;
        }

        /** Gatling writes a string once with a positive index, then only the negated index. */
        private String cachedString() throws IOException {
            int index = in.readInt();
            if (index < 0) return strings.get(-index);
            String value = string();
            strings.put(index, value);
            return value;
        }

        /** Length, the String's internal bytes, then its coder: 0 Latin-1, 1 UTF-16 (native order, little-endian here). */
        private String string() throws IOException {
            int length = in.readInt();
            if (length == 0) return "";
            byte[] value = in.readNBytes(length);
            byte coder = in.readByte();
            return new String(value, coder == 0 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_16LE);
        }
    }
}
