package org.lmsharness.lms.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmsharness.lms.support.LmsProcess;

/** What a user typing the command sees: one line and a non-zero exit for bad input, files for the dataset command. */
class CommandLineIT {

    @Test
    void unknownDatasetSizeFailsWithOneLineAndNoStackTrace() throws Exception {
        try (LmsProcess lms = LmsProcess.start("--server.port=0", "--lms.dataset.size=XXL")) {
            int exit = lms.awaitExit(90);

            assertThat(exit).isEqualTo(1);
            assertThat(lms.stderr()).containsExactly("lms: lms.dataset.size must be one of [XS, S, M, L, XL], got 'XXL'");
            assertThat(String.join("\n", lms.stdout())).doesNotContain("\tat ", "Exception");
        }
    }

    @Test
    void malformedDatabaseUrlFailsWithOneLine() throws Exception {
        try (LmsProcess lms = LmsProcess.start("--server.port=0", "--lms.database-url=mysql://u:secret@db/lms")) {
            int exit = lms.awaitExit(90);

            assertThat(exit).isEqualTo(1);
            assertThat(lms.stderr()).hasSize(1);
            assertThat(lms.stderr().get(0)).startsWith("lms: DATABASE_URL must be postgres://").doesNotContain("secret");
        }
    }

    @Test
    void generateDatasetCommandWritesTheFeedersAndExits(@TempDir Path dir) throws Exception {
        try (LmsProcess lms = LmsProcess.start("generate-dataset", "--lms.dataset.size=XS", "--lms.dataset.export-dir=" + dir)) {
            int exit = lms.awaitExit(120);

            assertThat(exit).as("stderr: %s", lms.stderr()).isZero();
            assertThat(Files.readAllLines(dir.resolve("users.csv"))).hasSize(107);
            assertThat(Files.readAllLines(dir.resolve("enrollments.csv"))).hasSize(201);
            assertThat(lms.stdout()).anyMatch(line -> line.startsWith("dataset feeders written to "));
        }
    }
}
