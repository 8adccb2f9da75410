package org.lmsharness.autoscale.loop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EdgeRequestsTests {

    /** As HAProxy 2.6's Prometheus exporter writes it: a line per proxy, server and code. */
    private static final String EXPORT = """
            # HELP haproxy_server_http_responses_total Total number of HTTP responses with status 100-199 returned by this object since the worker process started
            # TYPE haproxy_server_http_responses_total counter
            haproxy_server_http_responses_total{proxy="replicas",server="replica-1",code="1xx"} 0
            haproxy_server_http_responses_total{proxy="replicas",server="replica-1",code="2xx"} 1200
            haproxy_server_http_responses_total{proxy="replicas",server="replica-1",code="5xx"} 3
            haproxy_server_http_responses_total{proxy="replicas-alive",server="replica-1",code="2xx"} 7
            haproxy_server_http_responses_total{proxy="replicas",server="replica-2",code="2xx"} 800
            haproxy_server_status{proxy="replicas",server="replica-2",state="UP"} 1
            haproxy_backend_http_responses_total{proxy="replicas",code="2xx"} 2000
            haproxy_backend_http_requests_total{proxy="replicas"} 2210
            haproxy_backend_http_requests_total{proxy="replicas-alive"} 7
            haproxy_backend_http_requests_total{proxy="stats"} 99
            haproxy_frontend_http_requests_total{proxy="lms"} 2300
            """;

    @Test
    void theRequestsBothReplicaBackEndsReceivedAreCounted() {
        assertThat(EdgeRequests.parse(EXPORT)).isEqualTo(2217);
    }
}
