package io.switchboard.core.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The only handler of a new connection. A {@code GET /ws ... HTTP/1.1} request head is read here
 * ({@link UpgradeHeadParser}) and given to {@link WebSocketUpgrader}, which replaces this handler with the
 * {@link WebSocketConnection}: an upgrade never builds Netty's HTTP codec, aggregator, headers or request.
 * Any other request (an API call, a health check, a non-canonical upgrade) is recognised from its first
 * bytes; then the plain HTTP handlers take this handler's place and get every byte it has buffered.
 *
 * <p>It also owns the handshake timeout, counted from TCP accept: the connection is closed unless it
 * upgraded in time. The HTTP handlers get what is left of it.
 */
final class UpgradeRequestDecoder extends ByteToMessageDecoder {

    static final String NAME = "upgrade-decoder";

    /** Puts the plain HTTP handlers after the handler named {@code after}. */
    @FunctionalInterface
    interface HttpFallback {
        void install(ChannelPipeline pipeline, String after, long handshakeTimeoutLeftMillis);
    }

    private enum State { READING_HEAD, HEAD_READ, DISCARDING }

    private final WebSocketUpgrader upgrader;
    private final HttpFallback fallback;
    private final long timeoutMillis;
    private final int maxEarlyBytes;
    private UpgradeHeadParser parser = new UpgradeHeadParser();
    private State state = State.READING_HEAD;
    private long deadlineNanos;
    private ScheduledFuture<?> timer;

    /**
     * @param maxEarlyBytes how much a client may send after its head while the upgrade is decided (a
     *                      pipelined first frame); more closes the connection
     */
    UpgradeRequestDecoder(WebSocketUpgrader upgrader, HttpFallback fallback, long timeoutMillis, int maxEarlyBytes) {
        this.upgrader = upgrader;
        this.fallback = fallback;
        this.timeoutMillis = timeoutMillis;
        this.maxEarlyBytes = maxEarlyBytes;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) { // an accepted channel already is
            startTimer(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        startTimer(ctx);
        super.channelActive(ctx);
    }

    private void startTimer(ChannelHandlerContext ctx) {
        if (timer == null) {
            deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            timer = ctx.executor().schedule(() -> {
                ctx.channel().close();
            }, timeoutMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        cancelTimer();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelTimer();
        super.channelInactive(ctx);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        switch (state) {
            case READING_HEAD -> readHead(ctx, in);
            case HEAD_READ -> {
                // Kept for the connection (see takeBytesAfterHead), but not without bound.
                if (in.readableBytes() > maxEarlyBytes) {
                    discard(in);
                    ctx.close();
                }
            }
            case DISCARDING -> discard(in);
        }
    }

    private void readHead(ChannelHandlerContext ctx, ByteBuf in) {
        switch (parser.parse(in)) {
            case NEED_MORE -> {
            }
            case NOT_LEAN -> fallBack(ctx);
            case INVALID -> {
                discard(in);
                HttpResponses.refuse(ctx, 400, parser.invalidReason(), null);
            }
            case COMPLETE -> {
                in.skipBytes(parser.headLength());
                UpgradeHead head = parser.head();
                parser = null;
                state = State.HEAD_READ;
                upgrader.upgrade(ctx, head);
            }
        }
    }

    /**
     * Hands the connection to the HTTP codec. The removal waits until {@link #decode} returns, then
     * passes on the whole buffer, nothing of which was consumed.
     */
    private void fallBack(ChannelHandlerContext ctx) {
        long left = Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
        fallback.install(ctx.pipeline(), ctx.name(), left);
        ctx.pipeline().remove(this);
    }

    private void discard(ByteBuf in) {
        state = State.DISCARDING;
        in.skipBytes(in.readableBytes());
    }

    /**
     * What the client sent after its head (e.g. its first frame), taken out of this decoder so that it
     * does not pass them on when removed: the upgrader gives them to the connection once that is open.
     * Null when there are none. The caller owns the returned buffer.
     */
    ByteBuf takeBytesAfterHead() {
        ByteBuf buffered = internalBuffer();
        return buffered.isReadable() ? buffered.readRetainedSlice(buffered.readableBytes()) : null;
    }

    /** Nothing to do with a partial head when the connection ends (the default would decode it once more). */
    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LoggerFactory.getLogger(UpgradeRequestDecoder.class).debug("connection failed before the upgrade: {}",
                cause.toString());
        ctx.close();
    }
}
