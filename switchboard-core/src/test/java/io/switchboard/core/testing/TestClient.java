package io.switchboard.core.testing;

import io.switchboard.protocol.Command;
import io.switchboard.protocol.ProtocolCodec;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.Reply;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.protocol.codec.Codecs;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A real WebSocket client for tests (the JDK's {@code java.net.http.WebSocket}): speaks either
 * subprotocol, collects every server frame, and waits for replies and pushes with timeouts.
 */
public final class TestClient implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final WebSocket ws;
    private final ProtocolCodec codec;
    private final LinkedBlockingQueue<ServerFrame> frames = new LinkedBlockingQueue<>();
    private final List<ServerFrame> seen = new ArrayList<>();
    private final CompletableFuture<int[]> closed = new CompletableFuture<>();
    private final StringBuilder closeReason = new StringBuilder();
    private final AtomicLong ids = new AtomicLong();
    private volatile Throwable decodeError;

    private TestClient(WebSocket ws, ProtocolCodec codec, Listener listener) {
        this.ws = ws;
        this.codec = codec;
        listener.client = this;
    }

    /** Connects with the token in {@code Authorization: Bearer}, asking for {@code codec}'s subprotocol. */
    public static TestClient connect(int port, String token, ProtocolCodec codec) {
        return connect(URI.create("ws://127.0.0.1:" + port + "/ws"), token, codec, Map.of());
    }

    public static TestClient connect(URI uri, String token, ProtocolCodec codec, Map<String, String> headers) {
        Listener listener = new Listener(codec);
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        headers.forEach(b::header);
        if (codec != null) {
            b.subprotocols(codec.subprotocol());
        }
        try {
            WebSocket ws = b.buildAsync(uri, listener).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            TestClient client = new TestClient(ws, codec == null ? Codecs.JSON : codec, listener);
            listener.ready.complete(client);
            return client;
        } catch (ExecutionException e) {
            throw new HandshakeRefused(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Connects expecting a refusal; returns the HTTP status and body. */
    public static HandshakeRefused refused(int port, String token, Map<String, String> headers) {
        try {
            connect(URI.create("ws://127.0.0.1:" + port + "/ws"), token, Codecs.JSON, headers).close();
        } catch (HandshakeRefused e) {
            return e;
        }
        throw new AssertionError("handshake was accepted");
    }

    public ProtocolCodec codec() {
        return codec;
    }

    public long nextId() {
        return ids.incrementAndGet();
    }

    public void send(Command command) {
        sendRaw(codec.encodeCommand(command));
    }

    /** Sends raw bytes as a text or binary frame according to the codec. */
    public void sendRaw(byte[] bytes) {
        if (codec.binary()) {
            ws.sendBinary(ByteBuffer.wrap(bytes), true).join();
        } else {
            ws.sendText(new String(bytes, StandardCharsets.UTF_8), true).join();
        }
    }

    public void sendText(String text) {
        ws.sendText(text, true).join();
    }

    public void sendBinary(byte[] bytes) {
        ws.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /** Sends {@code command} and waits for its reply (other frames stay available). */
    public Reply call(Command command) {
        send(command);
        return awaitReply(command.id());
    }

    public Reply awaitReply(long id) {
        ServerFrame f = await(frame -> frame instanceof ServerFrame.ReplyFrame r && r.reply().id() == id);
        return ((ServerFrame.ReplyFrame) f).reply();
    }

    @SuppressWarnings("unchecked")
    public <P extends Push> P awaitPush(Class<P> type) {
        return awaitPush(type, p -> true);
    }

    @SuppressWarnings("unchecked")
    public <P extends Push> P awaitPush(Class<P> type, Predicate<P> filter) {
        ServerFrame f = await(frame -> frame instanceof ServerFrame.PushFrame p && type.isInstance(p.push())
                && filter.test((P) p.push()));
        return (P) ((ServerFrame.PushFrame) f).push();
    }

    /** Waits for the first not-yet-consumed frame matching {@code match}; earlier non-matching frames stay queued. */
    public synchronized ServerFrame await(Predicate<ServerFrame> match) {
        for (int i = 0; i < seen.size(); i++) {
            if (match.test(seen.get(i))) {
                return seen.remove(i);
            }
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                ServerFrame f = left > 0 ? frames.poll(left, TimeUnit.NANOSECONDS) : null;
                if (f == null) {
                    throw new AssertionError("no matching frame within " + TIMEOUT + "; unmatched: " + seen
                            + (decodeError != null ? "; decode error: " + decodeError : "")
                            + (closed.isDone() ? "; closed " + closed.join()[0] + " " + closeReason : ""));
                }
                if (match.test(f)) {
                    return f;
                }
                seen.add(f);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Frames received so far and not consumed by an await. */
    public synchronized List<ServerFrame> drain() {
        frames.drainTo(seen);
        List<ServerFrame> out = new ArrayList<>(seen);
        seen.clear();
        return out;
    }

    /** Waits for the server's close frame (or the connection to drop); returns the close code. */
    public int awaitClose() {
        try {
            return closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)[0];
        } catch (Exception e) {
            throw new AssertionError("connection not closed within " + TIMEOUT, e);
        }
    }

    public String closeReason() {
        return closeReason.toString();
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    public WebSocket webSocket() {
        return ws;
    }

    @Override
    public void close() {
        if (!ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        ws.abort();
    }

    /** The server refused the upgrade with an HTTP status. */
    public static final class HandshakeRefused extends RuntimeException {
        public HandshakeRefused(Throwable cause) {
            super(cause);
        }

        public int status() {
            return getCause() instanceof WebSocketHandshakeException h ? h.getResponse().statusCode() : -1;
        }

        public String body() {
            return getCause() instanceof WebSocketHandshakeException h && h.getResponse().body() != null
                    ? h.getResponse().body().toString() : "";
        }

        public String header(String name) {
            return getCause() instanceof WebSocketHandshakeException h
                    ? h.getResponse().headers().firstValue(name).orElse(null) : null;
        }
    }

    private static final class Listener implements WebSocket.Listener {
        private final ProtocolCodec codec;
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        final CompletableFuture<TestClient> ready = new CompletableFuture<>();
        volatile TestClient client;

        Listener(ProtocolCodec codec) {
            this.codec = codec == null ? Codecs.JSON : codec;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            byte[] bytes = data.toString().getBytes(StandardCharsets.UTF_8);
            return onData(webSocket, bytes, last);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            return onData(webSocket, bytes, last);
        }

        private CompletionStage<?> onData(WebSocket webSocket, byte[] bytes, boolean last) {
            partial.writeBytes(bytes);
            if (last) {
                byte[] message = partial.toByteArray();
                partial.reset();
                ready.thenAccept(c -> {
                    try {
                        c.frames.add(codec.decodeServerFrame(message));
                    } catch (ProtocolException e) {
                        c.decodeError = e;
                    }
                });
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            ready.thenAccept(c -> {
                c.closeReason.append(reason);
                c.closed.complete(new int[]{statusCode});
            });
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            ready.thenAccept(c -> c.closed.complete(new int[]{1006}));
        }
    }
}
