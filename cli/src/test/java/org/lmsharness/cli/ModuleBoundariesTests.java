package org.lmsharness.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Who may use whom across the harness's modules, checked on their classes (this module sees them
 * all). Data flows one way: topology boots; simulations speak HTTP; capacity and chaos boot with the
 * one and drive with the other, and record a run folder → reports; the command line sits on top
 * and nothing uses it.
 *
 * <pre>
 *   common ◀── topology ◀──────────── capacity ──▶ reports
 *     ▲           ▲   ▲                 │  ▲
 *     └── simulations ◀─────────────────┘  │
 *                 ▲   └─ dashboards        │
 *                 └── chaos ───────────────┘ (reports' files)        cli ──▶ all of them
 *   autoscale ──▶ reports, topology, simulations, capacity's CPU sampler (its policies stand alone; its replayer boots nothing;
 *                 its live loop does)
 * </pre>
 * The reference LMS (its own ArchitectureTests) and the fault proxy (ToxiproxyStandsAloneTests) know none of them.
 */
class ModuleBoundariesTests {

    private static final JavaClasses HARNESS = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.lmsharness");

    @Test
    void commonUsesNoOtherModule() {
        noClasses().that().resideInAPackage("org.lmsharness.common..")
                .should().dependOnClassesThat().resideInAnyPackage("org.lmsharness.topology..", "org.lmsharness.simulations..",
                        "org.lmsharness.reports..", "org.lmsharness.capacity..", "org.lmsharness.chaos..", "org.lmsharness.dashboards..",
                        "org.lmsharness.cli..")
                .because("every module may use common without depending on anything else").check(HARNESS);
    }

    @Test
    void reportsNeverBoots() {
        noClasses().that().resideInAPackage("org.lmsharness.reports..")
                .should().dependOnClassesThat().resideInAnyPackage("org.lmsharness.topology..", "org.lmsharness.simulations..",
                        "org.lmsharness.capacity..", "org.lmsharness.chaos..", "org.lmsharness.dashboards..", "org.lmsharness.cli..")
                .because("a report is a pure function of a saved run: it re-runs without booting anything").check(HARNESS);
    }

    @Test
    void topologyKnowsNothingThatDrivesIt() {
        noClasses().that().resideInAPackage("org.lmsharness.topology..")
                .should().dependOnClassesThat().resideInAnyPackage("org.lmsharness.simulations..", "org.lmsharness.reports..",
                        "org.lmsharness.capacity..", "org.lmsharness.chaos..", "org.lmsharness.dashboards..", "org.lmsharness.cli..")
                .because("the topology boots; what drives a deployment depends on it, not the other way").check(HARNESS);
    }

    @Test
    void theCapacitySearchAndTheChaosExperimentsAreApart() {
        noClasses().that().resideInAPackage("org.lmsharness.capacity..").should().dependOnClassesThat().resideInAPackage("org.lmsharness.chaos..")
                .check(HARNESS);
        noClasses().that().resideInAPackage("org.lmsharness.chaos..").should().dependOnClassesThat().resideInAPackage("org.lmsharness.capacity..")
                .check(HARNESS);
    }

    @Test
    void nothingUsesTheCommandLine() {
        noClasses().that().resideOutsideOfPackage("org.lmsharness.cli..").should().dependOnClassesThat().resideInAPackage("org.lmsharness.cli..")
                .because("the command line is the top: it parses options into the modules' typed settings").check(HARNESS);
    }

    @Test
    void scalingPoliciesStandAlone() {
        noClasses().that().resideInAPackage("org.lmsharness.autoscale.policy..")
                .should().dependOnClassesThat().resideInAnyPackage("org.lmsharness.topology..", "org.lmsharness.simulations..", "org.lmsharness.reports..",
                        "org.lmsharness.capacity..", "org.lmsharness.chaos..", "org.lmsharness.dashboards..", "org.lmsharness.cli..",
                        "org.lmsharness.autoscale.replay..")
                .because("a policy reads a fleet and its metrics, whoever provides them: the live deployment or the replayer's model").check(HARNESS);
    }

    @Test
    void theReplayerNeverBoots() {
        noClasses().that().resideInAPackage("org.lmsharness.autoscale.replay..")
                .should().dependOnClassesThat().resideInAnyPackage("org.lmsharness.topology..", "org.lmsharness.simulations..",
                        "org.lmsharness.capacity..", "org.lmsharness.chaos..", "org.lmsharness.dashboards..", "org.lmsharness.cli..")
                .because("a replay is a pure function of a saved capacity run, a load trace and a policy").check(HARNESS);
    }

    @Test
    void simulationsOnlySpeakHttp() {
        noClasses().that().resideInAPackage("org.lmsharness.simulations..")
                .should().dependOnClassesThat().resideInAnyPackage("org.lmsharness.topology..", "org.lmsharness.reports..",
                        "org.lmsharness.capacity..", "org.lmsharness.chaos..", "org.lmsharness.dashboards..", "org.lmsharness.cli..")
                .because("a simulation speaks HTTP to a target; booting one is the command line's (lms-harness simulate)").check(HARNESS);
    }
}
