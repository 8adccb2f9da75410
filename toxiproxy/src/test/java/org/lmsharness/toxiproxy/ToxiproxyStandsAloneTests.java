package org.lmsharness.toxiproxy;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The fault proxy is a drop-in for Toxiproxy's server: it uses no other module of the harness. */
class ToxiproxyStandsAloneTests {

    @Test
    void usesNoOtherModuleOfTheHarness() {
        classes().that().resideInAPackage("org.lmsharness.toxiproxy..")
                .should().onlyDependOnClassesThat(resideOutsideOfPackage("org.lmsharness..").or(resideInAPackage("org.lmsharness.toxiproxy..")))
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.lmsharness"));
    }
}
