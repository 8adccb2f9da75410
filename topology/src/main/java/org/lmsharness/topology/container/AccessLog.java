package org.lmsharness.topology.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import org.testcontainers.containers.output.OutputFrame;

/** Copies a container's standard output into a file, as the local back end's edge writes it, for the capacity search to read. */
final class AccessLog implements Consumer<OutputFrame> {

    private final Writer out;

    AccessLog(Path file) {
        try {
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void accept(OutputFrame frame) {
        try {
            if (frame.getType() == OutputFrame.OutputType.END) {
                out.close();
            } else if (frame.getType() == OutputFrame.OutputType.STDOUT) {
                out.write(frame.getUtf8String());
                out.flush();
            }
        } catch (IOException e) {
            // the run folder is gone (teardown): nothing left to record
        }
    }
}
