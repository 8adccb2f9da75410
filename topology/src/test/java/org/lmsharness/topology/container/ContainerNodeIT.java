package org.lmsharness.topology.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.lmsharness.topology.BootOptions;
import org.lmsharness.topology.Node;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A container killed twice at once, as a zone's power loss and the database control plane's fence kill
 * the primary together: both kills must return, the node dead, and a kill of a dead node too. Docker
 * answers the later of two kills 409 "is not running" even after a check that the container ran; before
 * kill() tolerated that, this failed in its first rounds.
 */
class ContainerNodeIT {

    private static final String IMAGE = BootOptions.Images.DEFAULT.jre();

    @Test
    void twoKillsAtOnceBothReturnAndTheNodeIsDead() throws Exception {
        boolean docker = DockerClientFactory.instance().isDockerAvailable();
        if (!"true".equals(System.getenv("CI"))) Assumptions.assumeTrue(docker, "no Docker engine answers: container nodes not tested");
        ExecutorService killers = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 6; round++) {
                try (GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(IMAGE)).withCommand("sleep", "120")
                        .withLabel("lms-harness", "container-node-it")) {
                    container.start();
                    ContainerNode node = new ContainerNode("db-primary", Node.Kind.DB_PRIMARY, "zone-a", container);
                    assertThat(node.isAlive()).isTrue();

                    CountDownLatch together = new CountDownLatch(1);
                    List<Future<?>> kills = new ArrayList<>();
                    for (int killer = 0; killer < 2; killer++) {
                        long stagger = killer * round * 4L; // the second kill 0 to 20 ms after the first: 409 came within these
                        kills.add(killers.submit(() -> {
                            together.await();
                            Thread.sleep(stagger);
                            node.kill();
                            return null;
                        }));
                    }
                    together.countDown();
                    for (Future<?> kill : kills) kill.get(); // throws what a kill threw

                    assertThat(node.isAlive()).as("round %d: killed", round).isFalse();
                    node.kill(); // a dead node: nothing to do, nothing thrown
                }
            }
        } finally {
            killers.shutdownNow();
        }
    }
}
