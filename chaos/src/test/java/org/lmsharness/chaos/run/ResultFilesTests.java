package org.lmsharness.chaos.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmsharness.chaos.ledger.LedgerCheck;
import org.w3c.dom.Document;

class ResultFilesTests {

    private static ExperimentResult result(String name, boolean passed, String error) {
        Timeline.Phase phase = new Timeline.Phase(100, 0, 0, 20, 300, 400, Map.of());
        return new ExperimentResult(name, name + " & <friends>", "multi-az", "containers", 5, List.of("kill -9 replica-1"),
                List.of(new ExperimentResult.Probe("acknowledged writes lost", "0", passed ? "0 of 40" : "2 of 40", passed)), passed,
                1_000, 11_000, 150L, error == null ? new Timeline(phase, phase, phase, List.of(), 0, 0L, 0L, 1000) : null,
                error == null ? new LedgerCheck(40, passed ? 40 : 38, passed ? 0 : 2, 0, 0, Map.of("progress", new long[] {40, 40}), List.of()) : null,
                List.of(new Journal.Entry(1_000, "injected"), new Journal.Entry(12_000, "load ended")), error);
    }

    @Test
    void junitXmlHasATestCasePerExperimentWithFailuresAndErrors(@TempDir Path folder) throws Exception {
        ResultFiles.write(folder, "chaos-multi-az", List.of(result("replica-crash", true, null), result("zone-outage", false, null),
                result("edge-loss", false, "Gatling did not start within 60 s")));

        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(folder.resolve(ResultFiles.JUNIT_XML).toFile());
        var suite = xml.getDocumentElement();
        assertThat(suite.getAttribute("tests")).isEqualTo("3");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        assertThat(suite.getAttribute("errors")).isEqualTo("1");
        assertThat(xml.getElementsByTagName("failure").item(0).getAttributes().getNamedItem("message").getNodeValue())
                .contains("zone-outage: FAILED acknowledged writes lost 2 of 40");
        assertThat(xml.getElementsByTagName("system-out").item(0).getTextContent()).contains("& <friends>").contains("injected");
        assertThat(Files.list(folder)).noneMatch(file -> file.toString().endsWith(".partial"));
    }

    @Test
    void resultsJsonReadsBackWhole(@TempDir Path folder) {
        ResultFiles.write(folder, "chaos-multi-az", List.of(result("replica-crash", true, null)));

        List<ExperimentResult> read = ResultFiles.read(folder);
        assertThat(read).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("replica-crash");
            assertThat(r.ledger().byKind().get("progress")).containsExactly(40, 40);
            assertThat(r.timeline().before().p99Millis()).isEqualTo(300);
        });
    }
}
