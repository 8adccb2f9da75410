package org.lmsharness.reports.html;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.lmsharness.reports.model.CapacityModel;
import org.lmsharness.reports.model.Usl;
import org.lmsharness.reports.run.CapacityRun;
import org.lmsharness.reports.run.ReplicaSearch;
import org.lmsharness.reports.run.Step;

/**
 * The numbers behind the four charts, as plain lists and maps for the page's script (serialised to
 * JSON). The page only draws; every figure, fitted curve included, is computed here.
 */
final class ChartData {

    private ChartData() {}

    static Map<String, Object> of(CapacityRun run, CapacityModel model) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("oneReplica", oneReplica(run, model));
        data.put("scaleOut", scaleOut(run, model));
        data.put("cpu", cpu(run));
        data.put("concurrency", concurrency(model));
        return data;
    }

    /** (a) Every one-replica step against its offered load, with the capacity and the knee. */
    private static Map<String, Object> oneReplica(CapacityRun run, CapacityModel model) {
        List<Map<String, Object>> steps = run.searches().stream().filter(search -> search.replicas() == 1)
                .flatMap(search -> search.steps().stream())
                .sorted(Comparator.comparingDouble(step -> step.throughput().offeredRequestsPerSecond()))
                .map(step -> {
                    Map<String, Object> point = new LinkedHashMap<>();
                    point.put("index", step.index());
                    point.put("offered", finite(step.throughput().offeredRequestsPerSecond()));
                    point.put("achieved", finite(step.throughput().achievedRequestsPerSecond()));
                    point.put("p50", finite(step.client().p50()));
                    point.put("p95", finite(step.client().p95()));
                    point.put("p99", finite(step.client().p99()));
                    point.put("outcome", step.outcome().name());
                    return point;
                }).toList();
        Usl usl = model.perReplica();
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("steps", steps);
        chart.put("capacity", finite(model.perReplicaCapacity()));
        chart.put("knee", usl == null ? null : finite(usl.throughputAt(usl.kneeN())));
        chart.put("sloP95", finite(run.slo().p95Millis()));
        chart.put("sloP99", finite(run.slo().p99Millis()));
        return chart;
    }

    /** (b) Capacity per replica count on this host with its spread (median, min, max) and USL fit, and the production model. */
    private static Map<String, Object> scaleOut(CapacityRun run, CapacityModel model) {
        double largest = run.searches().stream().mapToInt(ReplicaSearch::replicas).max().orElse(1) + 1;
        double single = Double.isFinite(model.perReplicaCapacity()) ? model.perReplicaCapacity()
                : model.scaleOut() == null ? Double.NaN : model.scaleOut().lambda();
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("measured", run.searches().stream().filter(search -> search.capacity() != null).map(search -> List.of(
                search.replicas(), search.capacity().requestsPerSecond().median(), search.capacity().requestsPerSecond().min(),
                search.capacity().requestsPerSecond().max())).toList());
        chart.put("fit", model.scaleOut() == null ? List.of() : curve(model.scaleOut(), 1, largest));
        // The production model: n × one replica, up to where the database saturates.
        List<List<Double>> production = new ArrayList<>();
        if (model.production() != null) {
            for (int n = 0; n <= (int) largest; n++) production.add(List.of((double) n, model.production().requestsPerSecondAt(n)));
        } else if (Double.isFinite(single)) {
            production = List.of(List.of(0.0, 0.0), List.of(largest, single * largest));
        }
        chart.put("ideal", production);
        chart.put("maxReplicas", largest);
        return chart;
    }

    /** (c) CPU per replica for each count, and the harness's own parts, against offered load. */
    private static Map<String, Object> cpu(CapacityRun run) {
        List<Step> steps = run.searches().stream().flatMap(search -> search.steps().stream())
                .sorted(Comparator.comparingDouble((Step step) -> step.throughput().offeredRequestsPerSecond())).toList();
        Map<String, Object> series = new LinkedHashMap<>();
        Map<Integer, List<Step>> byCount = new TreeMap<>();
        steps.forEach(step -> byCount.computeIfAbsent(step.replicas(), count -> new ArrayList<>()).add(step));
        byCount.forEach((count, ofCount) -> series.put("per replica, " + count + (count == 1 ? " replica" : " replicas"),
                points(ofCount, step -> step.cpu().perReplica())));
        series.put("injector", points(steps, step -> step.cpu().injector()));
        series.put("edge", points(steps, step -> step.cpu().edge()));
        series.put("database", points(steps, step -> step.cpu().database()));
        series.put("host busy", points(steps, step -> step.cpu().hostBusy() * run.conditions().hostCores()));
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("series", series);
        chart.put("replicaSeries", byCount.size());
        chart.put("quota", finite(run.conditions().cpusPerReplica() > 0 ? run.conditions().cpusPerReplica()
                : steps.stream().mapToDouble(step -> step.cpu().quotaCores()).max().orElse(0)));
        chart.put("hostCores", run.conditions().hostCores());
        return chart;
    }

    /** (d) One replica's throughput against requests in flight, with the USL fit and its knee. */
    private static Map<String, Object> concurrency(CapacityModel model) {
        Usl usl = model.perReplica();
        double largest = model.perReplicaPoints().stream().mapToDouble(Usl.Point::n).max().orElse(1) * 1.25;
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("points", model.perReplicaPoints().stream().map(point -> List.of(point.n(), point.x())).toList());
        chart.put("fit", usl == null ? List.of() : curve(usl, 0, largest));
        chart.put("knee", usl == null ? null : finite(usl.kneeN()));
        return chart;
    }

    private static List<List<Double>> points(List<Step> steps, ToDoubleFunction<Step> value) {
        return steps.stream().map(step -> List.of(step.throughput().offeredRequestsPerSecond(), value.applyAsDouble(step))).toList();
    }

    private static List<List<Double>> curve(Usl usl, double from, double to) {
        List<List<Double>> curve = new ArrayList<>();
        for (int i = 0; i <= 80; i++) {
            double n = from + (to - from) * i / 80;
            curve.add(List.of(n, usl.throughputAt(n)));
        }
        return curve;
    }

    /** JSON has no NaN or infinity: a figure that does not exist is null. */
    static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
