package io.switchboard.core.node;

import io.switchboard.core.Switchboard;
import io.switchboard.core.config.SwitchboardOptions;
import io.switchboard.core.testing.SimpleTokenVerifier;
import io.switchboard.core.testing.TestClient;
import io.switchboard.core.testing.TestNode;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.codec.Codecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Switchboard#beforeListening}: the node's own traffic on a private loopback port, before its real port exists. */
@Timeout(60)
class BeforeListeningIT {

    @Test
    void trafficOnTheLoopbackPortMeetsTheNodeWhileItsPortIsNotBound() throws Exception {
        int realPort = freePort();
        SwitchboardOptions options = TestNode.options();
        Switchboard node = Switchboard.builder()
                .options(options.withTransport(options.transport().withPort(realPort)))
                .tokenVerifier(new SimpleTokenVerifier()).build();
        try {
            int loopbackPort = node.beforeListening(port -> {
                try (TestClient c = TestClient.connect(port, SimpleTokenVerifier.token("warm"), Codecs.JSON)) {
                    assertThat(c.awaitPush(Push.Connected.class).user()).isEqualTo("warm");
                    assertThat(c.call(new Command.Subscribe(c.nextId(), "live:x", false, 0, null)).error()).isNull();
                    assertThat(node.connectionCount()).isEqualTo(1);
                    assertThatThrownBy(() -> connect(realPort)).isInstanceOf(ConnectException.class);
                }
                return port;
            });
            assertThat(loopbackPort).isNotEqualTo(realPort);
            assertThatThrownBy(() -> connect(loopbackPort)).as("the loopback listener is closed")
                    .isInstanceOf(ConnectException.class);

            node.start();
            assertThat(node.port()).isEqualTo(realPort);
            try (TestClient c = TestClient.connect(realPort, SimpleTokenVerifier.token("alice"), Codecs.JSON)) {
                assertThat(c.awaitPush(Push.Connected.class).user()).isEqualTo("alice");
                assertThat(c.call(new Command.Subscribe(c.nextId(), "live:x", false, 0, null)).error()).isNull();
            }
        } finally {
            node.close();
        }
    }

    @Test
    void aStartedNodeRefusesIt() {
        try (Switchboard node = TestNode.start()) {
            assertThatThrownBy(() -> node.beforeListening(port -> port))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("already started");
        }
    }

    @Test
    void aNodeStoppedBeforeItListensShutsDown() throws Exception {
        Switchboard node = Switchboard.builder().options(TestNode.options())
                .tokenVerifier(new SimpleTokenVerifier()).build();
        TestClient[] leftOpen = new TestClient[1];
        int loopbackPort = node.beforeListening(port -> {
            leftOpen[0] = TestClient.connect(port, SimpleTokenVerifier.token("left-open"), Codecs.JSON);
            leftOpen[0].awaitPush(Push.Connected.class);
            return port;
        });
        try (TestClient client = leftOpen[0]) {
            assertThat(node.connectionCount()).as("beforeListening leaves connections alone").isEqualTo(1);
            node.shutdown().get(10, TimeUnit.SECONDS);
            assertThat(node.connectionCount()).isZero();
            assertThat(client.awaitPush(Push.Disconnect.class)).isNotNull();
        }
        assertThatThrownBy(() -> connect(loopbackPort)).isInstanceOf(ConnectException.class);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void connect(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        }
    }
}
