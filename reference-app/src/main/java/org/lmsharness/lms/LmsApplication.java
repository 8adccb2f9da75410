package org.lmsharness.lms;

import java.util.Arrays;
import java.util.Map;
import org.lmsharness.lms.platform.StartupFailure;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The reference LMS. {@code java -jar reference-app.jar [--key=value...]} serves the API;
 * {@code java -jar reference-app.jar generate-dataset --lms.dataset.size=M} fills the database and exits.
 * A start-up failure prints one line on stderr and exits with status 1, never a stack trace.
 */
@SpringBootApplication
public class LmsApplication {

    public static final String GENERATE_DATASET = "generate-dataset";

    public static void main(String[] args) {
        boolean command = Arrays.asList(args).contains(GENERATE_DATASET);
        String[] springArgs = Arrays.stream(args).filter(arg -> !arg.equals(GENERATE_DATASET)).toArray(String[]::new);
        SpringApplication application = new SpringApplication(command ? GenerateDatasetApplication.class : LmsApplication.class);
        if (command) {
            application.setWebApplicationType(WebApplicationType.NONE);
            application.setDefaultProperties(Map.of("lms.command", GENERATE_DATASET, "lms.jobs.worker-enabled", "false"));
        }
        ConfigurableApplicationContext context;
        try {
            context = application.run(springArgs);
        } catch (Throwable failure) {
            System.err.println("lms: " + StartupFailure.describe(failure));
            System.exit(1);
            return;
        }
        if (command) System.exit(SpringApplication.exit(context));
    }
}
