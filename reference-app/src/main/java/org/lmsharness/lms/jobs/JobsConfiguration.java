package org.lmsharness.lms.jobs;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.lmsharness.lms.platform.Replica;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class JobsConfiguration {

    /** {@code lms.jobs.worker-enabled=false} keeps a replica API-only (the queue still fills). */
    @Bean
    @ConditionalOnProperty(name = "lms.jobs.worker-enabled", havingValue = "true", matchIfMissing = true)
    JobWorker jobWorker(Jobs jobs, List<JobHandler> handlers, Replica.Identity identity, MeterRegistry metrics,
                        @Value("${lms.jobs.threads:2}") int threads,
                        @Value("${lms.jobs.batch-size:5}") int batchSize,
                        @Value("${lms.jobs.poll-interval:250ms}") Duration pollInterval,
                        @Value("${lms.jobs.base-backoff:1s}") Duration baseBackoff,
                        @Value("${lms.jobs.max-backoff:5m}") Duration maxBackoff,
                        @Value("${lms.jobs.visibility-timeout:60s}") Duration visibilityTimeout,
                        @Value("${lms.jobs.keep-done:1h}") Duration keepDone) {
        return new JobWorker(jobs, handlers,
                new JobWorker.Settings(threads, batchSize, pollInterval, baseBackoff, maxBackoff, visibilityTimeout, keepDone),
                identity.id(), metrics);
    }

    @Bean
    QueueGauges queueGauges(Jobs jobs, MeterRegistry metrics) {
        QueueGauges gauges = new QueueGauges(jobs);
        Gauge.builder("lms.jobs.queue.depth", gauges, g -> g.value(Jobs.QueueStats::pending)).description("Jobs waiting, runnable or backing off").register(metrics);
        Gauge.builder("lms.jobs.queue.ready", gauges, g -> g.value(Jobs.QueueStats::ready)).description("Jobs runnable now").register(metrics);
        Gauge.builder("lms.jobs.queue.lag", gauges, g -> g.value(Jobs.QueueStats::oldestReadySeconds)).baseUnit("seconds")
                .description("How long the oldest runnable job has waited").register(metrics);
        Gauge.builder("lms.jobs.running", gauges, g -> g.value(Jobs.QueueStats::running)).register(metrics);
        Gauge.builder("lms.jobs.dead", gauges, g -> g.value(Jobs.QueueStats::dead)).description("Jobs in the dead letters").register(metrics);
        return gauges;
    }

    /** Reads the queue's counts at most once a second, however often it is scraped. */
    static final class QueueGauges {
        private static final Jobs.QueueStats UNKNOWN = new Jobs.QueueStats(-1, -1, -1, -1, Double.NaN);
        private final Jobs jobs;
        private volatile Jobs.QueueStats last = UNKNOWN;
        private volatile long readAtNanos;

        QueueGauges(Jobs jobs) {
            this.jobs = jobs;
        }

        /** NaN while the database cannot be read, so a dashboard shows a gap rather than a false zero. */
        double value(java.util.function.ToDoubleFunction<Jobs.QueueStats> metric) {
            Jobs.QueueStats stats = stats();
            return stats == UNKNOWN ? Double.NaN : metric.applyAsDouble(stats);
        }

        synchronized Jobs.QueueStats stats() {
            if (System.nanoTime() - readAtNanos > 1_000_000_000L || last == UNKNOWN) {
                try {
                    last = jobs.stats();
                } catch (RuntimeException e) {
                    last = UNKNOWN;
                }
                readAtNanos = System.nanoTime();
            }
            return last;
        }
    }
}
