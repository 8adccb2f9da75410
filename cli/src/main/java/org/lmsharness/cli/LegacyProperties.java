package org.lmsharness.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * The first release's spelling, {@code -Dname=value}, kept for one release: each maps to the option of
 * that name ({@code -DpeakRps=500} → {@code --peak-rps=500}), the LMS simulation's parameters to
 * {@code -P}, and {@code chaos -Dreport=DIR} to {@code report DIR}. One that maps to nothing is
 * refused with the nearest name, never ignored.
 */
final class LegacyProperties {

    private static final Pattern PROPERTY = Pattern.compile("-D([^=]+)=(.*)", Pattern.DOTALL);
    /** Properties whose option is not their name in kebab case. */
    private static final Map<String, String> RENAMED = Map.of(
            "growth", "--growth-percent-per-minute",
            "lms.topology.faultProxy", "--fault-proxy",
            "lms.topology.keep-run", "--keep-run-folder",
            "toxiproxy.url", "--toxiproxy-url",
            "lms.images.jre", "--image-jre",
            "lms.images.postgres", "--image-postgres",
            "lms.images.haproxy", "--image-haproxy",
            "lms.images.toxiproxy", "--image-toxiproxy");

    private LegacyProperties() {}

    static String[] translate(CommandLine root, String[] args) {
        if (args.length == 0 || !root.getSubcommands().containsKey(args[0])) return args;
        CommandLine command = root.getSubcommands().get(args[0]);
        CommandSpec spec = command.getCommandSpec();
        List<String> translated = new ArrayList<>(List.of(args[0]));
        for (int i = 1; i < args.length; i++) {
            Matcher property = PROPERTY.matcher(args[i]);
            if (!property.matches()) {
                translated.add(args[i]);
                continue;
            }
            String name = property.group(1).trim();
            String value = property.group(2);
            if (args[0].equals("chaos") && name.equals("report")) return new String[] {"report", value};
            String option = RENAMED.getOrDefault(name, "--" + kebab(name));
            if (spec.findOption(option) != null) {
                translated.add(option + "=" + value);
            } else if (spec.findOption("-P") != null && SimulationOptions.LMS_PARAMETERS.contains(name)) {
                translated.add("-P");
                translated.add(name + "=" + value);
            } else {
                List<String> options = spec.options().stream().map(OptionSpec::longestName).filter(longest -> longest.startsWith("--")).toList();
                throw new ParameterException(command, "unknown property -D" + name + Suggestions.nearest(option, options)
                        .map(near -> "; did you mean " + near + "?").orElse(""));
            }
        }
        return translated.toArray(String[]::new);
    }

    /** {@code slo.errorPercent} → {@code slo-error-percent}. */
    static String kebab(String name) {
        return name.replace('.', '-').replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
