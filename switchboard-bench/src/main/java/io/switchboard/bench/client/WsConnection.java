package io.switchboard.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A lean WebSocket client connection for load generation: writes the RFC 6455 upgrade by hand,
 * parses server frames in place (no frame objects, no copies, no UTF-8 validation) and hands each
 * complete text message to its {@link Dialect}. Outbound frames are masked as RFC 6455 requires.
 * Everything runs on the connection's event loop.
 */
public final class WsConnection extends ChannelInboundHandlerAdapter {

    /** What the role (publisher, subscriber, ...) of a connection is told. */
    public interface Listener {
        /** The session is usable (upgrade done and, for dialects that need it, the session opened). */
        default void onReady(WsConnection c) {
        }

        /** A reply to command {@code id}. */
        default void onReply(WsConnection c, long id, boolean error) {
        }

        /** A publication; {@code buf[index, index+length)} holds the frame (or the data part of it). */
        default void onPublication(WsConnection c, ByteBuf buf, int index, int length) {
        }

        default void onClosed(WsConnection c, String reason) {
        }
    }

    private static final byte[] CRLFCRLF = {'\r', '\n', '\r', '\n'};
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private final Dialect dialect;
    private final String host;
    private final String path;
    private final String token;
    private final long handshakeTimeoutMs;
    private final CompletableFuture<WsConnection> ready = new CompletableFuture<>();
    private Listener listener;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> handshakeTimer;
    private ByteBuf cumulation;
    private ByteBuf fragments;
    private boolean upgraded;
    private boolean sessionReady;
    private boolean closed;
    private long startedNanos;
    private long upgradedNanos;
    private int httpStatus;
    /** Free slot for the role that owns this connection (e.g. its index). */
    public int index;

    public WsConnection(Dialect dialect, String host, String path, String token, long handshakeTimeoutMs,
                        Listener listener) {
        this.dialect = dialect;
        this.host = host;
        this.path = path;
        this.token = token;
        this.handshakeTimeoutMs = handshakeTimeoutMs;
        this.listener = listener;
    }

    /** Completes when the session is ready; fails on refusal, error or timeout. */
    public CompletableFuture<WsConnection> ready() {
        return ready;
    }

    public void listener(Listener l) {
        this.listener = l;
    }

    public long startedNanos() {
        return startedNanos;
    }

    public long upgradedNanos() {
        return upgradedNanos;
    }

    /** The HTTP status of the upgrade answer (101 when accepted), 0 before it arrived. */
    public int httpStatus() {
        return httpStatus;
    }

    public Channel channel() {
        return ctx.channel();
    }

    public boolean isOpen() {
        return !closed && ctx != null && ctx.channel().isActive();
    }

    public String token() {
        return token;
    }

    void markStarted() {
        startedNanos = System.nanoTime();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        ctx.writeAndFlush(ctx.alloc().buffer(request.length()).writeBytes(request.getBytes(StandardCharsets.US_ASCII)));
        handshakeTimer = ctx.executor().schedule(() -> fail("handshake timeout"), handshakeTimeoutMs,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        cumulation = cumulation == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), cumulation, in);
        try {
            if (!upgraded && !readUpgrade()) {
                return;
            }
            readFrames();
        } finally {
            if (cumulation != null) {
                if (!cumulation.isReadable()) {
                    cumulation.release();
                    cumulation = null;
                } else {
                    cumulation.discardSomeReadBytes();
                }
            }
        }
    }

    private boolean readUpgrade() {
        int end = indexOf(cumulation, CRLFCRLF);
        if (end < 0) {
            if (cumulation.readableBytes() > 16 * 1024) {
                fail("upgrade response too large");
            }
            return false;
        }
        String head = cumulation.toString(cumulation.readerIndex(), end - cumulation.readerIndex(), StandardCharsets.ISO_8859_1);
        cumulation.readerIndex(end + 4);
        int sp = head.indexOf(' ');
        try {
            httpStatus = Integer.parseInt(head.substring(sp + 1, sp + 4));
        } catch (RuntimeException e) {
            httpStatus = -1;
        }
        if (httpStatus != 101) {
            fail("HTTP " + httpStatus);
            return false;
        }
        upgraded = true;
        upgradedNanos = System.nanoTime();
        dialect.onUpgraded(this);
        return true;
    }

    private void readFrames() {
        ByteBuf b = cumulation;
        while (!closed && b.readableBytes() >= 2) {
            int r = b.readerIndex();
            int b0 = b.getUnsignedByte(r);
            int b1 = b.getUnsignedByte(r + 1);
            int len7 = b1 & 0x7F;
            boolean masked = (b1 & 0x80) != 0;
            int header = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + (masked ? 4 : 0);
            if (b.readableBytes() < header) {
                return;
            }
            long len = len7 == 126 ? b.getUnsignedShort(r + 2) : len7 == 127 ? b.getLong(r + 2) : len7;
            if (len > 64L * 1024 * 1024 || masked) {
                fail(masked ? "masked server frame" : "frame too large");
                return;
            }
            if (b.readableBytes() < header + len) {
                return;
            }
            int payload = r + header;
            int n = (int) len;
            b.readerIndex(payload + n);
            onFrame((b0 & 0x80) != 0, b0 & 0x0F, b, payload, n);
        }
    }

    private void onFrame(boolean fin, int opcode, ByteBuf b, int index, int length) {
        switch (opcode) {
            case 0x0 -> { // continuation
                if (fragments == null) {
                    fail("unexpected continuation");
                    return;
                }
                fragments.writeBytes(b, index, length);
                if (fin) {
                    ByteBuf whole = fragments;
                    fragments = null;
                    try {
                        dialect.onMessage(this, whole, whole.readerIndex(), whole.readableBytes());
                    } finally {
                        whole.release();
                    }
                }
            }
            case 0x1, 0x2 -> {
                if (fin) {
                    dialect.onMessage(this, b, index, length);
                } else {
                    fragments = ctx.alloc().heapBuffer(length * 2);
                    fragments.writeBytes(b, index, length);
                }
            }
            case 0x9 -> writeFrame(0xA, b, index, length, true); // ping -> pong
            case 0xA -> { }
            case 0x8 -> {
                int code = length >= 2 ? b.getUnsignedShort(index) : 1005;
                String reason = length > 2 ? b.toString(index + 2, length - 2, StandardCharsets.UTF_8) : "";
                writeFrame(0x8, b, index, Math.min(length, 2), true);
                closeWith("close " + code + (reason.isEmpty() ? "" : " " + reason));
            }
            default -> fail("unknown opcode " + opcode);
        }
    }

    /** Called by the dialect when the session can take commands. */
    void sessionReady() {
        if (sessionReady) {
            return;
        }
        sessionReady = true;
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
        }
        listener.onReady(this);
        ready.complete(this);
    }

    public Listener listenerRef() {
        return listener;
    }

    /** Queues a text message (not flushed). */
    public void write(byte[] utf8) {
        if (closed) {
            return;
        }
        ByteBuf frame = frame(ctx.alloc(), 0x1, utf8, 0, utf8.length);
        ctx.write(frame, ctx.voidPromise());
    }

    public void write(String text) {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    public void flush() {
        ctx.flush();
    }

    public void send(String text) {
        write(text);
        flush();
    }

    private void writeFrame(int opcode, ByteBuf src, int index, int length, boolean flush) {
        byte[] copy = new byte[length];
        src.getBytes(index, copy);
        ctx.write(frame(ctx.alloc(), opcode, copy, 0, length), ctx.voidPromise());
        if (flush) {
            ctx.flush();
        }
    }

    static ByteBuf frame(ByteBufAllocator alloc, int opcode, byte[] payload, int off, int len) {
        int header = 2 + (len < 126 ? 0 : len <= 0xFFFF ? 2 : 8) + 4;
        ByteBuf buf = alloc.buffer(header + len);
        buf.writeByte(0x80 | opcode);
        if (len < 126) {
            buf.writeByte(0x80 | len);
        } else if (len <= 0xFFFF) {
            buf.writeByte(0x80 | 126);
            buf.writeShort(len);
        } else {
            buf.writeByte(0x80 | 127);
            buf.writeLong(len);
        }
        int mask = ThreadLocalRandom.current().nextInt();
        buf.writeInt(mask);
        byte[] out = new byte[len];
        for (int i = 0; i < len; i++) {
            out[i] = (byte) (payload[off + i] ^ (mask >>> (24 - 8 * (i & 3))));
        }
        buf.writeBytes(out);
        return buf;
    }

    /** Sends a close frame (1000) and closes the TCP connection. */
    public void close() {
        if (ctx == null) {
            return;
        }
        ctx.executor().execute(() -> {
            if (!closed && upgraded && ctx.channel().isActive()) {
                byte[] code = {0x03, (byte) 0xE8};
                ctx.writeAndFlush(frame(ctx.alloc(), 0x8, code, 0, 2));
            }
            closeWith("closed by generator");
        });
    }

    /** Fails the handshake (if still pending) and closes. */
    public void fail(String reason) {
        closeWith(reason);
    }

    private void closeWith(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
        }
        if (!ready.isDone()) {
            ready.completeExceptionally(new HandshakeException(reason, httpStatus));
        } else {
            listener.onClosed(this, reason);
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closeWith("connection closed by server");
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
        if (fragments != null) {
            fragments.release();
            fragments = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        closeWith(cause.toString());
    }

    static int indexOf(ByteBuf buf, byte[] needle) {
        int end = buf.writerIndex() - needle.length;
        outer:
        for (int i = buf.readerIndex(); i <= end; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buf.getByte(i + j) != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A refused or failed connection attempt. */
    public static final class HandshakeException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        HandshakeException(String reason, int status) {
            super(reason, null, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
