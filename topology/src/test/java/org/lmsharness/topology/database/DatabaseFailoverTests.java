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
 * And its restraint: nothing is fenced while the standby is silent too.
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
                "db-standby", null, false, refusingAtFirst, Duration.ofMillis(20), 3)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (failover.failover() == null && System.nanoTime() < deadline) Thread.sleep(20);

            assertThat(failover.failover()).as("the standby promoted in the end").isNotNull();
            assertThat(failover.failover().promotion().isNegative()).isFalse();
        }
        assertThat(calls).containsExactly("fence", "fence", "fence", "fenced", "promote", "fence", "fenced", "promote", "promoted");
    }

    /**
     * A primary that stops answering while its standby is silent too (a host too busy to answer, a cut network) is not
     * fenced: nothing could be promoted, and a busy primary fenced by mistake is a needless failover.
     */
    @Test
    void aSilentPrimaryIsNotFencedWhileItsStandbyIsSilentToo() throws Exception {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        DatabaseFailover.Actions recorded = new DatabaseFailover.Actions() {
            @Override
            public void fence(String primaryId) {
                calls.add("fence");
            }

            @Override
            public void promote(String standbyId) {
                calls.add("promote");
            }
        };
        // The standby accepts connections and never answers, as a frozen server does.
        try (ServerSocket frozenStandby = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             DatabaseFailover failover = new DatabaseFailover("db-primary", "jdbc:postgresql://127.0.0.1:" + closedPort() + "/postgres",
                     "db-standby", "jdbc:postgresql://127.0.0.1:" + frozenStandby.getLocalPort() + "/postgres", false, recorded, Duration.ofMillis(20), 3)) {
            Thread.sleep(2_000);

            assertThat(failover.failover()).as("no failover while the standby is silent").isNull();
            assertThat(calls).isEmpty();
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
