package org.lmsharness.toxiproxy.toxic;

import java.util.Locale;
import java.util.Optional;

/** Which way a link carries data: upstream is client to server, downstream server to client. */
public enum Direction {
    UPSTREAM, DOWNSTREAM;

    /** Case-insensitive, as Toxiproxy's {@code ParseDirection}. */
    public static Optional<Direction> parse(String stream) {
        return switch (stream.toLowerCase(Locale.ROOT)) {
            case "upstream" -> Optional.of(UPSTREAM);
            case "downstream" -> Optional.of(DOWNSTREAM);
            default -> Optional.empty();
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
