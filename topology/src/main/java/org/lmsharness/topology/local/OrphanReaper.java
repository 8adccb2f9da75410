package org.lmsharness.topology.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Kills the processes of earlier runs whose owner is gone (a harness killed with -9 cannot clean
 * up): the local equivalent of removing containers by label. Each process of a run carries
 * {@code LMS_TOPOLOGY_OWNER=<pid of the harness>} in its environment.
 */
final class OrphanReaper {

    private OrphanReaper() {}

    static int reap() {
        int killed = 0;
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                Long owner = owner(process.resolve("environ"));
                if (owner == null || ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) continue;
                long pid = Long.parseLong(process.getFileName().toString());
                if (ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false)) killed++;
            }
        } catch (IOException e) {
            return killed; // no /proc: nothing to do
        }
        return killed;
    }

    /** The live processes of one run ({@code LMS_TOPOLOGY_RUN=<run>}), as "pid command". */
    static List<String> processesOf(String run) {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> run.equals(variable(p.resolve("environ"), LocalDeployment.RUN_VARIABLE)))
                    .map(p -> p.getFileName() + " " + ProcessHandle.of(Long.parseLong(p.getFileName().toString()))
                            .flatMap(handle -> handle.info().command()).orElse("?"))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Long owner(Path environ) {
        String owner = variable(environ, LocalDeployment.OWNER_VARIABLE);
        return owner != null && owner.matches("\\d+") ? Long.parseLong(owner) : null;
    }

    private static String variable(Path environ, String name) {
        try {
            String prefix = name + "=";
            for (String variable : new String(Files.readAllBytes(environ), StandardCharsets.UTF_8).split("\0")) {
                if (variable.startsWith(prefix)) return variable.substring(prefix.length());
            }
        } catch (IOException | SecurityException e) {
            // not ours, or gone
        }
        return null;
    }
}
