package org.lmsharness.topology;

/** The host lacks something the preset needs (a binary, a permission); the message says what to do. */
public final class TopologyUnavailable extends RuntimeException {
    public TopologyUnavailable(String message) {
        super(message);
    }
}
