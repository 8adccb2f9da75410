package org.lmsharness.toxiproxy.api;

import java.util.List;
import org.lmsharness.toxiproxy.proxy.Proxy;
import org.lmsharness.toxiproxy.proxy.ProxyMetrics;
import org.lmsharness.toxiproxy.toxic.Direction;

/**
 * GET /metrics in the Prometheus text format. The two byte counters are Toxiproxy's own
 * ({@code -proxy-metrics}), served here always; the connection counters are beyond Toxiproxy.
 */
final class PrometheusText {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {
    }

    static String render(List<Proxy> proxies) {
        StringBuilder out = new StringBuilder();
        bytes(out, "toxiproxy_proxy_received_bytes_total", proxies, true);
        bytes(out, "toxiproxy_proxy_sent_bytes_total", proxies, false);
        out.append("# HELP toxiproxy_proxy_connections_total Client connections accepted by the proxy.\n");
        out.append("# TYPE toxiproxy_proxy_connections_total counter\n");
        for (Proxy proxy : proxies) {
            out.append("toxiproxy_proxy_connections_total").append(labels(null, proxy.view()))
                    .append(' ').append(proxy.metrics().connections()).append('\n');
        }
        out.append("# HELP toxiproxy_proxy_connections_current Client connections open now.\n");
        out.append("# TYPE toxiproxy_proxy_connections_current gauge\n");
        for (Proxy proxy : proxies) {
            out.append("toxiproxy_proxy_connections_current").append(labels(null, proxy.view()))
                    .append(' ').append(proxy.metrics().openConnections()).append('\n');
        }
        return out.toString();
    }

    private static void bytes(StringBuilder out, String name, List<Proxy> proxies, boolean received) {
        out.append("# TYPE ").append(name).append(" counter\n");
        for (Proxy proxy : proxies) {
            ProxyMetrics metrics = proxy.metrics();
            for (Direction direction : Direction.values()) {
                long value = received ? metrics.receivedBytes(direction) : metrics.sentBytes(direction);
                out.append(name).append(labels(direction, proxy.view())).append(' ').append(value).append('\n');
            }
        }
    }

    /** Labels in name order, as Prometheus' Go client prints them. */
    private static String labels(Direction direction, Proxy.View view) {
        StringBuilder labels = new StringBuilder("{");
        if (direction != null) labels.append("direction=\"").append(direction.label()).append("\",");
        labels.append("listener=\"").append(escape(view.listen())).append("\",")
                .append("proxy=\"").append(escape(view.name())).append("\",")
                .append("upstream=\"").append(escape(view.upstream())).append("\"}");
        return labels.toString();
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
