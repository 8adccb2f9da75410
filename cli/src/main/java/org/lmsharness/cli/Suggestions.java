package org.lmsharness.cli;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** The nearest valid name to a misspelt one, for values picocli does not check itself (experiment names, -D properties). */
final class Suggestions {

    private static final LevenshteinDistance EDITS = LevenshteinDistance.getDefaultInstance();

    private Suggestions() {}

    /** The candidate within a third of the name's length in edits (at least two), if any. */
    static Optional<String> nearest(String name, Collection<String> candidates) {
        return candidates.stream().min(Comparator.comparingInt(candidate -> EDITS.apply(name, candidate)))
                .filter(candidate -> EDITS.apply(name, candidate) <= Math.max(2, name.length() / 3));
    }
}
