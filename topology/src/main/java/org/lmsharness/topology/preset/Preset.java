package org.lmsharness.topology.preset;

import java.util.List;

/**
 * One deployment architecture, read from a YAML file (see {@code presets/*.yaml}): what runs, where,
 * and how big each replica is. Replicas are spread over {@code zones} in turn (replica 1 in the first
 * zone, replica 2 in the second, …).
 *
 * @param name        the preset's name, as in its file name
 * @param description which architecture of the scaling ladder this is
 * @param zones       availability zones, each with at least one replica
 * @param replicas    the LMS replicas: count and instance size
 * @param database    where the PostgreSQL primary and its optional standby live
 * @param edge        the load balancer in front, or none (clients rotate over the replicas: DNS round robin)
 * @param dataset     dataset size generated before the replicas start: XS, S, M, L or XL
 */
public record Preset(String name, String description, List<String> zones, Replicas replicas, Database database, Edge edge,
                     String dataset) {

    /**
     * @param count       number of replicas, at least 1
     * @param cpus        CPU quota per replica, in cores (0.25 = a quarter of one core)
     * @param memoryMb    memory limit per replica, in MiB
     * @param jvmOptions  JVM options of each replica, e.g. {@code -Xmx384m -XX:+UseSerialGC}
     */
    public record Replicas(int count, double cpus, int memoryMb, String jvmOptions) {}

    /** The same preset with {@code count} replicas of {@code cpus} cores each (memory and JVM options kept). */
    public Preset withReplicas(int count, double cpus) {
        return new Preset(name, description, zones, new Replicas(count, cpus, replicas.memoryMb(), replicas.jvmOptions()), database, edge, dataset);
    }

    /**
     * @param primaryZone  zone of the primary
     * @param standbyZone  zone of the streaming standby that is promoted when the primary dies; null for none
     * @param synchronous  commit waits for the standby, so a failover loses no acknowledged write
     * @param backupsKept  base backups kept, with the archived WAL since the oldest: 0 (or left out) for
     *                     no backups and no WAL archiving
     */
    public record Database(String primaryZone, String standbyZone, boolean synchronous, Integer backupsKept) {
        public Database {
            if (backupsKept == null) backupsKept = 0;
        }

        public Database(String primaryZone, String standbyZone, boolean synchronous) {
            this(primaryZone, standbyZone, synchronous, 0);
        }

        public boolean hasStandby() {
            return standbyZone != null && !standbyZone.isBlank();
        }

        /** Base backups and continuous WAL archiving to a location outside both servers. */
        public boolean hasBackups() {
            return backupsKept > 0;
        }
    }

    /**
     * @param enabled              false: no load balancer, clients rotate over the replicas' addresses
     * @param balance              {@code roundrobin} or {@code leastconn}
     * @param checkIntervalMillis  active health check interval on the readiness probe, at most 500
     * @param rateLimitPerSecond   requests per second per client address before 429; 0 for no limit
     * @param count                edges: 1 (one regional edge), or one per zone in turn for as many as given;
     *                             clients then fail over between them (as a DNS name with a health-checked
     *                             record per zone would have them)
     * @param corsOrigins          the browser origins trusted to call the API cross-origin (e.g. https://lms.example.com);
     *                             none: no cross-origin calls. A preflight from any other origin is refused at the edge.
     */
    public record Edge(boolean enabled, String balance, Integer checkIntervalMillis, Integer rateLimitPerSecond, Integer count, List<String> corsOrigins) {
        /** Defaults for what a preset leaves out: round robin, checks every 500 ms, no rate limit, one edge, no trusted origin. */
        public Edge {
            if (balance == null) balance = "roundrobin";
            if (checkIntervalMillis == null) checkIntervalMillis = 500;
            if (rateLimitPerSecond == null) rateLimitPerSecond = 0;
            if (count == null) count = 1;
            corsOrigins = corsOrigins == null ? List.of() : List.copyOf(corsOrigins);
        }

        public Edge(boolean enabled, String balance, Integer checkIntervalMillis, Integer rateLimitPerSecond) {
            this(enabled, balance, checkIntervalMillis, rateLimitPerSecond, 1, List.of());
        }

        /** The same edge, trusting these origins. */
        public Edge withCorsOrigins(List<String> origins) {
            return new Edge(enabled, balance, checkIntervalMillis, rateLimitPerSecond, count, origins);
        }
    }

    /** The node id of edge number {@code index} (0-based): {@code edge} when there is one, else {@code edge-1}, {@code edge-2}, … */
    public String edgeId(int index) {
        return edge.count() == 1 ? "edge" : "edge-" + (index + 1);
    }

    /** The zone of edge number {@code index}: one edge is regional (outside every zone); several are spread over the zones in turn. */
    public String zoneOfEdge(int index) {
        return edge.count() == 1 ? "regional" : zones.get(index % zones.size());
    }

    /** The zone of replica number {@code index} (0-based). */
    public String zoneOfReplica(int index) {
        return zones.get(index % zones.size());
    }
}
