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
 * And its restraint: nothing is fenced while the standby is silent too. With a synchronous standby
 * the promotion does not wait for the fence, and the failover is reported only once the fence held.
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
     * A synchronous standby is promoted while the old primary is being fenced (fencing a paused container takes
     * 0.4–0.8 s): the old primary can acknowledge no write once its standby stops streaming from it. The fence, refused
     * at first, is still tried until it holds, and only then is the failover reported.
     */
    @Test
    void aSynchronousStandbyIsPromotedWhileTheOldPrimaryIsFenced() throws Exception {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.CountDownLatch promoted = new java.util.concurrent.CountDownLatch(1);
        DatabaseFailover.Actions slowFence = new DatabaseFailover.Actions() {
            private int fences;

            @Override
            public void fence(String primaryId) {
                calls.add("fence");
                if (++fences <= 1) throw new IllegalStateException("409: container is not running");
                try {
                    promoted.await(5, java.util.concurrent.TimeUnit.SECONDS); // a slow kill, still running when the promotion ends
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                calls.add("fenced");
            }

            @Override
            public void promote(String standbyId) {
                calls.add("promoted");
                promoted.countDown();
            }
        };
        try (DatabaseFailover failover = new DatabaseFailover("db-primary", "jdbc:postgresql://127.0.0.1:" + closedPort() + "/postgres",
                "db-standby", null, true, slowFence, Duration.ofMillis(20), 3)) {
            assertThat(promoted.await(5, java.util.concurrent.TimeUnit.SECONDS)).as("the standby promoted").isTrue();
            assertThat(failover.failover()).as("not reported while the fence has not held").isNull();

            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (failover.failover() == null && System.nanoTime() < deadline) Thread.sleep(20);

            assertThat(failover.failover()).as("reported once the fence held").isNotNull();
            assertThat(failover.failover().promotion()).as("the promotion did not wait for the 300 ms fence").isLessThan(Duration.ofMillis(250));
        }
        assertThat(calls).containsSubsequence("promoted", "fenced");
        assertThat(calls).containsOnlyOnce("promoted", "fenced");
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
