package org.lmsharness.lms.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.lmsharness.lms.jobs.JobHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * POSTs one event to one subscriber, signed: {@code X-Lms-Signature: sha256=<hex HMAC of
 * "<timestamp>.<body>">} with the subscription's secret, as Stripe-style webhooks do. A non-2xx
 * answer or a timeout throws, and the job queue retries with backoff, then dead-letters.
 */
@Component
class WebhookDelivery implements JobHandler {

    private final Subscriptions subscriptions;
    private final Webhooks webhooks;
    private final JsonMapper json;
    private final HttpClient http;
    private final Duration timeout;

    WebhookDelivery(Subscriptions subscriptions, Webhooks webhooks, JsonMapper json,
                    @Value("${lms.webhook.timeout:5s}") Duration timeout) {
        this.subscriptions = subscriptions;
        this.webhooks = webhooks;
        this.json = json;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public String kind() {
        return Webhooks.DELIVER;
    }

    @Override
    public void handle(JsonNode payload) throws Exception {
        long subscriptionId = payload.get("subscriptionId").asLong();
        Optional<Subscriptions.Subscription> found = subscriptions.find(subscriptionId);
        if (found.isEmpty()) return; // deleted since: nothing to deliver
        Subscriptions.Subscription subscription = found.get();
        webhooks.requireDeliverable(subscription.url());

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", payload.get("event").asString());
        body.put("subscriptionId", subscriptionId);
        body.put("data", payload.get("data"));
        String text = json.writeValueAsString(body);
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        HttpRequest request = HttpRequest.newBuilder(URI.create(subscription.url()))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("X-Lms-Event", payload.get("event").asString())
                .header("X-Lms-Timestamp", timestamp)
                .header("X-Lms-Signature", "sha256=" + sign(subscription.secret(), timestamp + "." + text))
                .POST(HttpRequest.BodyPublishers.ofString(text))
                .build();
        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("subscriber " + subscription.url() + " answered " + response.statusCode());
        }
    }

    static String sign(String secret, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }
}
