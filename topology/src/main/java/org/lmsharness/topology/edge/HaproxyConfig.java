package org.lmsharness.topology.edge;

import java.util.List;
import org.lmsharness.common.Address;
import org.lmsharness.topology.preset.Preset;

/**
 * Writes the edge's configuration from a preset: the stand-in for the cloud load balancer and the
 * API gateway. What each part is for:
 *
 * <pre>
 *   frontend lms      :edge port   own health (/edge/health), rate limit (stick table, 429 + Retry-After), CORS, → backend
 *   backend replicas               balance, active checks on the readiness probe every ≤ 500 ms,
 *                                  retries on another replica (beyond connection failures, only
 *                                  reads, logins and writes with an Idempotency-Key), servers
 *                                  added/removed over the runtime API
 *   backend replicas-alive         the same servers checked on liveness, used only while no replica
 *                                  is ready: with no database server reachable they are all
 *                                  unready at once, and their requests should wait for the
 *                                  database, not get 503 from the edge
 *   frontend metrics  :metrics port  built-in Prometheus exporter (per-server request counts and times)
 * </pre>
 *
 * One thread ({@code nbthread 1}) measured cheapest here. Logs go to stdout in a compact format, one
 * line per request: accept time (epoch seconds.millis), client, method, URI, status, backend/server,
 * {@code %Ta} (active time, ms), {@code %Tr} (server response time, ms), bytes, termination state.
 * The capacity search reads it for the edge's percentiles (the exporter has no histograms).
 */
public final class HaproxyConfig {

    public static final String BACKEND = "replicas";
    /** The fallback: the same servers, checked on liveness rather than readiness. */
    public static final String FALLBACK = "replicas-alive";
    /** Both backends; the runtime API adds, drains and removes a server in each. */
    public static final List<String> BACKENDS = List.of(BACKEND, FALLBACK);
    /** The edge answers 200 here by itself while it runs. */
    public static final String HEALTH_PATH = org.lmsharness.common.Edges.HEALTH_PATH;

    /** A replica as the edge sees it: its server name and the address the edge dials. */
    public record Server(String name, Address address) {}

    private HaproxyConfig() {}

    /**
     * CORS for the preset's trusted origins only (it allowed any, "*"): a preflight from one of them is answered here with that
     * origin, one from any other origin is refused (403 problem+json), and answers carry Access-Control-Allow-Origin only for
     * a trusted Origin. With none trusted, every preflight is refused: no browser page elsewhere may call the API.
     */
    static String cors(List<String> origins) {
        String trusted = origins.isEmpty() ? "FALSE" : "cors_trusted"; // FALSE: HAProxy's predefined ACL that never matches
        StringBuilder cors = new StringBuilder("    # CORS: only the preset's trusted origins (edge.cors-origins)\n");
        if (!origins.isEmpty()) cors.append("    acl cors_trusted req.hdr(Origin) -m str ").append(String.join(" ", origins)).append('\n');
        cors.append("""
                    http-request return status 204 hdr Access-Control-Allow-Origin "%%[req.hdr(Origin)]" hdr Vary "Origin" hdr Access-Control-Allow-Methods "GET, POST, PUT, DELETE, OPTIONS" hdr Access-Control-Allow-Headers "Authorization, Content-Type, Idempotency-Key" hdr Access-Control-Max-Age "600" if METH_OPTIONS %1$s { req.hdr(Access-Control-Request-Method) -m found }
                    http-request return status 403 content-type "application/problem+json" string '{"type":"urn:lms:problem:forbidden","title":"Not allowed for this user","status":403,"detail":"this origin is not trusted to call the API"}' hdr X-Content-Type-Options "nosniff" if METH_OPTIONS !%1$s { req.hdr(Origin) -m found }
                    http-request set-var(txn.cors_origin) req.hdr(Origin) if %1$s
                    http-response set-header Access-Control-Allow-Origin "%%[var(txn.cors_origin)]" if { var(txn.cors_origin) -m found }
                    http-response set-header Access-Control-Expose-Headers "Retry-After, Idempotent-Replayed, X-Lms-Replica, X-Lms-Zone" if { var(txn.cors_origin) -m found }
                    http-response add-header Vary "Origin"
                """.formatted(trusted));
        return cors.toString();
    }

    /**
     * How the edge checks a replica: every interval, two failed checks mark it down, and a server marked down loses its
     * sessions at once. The config's {@code default-server}; a server added over the runtime API must be given them
     * itself, since HAProxy applies no {@code default-server} setting to it (its defaults: checks every 2 s, three to fall).
     */
    public static String serverSettings(Preset.Edge edge) {
        int interval = edge.checkIntervalMillis();
        // Every server weighs the same; 100 rather than 1, so that a slow start's ramp shows in the weight HAProxy reports.
        return "inter %1$dms fastinter %1$dms downinter %1$dms fall 2 rise 2 check on-marked-down shutdown-sessions weight %2$d"
                .formatted(interval, WEIGHT);
    }

    /**
     * What a replica added while traffic flows gets besides {@link #serverSettings}: its share of requests grows from
     * nothing to a full one over {@link #SLOW_START}, so a new JVM is not handed a third of the load in its first second.
     */
    public static String addedServerSettings(Preset.Edge edge) {
        return serverSettings(edge) + " slowstart " + SLOW_START.toSeconds() + "s";
    }

    /** Every replica's weight. */
    static final int WEIGHT = 100;
    /** The ramp of a replica added live (HAProxy's {@code slowstart}). */
    public static final java.time.Duration SLOW_START = java.time.Duration.ofSeconds(20);

    public static String render(Preset preset, Address listen, Address metrics, String runtimeSocket, List<Server> servers) {
        Preset.Edge edge = preset.edge();
        StringBuilder config = new StringBuilder();
        config.append("""
                global
                    nbthread 1
                    maxconn 4096
                    stats socket %s mode 600 level admin expose-fd listeners
                    log stdout format raw local0

                defaults
                    mode http
                    log global
                    option dontlognull
                    log-format "%%Ts.%%ms %%ci %%HM %%HU %%ST %%b/%%s %%Ta %%Tr %%B %%tsc"
                    timeout connect 2s
                    timeout client 30s
                    timeout server 30s
                    timeout http-request 10s
                    timeout queue 5s
                    retries 3
                    option redispatch 1
                    retry-on conn-failure empty-response response-timeout 503
                    # The client's address for the replicas (login throttling is per client); what a client sent is dropped in the frontend.
                    option forwardfor

                frontend lms
                    bind %s
                    # The edge's own health, answered here without a replica: clients with several edges probe it to fail over.
                    monitor-uri %s
                    http-request del-header X-Forwarded-For
                """.formatted(runtimeSocket, listen.hostPort(), HEALTH_PATH));
        config.append(cors(edge.corsOrigins()));
        if (edge.rateLimitPerSecond() > 0) {
            config.append("""
                        stick-table type ip size 100k expire 30s store http_req_rate(1s)
                        http-request track-sc0 src
                        http-request deny deny_status 429 hdr Retry-After 1 if { sc_http_req_rate(0) gt %d }
                    """.formatted(edge.rateLimitPerSecond()));
        }
        config.append("""
                    # No replica ready (no database server reachable unreadies them all): those alive, where requests wait for it.
                    use_backend %s if { nbsrv(%s) eq 0 }
                    default_backend %s
                """.formatted(FALLBACK, BACKEND, BACKEND));
        config.append(backend(BACKEND, "readiness", edge, servers));
        config.append(backend(FALLBACK, "liveness", edge, servers));
        config.append("""

                frontend metrics
                    bind %s
                    http-request use-service prometheus-exporter if { path /metrics }
                    http-request return status 200 content-type text/plain string "ok" if { path /health }
                """.formatted(metrics.hostPort()));
        return config.toString();
    }

    private static String backend(String name, String probe, Preset.Edge edge, List<Server> servers) {
        StringBuilder backend = new StringBuilder("""

                backend %s
                    balance %s
                    # Beyond connection failures, retry only what is safe to send twice: reads, a login (a 503 from a lost
                    # database committed nothing, and a second login only issues a second token), and writes that carry an
                    # Idempotency-Key (the LMS answers a repeat with the first answer).
                    # A body can be sent again only when the edge holds all of it before the first try (the LMS's are small).
                    http-request disable-l7-retry if !METH_GET !METH_HEAD !METH_OPTIONS !{ path /api/auth/login } !{ req.hdr(Idempotency-Key) -m found }
                    option http-buffer-request
                    option httpchk GET /actuator/health/%s
                    http-check expect status 200
                    # A check must answer within two intervals; two failed checks mark a server down, and a server
                    # marked down loses its sessions at once, so no request waits on a frozen replica.
                    timeout check %dms
                    default-server %s
                """.formatted(name, edge.balance(), probe, 2 * edge.checkIntervalMillis(), serverSettings(edge)));
        for (Server server : servers) {
            backend.append("    server ").append(server.name()).append(' ').append(server.address().hostPort()).append('\n');
        }
        return backend.toString();
    }
}
