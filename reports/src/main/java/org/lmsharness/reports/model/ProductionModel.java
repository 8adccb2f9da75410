package org.lmsharness.reports.model;

import java.util.List;
import java.util.Optional;
import org.lmsharness.common.Figures;
import org.lmsharness.reports.run.CapacityRun;

/**
 * Scale-out as it would be in production, each replica on its own instance: n replicas carry n times
 * what one carries within the SLO, until a shared part saturates. Here that part is the database
 * (the edge is a managed load balancer in production): by the bottleneck law it saturates at
 * (cores − U₀) / D requests per second, D its service demand per request.
 *
 * <p>The replica counts measured together on this host are kept beside it, with their interference
 * factor (measured ÷ n·C₁): they share its cores with each other, the database, the edge and the
 * load generator, so they describe this host, not the LMS on separate instances.
 *
 * @param perReplicaRequestsPerSecond C₁, what one replica carries within the SLO
 * @param quotaCores                  one replica's CPU quota (0: unknown)
 * @param replicaBoundRequestsPerSecond what the replica's quota allows by the bottleneck law, (quota − U₀)/D; null without CPU figures
 * @param utilisationAtCapacity       ρ*, the replica's CPU at capacity ÷ its quota; null without CPU figures
 * @param databaseCores               the database instance planned for, cores
 * @param databaseBoundRequestsPerSecond where that database saturates; null when its demand is unknown
 * @param databaseBoundReplicas       the replica count at which it saturates, ⌊bound ÷ C₁⌋; null when unknown
 * @param coLocated                   the counts measured together on this host
 */
public record ProductionModel(double perReplicaRequestsPerSecond, double quotaCores, Double replicaBoundRequestsPerSecond,
                              Double utilisationAtCapacity, double databaseCores, Double databaseBoundRequestsPerSecond,
                              Integer databaseBoundReplicas, List<CoLocated> coLocated) {

    /**
     * @param replicas     how many replicas shared the host
     * @param measured     their capacity, req/s (median of the repeats)
     * @param production   n × C₁, bounded by the database
     * @param interference measured ÷ (n × C₁): 1 when co-location costs nothing
     */
    public record CoLocated(int replicas, double measured, double production, double interference) {}

    /** Requests per second n replicas carry in production: n × C₁, no more than the database takes. */
    public double requestsPerSecondAt(int replicas) {
        double linear = replicas * perReplicaRequestsPerSecond;
        return databaseBoundRequestsPerSecond == null ? linear : Math.min(linear, databaseBoundRequestsPerSecond);
    }

    /** Replicas that carry {@code requestsPerSecond}; empty when the database saturates first. */
    public Optional<Integer> replicasFor(double requestsPerSecond) {
        if (databaseBoundRequestsPerSecond != null && requestsPerSecond > databaseBoundRequestsPerSecond) return Optional.empty();
        return Optional.of((int) Math.max(1, Math.ceil(requestsPerSecond / perReplicaRequestsPerSecond - 1e-9)));
    }

    /** Null when one replica's capacity is unknown: nothing to scale. */
    static ProductionModel of(CapacityRun run, ForkedCapacity forked, List<ServiceDemand> demands, double databaseCores, List<String> notes) {
        if (forked == null || !(forked.medianRequestsPerSecond() > 0)) return null;
        double perReplica = forked.medianRequestsPerSecond();
        double quota = run.conditions().cpusPerReplica();
        Optional<ServiceDemand> replica = ServiceDemand.find(demands, ServiceDemand.REPLICA);
        Double replicaBound = replica.filter(d -> quota > 0).map(d -> d.boundAt(quota)).filter(Double::isFinite).orElse(null);
        Double utilisation = quota > 0 && forked.cpuPerReplica() > 0 ? forked.cpuPerReplica() / quota : null;
        Optional<ServiceDemand> database = ServiceDemand.find(demands, ServiceDemand.DATABASE);
        Double databaseBound = database.map(d -> d.boundAt(databaseCores)).filter(Double::isFinite).orElse(null);
        Integer databaseReplicas = databaseBound == null ? null : (int) Math.floor(databaseBound / perReplica);
        List<CoLocated> coLocated = new java.util.ArrayList<>(List.of(new CoLocated(1, perReplica, perReplica, 1)));
        run.searches().stream().filter(search -> search.replicas() > 1 && search.capacity() != null).forEach(search -> {
            double measured = search.capacity().requestsPerSecond().median();
            coLocated.add(new CoLocated(search.replicas(), measured, Math.min(search.replicas() * perReplica,
                    databaseBound == null ? Double.POSITIVE_INFINITY : databaseBound), measured / (search.replicas() * perReplica)));
        });
        ProductionModel model = new ProductionModel(perReplica, quota, replicaBound, utilisation, databaseCores, databaseBound, databaseReplicas, List.copyOf(coLocated));
        notes.add(databaseBound == null
                ? "Production scale-out: n × one replica's capacity; the database's demand was not measured (an external target, or too few steps), so no bound is known."
                : String.format("Production scale-out: n × one replica's capacity, each replica on its own instance, until the database (%s cores planned,"
                        + " --database-cores) saturates at %.0f req/s, %d replicas. The counts measured together on this host are kept beside it with"
                        + " their interference factor.", Figures.of(databaseCores), databaseBound, databaseReplicas));
        return model;
    }

}
