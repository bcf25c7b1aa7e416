package io.switchboard.core.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * Closes a connection that has not upgraded to WebSocket within the timeout, counted from TCP accept,
 * so idle or half-sent requests cannot pile up. Plain HTTP keep-alive connections get a fresh
 * timeout after each response; an upgrade removes this handler.
 */
final class HandshakeTimeoutHandler extends ChannelInboundHandlerAdapter {

    static final String NAME = "handshake-timeout";

    private final long timeoutMillis;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timer;

    HandshakeTimeoutHandler(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive()) {
            restart();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        restart();
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
        cancel();
        timer = ctx.executor().schedule(() -> {
            ctx.channel().close();
        }, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
