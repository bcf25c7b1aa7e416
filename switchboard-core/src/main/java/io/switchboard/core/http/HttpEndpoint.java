package io.switchboard.core.http;

import java.util.concurrent.CompletionStage;

/**
 * Serves one plain HTTP route of the node (API, health, demo page). Called on a Netty event-loop
 * thread: must not block; slow work completes the stage later.
 */
@FunctionalInterface
public interface HttpEndpoint {
    CompletionStage<HttpResult> handle(HttpCall call);
}
