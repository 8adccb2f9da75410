package org.lmsharness.simulations.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Gatling checks Maven Central for a newer version at most once a day, remembering the last check in
 * Java preferences; no setting turns it off. Preferences of our own with a check dated 2100 stop it.
 * Must run before anything touches {@code java.util.prefs}.
 */
final class GatlingPreferences {

    private static final String PREFS = """
            <?xml version="1.0" encoding="UTF-8" standalone="no"?>
            <!DOCTYPE map SYSTEM "http://java.sun.com/dtd/preferences.dtd">
            <map MAP_XML_VERSION="1.0">
              <entry key="lastCheckTimestamp" value="4102444800000"/>
            </map>
            """;

    private GatlingPreferences() {}

    static synchronized void install() {
        if (System.getProperty("java.util.prefs.userRoot") != null) return; // given by whoever started the JVM
        try {
            Path root = Path.of(System.getProperty("java.io.tmpdir"), "lms-harness-gatling-prefs");
            Path file = root.resolve(".java/.userPrefs/io/gatling/latestVersion/prefs.xml");
            Files.createDirectories(file.getParent());
            Files.writeString(file, PREFS);
            System.setProperty("java.util.prefs.userRoot", root.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
