package org.lmsharness.reports.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Reads and writes a run folder's JSON; every write goes to a temporary file first, so no half-written file is left. */
public final class RunFiles {

    public static final String RUN_JSON = "run.json";

    public static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private RunFiles() {}

    /** Thrown with one line a person can act on. */
    public static final class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message);
        }
    }

    public static CapacityRun readRun(Path runFolder) {
        Path file = runFolder.resolve(RUN_JSON);
        if (!Files.isRegularFile(file)) throw new Unreadable(file + ": no such file (a run folder holds run.json)");
        try {
            return JSON.readValue(file.toFile(), CapacityRun.class);
        } catch (JacksonException e) {
            throw new Unreadable(file + ": not a capacity run: " + e.getOriginalMessage());
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
}
