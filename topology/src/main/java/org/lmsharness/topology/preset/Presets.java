package org.lmsharness.topology.preset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads presets: a bundled name ({@code multi-az}) or a path to a user's own YAML file. Every
 * problem is reported as one {@link InvalidPreset} line that names the key.
 */
public final class Presets {

    /** The presets shipped in {@code src/main/resources/presets}. */
    public static final List<String> BUNDLED = List.of("single-box", "tiers", "redundant-web", "multi-az", "dns-round-robin", "capacity");

    private static final Set<String> SIZES = Set.of("XS", "S", "M", "L", "XL");
    private static final Set<String> BALANCES = Set.of("roundrobin", "leastconn");

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private Presets() {}

    /** A bundled preset by name, or a YAML file by path. */
    public static Preset load(String nameOrPath) {
        if (BUNDLED.contains(nameOrPath)) {
            try (InputStream in = Presets.class.getResourceAsStream("/presets/" + nameOrPath + ".yaml")) {
                return parse(nameOrPath, in.readAllBytes());
            } catch (IOException e) {
                throw new IllegalStateException("bundled preset " + nameOrPath + " cannot be read", e);
            }
        }
        Path path = Path.of(nameOrPath);
        if (!Files.isRegularFile(path)) {
            throw new InvalidPreset(nameOrPath, "", "is neither a bundled preset " + BUNDLED + " nor a readable file");
        }
        try {
            return parse(path.getFileName().toString().replaceFirst("\\.ya?ml$", ""), Files.readAllBytes(path));
        } catch (IOException e) {
            throw new InvalidPreset(nameOrPath, "", "cannot be read: " + e.getMessage());
        }
    }

    static Preset parse(String source, byte[] yaml) {
        Preset preset;
        try {
            preset = YAML.readValue(yaml, Preset.class);
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : " (known keys: " + e.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ")";
            throw new InvalidPreset(source, path(e) , "is not a known key" + known);
        } catch (JacksonException e) {
            String key = path(e);
            throw new InvalidPreset(source, key.isEmpty() ? "(file)" : key, "cannot be read: " + e.getOriginalMessage().split("\n")[0]);
        }
        if (preset == null) throw new InvalidPreset(source, "(file)", "is empty");
        validate(source, preset, Runtime.getRuntime().availableProcessors());
        return preset;
    }

    /** Checks what the types cannot: counts, zones, and that the host can give the quotas. */
    static void validate(String source, Preset preset, int hostCores) {
        require(source, "name", preset.name() != null && !preset.name().isBlank(), "is required");
        require(source, "zones", preset.zones() != null && !preset.zones().isEmpty(), "must list at least one zone");
        require(source, "zones", new HashSet<>(preset.zones()).size() == preset.zones().size(), "must not repeat a zone, got " + preset.zones());
        Preset.Replicas replicas = preset.replicas();
        require(source, "replicas", replicas != null, "is required");
        require(source, "replicas.count", replicas.count() >= 1, "must be at least 1, got " + replicas.count());
        for (int z = replicas.count(); z < preset.zones().size(); z++) {
            throw new InvalidPreset(source, "zones", "lists " + preset.zones().get(z) + " but it would get no replica ("
                    + preset.zones().size() + " zones, " + replicas.count() + " replicas)");
        }
        require(source, "replicas.cpus", replicas.cpus() > 0, "must be above 0 cores, got " + replicas.cpus());
        require(source, "replicas.cpus", replicas.count() * replicas.cpus() <= hostCores,
                "× count asks for " + replicas.count() * replicas.cpus() + " cores; this host has " + hostCores);
        require(source, "replicas.memory-mb", replicas.memoryMb() >= 256, "must be at least 256 MiB, got " + replicas.memoryMb());
        Preset.Database database = preset.database();
        require(source, "database", database != null, "is required");
        require(source, "database.primary-zone", database.primaryZone() != null && !database.primaryZone().isBlank(), "is required");
        require(source, "database.synchronous", !database.synchronous() || database.hasStandby(), "needs a database.standby-zone");
        require(source, "database.backups-kept", database.backupsKept() >= 0 && database.backupsKept() <= 100, "must be 0 (no backups) to 100");
        Preset.Edge edge = preset.edge();
        require(source, "edge", edge != null, "is required (enabled: false for no load balancer)");
        if (edge.enabled()) {
            require(source, "edge.balance", edge.balance() != null && BALANCES.contains(edge.balance()),
                    "must be one of " + BALANCES.stream().sorted().toList() + ", got " + edge.balance());
            require(source, "edge.check-interval-millis", edge.checkIntervalMillis() >= 100 && edge.checkIntervalMillis() <= 500,
                    "must be within 100..500, got " + edge.checkIntervalMillis());
            require(source, "edge.rate-limit-per-second", edge.rateLimitPerSecond() >= 0, "must be 0 (off) or more, got " + edge.rateLimitPerSecond());
            require(source, "edge.count", edge.count() >= 1 && edge.count() <= preset.zones().size(),
                    "must be within 1..zones (" + preset.zones().size() + "), got " + edge.count());
            for (String origin : edge.corsOrigins()) {
                // An origin as browsers send it: scheme, host, optional port; no path, no wildcard (a '*' would trust every site).
                require(source, "edge.cors-origins", origin != null && origin.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?"),
                        "must each be an origin such as https://lms.example.com (no path, no wildcard), got " + origin);
            }
        }
        require(source, "dataset", preset.dataset() != null && SIZES.contains(preset.dataset().toUpperCase(Locale.ROOT)),
                "must be one of [XS, S, M, L, XL], got " + preset.dataset());
    }

    private static void require(String source, String key, boolean ok, String problem) {
        if (!ok) throw new InvalidPreset(source, key, problem);
    }

    private static String path(JacksonException e) {
        return e.getPath().stream()
                .map(reference -> reference.getPropertyName() != null ? reference.getPropertyName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}
