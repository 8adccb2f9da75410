package org.lmsharness.toxiproxy.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lmsharness.toxiproxy.proxy.Proxies;
import tools.jackson.databind.JsonNode;

/** The {@code -config} file: a JSON array of proxies, the body of POST /populate. */
public final class ConfigFile {

    private ConfigFile() {
    }

    /** The proxies of the file; a file that cannot be read or is not valid fails naming the file. */
    public static List<Proxies.Spec> read(Path file) {
        byte[] body;
        try {
            body = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("config " + file + ": cannot read it (" + e + ")");
        }
        try {
            JsonNode input = Json.parse(body);
            if (!input.isArray()) throw new IllegalArgumentException("config " + file + ": expected a JSON array of proxies");
            List<Proxies.Spec> specs = new ArrayList<>();
            int index = 0;
            for (JsonNode element : input) {
                specs.add(ApiHandler.proxySpec(Json.object(element, "toxiproxy.Proxy"), " at proxy " + (++index)));
            }
            return specs;
        } catch (ApiError e) {
            throw new IllegalArgumentException("config " + file + ": " + e.getMessage());
        }
    }
}
