package org.lmsharness.gate.report;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.lmsharness.common.Figures;
import org.lmsharness.gate.GateResult;
import org.lmsharness.gate.compare.Metric;
import org.lmsharness.gate.stats.Verdict;
import org.lmsharness.reports.run.RunFiles;

/**
 * A gate run's files, each written whole or not at all: {@code gate.json} (everything, for tools),
 * {@code junit.xml} (one test case per metric, which every CI shows: a regression fails its case, an
 * unknown is skipped with the reason), and {@code summary.md} (a table fit for a pull-request comment
 * or a CI job summary).
 */
public final class GateFiles {

    public static final String JSON = "gate.json";
    public static final String JUNIT = "junit.xml";
    public static final String MARKDOWN = "summary.md";

    private GateFiles() {}

    public static void write(Path folder, GateResult result) {
        RunFiles.writeJson(folder.resolve(JSON), result);
        RunFiles.writeAtomically(folder.resolve(JUNIT), junit(result));
        RunFiles.writeAtomically(folder.resolve(MARKDOWN), markdown(result));
    }

    static String junit(GateResult result) {
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", "release gate");
            xml.writeAttribute("tests", Integer.toString(result.metrics().size()));
            xml.writeAttribute("failures", Long.toString(count(result.metrics(), Verdict.REGRESSION)));
            xml.writeAttribute("skipped", Long.toString(count(result.metrics(), Verdict.UNKNOWN)));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("time", String.format(Locale.ROOT, "%.1f", result.seconds()));
            for (Metric metric : result.metrics()) {
                xml.writeCharacters("\n  ");
                xml.writeStartElement("testcase");
                xml.writeAttribute("classname", "gate");
                xml.writeAttribute("name", metric.name());
                String message = metric.name() + ": " + metric.reason();
                if (metric.verdict() == Verdict.REGRESSION) {
                    xml.writeStartElement("failure");
                    xml.writeAttribute("message", message);
                    xml.writeAttribute("type", "regression");
                    xml.writeCharacters(message);
                    xml.writeEndElement();
                } else if (metric.verdict() == Verdict.UNKNOWN) {
                    xml.writeEmptyElement("skipped");
                    xml.writeAttribute("message", "unknown: " + message);
                } else {
                    xml.writeStartElement("system-out");
                    xml.writeCharacters(message);
                    xml.writeEndElement();
                }
                xml.writeEndElement();
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the gate's JUnit XML", e);
        }
        return text + "\n";
    }

    static String markdown(GateResult result) {
        StringBuilder md = new StringBuilder();
        md.append("### Release gate: **").append(result.verdict()).append("**\n\n");
        md.append(result.summary()).append("\n\n");
        md.append("| metric | baseline | candidate | change (interval) | allowed | verdict |\n");
        md.append("|---|---:|---:|---|---:|---|\n");
        for (Metric metric : result.metrics()) {
            String change = metric.ratio() == null ? "" : metric.ratio().bounded()
                    ? String.format(Locale.ROOT, "%s (%s to %s)", change(metric.ratio().estimate()), change(metric.ratio().low()), change(metric.ratio().high()))
                    : change(metric.ratio().estimate()) + " (unbounded)";
            md.append(String.format(Locale.ROOT, "| %s | %s %s | %s %s | %s | %s | %s |%n", metric.name(), Figures.of(metric.baseline()), metric.unit(),
                    Figures.of(metric.candidate()), metric.unit(), change, metric.ratio() == null ? "SLO" : "+" + Math.round(100 * metric.allowed()) + " %",
                    metric.verdict() == Verdict.PASS ? "pass" : metric.verdict() == Verdict.REGRESSION ? "**regression**" : "unknown"));
        }
        md.append("\n").append(result.rounds().size()).append(" rounds, both sides at the same instants; conditions: ");
        md.append(String.join(", ", result.conditions().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()));
        md.append(String.format(Locale.ROOT, "; %.0f s in all.%n", result.seconds()));
        return md.toString();
    }

    private static String change(double ratio) {
        return String.format(Locale.ROOT, "%+.1f %%", 100 * (ratio - 1));
    }

    private static long count(List<Metric> metrics, Verdict verdict) {
        return metrics.stream().filter(metric -> metric.verdict() == verdict).count();
    }
}
