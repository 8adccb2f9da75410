package org.lmsharness.toxiproxy.toxic;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A toxic as the API shows it: {@code {attributes, name, type, stream, toxicity}}. Immutable; an
 * update makes a new one. {@code stream} keeps the caller's spelling, as Toxiproxy does.
 *
 * @param toxicity probability (0..1) that the toxic applies to a connection, drawn per connection
 * @param attributes every attribute of the type, in the type's order, zeros included
 */
public record Toxic(String name, ToxicType type, String stream, Direction direction, float toxicity,
                    Map<String, Long> attributes) {

    public Toxic {
        var all = new LinkedHashMap<String, Long>();
        for (String key : type.attributes()) all.put(key, attributes.getOrDefault(key, 0L));
        attributes = Collections.unmodifiableMap(all);
    }

    /** The attributes given replace the toxic's own, the others keep their values. */
    public Toxic merged(Map<String, Long> changed, float newToxicity) {
        var all = new LinkedHashMap<>(attributes);
        changed.forEach((key, value) -> {
            if (all.containsKey(key)) all.put(key, value);
        });
        return new Toxic(name, type, stream, direction, newToxicity, all);
    }

    long attribute(String key) {
        return attributes.get(key);
    }
}
