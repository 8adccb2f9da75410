package org.lmsharness.reports.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Reads and writes a run folder's JSON; every write goes to a temporary file first, so no half-written file is left. */
public final class RunFiles {

    public static final String RUN_JSON = "run.json";

    public static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private RunFiles() {}

    /** Thrown with one line a person can act on. */
    public static final class Unreadable extends RuntimeException {
        public Unreadable(String message) {
            super(message);
        }
    }

    public static CapacityRun readRun(Path runFolder) {
        Path file = runFolder.resolve(RUN_JSON);
        if (!Files.isRegularFile(file)) throw new Unreadable(file + ": no such file (a run folder holds run.json)");
        try {
            JsonNode run = JSON.readTree(file.toFile());
            regroupFlatSteps(run);
            numberUnforkedSearches(run);
            return JSON.treeToValue(run, CapacityRun.class);
        } catch (JacksonException e) {
            throw new Unreadable(file + ": not a capacity run: " + e.getOriginalMessage());
        }
    }

    /** A step's groups, and where each of their fields was in a step of a run saved before steps had groups. */
    private static final Map<String, Map<String, String>> FLAT_STEP_FIELDS = Map.of(
            "throughput", Map.of("offeredJourneysPerSecond", "offeredJourneysPerSecond", "offeredRequestsPerSecond", "offeredRequestsPerSecond",
                    "achievedRequestsPerSecond", "achievedRequestsPerSecond", "okRequestsPerSecond", "okRequestsPerSecond",
                    "requests", "requests", "failed", "failed", "errors", "errors", "meanConcurrency", "meanConcurrency"),
            "cpu", Map.of("replicas", "replicaCpu", "quotaCores", "quotaCores", "injector", "injectorCpu", "edge", "edgeCpu",
                    "database", "databaseCpu", "hostBusy", "hostBusy"),
            "verdict", Map.of("outcome", "outcome", "reason", "reason", "steady", "steady"),
            "window", Map.of("startMillis", "windowStartMillis", "endMillis", "windowEndMillis"));

    /** Searches saved before one replica was searched on several JVMs have no fork: 0, one JVM. */
    static void numberUnforkedSearches(JsonNode run) {
        for (JsonNode search : run.path("searches")) {
            if (search instanceof ObjectNode unforked && !unforked.has("fork")) unforked.put("fork", 0);
        }
    }

    /** Steps saved with flat fields (run folders written before {@link Step} had groups) are regrouped, so old runs still report. */
    static void regroupFlatSteps(JsonNode run) {
        for (JsonNode search : run.path("searches")) {
            for (JsonNode step : search.path("steps")) {
                if (!(step instanceof ObjectNode flat) || !flat.has("offeredJourneysPerSecond")) continue;
                FLAT_STEP_FIELDS.forEach((group, fields) -> {
                    ObjectNode grouped = JSON.createObjectNode();
                    fields.forEach((name, flatName) -> {
                        JsonNode value = flat.get(flatName);
                        if (value != null) grouped.set(name, value);
                    });
                    grouped.propertyNames().forEach(name -> flat.remove(fields.get(name)));
                    flat.set(group, grouped);
                });
            }
        }
    }

    public static void writeJson(Path file, Object value) {
        writeAtomically(file, JSON.writeValueAsString(value));
    }

    public static void writeAtomically(Path file, String content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            Files.writeString(partial, content);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Points {@code <output>/latest} at {@code runFolder} (relative, replaced atomically); a file system without links only loses the link. */
    public static void linkLatest(Path output, Path runFolder) {
        try {
            Path latest = output.resolve("latest");
            Path partial = output.resolve("latest.partial");
            Files.deleteIfExists(partial);
            Files.createSymbolicLink(partial, runFolder.getFileName());
            Files.move(partial, latest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UnsupportedOperationException e) {
            System.err.println("could not update the latest link: " + e.getMessage());
        }
    }
}
