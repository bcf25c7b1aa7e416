package io.switchboard.server.demo;

import io.switchboard.core.api.ApiException;
import io.switchboard.core.api.ServerApi;
import io.switchboard.core.http.HttpCall;
import io.switchboard.core.http.HttpEndpoint;
import io.switchboard.core.http.HttpResult;
import io.switchboard.protocol.Payload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import static io.switchboard.server.demo.DemoJson.error;

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

    private final Supplier<ServerApi> api;

    /** @param api the node's server API; gives {@code null} until the node has started */
    DemoAnnounceEndpoint(Supplier<ServerApi> api) {
        this.api = api;
    }

    @Override
    public CompletionStage<HttpResult> handle(HttpCall call) {
        String sent = DemoJson.stringMember(call, "text");
        if (sent == null) {
            return done(error(400, "body must be JSON like {\"text\":\"Maintenance at noon\"}"));
        }
        String text = sent.strip();
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
        Payload data = Payload.ofJson(DemoJson.object()
                .put("type", "announcement")
                .put("text", text)
                .put("at", System.currentTimeMillis())
                .toString());
        try {
            return serverApi.broadcast(data, List.of())
                    .handle((ok, failure) -> failure == null ? DemoJson.json(200, DemoJson.object()) : failed(failure));
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
}
