package org.lmsharness.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplicaJvmTests {

    @Test
    void readsTheJvmFromMicrometersJvmInfoGauge() {
        String exposition = """
                # HELP jvm_info JVM version info
                # TYPE jvm_info gauge
                jvm_info{application="lms",runtime="OpenJDK Runtime Environment",vendor="Debian",version="17.0.15+6-Debian-1deb12u1"} 1.0
                jvm_threads_live_threads{application="lms"} 31.0
                """;

        assertThat(ReplicaJvm.parse(exposition)).contains("OpenJDK Runtime Environment 17.0.15+6-Debian-1deb12u1 (Debian)");
    }

    @Test
    void saysNothingWhenTheTargetDoesNotExposeIt() {
        assertThat(ReplicaJvm.parse("http_server_requests_seconds_count{uri=\"/\"} 3.0\n")).isEmpty();
        assertThat(ReplicaJvm.of("http://127.0.0.1:1/actuator/prometheus")).isEmpty();
    }

    @Test
    void namesTheHarnessJvmInTheSameWords() {
        assertThat(ReplicaJvm.harness()).contains(System.getProperty("java.runtime.version"));
    }
}
