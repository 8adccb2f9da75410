package org.lmsharness.lms.dataset;

import java.nio.file.Path;
import java.util.Optional;
import org.lmsharness.lms.LmsApplication;
import org.lmsharness.lms.platform.InvalidSetting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code lms.dataset.size=XS|S|M|L|XL} generates that dataset before the replica reports ready
 * (once: a database that already holds it is left alone); {@code lms.dataset.export-dir} writes the
 * feeder CSVs there. With the {@code generate-dataset} command the app does this and exits.
 */
@Component
class DatasetStartup implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DatasetStartup.class);

    private final DatasetGenerator generator;
    private final DatasetExport export;
    private final String size;
    private final String exportDir;
    private final String password;
    private final boolean command;

    DatasetStartup(JdbcClient db, JdbcTemplate jdbc, TransactionTemplate transaction, PasswordEncoder passwords,
                   @Value("${lms.dataset.size:}") String size,
                   @Value("${lms.dataset.export-dir:}") String exportDir,
                   @Value("${lms.dataset.password:lms-load-test}") String password,
                   @Value("${lms.command:}") String command) {
        this.generator = new DatasetGenerator(db, transaction, passwords);
        this.export = new DatasetExport(jdbc, transaction);
        this.size = size;
        this.exportDir = exportDir;
        this.password = password;
        this.command = LmsApplication.GENERATE_DATASET.equals(command);
        if (!size.isBlank()) DatasetSize.parse(size);
        if (this.command && size.isBlank()) throw new InvalidSetting("lms.dataset.size", "", "one of XS, S, M, L, XL for generate-dataset");
        if (password.length() < 8) throw new InvalidSetting("lms.dataset.password", "(" + password.length() + " characters)", "at least 8 characters");
    }

    @Override
    public void run(ApplicationArguments arguments) throws Exception {
        if (!size.isBlank()) {
            DatasetSize wanted = DatasetSize.parse(size);
            Optional<DatasetSize> present = generator.generated();
            if (present.isEmpty()) {
                generator.generate(wanted, password);
            } else if (present.get() == wanted) {
                log.info("dataset {} is already in the database", wanted);
            } else {
                throw new InvalidSetting("lms.dataset.size", size, present.get() + ", the dataset this database already holds (use an empty database for another size)");
            }
        }
        if (!exportDir.isBlank()) {
            export.export(Path.of(exportDir), password);
            System.out.println("dataset feeders written to " + Path.of(exportDir).toAbsolutePath() + " (users.csv, courses.csv, enrollments.csv)");
        }
    }
}
