package org.lmsharness.topology.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private static Long owner(Path environ) {
        try {
            String prefix = LocalDeployment.OWNER_VARIABLE + "=";
            for (String variable : new String(Files.readAllBytes(environ), StandardCharsets.UTF_8).split("\0")) {
                if (variable.startsWith(prefix)) return Long.parseLong(variable.substring(prefix.length()));
            }
        } catch (IOException | NumberFormatException | SecurityException e) {
            // not ours, or gone
        }
        return null;
    }
}
