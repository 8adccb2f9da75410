package org.lmsharness.toxiproxy.api;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lmsharness.toxiproxy.proxy.Proxies;
import org.lmsharness.toxiproxy.proxy.Proxy;
import org.lmsharness.toxiproxy.toxic.Direction;
import org.lmsharness.toxiproxy.toxic.Toxic;
import org.lmsharness.toxiproxy.toxic.ToxicType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The control API: Toxiproxy 2.12's routes, statuses and bodies.
 * <pre>
 *   POST /reset          GET /version          GET /metrics          POST /populate
 *   GET|POST /proxies    GET|POST|PATCH|DELETE /proxies/{proxy}
 *   GET|POST /proxies/{proxy}/toxics    GET|POST|PATCH|DELETE /proxies/{proxy}/toxics/{toxic}
 * </pre>
 * Runs on the API's own event loop; calls that change live connections wait for them there.
 */
@ChannelHandler.Sharable
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    static final String VERSION = "2.12.0";

    private record Response(int status, String contentType, byte[] body) {
        static Response json(int status, JsonNode node) {
            return new Response(status, "application/json", Json.bytes(node));
        }

        static Response text(int status, String body) {
            return new Response(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
        }

        static final Response NO_CONTENT = new Response(204, null, new byte[0]);
    }

    private final Proxies proxies;

    ApiHandler(Proxies proxies) {
        this.proxies = proxies;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            send(ctx, request, Response.text(400, "400 Bad Request\n"), true);
            return;
        }
        Response response;
        try {
            response = dispatch(request);
        } catch (ApiError e) {
            // Go's http.Error: the JSON as text/plain with a newline.
            response = Response.text(e.status(), new String(Json.bytes(Json.error(e)), StandardCharsets.UTF_8) + "\n");
        } catch (RuntimeException e) {
            ApiError internal = ApiError.internal(String.valueOf(e.getMessage()));
            response = Response.text(500, new String(Json.bytes(Json.error(internal)), StandardCharsets.UTF_8) + "\n");
        }
        send(ctx, request, response, false);
    }

    private Response dispatch(FullHttpRequest request) {
        String path = new QueryStringDecoder(request.uri()).path();
        List<String> parts = path.startsWith("/") ? Arrays.asList(path.substring(1).split("/", -1)) : List.of();
        HttpMethod method = request.method();
        Set<HttpMethod> allowed = allowedMethods(parts);
        if (allowed == null) return Response.text(404, "404 page not found\n");
        if (!allowed.isEmpty() && !allowed.contains(method)) return new Response(405, null, new byte[0]);
        String agent = request.headers().get(HttpHeaderNames.USER_AGENT, "");
        if (agent.startsWith("Mozilla/")) return Response.text(403, "User agent not allowed\n");
        byte[] body = ByteBufUtil.getBytes(request.content());

        String first = parts.get(0);
        switch (parts.size()) {
            case 1:
                return switch (first) {
                    case "reset" -> reset();
                    case "version" -> version();
                    case "metrics" -> new Response(200, PrometheusText.CONTENT_TYPE,
                            PrometheusText.render(proxies.all()).getBytes(StandardCharsets.UTF_8));
                    case "populate" -> populate(body);
                    default -> method.equals(HttpMethod.GET) ? proxyIndex() : proxyCreate(body);
                };
            case 2: {
                Proxy proxy = proxies.get(parts.get(1));
                if (method.equals(HttpMethod.GET)) return Response.json(200, proxyJson(proxy));
                if (method.equals(HttpMethod.DELETE)) {
                    proxies.delete(proxy.name());
                    return Response.NO_CONTENT;
                }
                return proxyUpdate(proxy, body);
            }
            case 3: {
                Proxy proxy = proxies.get(parts.get(1));
                if (method.equals(HttpMethod.GET)) return Response.json(200, toxicArray(proxy.toxics().all()));
                return toxicCreate(proxy, body);
            }
            default: {
                Proxy proxy = proxies.get(parts.get(1));
                String name = parts.get(3);
                if (method.equals(HttpMethod.DELETE)) {
                    proxy.toxics().remove(name);
                    return Response.NO_CONTENT;
                }
                Toxic toxic = proxy.toxics().get(name).orElseThrow(() -> ApiError.TOXIC_NOT_FOUND);
                if (method.equals(HttpMethod.GET)) return Response.json(200, Json.toxic(toxic));
                return toxicUpdate(proxy, toxic, body);
            }
        }
    }

    /** The methods of the route the path names; empty: any method; null: no such route (404). */
    private static Set<HttpMethod> allowedMethods(List<String> parts) {
        if (parts.isEmpty() || parts.stream().anyMatch(String::isEmpty)) return null;
        Set<HttpMethod> post = Set.of(HttpMethod.POST);
        Set<HttpMethod> resource = Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PATCH, HttpMethod.DELETE);
        boolean underProxies = parts.get(0).equals("proxies");
        return switch (parts.size()) {
            case 1 -> switch (parts.get(0)) {
                case "reset", "populate" -> post;
                case "version" -> Set.of(HttpMethod.GET);
                case "metrics" -> Set.of();
                case "proxies" -> Set.of(HttpMethod.GET, HttpMethod.POST);
                default -> null;
            };
            case 2 -> underProxies ? resource : null;
            case 3 -> underProxies && parts.get(2).equals("toxics") ? Set.of(HttpMethod.GET, HttpMethod.POST) : null;
            case 4 -> underProxies && parts.get(2).equals("toxics") ? resource : null;
            default -> null;
        };
    }

    private Response reset() {
        proxies.reset();
        return Response.NO_CONTENT;
    }

    private static Response version() {
        return new Response(200, "application/json;charset=utf-8",
                ("{\"version\": \"" + VERSION + "\"}\n").getBytes(StandardCharsets.UTF_8));
    }

    private Response proxyIndex() {
        ObjectNode all = Json.MAPPER.createObjectNode();
        for (Proxy proxy : proxies.all()) all.set(proxy.name(), proxyJson(proxy));
        return Response.json(200, all);
    }

    private Response proxyCreate(byte[] body) {
        Proxies.Spec spec = proxySpec(Json.object(Json.parse(body), "toxiproxy.Proxy"), "");
        return Response.json(201, proxyJson(proxies.create(spec)));
    }

    /** name and upstream required; {@code at} is "" or " at proxy N" (populate). */
    static Proxies.Spec proxySpec(JsonNode input, String at) {
        String name = Json.string(input, "name", "Proxy").orElse("");
        String listen = Json.string(input, "listen", "Proxy").orElse("");
        String upstream = Json.string(input, "upstream", "Proxy").orElse("");
        boolean enabled = Json.bool(input, "enabled", "Proxy").orElse(true);
        if (name.isEmpty()) throw ApiError.MISSING_FIELD.with("name" + at);
        if (upstream.isEmpty()) throw ApiError.MISSING_FIELD.with("upstream" + at);
        return new Proxies.Spec(name, listen, upstream, enabled);
    }

    private Response proxyUpdate(Proxy proxy, byte[] body) {
        JsonNode input = Json.object(Json.parse(body), "toxiproxy.Proxy");
        Proxy.View now = proxy.view();
        proxy.update(Json.string(input, "listen", "Proxy").orElse(now.listen()),
                Json.string(input, "upstream", "Proxy").orElse(now.upstream()),
                Json.bool(input, "enabled", "Proxy").orElse(now.enabled()));
        return Response.json(200, proxyJson(proxy));
    }

    /** Errors keep the populate shape, {@code {error, status, proxies}}, as application/json. */
    private Response populate(byte[] body) {
        List<Proxies.Spec> specs = new ArrayList<>();
        try {
            JsonNode input = Json.parse(body);
            if (!input.isNull() && !input.isArray()) {
                throw ApiError.BAD_REQUEST_BODY.with("json: cannot unmarshal " + (input.isObject() ? "object" : "value")
                        + " into Go value of type []toxiproxy.Proxy");
            }
            int index = 0;
            for (JsonNode element : input) {
                specs.add(proxySpec(Json.object(element, "toxiproxy.Proxy"), " at proxy " + (++index)));
            }
        } catch (ApiError e) {
            return populateResponse(e, null);
        }
        try {
            return populateResponse(null, proxies.populate(specs));
        } catch (Proxies.PopulateFailed failed) {
            return populateResponse(failed.error, failed.done);
        }
    }

    private Response populateResponse(ApiError error, List<Proxy> made) {
        ObjectNode node = error == null ? Json.MAPPER.createObjectNode() : Json.error(error);
        if (made == null || (made.isEmpty() && error == null)) {
            node.putNull("proxies");
        } else {
            ArrayNode array = node.putArray("proxies");
            made.forEach(p -> array.add(proxyJson(p)));
        }
        return Response.json(error == null ? 201 : error.status(), node);
    }

    private Response toxicCreate(Proxy proxy, byte[] body) {
        JsonNode input = Json.object(Json.parse(body), "toxics.ToxicWrapper");
        String name = Json.string(input, "name", "ToxicWrapper").orElse("");
        String type = Json.string(input, "type", "ToxicWrapper").orElse("");
        String stream = Json.string(input, "stream", "ToxicWrapper").orElse("downstream");
        float toxicity = Json.float32(input, "toxicity", "ToxicWrapper").orElse(1.0f);
        Direction direction = Direction.parse(stream).orElseThrow(() -> ApiError.INVALID_STREAM);
        if (name.isEmpty()) name = type + "_" + stream;
        ToxicType toxicType = ToxicType.byId(type).orElseThrow(() -> ApiError.INVALID_TOXIC_TYPE);
        if (proxy.toxics().get(name).isPresent()) throw ApiError.TOXIC_ALREADY_EXISTS;
        Map<String, Long> attributes = Json.attributes(input, toxicType.goStruct(), toxicType.goType(), toxicType.attributes());
        Toxic toxic = proxy.toxics().add(new Toxic(name, toxicType, stream, direction, toxicity, attributes));
        return Response.json(200, Json.toxic(toxic));
    }

    private Response toxicUpdate(Proxy proxy, Toxic toxic, byte[] body) {
        JsonNode input = Json.object(Json.parse(body), "toxics.ToxicWrapper");
        ToxicType type = toxic.type();
        Map<String, Long> attributes = Json.attributes(input, type.goStruct(), type.goType(), type.attributes());
        float toxicity = Json.float32(input, "toxicity", "ToxicWrapper").orElse(toxic.toxicity());
        return Response.json(200, Json.toxic(proxy.toxics().update(toxic.merged(attributes, toxicity))));
    }

    private static ObjectNode proxyJson(Proxy proxy) {
        return Json.proxy(proxy.view(), proxy.toxics().all());
    }

    private static ArrayNode toxicArray(List<Toxic> toxics) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        toxics.forEach(t -> array.add(Json.toxic(t)));
        return array;
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest request, Response response, boolean close) {
        FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(response.status()),
                Unpooled.wrappedBuffer(response.body()));
        if (response.contentType() != null) out.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        if (response.status() >= 400 && response.contentType() != null && response.contentType().startsWith("text/plain")) {
            out.headers().set("X-Content-Type-Options", "nosniff");
        }
        if (response.status() != 204) HttpUtil.setContentLength(out, response.body().length);
        boolean keepAlive = !close && HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(out, keepAlive);
        var written = ctx.writeAndFlush(out);
        if (!keepAlive) written.addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
