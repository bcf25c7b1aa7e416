package io.switchboard.client;

import io.switchboard.protocol.ProtocolCodec;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.ServerFrame;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One WebSocket (the JDK's {@code java.net.http.WebSocket}): opens it, reassembles and decodes inbound
 * messages, serialises outbound ones (the JDK allows one outstanding send at a time), and reports what
 * the peer or the network did. It decides nothing: the {@link Handler} does.
 *
 * <p>Handler methods are called on the JDK's threads, one at a time. {@link Handler#onClosed} is called
 * at most once, and never after this side called {@link #close} or {@link #abort}.
 */
final class Connection {

    /** How long a closing handshake started here may take before the TCP connection is cut. */
    private static final long CLOSE_GRACE_MS = 1_000;

    interface Handler {
        /** One decoded frame. */
        void onFrame(Connection c, ServerFrame frame);

        /** A message that is not a valid server frame (e.g. a push type this client does not know). */
        void onUndecodable(Connection c, ProtocolException error);

        /**
         * The connection ended or never opened. {@code code} is the close frame's code, or 1006 when
         * there was none; {@code error} is set when it failed (handshake refused, I/O error).
         */
        void onClosed(Connection c, int code, String reason, Throwable error);
    }

    private final ProtocolCodec codec;
    private final Handler handler;
    private final ScheduledExecutorService timers;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final ArrayDeque<byte[]> outbound = new ArrayDeque<>();
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private volatile long lastReceivedNanos = System.nanoTime();
    private volatile boolean opened;
    private WebSocket ws;          // guarded by this
    private boolean sending;       // guarded by this
    private boolean closedHere;    // guarded by this

    Connection(ProtocolCodec codec, Handler handler, ScheduledExecutorService timers) {
        this.codec = codec;
        this.handler = handler;
        this.timers = timers;
    }

    /** Starts the opening handshake; the outcome arrives through the handler. */
    void open(HttpClient http, URI uri, String token, Duration connectTimeout) {
        WebSocket.Builder b = http.newWebSocketBuilder()
                .connectTimeout(connectTimeout)
                .subprotocols(codec.subprotocol());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        CompletableFuture<WebSocket> f;
        try {
            f = b.buildAsync(uri, new Listener());
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((socket, error) -> {
            if (error != null) {
                finish(1006, "connect failed", unwrap(error));
                return;
            }
            boolean abandoned;
            synchronized (this) {
                abandoned = closedHere;
                ws = socket;
            }
            if (abandoned) {
                socket.abort(); // given up on (timeout, disconnect) while the handshake was still running
            } else {
                opened = true;
                pump();
            }
        });
    }

    /** Whether the opening handshake completed. */
    boolean opened() {
        return opened;
    }

    /** When the last frame of any kind (including pings and pongs) arrived, in {@link System#nanoTime()} terms. */
    long lastReceivedNanos() {
        return lastReceivedNanos;
    }

    ProtocolCodec codec() {
        return codec;
    }

    /** Queues one command frame; frames go out in order. Ignored once closed. */
    void send(byte[] frame) {
        synchronized (this) {
            if (closedHere) {
                return;
            }
            outbound.add(frame);
        }
        pump();
    }

    /** Starts the closing handshake and cuts the connection if it does not finish soon. */
    void close(int code, String reason) {
        WebSocket socket;
        synchronized (this) {
            if (closedHere) {
                return;
            }
            closedHere = true;
            outbound.clear();
            socket = ws;
        }
        finished.set(true);
        if (socket == null) {
            return; // the handshake completion will abort it
        }
        try {
            socket.sendClose(code, reason); // the JDK closes TCP once the peer's close frame arrives
        } catch (RuntimeException e) {
            socket.abort();
            return;
        }
        timers.schedule(socket::abort, CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
    }

    /** Cuts the connection now, without a closing handshake (e.g. the heartbeat found it dead). */
    void abort() {
        WebSocket socket;
        synchronized (this) {
            closedHere = true;
            outbound.clear();
            socket = ws;
        }
        finished.set(true);
        if (socket != null) {
            socket.abort();
        }
    }

    private void pump() {
        while (true) {
            WebSocket socket;
            byte[] frame;
            synchronized (this) {
                if (sending || ws == null || closedHere || outbound.isEmpty()) {
                    return;
                }
                sending = true;
                socket = ws;
                frame = outbound.poll();
            }
            CompletableFuture<WebSocket> sent;
            try {
                sent = codec.binary()
                        ? socket.sendBinary(ByteBuffer.wrap(frame), true)
                        : socket.sendText(new String(frame, StandardCharsets.UTF_8), true);
            } catch (RuntimeException e) {
                sent = CompletableFuture.failedFuture(e);
            }
            if (sent.isDone() && !sent.isCompletedExceptionally()) {
                synchronized (this) {
                    sending = false;
                }
                continue; // written already: loop instead of recursing
            }
            sent.whenComplete((w, error) -> {
                synchronized (this) {
                    sending = false;
                }
                if (error != null) {
                    socket.abort();
                    finish(1006, "send failed", unwrap(error));
                } else {
                    pump();
                }
            });
            return;
        }
    }

    private void finish(int code, String reason, Throwable error) {
        synchronized (this) {
            closedHere = true;
            outbound.clear();
        }
        if (finished.compareAndSet(false, true)) {
            handler.onClosed(this, code, reason, error);
        }
    }

    private void received(byte[] message) {
        ServerFrame frame;
        try {
            frame = codec.decodeServerFrame(message);
        } catch (ProtocolException e) {
            handler.onUndecodable(this, e);
            return;
        }
        handler.onFrame(this, frame);
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The JDK calls these one at a time per WebSocket. */
    private final class Listener implements WebSocket.Listener {

        @Override
        public void onOpen(WebSocket webSocket) {
            lastReceivedNanos = System.nanoTime();
            synchronized (Connection.this) {
                ws = webSocket; // frames may arrive before buildAsync's future completes
            }
            opened = true;
            webSocket.request(1);
            pump();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            lastReceivedNanos = System.nanoTime();
            text.append(data);
            if (last) {
                byte[] message = text.toString().getBytes(StandardCharsets.UTF_8);
                text.setLength(0);
                received(message);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            lastReceivedNanos = System.nanoTime();
            byte[] part = new byte[data.remaining()];
            data.get(part);
            binary.writeBytes(part);
            if (last) {
                byte[] message = binary.toByteArray();
                binary.reset();
                received(message);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            lastReceivedNanos = System.nanoTime(); // the JDK answers with a pong by itself
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            lastReceivedNanos = System.nanoTime();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            lastReceivedNanos = System.nanoTime();
            finish(statusCode, reason, null); // returning null lets the JDK echo the close frame
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            finish(1006, String.valueOf(error.getMessage()), error);
        }
    }
}
