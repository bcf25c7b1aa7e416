package io.switchboard.client;

import com.google.protobuf.CodedOutputStream;
import io.switchboard.protocol.ClientErrorCode;
import io.switchboard.protocol.Payload;
import io.switchboard.protocol.ProtocolCodec;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.codec.Codecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Push types from a newer server are ignored, as docs/protocol.md asks ("Pushes"): no error event, and
 * the pushes around them are handled as usual. A broken push is still reported.
 */
@Timeout(30)
class UnknownPushTest {

    private static final Push CONNECTED = new Push.Connected("c-1", "kim", "fake", 25, 0);

    @Test
    void jsonPushOfAnUnknownTypeIsIgnored() throws Exception {
        ProtocolCodec json = Codecs.JSON;
        List<byte[]> frames = List.of(
                json.encodePush(CONNECTED),
                utf8("{\"push\":\"typing\",\"channel\":\"chat:lobby\",\"user\":\"bob\"}"),
                json.encodePush(new Push.Message(Payload.ofJson("{\"n\":1}"), null)));
        try (ScriptedServer server = new ScriptedServer(json, frames);
             SwitchboardClient c = new SwitchboardClient(Nodes.uri(server.port()), Nodes.fast("user=kim").build())) {
            ClientEvents events = new ClientEvents();
            c.addListener(events);
            c.connect();

            await().until(() -> events.messages.size() == 1);
            assertThat(events.messages.get(0).data()).isEqualTo(Payload.ofJson("{\"n\":1}"));
            assertThat(events.errors).isEmpty();
            assertThat(c.state()).isEqualTo(ClientState.CONNECTED);
        }
    }

    @Test
    void protobufPushOfAnUnknownKindIsIgnored() throws Exception {
        ProtocolCodec proto = Codecs.PROTOBUF;
        List<byte[]> frames = List.of(
                proto.encodePush(CONNECTED),
                protobufPushWithField(12),
                proto.encodePush(new Push.Message(Payload.ofJson("2"), "bob")));
        try (ScriptedServer server = new ScriptedServer(proto, frames);
             SwitchboardClient c = new SwitchboardClient(Nodes.uri(server.port()),
                     Nodes.fast("user=kim").codec(proto).build())) {
            ClientEvents events = new ClientEvents();
            c.addListener(events);
            c.connect();

            await().until(() -> events.messages.size() == 1);
            assertThat(events.messages.get(0).from()).isEqualTo("bob");
            assertThat(events.errors).isEmpty();
            assertThat(c.state()).isEqualTo(ClientState.CONNECTED);
        }
    }

    @Test
    void aBrokenPushIsStillReported() throws Exception {
        ProtocolCodec json = Codecs.JSON;
        List<byte[]> frames = List.of(
                json.encodePush(CONNECTED),
                utf8("{\"push\":7}"),
                json.encodePush(new Push.Message(Payload.ofJson("3"), null)));
        try (ScriptedServer server = new ScriptedServer(json, frames);
             SwitchboardClient c = new SwitchboardClient(Nodes.uri(server.port()), Nodes.fast("user=kim").build())) {
            ClientEvents events = new ClientEvents();
            c.addListener(events);
            c.connect();

            await().until(() -> events.messages.size() == 1 && !events.errors.isEmpty());
            assertThat(events.errors).singleElement()
                    .satisfies(e -> assertThat(e.clientCode()).contains(ClientErrorCode.BAD_SERVER_FRAME));
        }
    }

    /** A ServerMessage holding a Push whose only field is {@code number}, a kind this schema lacks. */
    private static byte[] protobufPushWithField(int number) throws IOException {
        ByteArrayOutputStream push = new ByteArrayOutputStream();
        CodedOutputStream p = CodedOutputStream.newInstance(push);
        p.writeString(number, "from the future");
        p.flush();
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        CodedOutputStream m = CodedOutputStream.newInstance(message);
        m.writeByteArray(2, push.toByteArray());
        m.flush();
        return message.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A one-connection WebSocket server that accepts the upgrade with the codec's subprotocol, sends the
     * given frames, then reads (and drops) whatever the client sends until it goes away.
     */
    private static final class ScriptedServer implements AutoCloseable {

        private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

        private final ServerSocket server;
        private final ProtocolCodec codec;
        private final List<byte[]> frames;

        ScriptedServer(ProtocolCodec codec, List<byte[]> frames) throws IOException {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            this.codec = codec;
            this.frames = frames;
            Thread t = new Thread(this::serve, "scripted-ws-" + server.getLocalPort());
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve() {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                String key = null;
                for (String line : readHeaders(in).split("\r\n")) {
                    int colon = line.indexOf(':');
                    if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-key")) {
                        key = line.substring(colon + 1).trim();
                    }
                }
                String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                        .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
                out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + accept + "\r\n"
                        + "Sec-WebSocket-Protocol: " + codec.subprotocol() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                for (byte[] frame : frames) {
                    writeFrame(out, codec.binary() ? 0x2 : 0x1, frame);
                }
                out.flush();
                byte[] sink = new byte[4096];
                while (in.read(sink) >= 0) {
                    // the client's pings and close frame: not answered
                }
            } catch (Exception e) {
                // the test is over
            }
        }

        private static void writeFrame(OutputStream out, int opcode, byte[] payload) throws IOException {
            out.write(0x80 | opcode); // FIN, unmasked (server to client)
            if (payload.length < 126) {
                out.write(payload.length);
            } else {
                out.write(126);
                out.write(payload.length >>> 8);
                out.write(payload.length & 0xff);
            }
            out.write(payload);
        }

        private static String readHeaders(InputStream in) throws IOException {
            StringBuilder sb = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0) {
                sb.append((char) b);
                if (sb.length() >= 4 && sb.substring(sb.length() - 4).equals("\r\n\r\n")) {
                    break;
                }
            }
            return sb.toString();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
