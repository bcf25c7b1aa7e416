package io.switchboard.core;

import io.switchboard.core.api.ApiRoutes;
import io.switchboard.core.api.HealthRoutes;
import io.switchboard.core.api.ServerApi;
import io.switchboard.core.auth.TokenVerifier;
import io.switchboard.core.config.SwitchboardOptions;
import io.switchboard.core.engine.Broker;
import io.switchboard.core.engine.PresenceStore;
import io.switchboard.core.engine.memory.InMemoryBroker;
import io.switchboard.core.engine.memory.InMemoryPresenceStore;
import io.switchboard.core.http.HttpEndpoint;
import io.switchboard.core.hub.Hub;
import io.switchboard.core.transport.HubEndpoint;
import io.switchboard.core.transport.WebSocketServer;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An embeddable Switchboard node.
 *
 * <pre>{@code
 * Switchboard node = Switchboard.builder()
 *         .options(SwitchboardOptions.defaults())
 *         .tokenVerifier(myVerifier)
 *         .build()
 *         .start();
 * node.api().publish("chat:lobby", Payload.ofJson("{\"text\":\"hi\"}"));
 * node.shutdown().join();   // graceful drain
 * }</pre>
 *
 * Thread-safe. {@link #start()} binds the port and returns once the node accepts connections.
 */
public final class Switchboard implements AutoCloseable {

    private final SwitchboardOptions options;
    private final Hub hub;
    private final WebSocketServer server;
    private final ServerApi api;

    private Switchboard(Builder b) {
        this.options = b.options;
        this.hub = new Hub(b.options, b.broker, b.presenceStore, b.tokenVerifier, b.clock);
        this.api = new ServerApi(hub);
        Map<String, HttpEndpoint> routes = new LinkedHashMap<>(b.routes);
        routes.putAll(new ApiRoutes(api, options.apiKey()).routes());
        routes.putAll(HealthRoutes.routes(hub::draining));
        this.server = new WebSocketServer(options.transport(), new HubEndpoint(hub), routes,
                options.limits().handshakeRatePerIp(), options.limits().handshakeBurstPerIp(),
                hub::start, hub::drain);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds the listening socket. */
    public Switchboard start() {
        server.start();
        return this;
    }

    /**
     * Before {@link #start()}: runs {@code traffic} against this node on a loopback port of its own, then
     * closes that port. The node's own port is not bound meanwhile, so no client and no readiness probe
     * reaches it. Connections on the loopback port meet the same event loops, limits, hub and token check
     * as those on the real port: this is how a node has its hot code compiled, by its own traffic, before
     * its first clients (switchboard-server's {@code warmup}). Whatever {@code traffic} leaves open stays
     * open; it should close its connections.
     *
     * @return what {@code traffic} returned
     */
    public <T> T beforeListening(LoopbackTraffic<T> traffic) throws InterruptedException {
        int port = server.openLoopbackListener();
        try {
            return traffic.run(port);
        } finally {
            server.closeLoopbackListener();
        }
    }

    /** Traffic a node makes to itself before it listens (see {@link #beforeListening}). */
    @FunctionalInterface
    public interface LoopbackTraffic<T> {
        T run(int loopbackPort) throws InterruptedException;
    }

    /** The bound port (useful when the options asked for port 0). */
    public int port() {
        return server.port();
    }

    public SwitchboardOptions options() {
        return options;
    }

    /** The in-process server API: publish, broadcast, send, disconnect, presence, history. */
    public ServerApi api() {
        return api;
    }

    /** Number of open WebSocket connections on this node. */
    public int connectionCount() {
        return hub.connectionCount();
    }

    /**
     * Graceful drain: stop accepting, report not ready, disconnect every client with reconnect advice
     * spread over the drain period, then release all resources. Idempotent.
     */
    public CompletableFuture<Void> shutdown() {
        return server.shutdown(options.drainPeriod());
    }

    /** Shuts down gracefully and waits for it (at most the drain period plus a grace of 10 s). */
    @Override
    public void close() {
        try {
            shutdown().get(options.drainPeriod().plus(Duration.ofSeconds(10)).toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            server.forceClose();
        }
    }

    /** Configures a node; only a {@link TokenVerifier} is required. */
    public static final class Builder {
        private SwitchboardOptions options = SwitchboardOptions.defaults();
        private TokenVerifier tokenVerifier;
        private Broker broker;
        private PresenceStore presenceStore;
        private Clock clock = Clock.systemUTC();
        private final Map<String, HttpEndpoint> routes = new LinkedHashMap<>();

        public Builder options(SwitchboardOptions options) {
            this.options = Objects.requireNonNull(options);
            return this;
        }

        public Builder tokenVerifier(TokenVerifier verifier) {
            this.tokenVerifier = Objects.requireNonNull(verifier);
            return this;
        }

        /** Delivery and history between nodes; defaults to a fresh {@link InMemoryBroker}. */
        public Builder broker(Broker broker) {
            this.broker = Objects.requireNonNull(broker);
            return this;
        }

        /** Defaults to a fresh {@link InMemoryPresenceStore}. */
        public Builder presenceStore(PresenceStore store) {
            this.presenceStore = Objects.requireNonNull(store);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /**
         * Serves an extra plain HTTP route, e.g. {@code route("GET", "/", page)}. Routes under
         * {@code /api/}, {@code /ws}, {@code /healthz} and {@code /readyz} are the node's own.
         */
        public Builder route(String method, String path, HttpEndpoint endpoint) {
            routes.put(method.toUpperCase(java.util.Locale.ROOT) + " " + path, Objects.requireNonNull(endpoint));
            return this;
        }

        public Switchboard build() {
            if (tokenVerifier == null) {
                throw new IllegalStateException("a TokenVerifier is required");
            }
            if (broker == null) {
                broker = new InMemoryBroker();
            }
            if (presenceStore == null) {
                presenceStore = new InMemoryPresenceStore();
            }
            return new Switchboard(this);
        }
    }
}
