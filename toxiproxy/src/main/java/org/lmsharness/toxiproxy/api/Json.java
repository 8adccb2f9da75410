package org.lmsharness.toxiproxy.api;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lmsharness.toxiproxy.proxy.Proxy;
import org.lmsharness.toxiproxy.toxic.Toxic;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API's JSON, read and written as Toxiproxy's Go server does: fields in struct order, field
 * names matched without regard to case, null leaving a field as it was, unknown fields ignored, and
 * a value of the wrong type a 400 worded like Go's decoder
 * ({@code bad request body: json: cannot unmarshal string into Go struct field Proxy.enabled of type bool}).
 */
final class Json {

    /** Go's decoder reads the first value and ignores what follows it. */
    static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    static JsonNode parse(byte[] body) {
        if (body.length == 0 || new String(body).isBlank()) throw ApiError.BAD_REQUEST_BODY.with("EOF");
        try {
            return MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw ApiError.BAD_REQUEST_BODY.with(e.getOriginalMessage());
        }
    }

    /** The body as an object ({@code null} reads as empty, as Go leaves the struct untouched). */
    static JsonNode object(JsonNode node, String goType) {
        if (node == null || node.isNull() || node.isMissingNode()) return MAPPER.createObjectNode();
        if (!node.isObject()) throw mismatch(node, "Go value of type " + goType);
        return node;
    }

    static JsonNode field(JsonNode object, String key) {
        JsonNode exact = object.get(key);
        if (exact != null) return exact;
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            if (entry.getKey().equalsIgnoreCase(key)) return entry.getValue();
        }
        return null;
    }

    static Optional<String> string(JsonNode object, String key, String struct) {
        JsonNode value = present(object, key);
        if (value == null) return Optional.empty();
        if (!value.isString()) throw mismatch(value, "Go struct field " + struct + "." + key + " of type string");
        return Optional.of(value.stringValue());
    }

    static Optional<Boolean> bool(JsonNode object, String key, String struct) {
        JsonNode value = present(object, key);
        if (value == null) return Optional.empty();
        if (!value.isBoolean()) throw mismatch(value, "Go struct field " + struct + "." + key + " of type bool");
        return Optional.of(value.booleanValue());
    }

    static Optional<Float> float32(JsonNode object, String key, String struct) {
        JsonNode value = present(object, key);
        if (value == null) return Optional.empty();
        if (!value.isNumber()) throw mismatch(value, "Go struct field " + struct + "." + key + " of type float32");
        return Optional.of(value.floatValue());
    }

    /** The attributes of a toxic type, each a whole number. */
    static Map<String, Long> attributes(JsonNode object, String goStruct, String goType, List<String> keys) {
        Map<String, Long> found = new LinkedHashMap<>();
        JsonNode attributes = present(object, "attributes");
        if (attributes == null) return found;
        if (!attributes.isObject()) throw mismatch(attributes, "Go struct field " + goStruct + ".attributes of type toxics." + goStruct);
        for (String key : keys) {
            JsonNode value = present(attributes, key);
            if (value == null) continue;
            String where = "Go struct field " + goStruct + ".attributes." + key + " of type " + goType;
            if (!value.isNumber()) throw mismatch(value, where);
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                throw ApiError.BAD_REQUEST_BODY.with("json: cannot unmarshal number " + value.asString() + " into " + where);
            }
            found.put(key, value.longValue());
        }
        return found;
    }

    static ObjectNode proxy(Proxy.View view, List<Toxic> toxics) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("name", view.name());
        node.put("listen", view.listen());
        node.put("upstream", view.upstream());
        node.put("enabled", view.enabled());
        ArrayNode array = node.putArray("toxics");
        toxics.forEach(t -> array.add(toxic(t)));
        return node;
    }

    static ObjectNode toxic(Toxic toxic) {
        ObjectNode node = MAPPER.createObjectNode();
        ObjectNode attributes = node.putObject("attributes");
        toxic.attributes().forEach(attributes::put);
        node.put("name", toxic.name());
        node.put("type", toxic.type().id());
        node.put("stream", toxic.stream());
        // Go prints float32 1 as 1 and 0.3 as 0.3.
        node.put("toxicity", new BigDecimal(Float.toString(toxic.toxicity())).stripTrailingZeros());
        return node;
    }

    static ObjectNode error(ApiError error) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("error", error.getMessage());
        node.put("status", error.status());
        return node;
    }

    static byte[] bytes(JsonNode node) {
        return MAPPER.writeValueAsBytes(node);
    }

    private static JsonNode present(JsonNode object, String key) {
        JsonNode value = field(object, key);
        return value == null || value.isNull() ? null : value;
    }

    private static ApiError mismatch(JsonNode value, String where) {
        String kind = value.isString() ? "string" : value.isNumber() ? "number" : value.isBoolean() ? "bool"
                : value.isArray() ? "array" : "object";
        return ApiError.BAD_REQUEST_BODY.with("json: cannot unmarshal " + kind + " into " + where);
    }
}
