package org.lmsharness.lms.platform;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Takes the replica out of a load balancer's rotation before it stops serving.
 *
 * <pre>
 *   SIGTERM -> readiness DOWN -> wait lms.shutdown.drain-delay (health checks notice)
 *           -> Tomcat graceful shutdown (in-flight requests finish, new connections refused) -> exit
 * </pre>
 *
 * The same readiness switch is reachable at run time ({@code POST /api/admin/drain}) so a replica
 * can be drained without stopping it.
 */
@Component
public class Draining implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Draining.class);

    private final ApplicationEventPublisher events;
    private final Duration drainDelay;
    private volatile boolean running;
    private volatile boolean draining;

    Draining(ApplicationEventPublisher events, @Value("${lms.shutdown.drain-delay:0s}") Duration drainDelay) {
        this.events = events;
        this.drainDelay = drainDelay;
    }

    public void drain() {
        draining = true;
        AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
        log.info("draining: readiness is now REFUSING_TRAFFIC");
    }

    public void undrain() {
        draining = false;
        AvailabilityChangeEvent.publish(events, this, ReadinessState.ACCEPTING_TRAFFIC);
        log.info("drain cancelled: readiness is now ACCEPTING_TRAFFIC");
    }

    public boolean isDraining() {
        return draining;
    }

    @Override
    public void start() {
        running = true;
    }

    /** Runs first on shutdown (highest phase), before the web server's graceful shutdown. */
    @Override
    public void stop() {
        drain();
        if (!drainDelay.isZero()) {
            log.info("waiting {} ms for load balancers to see readiness DOWN", drainDelay.toMillis());
            try {
                Thread.sleep(drainDelay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
