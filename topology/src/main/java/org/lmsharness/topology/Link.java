package org.lmsharness.topology;

import org.lmsharness.common.Address;

/**
 * A network path from one node to another, named {@code <from>_<to>_<zone>} so a person can read
 * it (e.g. {@code edge_replica-2_zone-b}, {@code replica-1_db-primary_zone-a}).
 *
 * @param from   the calling node
 * @param to     the called node
 * @param zone   the zone of the called node
 * @param target where the called node really listens
 */
public record Link(String from, String to, String zone, Address target) {

    public String name() {
        return from + "_" + to + "_" + zone;
    }
}
