package io.switchboard.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StompDialectTest {

    private final StompDialect dialect = new StompDialect();

    @Test
    void encodesFramesWithEscapedDestinations() {
        assertThat(dialect.requestPath("/ws", "a.b+c")).isEqualTo("/ws?token=a.b%2Bc");
        assertThat(dialect.subscribe(1, "bench:c0"))
                .isEqualTo("SUBSCRIBE\nid:s1\ndestination:/topic/bench\\cc0\nreceipt:1\n\n\0");
        assertThat(dialect.publish(5, "bench:c0", "{\"t\":1}")).isEqualTo(
                "SEND\ndestination:/app/publish/bench\\cc0\nreceipt:5\ncontent-type:application/json\n\n{\"t\":1}\0");
        assertThat(dialect.ping(12)).isEqualTo("SEND\ndestination:/app/echo\n\n12\0");
        assertThat(dialect.beforeEcho()).isEqualTo("SUBSCRIBE\nid:e\ndestination:/user/queue/echo\n\n\0");
        assertThat(StompDialect.escape("a\\b:c")).isEqualTo("a\\\\b\\cc");
    }

    @Test
    void parsesConnectedReceiptsPublicationsAndEchoReplies() {
        Recorder r = new Recorder();
        WsConnection c = new WsConnection(dialect, "127.0.0.1", "/ws", null, 10_000, r);
        EmbeddedChannel ch = new EmbeddedChannel(c);

        feed(c, "CONNECTED\nversion:1.2\nheart-beat:0,0\n\n\0");
        assertThat(c.ready()).isCompleted();
        assertThat(r.ready).isTrue();

        String data = "{\"t\":123,\"p\":0,\"s\":7,\"x\":\"\"}";
        // several frames in one WebSocket message, a heart-beat EOL between them, Spring's header order
        feed(c, "RECEIPT\nreceipt-id:1\n\n\0\n"
                + "MESSAGE\ndestination:/topic/bench\\cc0\ncontent-type:application/octet-stream\nsubscription:s1\n"
                + "message-id:x-0\ncontent-length:" + data.length() + "\n\n" + data + "\0"
                + "MESSAGE\ndestination:/user/queue/echo\ncontent-type:application/octet-stream\nsubscription:e\n"
                + "message-id:x-1\ncontent-length:2\n\n42\0");
        assertThat(r.replies).containsExactly("1", "42");
        assertThat(r.publications).containsExactly(data);

        feed(c, "ERROR\nreceipt-id:9\nmessage:nope\n\n\0");
        assertThat(r.replies).containsExactly("1", "42", "9!");
        assertThat(r.closed).startsWith("stomp error: ERROR");
        ch.finishAndReleaseAll();
    }

    @Test
    void refusedConnectFailsTheHandshake() {
        WsConnection c = new WsConnection(dialect, "127.0.0.1", "/ws", null, 10_000, new Recorder());
        EmbeddedChannel ch = new EmbeddedChannel(c);
        feed(c, "ERROR\nmessage:unauthorized\n\n\0");
        assertThat(c.ready()).isCompletedExceptionally();
        ch.finishAndReleaseAll();
    }

    private void feed(WsConnection c, String message) {
        ByteBuf b = Unpooled.copiedBuffer(message, StandardCharsets.UTF_8);
        try {
            dialect.onMessage(c, b, b.readerIndex(), b.readableBytes());
        } finally {
            b.release();
        }
    }

    private static final class Recorder implements WsConnection.Listener {
        final List<String> replies = new ArrayList<>();
        final List<String> publications = new ArrayList<>();
        boolean ready;
        String closed;

        @Override
        public void onReady(WsConnection c) {
            ready = true;
        }

        @Override
        public void onReply(WsConnection c, long id, boolean error) {
            replies.add(id + (error ? "!" : ""));
        }

        @Override
        public void onPublication(WsConnection c, ByteBuf buf, int index, int length) {
            publications.add(buf.toString(index, length, StandardCharsets.UTF_8));
        }

        @Override
        public void onClosed(WsConnection c, String reason) {
            closed = reason;
        }
    }
}
