package org.lmsharness.chaos.run;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.lmsharness.chaos.audit.SpofAudit;
import org.lmsharness.chaos.report.ChaosReport;
import org.lmsharness.reports.run.JunitSuite;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * An experiment run's files: {@code results.json} (every experiment, machine-readable),
 * {@code junit.xml} (one test case per experiment, so CI shows each; a broken hypothesis is a
 * failure, an experiment that could not be run an error) and {@code report.html} ({@link ChaosReport}). Each is written to a temporary file and
 * moved into place, so a reader never sees half of one.
 */
public final class ResultFiles {

    public static final String RESULTS_JSON = "results.json";
    public static final String JUNIT_XML = "junit.xml";
    public static final String REPORT_HTML = "report.html";

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ResultFiles() {}

    public static void write(Path folder, String suite, List<ExperimentResult> results) {
        write(folder, suite, results, List.of());
    }

    /** The files, with the audit table in the report when there is one. */
    public static void write(Path folder, String suite, List<ExperimentResult> results, List<SpofAudit.Row> audit) {
        try {
            Files.createDirectories(folder);
            atomically(folder.resolve(RESULTS_JSON), out -> JSON.writeValue(out, results));
            atomically(folder.resolve(JUNIT_XML), out -> out.write(junit(suite, results).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            String html = ChaosReport.render(suite + " — " + folder.getFileName(), results, audit);
            atomically(folder.resolve(REPORT_HTML), out -> out.write(html.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A text file (a table), written whole or not at all. */
    public static void writeText(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            atomically(file, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<ExperimentResult> read(Path folder) {
        return List.of(JSON.readValue(folder.resolve(RESULTS_JSON).toFile(), ExperimentResult[].class));
    }

    private interface Writing {
        void to(OutputStream out) throws Exception;
    }

    private static void atomically(Path file, Writing writing) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (OutputStream out = Files.newOutputStream(partial)) {
            writing.to(out);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String junit(String suite, List<ExperimentResult> results) {
        return new JunitSuite(suite, suite, null, results.stream().map(result -> {
            Double seconds = result.faultEnd() > 0 && result.journal().size() > 1
                    ? (result.journal().get(result.journal().size() - 1).at() - result.journal().get(0).at()) / 1000.0 : null;
            StringBuilder text = new StringBuilder(result.title()).append('\n');
            if (result.probes() != null) result.probes().forEach(p -> text.append(p.held() ? "held   " : "BROKEN ").append(p.name()).append(": ")
                    .append(p.measured()).append(" (allowed ").append(p.tolerance()).append(")\n"));
            result.journal().forEach(entry -> text.append(entry.instant()).append(' ').append(entry.event()).append('\n'));
            if (result.error() != null) return new JunitSuite.Case(result.name(), JunitSuite.Outcome.ERROR, result.error(), null, seconds, text.toString());
            if (!result.passed()) return new JunitSuite.Case(result.name(), JunitSuite.Outcome.FAILED, result.summary(), null, seconds, text.toString());
            return new JunitSuite.Case(result.name(), JunitSuite.Outcome.PASSED, null, null, seconds, text.toString());
        }).toList()).xml();
    }
}
