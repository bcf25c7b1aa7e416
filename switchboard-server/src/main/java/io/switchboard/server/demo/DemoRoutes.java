package io.switchboard.server.demo;

import io.switchboard.core.Switchboard;
import io.switchboard.core.api.ServerApi;
import io.switchboard.server.auth.TokenMinter;
import io.switchboard.server.config.ServerConfig;

import java.util.function.Supplier;

/** Adds the demo's routes to a node under construction. */
public final class DemoRoutes {

    public static final String PAGE_PATH = "/";
    public static final String SCRIPT_PATH = "/demo/chat.js";
    public static final String CLIENT_PATH = "/demo/switchboard.js";
    public static final String TOKEN_PATH = "/demo/token";
    public static final String ANNOUNCE_PATH = "/demo/announce";

    /** Where the build copies the JavaScript client from (see this module's pom.xml). */
    static final String CLIENT_SOURCE = "clients/js/src/switchboard.js";

    private DemoRoutes() {
    }

    /**
     * Registers the demo when the configuration asks for it (development mode), otherwise nothing.
     *
     * @param api the node's server API once it is built ({@code null} before), for announcements
     * @return whether the demo was registered
     */
    public static boolean registerIfEnabled(Switchboard.Builder builder, ServerConfig config, Supplier<ServerApi> api) {
        if (!config.demo()) {
            return false;
        }
        register(builder, TokenMinter.forOptions(config.jwt()), api);
        return true;
    }

    /** @param minter signs the demo's tokens with the node's (development) secret */
    static Switchboard.Builder register(Switchboard.Builder builder, TokenMinter minter, Supplier<ServerApi> api) {
        return builder
                .route("GET", PAGE_PATH, DemoResource.of("demo/index.html", DemoResource.HTML))
                .route("GET", SCRIPT_PATH, DemoResource.of("demo/chat.js", DemoResource.JAVASCRIPT))
                .route("GET", CLIENT_PATH, DemoResource.copiedByTheBuild("demo/switchboard.js",
                        DemoResource.JAVASCRIPT, CLIENT_SOURCE))
                .route("POST", TOKEN_PATH, new DemoTokenEndpoint(minter))
                .route("POST", ANNOUNCE_PATH, new DemoAnnounceEndpoint(api));
    }
}
