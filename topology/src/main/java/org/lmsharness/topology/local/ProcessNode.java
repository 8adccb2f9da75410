package org.lmsharness.topology.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.lmsharness.topology.Node;

/** A node that is a local process tree (the process and everything it started). */
class ProcessNode implements Node {

    private final String id;
    /** A standby's changes once a failover promoted it. */
    private volatile Kind kind;
    private final String zone;
    private final Process process;
    private final Path log;

    ProcessNode(String id, Kind kind, String zone, Process process, Path log) {
        this.id = id;
        this.kind = kind;
        this.zone = zone;
        this.process = process;
        this.log = log;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Kind kind() {
        return kind;
    }

    /** The standby a failover promoted: the primary from now on. */
    void promoted() {
        kind = Kind.DB_PRIMARY;
    }

    @Override
    public String zone() {
        return zone;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    Process process() {
        return process;
    }

    @Override
    public void stop() {
        if (!process.isAlive()) return;
        resume();
        // PostgreSQL stops in its fast mode (SIGINT, what pg_ctl stop does by default): its SIGTERM is the
        // smart mode, which waits for every client to disconnect, up to the 40 s below for a client left open.
        if (kind == Kind.DB_PRIMARY || kind == Kind.DB_STANDBY) signal("INT", List.of(process.toHandle()));
        else process.destroy();
        try {
            if (!process.waitFor(40, TimeUnit.SECONDS)) kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    /** SIGKILL to every process of the tree at once, children first found: PostgreSQL's children have their own process groups. */
    @Override
    public void kill() {
        List<ProcessHandle> tree = tree().toList();
        signal("KILL", tree);
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void freeze() {
        signal("STOP", tree().toList());
    }

    @Override
    public void resume() {
        signal("CONT", tree().toList());
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    private Stream<ProcessHandle> tree() {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants());
    }

    /** The JDK can send only TERM and KILL; STOP and CONT go through kill(1). */
    private static void signal(String signal, List<ProcessHandle> processes) {
        List<String> alive = processes.stream().filter(ProcessHandle::isAlive).map(p -> Long.toString(p.pid())).toList();
        if (alive.isEmpty()) return;
        try {
            Process kill = new ProcessBuilder(Stream.concat(Stream.of("kill", "-" + signal), alive.stream()).toList())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("cannot send SIG" + signal + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
