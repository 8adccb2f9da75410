package org.lmsharness.gate.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmsharness.gate.GateResult;
import org.lmsharness.gate.GateSettings;
import org.lmsharness.gate.compare.Metric;
import org.lmsharness.gate.duet.Round;
import org.lmsharness.gate.duet.Side;
import org.lmsharness.gate.duet.SideFigures;
import org.lmsharness.gate.stats.Ratio;
import org.lmsharness.gate.stats.Verdict;
import org.lmsharness.reports.run.RunFiles;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXParseException;

class GateFilesTests {

    private static GateResult result() {
        Map<String, String> conditions = new LinkedHashMap<>();
        conditions.put("backend", "local");
        conditions.put("quota", "0.5 cores per replica");
        List<Metric> metrics = List.of(
                new Metric("cpu per journey", "ms", 47, 52, new Ratio(1.106, 1.08, 1.13, 0.961, 10), 0.05, Verdict.REGRESSION, true, "+10.6 % [+8.0 %, +13.0 %]"),
                new Metric("p95", "ms", 300, 301, new Ratio(1.003, 0.95, 1.06, 0.961, 10), 0.10, Verdict.PASS, true, "+0.3 %"),
                new Metric("p95 <log in> & \"more\"", "ms", 400, 420, new Ratio(1.05, 0.9, Double.POSITIVE_INFINITY, 0, 3), 0.10, Verdict.UNKNOWN, false, "spans"),
                new Metric("errors", "%", 0, 0, null, 0, Verdict.PASS, true, "0.00 %"));
        SideFigures side = new SideFigures(85, 400, 0, 47, 1, 12, 150, 300, Map.of());
        List<Round> rounds = List.of(new Round(1, 0.5, 5, Map.of(Side.BASELINE, side, Side.CANDIDATE, side), 0.05, 0.3, null));
        return new GateResult(conditions, GateSettings.DEFAULTS, rounds, metrics, Verdict.REGRESSION, "REGRESSION: cpu per journey", 431);
    }

    @Test
    void junitHasOneCaseAMetricARegressionFailsItsCaseAndAnUnknownIsSkipped() throws Exception {
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(GateFiles.junit(result()).getBytes(StandardCharsets.UTF_8)));
        Element suite = xml.getDocumentElement();
        assertThat(suite.getAttribute("tests")).isEqualTo("4");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        assertThat(suite.getAttribute("skipped")).isEqualTo("1");
        assertThat(xml.getElementsByTagName("testcase").getLength()).isEqualTo(4);
        Element failed = (Element) xml.getElementsByTagName("failure").item(0);
        assertThat(((Element) failed.getParentNode()).getAttribute("name")).isEqualTo("cpu per journey");
        Element skipped = (Element) xml.getElementsByTagName("skipped").item(0);
        assertThat(((Element) skipped.getParentNode()).getAttribute("name")).isEqualTo("p95 <log in> & \"more\""); // escaped, read back whole
    }

    /** The JUnit XML as CI services read it (src/test/resources/…/junit.xsd); a report that breaks it is refused, so the check bites. */
    @Test
    void junitIsValidAgainstTheJunitSchema() throws Exception {
        Validator validator = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(GateFilesTests.class.getResource("junit.xsd")).newValidator();
        String junit = GateFiles.junit(result());
        validator.validate(new StreamSource(new StringReader(junit)));
        for (String broken : List.of(junit.replace("tests=\"4\"", "tests=\"four\""), junit.replace("classname=\"gate\" ", ""),
                junit.replace("<skipped ", "<failure/><skipped "))) {
            assertThatThrownBy(() -> validator.validate(new StreamSource(new StringReader(broken)))).isInstanceOf(SAXParseException.class);
        }
    }

    @Test
    void markdownLeadsWithTheVerdictAndHasARowAMetric() {
        String markdown = GateFiles.markdown(result());
        assertThat(markdown).startsWith("### Release gate: **REGRESSION**");
        assertThat(markdown).contains("| cpu per journey | 47 ms | 52 ms | +10.6 % (+8.0 % to +13.0 %) | +5 % | **regression** |");
        assertThat(markdown).contains("(unbounded)").contains("| errors |");
        assertThat(markdown.lines().filter(line -> line.startsWith("| ")).count()).isEqualTo(5); // header and four metrics
    }

    @Test
    void everyFileIsWrittenAndTheJsonReadsBack(@TempDir Path folder) throws Exception {
        GateFiles.write(folder, result());
        assertThat(folder.resolve(GateFiles.JSON)).isRegularFile();
        assertThat(folder.resolve(GateFiles.JUNIT)).isRegularFile();
        assertThat(folder.resolve(GateFiles.MARKDOWN)).isRegularFile();
        assertThat(Files.readString(folder.resolve(GateFiles.HTML))).contains("REGRESSION: cpu per journey").contains("<td class=\"\">cpu per journey</td>")
                .contains("\"work\" : 46.0").contains("p95 &lt;log in&gt; &amp; &quot;more&quot;");
        var json = RunFiles.JSON.readTree(folder.resolve(GateFiles.JSON).toFile());
        assertThat(json.path("verdict").asString()).isEqualTo("REGRESSION");
        assertThat(json.path("metrics")).hasSize(4);
        assertThat(json.path("metrics").get(0).path("ratio").path("low").asDouble()).isEqualTo(1.08);
        try (var files = Files.list(folder)) {
            assertThat(files.map(path -> path.getFileName().toString())).noneMatch(name -> name.endsWith(".partial"));
        }
    }
}
