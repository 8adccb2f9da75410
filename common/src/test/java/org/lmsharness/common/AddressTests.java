package org.lmsharness.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AddressTests {

    /**
     * The kernel hands the same free port out again once its probe socket is closed (1,384 repeats in
     * 5,000 probes here); the harness must not, since the processes bind their ports only later.
     */
    @Test
    void freeLoopbackPortsAreNeverHandedOutTwice() throws Exception {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 3_000; i++) assertThat(ports.add(Address.freeLoopbackPort())).as("port handed out twice").isTrue();
    }
}
