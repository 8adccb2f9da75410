package org.lmsharness.autoscale.loop;

/**
 * A sample taken at once, then once a second on a daemon thread of its own until closed: the edge's request counts, the
 * replicas' CPU.
 */
final class EverySecond implements AutoCloseable {

    private final Thread thread;
    private volatile boolean running = true;

    EverySecond(String name, Runnable sample) {
        sample.run();
        thread = new Thread(() -> {
            while (running) {
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
                sample.run();
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
