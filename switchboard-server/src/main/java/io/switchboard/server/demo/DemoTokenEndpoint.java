package io.switchboard.server.demo;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.core.http.HttpCall;
import io.switchboard.core.http.HttpEndpoint;
import io.switchboard.core.http.HttpResult;
import io.switchboard.server.auth.TokenMinter;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * {@code POST /demo/token} with {@code {"user":"alice"}}: answers {@code {"token":"..."}}, a token for
 * that user with no {@code channels} claim, valid for {@link #TTL}. Anyone can ask, which is why the
 * demo exists only in development mode.
 */
final class DemoTokenEndpoint implements HttpEndpoint {

    static final Duration TTL = Duration.ofHours(1);
    static final Pattern USER = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final TokenMinter minter;

    DemoTokenEndpoint(TokenMinter minter) {
        this.minter = minter;
    }

    @Override
    public CompletionStage<HttpResult> handle(HttpCall call) {
        return CompletableFuture.completedFuture(respond(call));
    }

    private HttpResult respond(HttpCall call) {
        JsonNode body;
        try {
            body = JSON.readTree(call.body());
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject() || !body.path("user").isTextual()) {
            return error("body must be JSON like {\"user\":\"alice\"}");
        }
        String user = body.get("user").asText();
        if (!USER.matcher(user).matches()) {
            return error("user must be 1-64 characters of A-Z, a-z, 0-9, '_', '.' and '-'");
        }
        String token = minter.mint(user, null, TTL, null);
        return json(200, JSON.createObjectNode().put("token", token));
    }

    private static HttpResult error(String reason) {
        return json(400, JSON.createObjectNode().put("error", reason));
    }

    private static HttpResult json(int status, JsonNode body) {
        return HttpResult.json(status, body.toString()).withHeader("Cache-Control", "no-store");
    }
}
