package org.lmsharness.lms.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.lmsharness.lms.support.Api;
import org.lmsharness.lms.support.ApiTest;

class OperationsTests extends ApiTest {

    @Test
    void everyResponseNamesTheReplicaItsZoneAndItsRelease() {
        Api.Response response = api.get("/api/courses?size=1");

        assertThat(response.header("X-Lms-Replica")).isEqualTo("test-replica");
        assertThat(response.header("X-Lms-Zone")).isEqualTo("zone-a");
        assertThat(response.header("X-Lms-Release")).isEqualTo("test-release");
    }

    @Test
    void prometheusEndpointExportsWhatCapacityWorkAndDashboardsNeed() {
        api.get("/api/courses?size=1");
        api.post("/api/courses/1/enrollments", "", api.newStudent());

        String metrics = api.get("/actuator/prometheus").text();

        assertThat(metrics).contains(
                "http_server_requests_seconds_bucket{",
                "uri=\"/api/courses\"",
                "hikaricp_connections_active{",
                "jvm_memory_used_bytes{",
                "process_cpu_usage{",
                "system_cpu_usage{",
                "lms_enrollments_total{",
                "lms_progress_writes_total{",
                "lms_logins_total{",
                "lms_jobs_queue_depth{",
                "lms_jobs_queue_lag_seconds{",
                "lms_jobs_dead{",
                "resilience4j_circuitbreaker_state{",
                "cache_gets_total{",
                "lms_cpu_quota_cores{");
        // The SLO's bounds are exact buckets: the burn-rate alerts count the requests above them.
        assertThat(metrics).contains("le=\"0.5\"", "le=\"1.0\"");
        assertThat(metrics).contains("replica=\"test-replica\"", "zone=\"zone-a\"", "application=\"lms\"");
    }

    @Test
    void probesAreUpAndDrainingTakesTheReplicaOutOfRotation() {
        Api.Session admin = api.admin();
        assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200);

        try {
            assertThat(api.post("/api/admin/replica/drain", "", admin).json().get("draining").asBoolean()).isTrue();
            assertThat(api.get("/actuator/health/readiness").status()).as("readiness while draining").isEqualTo(503);
            assertThat(api.get("/actuator/health/liveness").status()).as("liveness while draining").isEqualTo(200);
            assertThat(api.get("/api/courses?size=1").status()).as("in-flight traffic still served").isEqualTo(200);
        } finally {
            api.post("/api/admin/replica/undrain", "", admin);
        }
        assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200);
    }

    @Test
    void onlyAdminsMayDrain() {
        assertThat(api.post("/api/admin/replica/drain", "", api.newStudent()).status()).isEqualTo(403);
    }
}
