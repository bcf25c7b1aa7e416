package io.switchboard.server.demo;

import io.switchboard.core.Switchboard;
import io.switchboard.server.auth.TokenMinter;

/** Adds the demo's routes to a node under construction. */
public final class DemoRoutes {

    public static final String PAGE_PATH = "/";
    public static final String TOKEN_PATH = "/demo/token";

    private DemoRoutes() {
    }

    /** @param minter signs the demo's tokens with the node's (development) secret */
    public static Switchboard.Builder register(Switchboard.Builder builder, TokenMinter minter) {
        return builder
                .route("GET", PAGE_PATH, new DemoPage())
                .route("POST", TOKEN_PATH, new DemoTokenEndpoint(minter));
    }
}
