package io.switchboard.core.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * On the plain HTTP path, closes a connection that has not upgraded to WebSocket within the timeout,
 * so idle or half-sent requests cannot pile up. It starts with what {@link UpgradeRequestDecoder} left
 * of the timeout counted from TCP accept; keep-alive connections get a fresh timeout after each
 * response; an upgrade removes this handler.
 */
final class HandshakeTimeoutHandler extends ChannelInboundHandlerAdapter {

    static final String NAME = "handshake-timeout";

    private final long timeoutMillis;
    private final long firstTimeoutMillis;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timer;

    /** @param firstTimeoutMillis until the first response; {@code timeoutMillis} after each later one */
    HandshakeTimeoutHandler(long timeoutMillis, long firstTimeoutMillis) {
        this.timeoutMillis = timeoutMillis;
        this.firstTimeoutMillis = firstTimeoutMillis;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive()) {
            schedule(firstTimeoutMillis);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (timer == null) {
            schedule(firstTimeoutMillis);
        }
        super.channelActive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    /** Starts counting again, e.g. after a keep-alive response. */
    void restart() {
        schedule(timeoutMillis);
    }

    private void schedule(long delayMillis) {
        cancel();
        timer = ctx.executor().schedule(() -> {
            ctx.channel().close();
        }, delayMillis, TimeUnit.MILLISECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
