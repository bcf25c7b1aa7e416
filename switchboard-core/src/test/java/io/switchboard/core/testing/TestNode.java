package io.switchboard.core.testing;

import io.switchboard.core.Switchboard;
import io.switchboard.core.config.LimitOptions;
import io.switchboard.core.config.NamespaceOptions;
import io.switchboard.core.config.SubscribePolicy;
import io.switchboard.core.config.SwitchboardOptions;
import io.switchboard.core.config.TransportOptions;

import java.time.Duration;
import java.util.List;

/** Options and nodes for tests: port 0, short drain, a few namespaces covering every policy. */
public final class TestNode {

    public static final String API_KEY = "test-api-key-0123456789";

    private TestNode() {
    }

    public static List<NamespaceOptions> namespaces() {
        return List.of(
                NamespaceOptions.chatDefaults(),
                new NamespaceOptions("news", SubscribePolicy.CLAIM, false, false, false, 10, Duration.ofMinutes(1)),
                new NamespaceOptions("user", SubscribePolicy.PERSONAL, true, true, false, 0, Duration.ZERO),
                new NamespaceOptions("live", SubscribePolicy.AUTHENTICATED, true, false, false, 0, Duration.ZERO));
    }

    public static SwitchboardOptions options() {
        return new SwitchboardOptions("test-node", TransportOptions.defaults().withPort(0), LimitOptions.defaults(),
                namespaces(), API_KEY, Duration.ofMillis(500));
    }

    public static Switchboard start(SwitchboardOptions options) {
        return Switchboard.builder().options(options).tokenVerifier(new SimpleTokenVerifier()).build().start();
    }

    public static Switchboard start() {
        return start(options());
    }

    public static TransportOptions transport(int maxMessageSize, Duration heartbeat, Duration idle,
                                             long maxOutbound, List<String> origins, Duration handshakeTimeout) {
        TransportOptions d = TransportOptions.defaults();
        return new TransportOptions("127.0.0.1", 0, maxMessageSize, handshakeTimeout, heartbeat, idle,
                d.writeBufferLow(), d.writeBufferHigh(), maxOutbound, origins, 2, true);
    }
}
