package org.lmsharness.capacity;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lmsharness.topology.Deployment;
import org.lmsharness.topology.Node;

/**
 * What a capacity run measures. Either a deployment the run booted from a preset: its replicas are
 * counted, held to their quota, sampled for CPU and removed one by one between searches. Or one
 * already running, reached by its base URLs: measured as it is, without any of those parts (empty
 * values here, never nulls).
 */
sealed interface Target permits Target.Booted, Target.External {

    /** Where the load generator sends its requests. */
    List<String> clientUrls();

    /** The deployment, when the run booted it. */
    Optional<Deployment> deployment();

    /** The CPU quota of each replica measured now, cores (the largest, should they differ); 0 when the run did not boot it. */
    double quotaCores();

    /** The replicas measured now (none known for a deployment that is not ours). */
    List<String> replicaIds();

    /** Name → process id of what a step records the CPU of besides the load generator: replicas, edges, the database. */
    Map<String, Long> processes();

    /** The edges' access log, one line per request. */
    Optional<Path> edgeAccessLog();

    /** The LMS's accounts, exported by the dataset generator at boot. */
    Optional<Path> datasetDir();

    /** The CPU quotas lifted until closed; nothing to lift on a deployment that is not ours. */
    Deployment.QuotasLifted liftCpuQuotas();

    /** A deployment the run booted from a preset. */
    record Booted(Deployment booted) implements Target {

        @Override
        public List<String> clientUrls() {
            return booted.clientUrls();
        }

        @Override
        public Optional<Deployment> deployment() {
            return Optional.of(booted);
        }

        @Override
        public double quotaCores() {
            return booted.routedReplicas().stream().mapToDouble(replica -> booted.cpuQuota(replica.id())).max().orElse(booted.preset().replicas().cpus());
        }

        /** The replicas the edge sends to now: the others are frozen out (a smaller count, or another fork). */
        @Override
        public List<String> replicaIds() {
            return booted.routedReplicas().stream().map(Deployment.Replica::id).toList();
        }

        @Override
        public Map<String, Long> processes() {
            Map<String, Long> pids = new LinkedHashMap<>();
            booted.routedReplicas().forEach(replica -> pids.put(replica.id(), booted.pid(replica.id())));
            for (Node node : booted.nodes()) {
                if (node.kind() == Node.Kind.EDGE) pids.put(node.id(), booted.pid(node.id())); // edge, or edge-1, edge-2: summed
                if (node.kind() == Node.Kind.DB_PRIMARY) pids.put("database", booted.pid(node.id()));
            }
            return pids;
        }

        @Override
        public Optional<Path> edgeAccessLog() {
            return booted.edgeAccessLog();
        }

        @Override
        public Optional<Path> datasetDir() {
            return Optional.ofNullable(booted.datasetDir());
        }

        @Override
        public Deployment.QuotasLifted liftCpuQuotas() {
            return booted.liftCpuQuotas();
        }
    }

    /** A deployment already running, reached by its base URLs. */
    record External(List<String> baseUrls) implements Target {

        @Override
        public List<String> clientUrls() {
            return baseUrls;
        }

        @Override
        public Optional<Deployment> deployment() {
            return Optional.empty();
        }

        @Override
        public double quotaCores() {
            return 0;
        }

        @Override
        public List<String> replicaIds() {
            return List.of();
        }

        @Override
        public Map<String, Long> processes() {
            return Map.of();
        }

        @Override
        public Optional<Path> edgeAccessLog() {
            return Optional.empty();
        }

        @Override
        public Optional<Path> datasetDir() {
            return Optional.empty();
        }

        @Override
        public Deployment.QuotasLifted liftCpuQuotas() {
            return () -> { };
        }
    }
}
