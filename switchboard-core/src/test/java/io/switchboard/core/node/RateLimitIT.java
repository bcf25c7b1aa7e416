package io.switchboard.core.node;

import io.switchboard.core.Switchboard;
import io.switchboard.core.config.LimitOptions;
import io.switchboard.core.testing.TestClient;
import io.switchboard.core.testing.TestNode;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.DisconnectCode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.Reply;
import io.switchboard.protocol.codec.Codecs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static io.switchboard.core.testing.SimpleTokenVerifier.token;
import static org.assertj.core.api.Assertions.assertThat;

/** The per-connection command bucket: refusals over the limit, a disconnect for sustained abuse. */
@Timeout(60)
class RateLimitIT {

    static Switchboard node;

    @BeforeAll
    static void start() {
        LimitOptions d = LimitOptions.defaults();
        LimitOptions tight = new LimitOptions(d.maxConnections(), d.maxConnectionsPerIp(), d.handshakeRatePerIp(),
                d.handshakeBurstPerIp(), d.maxSubscriptions(), d.maxChannelLength(), 5, 10, 30);
        node = TestNode.start(TestNode.options().withLimits(tight));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void commandsOverTheBurstAreRefusedAsTemporary() {
        try (TestClient c = TestClient.connect(node.port(), token("burst"), Codecs.JSON)) {
            for (int i = 1; i <= 20; i++) {
                c.send(new Command.Ping(i));
            }
            List<Reply> replies = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                replies.add(c.awaitReply(i));
            }
            assertThat(replies).filteredOn(r -> r.error() == null).hasSizeBetween(10, 12);
            assertThat(replies).filteredOn(r -> r.error() != null).allSatisfy(r -> {
                assertThat(r.error().code()).isEqualTo(ErrorCode.TOO_MANY_REQUESTS.code());
                assertThat(r.error().temporary()).isTrue();
            });
            assertThat(c.isClosed()).isFalse();
        }
    }

    @Test
    void sustainedAbuseDisconnectsWithRateLimitedCodeAndAdvisedDelay() {
        TestClient c = TestClient.connect(node.port(), token("flood"), Codecs.JSON);
        for (int i = 1; i <= 200 && !c.isClosed(); i++) {
            c.send(new Command.Ping(i));
        }
        Push.Disconnect d = c.awaitPush(Push.Disconnect.class);
        assertThat(d.code()).isEqualTo(DisconnectCode.RATE_LIMITED.code());
        assertThat(d.reconnect()).isTrue();
        assertThat(d.delay()).isGreaterThanOrEqualTo(5_000);
        assertThat(c.awaitClose()).isEqualTo(DisconnectCode.RATE_LIMITED.code());
    }
}
