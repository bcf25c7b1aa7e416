package io.switchboard.core.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.switchboard.core.engine.HistorySlice;
import io.switchboard.core.http.HttpCall;
import io.switchboard.core.http.HttpEndpoint;
import io.switchboard.core.http.HttpResult;
import io.switchboard.protocol.ClientInfo;
import io.switchboard.protocol.Payload;
import io.switchboard.protocol.Publication;
import io.switchboard.protocol.StreamPosition;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The server HTTP API: JSON in and out, {@code Authorization: apikey <key>}. Every route is a thin
 * adapter over {@link ServerApi}; errors come back as {@code {"error":"..."}} with a 4xx status.
 */
public final class ApiRoutes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServerApi api;
    private final byte[] apiKey;

    /** @param apiKey the configured key; null disables the API (every call answers 404 saying so) */
    public ApiRoutes(ServerApi api, String apiKey) {
        this.api = api;
        this.apiKey = apiKey == null ? null : apiKey.getBytes(StandardCharsets.UTF_8);
    }

    /** Routes keyed {@code "METHOD /path"}. */
    public Map<String, HttpEndpoint> routes() {
        Map<String, HttpEndpoint> r = new LinkedHashMap<>();
        r.put("POST /api/publish", guarded(this::publish));
        r.put("POST /api/broadcast", guarded(this::broadcast));
        r.put("POST /api/send", guarded(this::send));
        r.put("POST /api/disconnect", guarded(this::disconnect));
        r.put("POST /api/unsubscribe", guarded(this::unsubscribe));
        r.put("GET /api/presence", guarded(this::presence));
        r.put("GET /api/history", guarded(this::history));
        r.put("GET /api/channels", guarded(call -> done(object().set("channels", JSON.valueToTree(api.channels())))));
        r.put("GET /api/info", guarded(call -> done((ObjectNode) JSON.valueToTree(api.info()))));
        return r;
    }

    private CompletionStage<ObjectNode> publish(HttpCall call) {
        JsonNode body = body(call);
        return api.publish(text(body, "channel"), data(body))
                .thenApply(pos -> object().put("offset", pos.offset()).put("epoch", pos.epoch()));
    }

    private CompletionStage<ObjectNode> broadcast(HttpCall call) {
        JsonNode body = body(call);
        List<String> channels = new ArrayList<>();
        JsonNode list = body.get("channels");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw new ApiException(400, "channels must be an array of strings");
            }
            list.forEach(n -> {
                if (!n.isTextual()) {
                    throw new ApiException(400, "channels must be an array of strings");
                }
                channels.add(n.asText());
            });
        }
        return api.broadcast(data(body), channels).thenApply(v -> object());
    }

    private CompletionStage<ObjectNode> send(HttpCall call) {
        JsonNode body = body(call);
        return api.send(text(body, "user"), data(body)).thenApply(v -> object());
    }

    private CompletionStage<ObjectNode> disconnect(HttpCall call) {
        JsonNode body = body(call);
        JsonNode client = body.get("client");
        JsonNode reconnect = body.get("reconnect");
        if (reconnect != null && !reconnect.isBoolean()) {
            throw new ApiException(400, "reconnect must be true or false");
        }
        return api.disconnect(text(body, "user"), client == null || client.isNull() ? null : client.asText(),
                reconnect == null || reconnect.asBoolean()).thenApply(v -> object());
    }

    private CompletionStage<ObjectNode> unsubscribe(HttpCall call) {
        JsonNode body = body(call);
        return api.unsubscribe(text(body, "user"), text(body, "channel")).thenApply(v -> object());
    }

    private CompletionStage<ObjectNode> presence(HttpCall call) {
        return api.presence(queryParam(call, "channel")).thenApply(clients -> {
            ObjectNode out = object();
            ArrayNode arr = out.putArray("clients");
            clients.forEach(c -> arr.add(clientInfo(c)));
            return out;
        });
    }

    private CompletionStage<ObjectNode> history(HttpCall call) {
        int limit = intParam(call, "limit", 0);
        String sinceEpoch = call.queryParam("since_epoch");
        StreamPosition since = sinceEpoch == null ? null : new StreamPosition(intParam(call, "since_offset", 0), sinceEpoch);
        return api.history(queryParam(call, "channel"), limit, since).thenApply(slice -> historyJson(slice, since));
    }

    private static ObjectNode historyJson(HistorySlice slice, StreamPosition since) {
        if (since != null && !slice.complete()) {
            throw new ApiException(409, "publications after offset " + since.offset() + " in epoch '"
                    + since.epoch() + "' are no longer in history");
        }
        ObjectNode out = object();
        ArrayNode arr = out.putArray("publications");
        for (Publication p : slice.publications()) {
            ObjectNode pub = arr.addObject().put("id", p.id()).put("offset", p.offset());
            pub.putRawValue("data", new RawValue(p.data().asString()));
            if (p.info() != null) {
                pub.set("info", clientInfo(p.info()));
            }
        }
        return out.put("offset", slice.position().offset()).put("epoch", slice.position().epoch());
    }

    private static ObjectNode clientInfo(ClientInfo c) {
        ObjectNode n = object().put("client", c.client()).put("user", c.user());
        if (c.info() != null) {
            n.putRawValue("info", new RawValue(c.info().asString()));
        }
        return n;
    }

    // ---- plumbing ----

    private HttpEndpoint guarded(Function<HttpCall, CompletionStage<ObjectNode>> handler) {
        return call -> {
            if (apiKey == null) {
                return done(404, "server API disabled: configure api_key");
            }
            if (!authorized(call.header("authorization"))) {
                return done(401, "missing or wrong API key (Authorization: apikey <key>)");
            }
            try {
                return handler.apply(call)
                        .thenApply(node -> HttpResult.json(200, node.toString()))
                        .exceptionally(ApiRoutes::failure);
            } catch (RuntimeException e) {
                return CompletableFuture.completedFuture(failure(e));
            }
        };
    }

    private boolean authorized(String header) {
        if (header == null || !header.regionMatches(true, 0, "apikey ", 0, 7)) {
            return false;
        }
        byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, apiKey);
    }

    private static HttpResult failure(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof ApiException api) {
            return error(api.status(), api.getMessage());
        }
        org.slf4j.LoggerFactory.getLogger(ApiRoutes.class).error("API call failed", cause);
        return error(500, "internal error");
    }

    private static CompletionStage<HttpResult> done(int status, String message) {
        return CompletableFuture.completedFuture(error(status, message));
    }

    private static CompletionStage<ObjectNode> done(ObjectNode node) {
        return CompletableFuture.completedFuture(node);
    }

    private static HttpResult error(int status, String message) {
        return HttpResult.json(status, object().put("error", message).toString());
    }

    private static ObjectNode object() {
        return JSON.createObjectNode();
    }

    private static JsonNode body(HttpCall call) {
        try {
            JsonNode node = JSON.readTree(call.body());
            if (node == null || !node.isObject()) {
                throw new ApiException(400, "body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "body is not valid JSON");
        } catch (java.io.IOException e) {
            throw new ApiException(400, "body is not readable");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || !n.isTextual() || n.asText().isEmpty()) {
            throw new ApiException(400, field + " is required (a string)");
        }
        return n.asText();
    }

    private static Payload data(JsonNode body) {
        JsonNode n = body.get("data");
        if (n == null) {
            throw new ApiException(400, "data is required (any JSON value)");
        }
        return new Payload(n.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String queryParam(HttpCall call, String name) {
        String v = call.queryParam(name);
        if (v == null || v.isEmpty()) {
            throw new ApiException(400, name + " query parameter is required");
        }
        return v;
    }

    private static int intParam(HttpCall call, String name, int dflt) {
        String v = call.queryParam(name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ApiException(400, name + " must be a non-negative integer");
        }
    }
}
