package org.lmsharness.topology.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The control plane's take-over when its actions are refused: a primary whose port nobody listens on
 * is lost at once; the fence and the promotion refused at first must be tried again, in that order,
 * until the standby is promoted (in CI, a refused fence once left a deployment without a primary).
 */
class DatabaseFailoverTests {

    @Test
    void aRefusedFenceOrPromotionIsTriedAgainAndThePromotionNeverComesBeforeTheFence() throws Exception {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        DatabaseFailover.Actions refusingAtFirst = new DatabaseFailover.Actions() {
            private int fences;
            private int promotions;

            @Override
            public void fence(String primaryId) {
                calls.add("fence");
                if (++fences <= 2) throw new IllegalStateException("409: container is not running");
                calls.add("fenced");
            }

            @Override
            public void promote(String standbyId) throws Exception {
                calls.add("promote");
                if (++promotions <= 1) throw new java.sql.SQLException("connection attempt timed out");
                calls.add("promoted");
            }
        };
        try (DatabaseFailover failover = new DatabaseFailover("db-primary", "jdbc:postgresql://127.0.0.1:" + closedPort() + "/postgres",
                "db-standby", null, refusingAtFirst, Duration.ofMillis(20), 3)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (failover.failover() == null && System.nanoTime() < deadline) Thread.sleep(20);

            assertThat(failover.failover()).as("the standby promoted in the end").isNotNull();
            assertThat(failover.failover().promotion().isNegative()).isFalse();
        }
        assertThat(calls).containsExactly("fence", "fence", "fence", "fenced", "promote", "fence", "fenced", "promote", "promoted");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
