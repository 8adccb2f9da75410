package org.lmsharness.lms.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs jobs from {@link Jobs}: {@code threads} loops, each claiming a small batch, running each job
 * with its {@link JobHandler}, and sleeping {@code pollInterval} when the queue is empty. One loop
 * also returns abandoned jobs to the queue and purges old finished ones.
 */
public class JobWorker implements SmartLifecycle {

    /** Durations are wall-clock; {@code baseBackoff} doubles per attempt up to {@code maxBackoff}, ±20 % jitter. */
    public record Settings(int threads, int batchSize, Duration pollInterval, Duration baseBackoff, Duration maxBackoff,
                           Duration visibilityTimeout, Duration keepDone) {}

    private static final Logger log = LoggerFactory.getLogger(JobWorker.class);

    private final Jobs jobs;
    private final Map<String, JobHandler> handlers;
    private final Settings settings;
    private final String name;
    private final MeterRegistry metrics;
    private volatile ExecutorService loops;
    private volatile boolean running;

    public JobWorker(Jobs jobs, List<JobHandler> handlers, Settings settings, String name, MeterRegistry metrics) {
        this.jobs = jobs;
        this.handlers = handlers.stream().collect(Collectors.toMap(JobHandler::kind, Function.identity()));
        this.settings = settings;
        this.name = name;
        this.metrics = metrics;
    }

    @Override
    public synchronized void start() {
        if (running) return;
        running = true;
        loops = Executors.newFixedThreadPool(settings.threads(), runnable -> {
            Thread thread = new Thread(runnable, "jobs-" + name);
            thread.setDaemon(true);
            return thread;
        });
        for (int i = 0; i < settings.threads(); i++) {
            String worker = name + "#" + i;
            boolean housekeeper = i == 0;
            loops.submit(() -> loop(worker, housekeeper));
        }
        log.info("job worker {} started: {} threads, handlers {}", name, settings.threads(), handlers.keySet());
    }

    /** Lets running jobs finish (up to 10 s); unfinished ones are reclaimed after the visibility timeout. */
    @Override
    public synchronized void stop() {
        if (!running) return;
        running = false;
        loops.shutdown();
        try {
            if (!loops.awaitTermination(10, TimeUnit.SECONDS)) loops.shutdownNow();
        } catch (InterruptedException e) {
            loops.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void loop(String worker, boolean housekeeper) {
        long nextHousekeeping = 0;
        while (running) {
            try {
                if (housekeeper && System.nanoTime() - nextHousekeeping > 0) {
                    int reclaimed = jobs.reclaimAbandoned(settings.visibilityTimeout());
                    if (reclaimed > 0) log.warn("returned {} abandoned jobs to the queue", reclaimed);
                    jobs.purgeDone(settings.keepDone());
                    nextHousekeeping = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                }
                List<Jobs.Job> claimed = jobs.claim(worker, handlers.keySet(), settings.batchSize());
                for (Jobs.Job job : claimed) run(job);
                if (claimed.isEmpty()) Thread.sleep(settings.pollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The database is away (failover, partition): back off and keep the loop alive.
                log.warn("job loop {}: {}", worker, e.getMessage());
                sleepQuietly(Math.max(1000, settings.pollInterval().toMillis()));
            }
        }
    }

    private void run(Jobs.Job job) {
        JobHandler handler = handlers.get(job.kind());
        try {
            handler.handle(job.payload());
            jobs.complete(job.id());
            count(job.kind(), "success");
        } catch (Exception e) {
            String error = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (job.attempts() >= job.maxAttempts()) {
                jobs.bury(job.id(), error);
                count(job.kind(), "dead");
                log.warn("job {} ({}) dead after {} attempts: {}", job.id(), job.kind(), job.attempts(), error);
            } else {
                Duration delay = backoff(job.attempts());
                jobs.retryLater(job.id(), error, delay);
                count(job.kind(), "retry");
                log.info("job {} ({}) attempt {} failed, retry in {} ms: {}", job.id(), job.kind(), job.attempts(), delay.toMillis(), error);
            }
        }
    }

    Duration backoff(int attempts) {
        long base = settings.baseBackoff().toMillis();
        long capped = Math.min(settings.maxBackoff().toMillis(), base << Math.min(20, Math.max(0, attempts - 1)));
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.round(capped * jitter));
    }

    private void count(String kind, String outcome) {
        Counter.builder("lms.jobs.processed").tag("kind", kind).tag("outcome", outcome).register(metrics).increment();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
