package io.switchboard.core.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.unix.IovArray;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import io.switchboard.core.hub.Transport;
import io.switchboard.core.transport.WebSocketEndpoint.FrameListener;
import io.switchboard.protocol.DisconnectCode;
import io.switchboard.protocol.ProtocolCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one handler of an upgraded connection. It is Netty's RFC 6455 frame decoder, extended to consume
 * the frames it decodes: reassembles fragmented messages, validates UTF-8 text, answers pings, runs
 * the closing handshake, the heartbeat and the idle timeout (driven by its loop's
 * {@link ConnectionSweeper}), and is the session's {@link Transport}. Everything outbound is already
 * framed bytes, so there is no encoder, and with no other handler in the pipeline a write goes from
 * here straight to the socket: a fan-out delivery touches no other handler's memory. Everything here
 * runs on the connection's event loop.
 */
final class WebSocketConnection extends WebSocket13FrameDecoder implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketConnection.class);
    /** How long the peer has to answer our close frame before the TCP connection is cut anyway. */
    private static final long CLOSE_GRACE_MS = 1_000;
    private static final int ABNORMAL_CLOSURE = 1006;
    private static final String INVALID_UTF8 = "invalid UTF-8 in a text message";
    /** Shared frames held for one flush at most; beyond, the held ones go to Netty's buffer first. */
    static final int MAX_HELD = 16;
    /** Held frames spill to Netty copied together when none is larger than this (see spillHeld). */
    static final int MAX_COPIED_FRAME = 1024;

    private final WebSocketEndpoint endpoint;
    /** Gives back what the admission took (the connection slot); the admission itself is not kept. */
    private final Runnable onClose;
    private final ProtocolCodec codec;
    private final ConnectionSweeper sweeper;
    private final ConnectionSettings settings;
    private ChannelHandlerContext ctx;
    /** Writes and flushes go here directly (see {@link #write}). */
    private Channel.Unsafe unsafe;
    /** The socket, for {@link #writeNow}; null where the transport has none to offer (NIO). */
    private Socket socket;
    /** The channel's outbound buffer (set with {@link #socket}), kept to spare a hop through the unsafe. */
    private ChannelOutboundBuffer outbound;
    /**
     * Shared frames written since the last flush, each retained (see {@link #writeShared}); they come
     * after everything in Netty's buffer and before anything written after them. Null until needed.
     */
    private ByteBuf[] held;
    private int heldCount;
    /**
     * False only when Netty's outbound buffer was seen empty and nothing was handed to Netty since: the
     * direct paths then need not read that buffer (one cache miss fewer per recipient of a fan-out).
     */
    private boolean nettyMayHold = true;
    private long messagesOut;
    private FrameListener listener;
    /** This connection's index in its sweeper; -1 when not registered. */
    int sweeperSlot = -1;
    private long lastRead;
    private long lastWrite;
    private long lastPing;
    private boolean closing;
    private int closeCode = ABNORMAL_CLOSURE;
    /** A fragmented message being reassembled (null between messages). */
    private byte[] partial;
    private int partialLength;
    private boolean partialBinary;
    private Utf8Validator partialUtf8;

    /**
     * What every connection of a server shares.
     *
     * @param decoder frame limits; must not close on protocol violations (the connection answers them,
     *                with bytes, in {@link #exceptionCaught}); its frame limit is also the message limit
     */
    record ConnectionSettings(WebSocketDecoderConfig decoder, long heartbeatNanos, long idleNanos) {
        int maxMessageSize() {
            return decoder.maxFramePayloadLength();
        }
    }

    WebSocketConnection(ConnectionSettings settings, WebSocketEndpoint endpoint,
                        Runnable onClose, ProtocolCodec codec, ConnectionSweeper sweeper) {
        super(settings.decoder());
        this.endpoint = endpoint;
        this.onClose = onClose;
        this.codec = codec;
        this.sweeper = sweeper;
        this.settings = settings;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.unsafe = ctx.channel().unsafe();
        if (ctx.channel() instanceof UnixChannel unix && unix.fd() instanceof Socket s) {
            this.socket = s;
            this.outbound = unsafe.outboundBuffer();
        }
    }

    /**
     * Sends the upgrade response and opens the session, whose greeting leaves in the same flush. Called
     * once the pipeline is complete, with the admission whose {@code onClose} this connection was made with.
     */
    void start(ByteBuf upgradeResponse, WebSocketEndpoint.Admission.Accepted admission) {
        ctx.write(upgradeResponse, ctx.voidPromise());
        sweeper.register(this);
        lastRead = lastWrite = lastPing = sweeper.now();
        listener = endpoint.open(this, admission);
        ctx.flush();
    }

    /** Decodes frames as Netty's decoder does, then handles them here instead of passing them on. */
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        super.decode(ctx, in, out);
        for (int i = 0; i < out.size(); i++) {
            onFrame(out.get(i));
        }
        out.clear();
    }

    private void onFrame(Object msg) {
        try {
            if (listener == null) {
                return; // bytes sent before the upgrade response; RFC 6455 4.1 forbids them
            }
            if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame
                    || msg instanceof ContinuationWebSocketFrame) {
                onDataFrame((WebSocketFrame) msg);
            } else if (msg instanceof PingWebSocketFrame ping) {
                if (!closing) {
                    writeControl(ControlFrames.pong(ctx.alloc(), ping.content()));
                    ctx.flush();
                }
            } else if (msg instanceof CloseWebSocketFrame close) {
                onCloseFrame(close);
            }
            // Pong frames only prove liveness, which channelReadComplete already recorded.
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        lastRead = sweeper.now(); // any bytes count as liveness, even part of a frame
        super.channelReadComplete(ctx);
    }

    /**
     * Text, binary and continuation frames. The decoder already enforces the order of fragments and the
     * size of each frame; this enforces the size of the whole message and UTF-8 across fragments.
     */
    private void onDataFrame(WebSocketFrame frame) {
        if (closing) {
            return;
        }
        ByteBuf content = frame.content();
        boolean first = !(frame instanceof ContinuationWebSocketFrame);
        if (first && frame.isFinalFragment()) { // the common case: one frame, one message
            byte[] data = ByteBufUtil.getBytes(content);
            boolean binary = frame instanceof BinaryWebSocketFrame;
            if (!binary && !Utf8Validator.isValid(data)) {
                fail(DisconnectCode.INVALID_PAYLOAD.code(), INVALID_UTF8);
                return;
            }
            listener.onMessage(data, binary);
            return;
        }
        if (first) {
            partialBinary = frame instanceof BinaryWebSocketFrame;
            partialUtf8 = partialBinary ? null : new Utf8Validator();
            partial = new byte[Math.max(256, content.readableBytes() * 2)];
            partialLength = 0;
        }
        int length = content.readableBytes();
        if ((long) partialLength + length > settings.maxMessageSize()) {
            fail(DisconnectCode.MESSAGE_TOO_BIG.code(), DisconnectCode.MESSAGE_TOO_BIG.reason());
            return;
        }
        if (partialLength + length > partial.length) {
            partial = Arrays.copyOf(partial, Math.min(settings.maxMessageSize(),
                    Math.max(partial.length * 2, partialLength + length)));
        }
        content.getBytes(content.readerIndex(), partial, partialLength, length);
        int from = partialLength;
        partialLength += length;
        if (partialUtf8 != null && !partialUtf8.update(partial, from, partialLength)) {
            fail(DisconnectCode.INVALID_PAYLOAD.code(), INVALID_UTF8);
            return;
        }
        if (frame.isFinalFragment()) {
            if (partialUtf8 != null && !partialUtf8.complete()) {
                fail(DisconnectCode.INVALID_PAYLOAD.code(), INVALID_UTF8);
                return;
            }
            byte[] data = Arrays.copyOf(partial, partialLength);
            boolean binary = partialBinary;
            partial = null;
            partialUtf8 = null;
            listener.onMessage(data, binary);
        }
    }

    /** The peer started (or answered) the closing handshake. The decoder has validated the code and reason. */
    private void onCloseFrame(CloseWebSocketFrame close) {
        if (closing) {
            ctx.close();
            return;
        }
        closing = true;
        int code = close.content().readableBytes() >= 2 ? close.statusCode() : -1;
        closeCode = code > 0 ? code : DisconnectCode.NORMAL.code();
        spillHeld();
        ctx.writeAndFlush(ControlFrames.close(ctx.alloc(), code, null)).addListener(ChannelFutureListener.CLOSE);
    }

    /** Fails the connection (RFC 6455 7.1.7): a close frame with {@code code}, then the TCP close, without waiting. */
    private void fail(int code, String reason) {
        partial = null;
        partialUtf8 = null;
        if (closing) {
            ctx.close();
            return;
        }
        closing = true;
        closeCode = code;
        spillHeld();
        ctx.writeAndFlush(ControlFrames.close(ctx.alloc(), code, reason)).addListener(ChannelFutureListener.CLOSE);
    }

    /** Called by the sweeper about once per tick. */
    void onTick(long now) {
        if (closing || listener == null) {
            return;
        }
        if (now - lastRead >= settings.idleNanos()) {
            lastRead = now; // once per idle period, like an idle-state event
            listener.onIdle();
            return;
        }
        // Ping when either side has been quiet for an interval: a quiet outbound side tells the client
        // we are alive; a quiet inbound side gives a client that only listens something to answer, so
        // that its pong keeps it inside the idle timeout while we write to it all the time.
        long heartbeat = settings.heartbeatNanos();
        if ((now - lastWrite >= heartbeat || now - lastRead >= heartbeat) && now - lastPing >= heartbeat) {
            lastPing = now;
            writeControl(ControlFrames.ping(ctx.alloc()));
            ctx.flush();
        }
        listener.onTick();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException corrupted) {
            // The decoder found a protocol violation (it now discards the rest of the input).
            fail(corrupted.closeStatus().code(), corrupted.getMessage());
        } else if (cause instanceof TooLongFrameException) {
            fail(DisconnectCode.MESSAGE_TOO_BIG.code(), DisconnectCode.MESSAGE_TOO_BIG.reason());
        } else {
            LOG.debug("connection from {} failed: {}", remoteIp(), cause.toString());
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        try {
            super.channelInactive(ctx); // the decoder's last bytes first
        } finally {
            sweeper.unregister(this);
            releaseHeld();
            partial = null;
            try {
                if (listener != null) {
                    listener.onClosed(closeCode);
                }
            } finally {
                onClose.run();
            }
        }
    }

    /** The handler names of this connection's pipeline (tests pin its shape). */
    java.util.List<String> pipelineNames() {
        return ctx.pipeline().names();
    }

    /** The value of a socket option on this connection's channel (tests pin the options the node relies on). */
    <T> T channelOption(io.netty.channel.ChannelOption<T> option) {
        return ctx.channel().config().getOption(option);
    }

    // ---- Transport ----

    @Override
    public EventExecutor executor() {
        return ctx.executor();
    }

    @Override
    public String remoteIp() {
        // Made when asked (for log lines) from the address Netty keeps anyway: a string per idle
        // connection would cost more than the occasional copy.
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null
                ? a.getAddress().getHostAddress() : "unknown";
    }

    @Override
    public ProtocolCodec codec() {
        return codec;
    }

    @Override
    public void write(ByteBuf framed) {
        messagesOut++;
        writeControl(framed);
    }

    /** {@link #write} without counting a message: pings and pongs. */
    private void writeControl(ByteBuf framed) {
        spillHeld();
        toNetty(framed);
        lastWrite = sweeper.now();
    }

    /**
     * Every write of this connection goes through here, but for {@link #start} (before any direct
     * send: {@link #nettyMayHold} starts true) and the close paths (which end the direct paths). This
     * handler is the only one and it has no outbound side, so a pipeline write would only walk to the
     * head context, which hands the message to the channel's unsafe. Going there directly skips that
     * walk, which a fan-out to 19,000 connections paid in cache misses per recipient.
     */
    private void toNetty(ByteBuf msg) {
        nettyMayHold = true;
        unsafe.write(msg, unsafe.voidPromise());
    }

    @Override
    public void writeShared(ByteBuf framed) {
        if (held == null) {
            held = new ByteBuf[MAX_HELD];
        } else if (heldCount == MAX_HELD) {
            spillHeld();
        }
        messagesOut++;
        held[heldCount++] = framed.retain();
    }

    @Override
    public void flush() {
        if (heldCount > 0 && sendHeld()) {
            return;
        }
        spillHeld();
        unsafe.flush();
    }

    /**
     * A batched fan-out's frames leave with one writev() from here when Netty holds nothing for this
     * connection: queued in Netty's buffer, each would cost an outbound entry and a duplicate of the
     * shared frame (most of the garbage, and so of the GC pauses, of a saturated fan-out). What a
     * partial write leaves goes to Netty, in order. False, having sent nothing, when Netty must do it.
     */
    private boolean sendHeld() {
        if (!socketTakesBytesNow()) {
            return false;
        }
        IovArray iov = sweeper.gatherArray();
        for (int i = 0; i < heldCount; i++) {
            ByteBuf f = held[i];
            if (!f.hasMemoryAddress() || !iov.add(f, f.readerIndex(), f.readableBytes())) {
                return false;
            }
        }
        long sent;
        try {
            sent = socket.writevAddresses(iov.memoryAddress(0), iov.count());
        } catch (IOException e) {
            return false; // Netty's own write meets the same error and closes the channel as it always does
        }
        lastWrite = sweeper.now();
        boolean rest = false;
        for (int i = 0; i < heldCount; i++) {
            ByteBuf f = held[i];
            held[i] = null;
            int length = f.readableBytes();
            if (sent >= length) {
                sent -= length;
                f.release();
            } else {
                // Our reference to the shared frame goes with the view handed to Netty.
                toNetty(f.slice(f.readerIndex() + (int) sent, length - (int) sent));
                sent = 0;
                rest = true;
            }
        }
        heldCount = 0;
        if (rest) {
            unsafe.flush();
        }
        return true;
    }

    /**
     * Hands the held frames to Netty's buffer, in order: several small ones copied into one buffer,
     * otherwise each as a view carrying our reference. Netty holds bytes for a connection that is
     * behind, so under a backlog every flush comes here; a view and an outbound entry per frame were
     * 19 MB of live heap (184,000 of each at 2,000 subscribers x 250/s), which the JVM's first young
     * collections had to copy (50-130 ms pauses). A copy of a small frame costs less than those two
     * objects; large frames stay shared, so that a big broadcast to many slow connections is not
     * held once per connection.
     */
    private void spillHeld() {
        if (heldCount > 1 && allHeldAreSmall()) {
            ByteBuf joined = ctx.alloc().directBuffer(heldBytes());
            for (int i = 0; i < heldCount; i++) {
                ByteBuf f = held[i];
                joined.writeBytes(f, f.readerIndex(), f.readableBytes());
                f.release();
                held[i] = null;
            }
            toNetty(joined);
        } else {
            for (int i = 0; i < heldCount; i++) {
                toNetty(held[i].duplicate());
                held[i] = null;
            }
        }
        heldCount = 0;
    }

    private int heldBytes() {
        int bytes = 0;
        for (int i = 0; i < heldCount; i++) {
            bytes += held[i].readableBytes();
        }
        return bytes;
    }

    private boolean allHeldAreSmall() {
        for (int i = 0; i < heldCount; i++) {
            if (held[i].readableBytes() > MAX_COPIED_FRAME) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether bytes may go to the socket from here: there is one (epoll), the connection is not closing,
     * the socket is open (it is closed on this loop, so its descriptor cannot be reused meanwhile) and
     * Netty holds no bytes for it that would have to leave first.
     */
    private boolean socketTakesBytesNow() {
        if (socket == null || closing || !socket.isOpen()) {
            return false;
        }
        if (nettyMayHold) {
            if (outbound.totalPendingWriteBytes() != 0) {
                return false;
            }
            nettyMayHold = false;
        }
        return true;
    }

    private void releaseHeld() {
        for (int i = 0; i < heldCount; i++) {
            held[i].release();
            held[i] = null;
        }
        heldCount = 0;
    }

    /**
     * A fan-out with nothing to coalesce sends each delivery with one send() from here: Netty's path
     * (duplicate, outbound entry, pending-bytes accounting, flush) touches several more objects per
     * recipient, and at 2,000 recipients per publication each is a cache miss. Only when Netty holds
     * nothing for this connection, so the order of bytes is kept; the unsent rest of a partial send is
     * queued behind nothing and Netty finishes it.
     */
    @Override
    public boolean writeNow(ByteBuf framed) {
        if (heldCount != 0 || !framed.hasMemoryAddress() || !socketTakesBytesNow()) {
            return false;
        }
        int from = framed.readerIndex();
        int length = framed.readableBytes();
        int sent;
        try {
            sent = socket.sendAddress(framed.memoryAddress(), from, from + length);
        } catch (IOException e) {
            return false; // Netty's own write meets the same error and closes the channel as it always does
        }
        lastWrite = sweeper.now();
        messagesOut++;
        if (sent < length) {
            toNetty(framed.retainedSlice(from + sent, length - sent));
            unsafe.flush();
        }
        return true;
    }

    @Override
    public long messagesOut() {
        return messagesOut;
    }

    @Override
    public boolean isWritable() {
        return ctx.channel().isWritable();
    }

    @Override
    public long queuedBytes() {
        ChannelOutboundBuffer buffer = unsafe.outboundBuffer();
        return heldBytes() + (buffer == null ? 0 : buffer.totalPendingWriteBytes());
    }

    @Override
    public void close(int code, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        closeCode = code;
        var channel = ctx.channel();
        // RFC 6455 closing handshake: wait for the peer's close frame (onCloseFrame closes then), still
        // reading and discarding. Closing the socket at once would make the kernel answer the peer's
        // in-flight frames with a RST, which can destroy our own unread disconnect push and close frame.
        spillHeld();
        ctx.writeAndFlush(ControlFrames.close(ctx.alloc(), code, reason))
                .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        ctx.executor().schedule(() -> {
            channel.close();
        }, CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean isOpen() {
        return !closing && ctx.channel().isActive();
    }
}
