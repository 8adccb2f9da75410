package org.lmsharness.toxiproxy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar toxiproxy-server.jar [-host localhost] [-port 8474] [-config file.json] [-seed n]}:
 * Toxiproxy's server flags, read as Go's flag package reads them ({@code -flag value},
 * {@code -flag=value}, {@code --flag}). {@code -proxy-metrics} and {@code -runtime-metrics} are
 * accepted; GET /metrics is always served. A bad flag or config is one line on stderr and exit 2
 * (flags) or 1 (config, address), where Toxiproxy would log and go on.
 */
public final class ToxiproxyCommand {

    static final String USAGE = "usage: toxiproxy-server [-host localhost] [-port 8474] [-config proxies.json] [-seed n]"
            + " [-proxy-metrics] [-runtime-metrics] [-version]";

    private static final Map<String, Boolean> FLAGS = new LinkedHashMap<>();

    static {
        // flag name -> takes a value
        FLAGS.put("host", true);
        FLAGS.put("port", true);
        FLAGS.put("config", true);
        FLAGS.put("seed", true);
        FLAGS.put("proxy-metrics", false);
        FLAGS.put("runtime-metrics", false);
        FLAGS.put("version", false);
        FLAGS.put("help", false);
        FLAGS.put("h", false);
    }

    /** A flag that cannot be used; its message is the one line printed. */
    static final class BadFlag extends RuntimeException {
        BadFlag(String message) {
            super(message, null, false, false);
        }
    }

    private ToxiproxyCommand() {
    }

    public static void main(String[] args) throws InterruptedException {
        // Resolve an upstream's name on every dial, as Toxiproxy does: the JVM would otherwise keep a
        // name for 30 s, and a proxy in front of a database that failed over would dial the dead one.
        java.security.Security.setProperty("networkaddress.cache.ttl", "0");
        Map<String, String> flags;
        ToxiproxyServer.Settings settings;
        try {
            flags = parse(args);
            if (flags.containsKey("help") || flags.containsKey("h")) {
                System.out.println(USAGE);
                return;
            }
            if (isTrue(flags.get("version"))) {
                System.out.println("toxiproxy-server version 2.12.0");
                return;
            }
            settings = settings(flags);
        } catch (BadFlag e) {
            System.err.println("toxiproxy: " + e.getMessage());
            System.exit(2);
            return;
        }
        ToxiproxyServer server;
        try {
            server = ToxiproxyServer.start(settings);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            System.err.println("toxiproxy: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "toxiproxy-shutdown"));
        System.out.println("toxiproxy: API HTTP server listening on " + settings.host() + ":" + server.port()
                + " (Toxiproxy 2.12.0 API)");
        stopped.await();
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) break;
            if (!arg.startsWith("-") || arg.equals("-")) break; // Go stops at the first non-flag
            String body = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
            String name = body.contains("=") ? body.substring(0, body.indexOf('=')) : body;
            String value = body.contains("=") ? body.substring(body.indexOf('=') + 1) : null;
            Boolean takesValue = FLAGS.get(name);
            if (takesValue == null) throw new BadFlag("flag provided but not defined: -" + name + " (" + USAGE + ")");
            if (takesValue && value == null) {
                if (i + 1 >= args.length) throw new BadFlag("flag needs an argument: -" + name);
                value = args[++i];
            }
            if (!takesValue && value != null && !value.matches("(?i)true|false|1|0|t|f")) {
                throw new BadFlag("invalid boolean value \"" + value + "\" for -" + name);
            }
            flags.put(name, value == null ? "true" : value);
        }
        return flags;
    }

    static ToxiproxyServer.Settings settings(Map<String, String> flags) {
        String host = flags.getOrDefault("host", "localhost");
        String portText = flags.getOrDefault("port", "8474");
        int port;
        try {
            port = Integer.parseInt(portText);
            if (port < 0 || port > 65535) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            throw new BadFlag("invalid value \"" + portText + "\" for flag -port: expected a port number 0..65535");
        }
        long seed = System.nanoTime();
        if (flags.containsKey("seed")) {
            try {
                seed = Long.parseLong(flags.get("seed"));
            } catch (NumberFormatException e) {
                throw new BadFlag("invalid value \"" + flags.get("seed") + "\" for flag -seed: expected a whole number");
            }
        }
        ToxiproxyServer.Settings settings = ToxiproxyServer.Settings.of(host, port).withSeed(seed);
        if (flags.containsKey("config")) {
            Path config = Path.of(flags.get("config"));
            if (!Files.isRegularFile(config)) throw new BadFlag("invalid value \"" + config + "\" for flag -config: no such file");
            settings = settings.withConfig(config);
        }
        return settings;
    }

    private static boolean isTrue(String value) {
        return value != null && value.matches("(?i)true|1|t");
    }
}
