package io.switchboard.core.api;

import io.switchboard.core.http.HttpEndpoint;
import io.switchboard.core.http.HttpResult;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/** {@code GET /healthz} (the process answers) and {@code GET /readyz} (it takes new connections). */
public final class HealthRoutes {

    private HealthRoutes() {
    }

    public static Map<String, HttpEndpoint> routes(BooleanSupplier draining) {
        return Map.of(
                "GET /healthz", call -> CompletableFuture.completedFuture(HttpResult.json(200, "{\"status\":\"ok\"}")),
                "GET /readyz", call -> CompletableFuture.completedFuture(draining.getAsBoolean()
                        ? HttpResult.json(503, "{\"ready\":false,\"reason\":\"draining\"}")
                        : HttpResult.json(200, "{\"ready\":true}")));
    }
}
