package org.lmsharness.topology.preset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.Test;

class PresetsTests {

    static final java.util.List<String> BUNDLED = Presets.BUNDLED;

    @ParameterizedTest
    @FieldSource("BUNDLED")
    void everyBundledPresetLoads(String name) {
        Preset preset = Presets.load(name);

        assertThat(preset.name()).isEqualTo(name);
        assertThat(preset.description()).isNotBlank();
    }

    @Test
    void multiAzSpreadsReplicasOverThreeZonesWithASynchronousStandby() {
        Preset preset = Presets.load("multi-az");

        assertThat(preset.zoneOfReplica(0)).isEqualTo("zone-a");
        assertThat(preset.zoneOfReplica(2)).isEqualTo("zone-c");
        assertThat(preset.database().hasStandby()).isTrue();
        assertThat(preset.database().standbyZone()).isNotEqualTo(preset.database().primaryZone());
        assertThat(preset.database().synchronous()).isTrue();
        assertThat(preset.database().backupsKept()).isEqualTo(3);
        assertThat(List.of(preset.edgeId(0), preset.edgeId(1))).containsExactly("edge-1", "edge-2");
        assertThat(List.of(preset.zoneOfEdge(0), preset.zoneOfEdge(1))).containsExactly("zone-a", "zone-b");
    }

    @Test
    void oneEdgeIsRegional() {
        Preset preset = Presets.load("redundant-web");

        assertThat(preset.edge().count()).isEqualTo(1);
        assertThat(preset.edgeId(0)).isEqualTo("edge");
        assertThat(preset.zoneOfEdge(0)).isEqualTo("regional");
    }

    private static final String VALID = """
            name: custom
            description: test
            zones: [zone-a, zone-b]
            replicas:
              count: 2
              cpus: 0.25
              memory-mb: 512
              jvm-options: -Xmx256m
            database:
              primary-zone: zone-a
              standby-zone: zone-b
              synchronous: true
            edge:
              enabled: true
              balance: roundrobin
              check-interval-millis: 500
              rate-limit-per-second: 0
            dataset: XS
            """;

    @Test
    void aValidCustomPresetLoads() {
        Preset preset = Presets.parse("custom", VALID.getBytes(StandardCharsets.UTF_8));

        assertThat(preset.replicas().cpus()).isEqualTo(0.25);
        assertThat(preset.edge().balance()).isEqualTo("roundrobin");
        assertThat(preset.database().hasBackups()).as("backups-kept left out: none").isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown key         | 'memory-mb: 512'                | 'memory-mb: 512\\n  memroy: 1'          | preset custom: replicas.memroy is not a known key (known keys: count, cpus, jvm-options, memory-mb)
            zero replicas       | 'count: 2'                      | 'count: 0'                              | preset custom: replicas.count must be at least 1, got 0
            zone with no replica| 'zones: [zone-a, zone-b]'       | 'zones: [zone-a, zone-b, zone-c]'       | preset custom: zones lists zone-c but it would get no replica (3 zones, 2 replicas)
            quota over the host | 'cpus: 0.25'                    | 'cpus: 64'                              | preset custom: replicas.cpus × count asks for 128.0 cores; this host has
            wrong type          | 'cpus: 0.25'                    | 'cpus: lots'                            | preset custom: replicas.cpus cannot be read
            unknown balance     | 'balance: roundrobin'           | 'balance: random'                       | preset custom: edge.balance must be one of [leastconn, roundrobin], got random
            slow health checks  | 'check-interval-millis: 500'    | 'check-interval-millis: 2000'           | preset custom: edge.check-interval-millis must be within 100..500, got 2000
            unknown dataset     | 'dataset: XS'                   | 'dataset: XXL'                          | preset custom: dataset must be one of [XS, S, M, L, XL], got XXL
            more edges than zones| 'rate-limit-per-second: 0'     | 'rate-limit-per-second: 0\n  count: 3' | preset custom: edge.count must be within 1..zones (2), got 3
            sync without standby| '  standby-zone: zone-b\\n'     | ''                                      | preset custom: database.synchronous needs a database.standby-zone
            negative backups    | 'synchronous: true'             | 'synchronous: true\\n  backups-kept: -1'  | preset custom: database.backups-kept must be 0 (no backups) to 100
            """)
    void anInvalidPresetFailsWithOneLineNamingTheKey(String name, String from, String to, String message) {
        String yaml = VALID.replace(from.replace("\\n", "\n"), to.replace("\\n", "\n"));

        assertThatThrownBy(() -> Presets.parse("custom", yaml.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidPreset.class)
                .hasMessageStartingWith(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void anUnknownPresetNameSaysWhatExists() {
        assertThatThrownBy(() -> Presets.load("five-nines"))
                .hasMessage("preset five-nines:  is neither a bundled preset [single-box, tiers, redundant-web, multi-az, dns-round-robin, capacity] nor a readable file");
    }
}
