package org.lmsharness.lms;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The feature packages stay a graph without cycles, and the app knows nothing of the harness. */
class ArchitectureTests {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.lmsharness.lms");

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("org.lmsharness.lms.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void featuresDoNotUseEachOthersControllers() {
        for (String feature : new String[] {"iam", "catalog", "enrollment", "assessment", "payment", "review", "jobs", "webhook", "dataset", "platform"}) {
            String home = "org.lmsharness.lms." + feature + "..";
            noClasses().that().resideOutsideOfPackage(home)
                    .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage(home)
                            .and(JavaClass.Predicates.simpleNameEndingWith("Controller")))
                    .because("features talk through their services, not through each other's HTTP layer")
                    .allowEmptyShould(true)
                    .check(classes);
        }
    }

    @Test
    void appDependsOnNoHarnessModule() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "org.lmsharness.topology..", "org.lmsharness.simulations..", "org.lmsharness.chaos..", "org.lmsharness.reports..",
                        "org.lmsharness.capacity..", "org.lmsharness.dashboards..", "org.lmsharness.cli..", "org.lmsharness.common..",
                        "org.lmsharness.toxiproxy..", "org.lmsharness.maven..")
                .check(classes);
    }
}
