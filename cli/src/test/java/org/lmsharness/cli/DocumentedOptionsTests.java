package org.lmsharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The option tables in docs/ are the command line's own model, so they cannot drift: each sits between
 * {@code <!-- options: <command> -->} and {@code <!-- /options -->} and must equal the table generated
 * here. {@code ./mvnw -pl cli test -Dtest=DocumentedOptionsTests -Ddocs.write=true} writes them.
 */
class DocumentedOptionsTests {

    private static final Path DOCS = Path.of("..", "docs");

    @ParameterizedTest(name = "{0} in docs/{1}")
    @CsvSource({"capacity, capacity.md", "gate, gate.md", "chaos, chaos.md", "topology, topology.md", "simulate, simulations.md", "replay, autoscale.md", "autoscale, autoscale.md"})
    void optionTableIsTheCommandLinesOwn(String command, String doc) throws IOException {
        Path file = DOCS.resolve(doc);
        String text = Files.readString(file);
        Matcher block = Pattern.compile("(<!-- options: " + command + " -->\n)(.*?)(<!-- /options -->)", Pattern.DOTALL).matcher(text);
        assertThat(block.find()).as(file + " holds <!-- options: " + command + " --> … <!-- /options -->").isTrue();
        String table = table(LmsHarness.commandLine().getSubcommands().get(command));
        if (Boolean.getBoolean("docs.write")) {
            Files.writeString(file, text.substring(0, block.start(2)) + table + text.substring(block.end(2)));
            return;
        }
        assertThat(block.group(2)).as(file + ": the option table of '" + command + "' (-Ddocs.write=true writes it)").isEqualTo(table);
    }

    /** option | default | what it does, from each option's names, default value and description. */
    static String table(CommandLine command) {
        StringBuilder table = new StringBuilder("| option | default | what it does |\n| --- | --- | --- |\n");
        for (OptionSpec option : command.getCommandSpec().options()) {
            if (option.usageHelp() || option.versionHelp()) continue;
            String description = String.join(" ", option.description()).replaceAll("\\s*\\(default: [^)]*\\)\\.?$", "").replace("|", "\\|");
            String defaultValue = option.defaultValue() == null ? "—" : "`" + option.defaultValue() + "`";
            String fromDescription = String.join(" ", option.description()).replaceAll(".*\\(default: ([^)]*)\\)\\.?$", "$1");
            if (option.defaultValue() == null && !fromDescription.equals(String.join(" ", option.description()))) defaultValue = fromDescription;
            String names = String.join(", ", java.util.Arrays.stream(option.names()).map(name -> "`" + name + "`").toList());
            String label = option.arity().max() > 0 ? " " + option.paramLabel().replace("|", "\\|") : "";
            table.append("| ").append(names).append(label).append(" | ").append(defaultValue.replace("|", "\\|"))
                    .append(" | ").append(description.endsWith(".") ? description.substring(0, description.length() - 1) : description).append(" |\n");
        }
        return table.toString();
    }
}
