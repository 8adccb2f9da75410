package org.lmsharness.maven;

import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * {@code lms-harness:chaos}: the chaos catalogue (or {@code audit}) on the LMS booted from a preset,
 * under load. A broken hypothesis fails the build. Every parameter is the command line's option of
 * the same name (docs/chaos.md has the table).
 */
@Mojo(name = "chaos", defaultPhase = LifecyclePhase.INTEGRATION_TEST, requiresDependencyResolution = ResolutionScope.TEST, threadSafe = true)
public class ChaosMojo extends HarnessMojo {

    @Parameter(property = "lms.preset")
    String preset;

    @Parameter(property = "lms.backend")
    String backend;

    /** Experiments of the catalogue; empty: all. */
    @Parameter(property = "lms.experiments")
    List<String> experiments = new ArrayList<>();

    /** Presets to audit instead of running the catalogue ({@code all} for the five). */
    @Parameter(property = "lms.audit")
    List<String> audit = new ArrayList<>();

    /** Journeys per second under every experiment. */
    @Parameter(property = "lms.rate")
    Double rate;

    @Override
    String command() {
        return "chaos";
    }

    @Override
    boolean bootsTheLms() {
        return true;
    }

    @Override
    void addOptions(List<String> args) {
        option(args, "--preset", preset);
        option(args, "--backend", backend);
        option(args, "--experiments", experiments);
        option(args, "--audit", audit);
        option(args, "--rate", rate);
    }
}
