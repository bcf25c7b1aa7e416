package io.switchboard.client;

import io.switchboard.core.Switchboard;
import io.switchboard.core.config.NamespaceOptions;
import io.switchboard.core.config.SubscribePolicy;
import io.switchboard.core.config.SwitchboardOptions;
import io.switchboard.core.testing.TestNode;
import io.switchboard.protocol.Payload;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Real nodes for the client's integration tests (the core's {@link TestNode}), and small helpers. */
final class Nodes {

    /** A namespace with history and no join/leave: many subscribers do not multiply into a push storm. */
    static final NamespaceOptions STORM = new NamespaceOptions("storm", SubscribePolicy.AUTHENTICATED, true,
            false, false, 100, Duration.ofMinutes(5));

    private Nodes() {
    }

    /** {@link TestNode#options()} plus the {@code storm} namespace, on {@code port} (0: any free one). */
    static SwitchboardOptions options(int port) {
        SwitchboardOptions base = TestNode.options();
        List<NamespaceOptions> namespaces = new ArrayList<>(base.namespaces());
        namespaces.add(STORM);
        return base.withNamespaces(namespaces).withTransport(base.transport().withPort(port));
    }

    static Switchboard start() {
        return TestNode.start(options(0));
    }

    /** A node on the port a previous (now closed) node had: a restart. */
    static Switchboard restartOn(int port) {
        return TestNode.start(options(port));
    }

    static URI uri(int port) {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    static URI uri(Switchboard node) {
        return uri(node.port());
    }

    /** Options for tests: quick reconnects, short timeouts. */
    static ClientOptions.Builder fast(String token) {
        return ClientOptions.builder()
                .token(token)
                .minReconnectDelay(Duration.ofMillis(100))
                .maxReconnectDelay(Duration.ofMillis(1_000))
                .connectTimeout(Duration.ofSeconds(3))
                .requestTimeout(Duration.ofSeconds(5));
    }

    static Payload json(String json) {
        return Payload.ofJson(json);
    }

    /** Publishes {@code count} numbered messages through the server API, one after another. */
    static void publish(Switchboard node, String channel, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            join(node.api().publish(channel, json("{\"n\":\"" + prefix + i + "\"}")));
        }
    }

    static <T> T join(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void shutdown(Switchboard node) {
        if (node != null) {
            node.close();
        }
    }
}
