package org.lmsharness.toxiproxy.toxic;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The toxic types Toxiproxy 2.12 registers, each with its attributes in JSON order. Attributes are
 * whole numbers; {@code goType} and {@code goStruct} only word decoding errors as Toxiproxy does.
 */
public enum ToxicType {
    LATENCY("latency", "LatencyToxic", "int64", LatencyToxic::new, "latency", "jitter"),
    BANDWIDTH("bandwidth", "BandwidthToxic", "int64", BandwidthToxic::new, "rate"),
    SLOW_CLOSE("slow_close", "SlowCloseToxic", "int64", SlowCloseToxic::new, "delay"),
    TIMEOUT("timeout", "TimeoutToxic", "int64", TimeoutToxic::new, "timeout"),
    RESET_PEER("reset_peer", "ResetToxic", "int64", ResetPeerToxic::new, "timeout"),
    SLICER("slicer", "SlicerToxic", "int", SlicerToxic::new, "average_size", "size_variation", "delay"),
    LIMIT_DATA("limit_data", "LimitDataToxic", "int64", LimitDataToxic::new, "bytes"),
    NOOP("noop", "NoopToxic", "int64", NoopToxic::new);

    private final String id;
    private final String goStruct;
    private final String goType;
    private final BiFunction<Link, Toxic, Stage> stage;
    private final List<String> attributes;

    ToxicType(String id, String goStruct, String goType, BiFunction<Link, Toxic, Stage> stage, String... attributes) {
        this.id = id;
        this.goStruct = goStruct;
        this.goType = goType;
        this.stage = stage;
        this.attributes = List.of(attributes);
    }

    public static Optional<ToxicType> byId(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }

    public String id() {
        return id;
    }

    public List<String> attributes() {
        return attributes;
    }

    public String goStruct() {
        return goStruct;
    }

    public String goType() {
        return goType;
    }

    Stage newStage(Link link, Toxic toxic) {
        return stage.apply(link, toxic);
    }
}
