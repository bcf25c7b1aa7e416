package io.switchboard.server.demo;

import io.switchboard.core.http.HttpCall;
import io.switchboard.core.http.HttpEndpoint;
import io.switchboard.core.http.HttpResult;
import io.switchboard.server.auth.TokenMinter;

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

    private final TokenMinter minter;

    DemoTokenEndpoint(TokenMinter minter) {
        this.minter = minter;
    }

    @Override
    public CompletionStage<HttpResult> handle(HttpCall call) {
        return CompletableFuture.completedFuture(respond(call));
    }

    private HttpResult respond(HttpCall call) {
        String user = DemoJson.stringMember(call, "user");
        if (user == null) {
            return error("body must be JSON like {\"user\":\"alice\"}");
        }
        if (!USER.matcher(user).matches()) {
            return error("user must be 1-64 characters of A-Z, a-z, 0-9, '_', '.' and '-'");
        }
        String token = minter.mint(user, null, TTL, null);
        return DemoJson.json(200, DemoJson.object().put("token", token));
    }

    private static HttpResult error(String reason) {
        return DemoJson.error(400, reason);
    }
}
