package org.lmsharness.common;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Whether a program the harness starts (haproxy, strace…) is installed. */
public final class Executables {

    private Executables() {}

    public static boolean onPath(String binary) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, binary)));
    }
}
