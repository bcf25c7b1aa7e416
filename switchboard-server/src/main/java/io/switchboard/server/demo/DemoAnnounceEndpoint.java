package io.switchboard.server.demo;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.core.api.ApiException;
import io.switchboard.core.api.ServerApi;
import io.switchboard.core.http.HttpCall;
import io.switchboard.core.http.HttpEndpoint;
import io.switchboard.core.http.HttpResult;
import io.switchboard.protocol.Payload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * {@code POST /demo/announce} with {@code {"text":"..."}}: broadcasts
 * {@code {"type":"announcement","text":"...","at":<epoch millis>}} to every connection through the server
 * API, as an application backend would with {@code POST /api/broadcast}; clients get a {@code message}
 * push without {@code from}. Answers {@code {}}. Anyone can call it, which is why the demo exists only in
 * development mode.
 */
final class DemoAnnounceEndpoint implements HttpEndpoint {

    static final int MAX_TEXT_LENGTH = 500;

    private static final Logger LOG = LoggerFactory.getLogger(DemoAnnounceEndpoint.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Supplier<ServerApi> api;

    /** @param api the node's server API; gives {@code null} until the node has started */
    DemoAnnounceEndpoint(Supplier<ServerApi> api) {
        this.api = api;
    }

    @Override
    public CompletionStage<HttpResult> handle(HttpCall call) {
        JsonNode body;
        try {
            body = JSON.readTree(call.body());
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject() || !body.path("text").isTextual()) {
            return done(error(400, "body must be JSON like {\"text\":\"Maintenance at noon\"}"));
        }
        String text = body.get("text").asText().strip();
        if (text.isEmpty()) {
            return done(error(400, "text must not be empty"));
        }
        if (text.codePointCount(0, text.length()) > MAX_TEXT_LENGTH) {
            return done(error(400, "text must be at most " + MAX_TEXT_LENGTH + " characters"));
        }
        ServerApi serverApi = api.get();
        if (serverApi == null) {
            return done(error(503, "the node is still starting"));
        }
        Payload data = Payload.ofJson(JSON.createObjectNode()
                .put("type", "announcement")
                .put("text", text)
                .put("at", System.currentTimeMillis())
                .toString());
        try {
            return serverApi.broadcast(data, List.of())
                    .handle((ok, failure) -> failure == null ? json(200, JSON.createObjectNode()) : failed(failure));
        } catch (ApiException e) {
            return done(failed(e));
        }
    }

    private static HttpResult failed(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof ApiException e) {
            return error(e.status(), e.getMessage());
        }
        LOG.warn("announcement failed: {}", cause.toString());
        return error(500, "internal error");
    }

    private static CompletionStage<HttpResult> done(HttpResult result) {
        return CompletableFuture.completedFuture(result);
    }

    private static HttpResult error(int status, String reason) {
        return json(status, JSON.createObjectNode().put("error", reason));
    }

    private static HttpResult json(int status, JsonNode body) {
        return HttpResult.json(status, body.toString()).withHeader("Cache-Control", "no-store");
    }
}
