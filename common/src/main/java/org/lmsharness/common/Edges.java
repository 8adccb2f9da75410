package org.lmsharness.common;

/** What an edge (HAProxy) promises the clients: the path that answers 200 while it takes traffic. The topology configures it; the clients probe it. */
public final class Edges {

    public static final String HEALTH_PATH = "/edge/health";

    private Edges() {}
}
