package io.switchboard.core.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import io.switchboard.core.hub.Transport;
import io.switchboard.core.transport.WebSocketEndpoint.FrameListener;
import io.switchboard.protocol.DisconnectCode;
import io.switchboard.protocol.ProtocolCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * The last handler of an upgraded connection: forwards whole messages to the endpoint's listener,
 * answers pings, runs the closing handshake and the heartbeat, and is the session's
 * {@link Transport}. Everything here runs on the connection's event loop.
 */
final class WebSocketConnection extends ChannelInboundHandlerAdapter implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketConnection.class);
    /** How long the peer has to answer our close frame before the TCP connection is cut anyway. */
    private static final long CLOSE_GRACE_MS = 1_000;
    private static final int ABNORMAL_CLOSURE = 1006;

    private final WebSocketEndpoint endpoint;
    private final WebSocketEndpoint.Admission.Accepted admission;
    private final ProtocolCodec codec;
    private final String remoteIp;
    private ChannelHandlerContext ctx;
    private FrameListener listener;
    private boolean closing;
    private int closeCode = ABNORMAL_CLOSURE;

    WebSocketConnection(WebSocketEndpoint endpoint, WebSocketEndpoint.Admission.Accepted admission,
                        ProtocolCodec codec, String remoteIp) {
        this.endpoint = endpoint;
        this.admission = admission;
        this.codec = codec;
        this.remoteIp = remoteIp;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.listener = endpoint.open(this, admission);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame) {
                if (!closing) {
                    ByteBuf content = ((WebSocketFrame) msg).content();
                    listener.onMessage(ByteBufUtil.getBytes(content), msg instanceof BinaryWebSocketFrame);
                }
            } else if (msg instanceof PingWebSocketFrame ping) {
                if (!closing) {
                    ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
                }
            } else if (msg instanceof CloseWebSocketFrame close) {
                onCloseFrame(close);
            }
            // Pong frames only prove liveness, which the idle handler already saw.
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** The peer started (or answered) the closing handshake. Invalid close frames never get here: the decoder answers them with 1002. */
    private void onCloseFrame(CloseWebSocketFrame close) {
        if (closing) {
            ctx.close();
            return;
        }
        closing = true;
        int code = close.content().readableBytes() >= 2 ? close.statusCode() : -1;
        closeCode = code > 0 ? code : DisconnectCode.NORMAL.code();
        CloseWebSocketFrame answer = code > 0 ? new CloseWebSocketFrame(code, null) : new CloseWebSocketFrame();
        ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent idle) {
            if (idle.state() == IdleState.READER_IDLE) {
                listener.onIdle();
            } else if (idle.state() == IdleState.WRITER_IDLE && !closing) {
                ctx.writeAndFlush(new PingWebSocketFrame());
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        // Slow consumers are detected on each delivery (queuedBytes against the byte cap); reads go on
        // regardless so that pings, pongs and the close handshake still work.
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            close(DisconnectCode.MESSAGE_TOO_BIG.code(), DisconnectCode.MESSAGE_TOO_BIG.reason());
        } else if (cause instanceof CorruptedWebSocketFrameException) {
            // The decoder or UTF-8 validator has already sent the matching close frame.
            closing = true;
            ctx.close();
        } else {
            LOG.debug("connection from {} failed: {}", remoteIp, cause.toString());
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        try {
            listener.onClosed(closeCode);
        } finally {
            admission.onClose().run();
        }
        super.channelInactive(ctx);
    }

    // ---- Transport ----

    @Override
    public EventExecutor executor() {
        return ctx.executor();
    }

    @Override
    public String remoteIp() {
        return remoteIp;
    }

    @Override
    public ProtocolCodec codec() {
        return codec;
    }

    @Override
    public void write(ByteBuf framed) {
        ctx.write(framed, ctx.voidPromise());
    }

    @Override
    public void flush() {
        ctx.flush();
    }

    @Override
    public boolean isWritable() {
        return ctx.channel().isWritable();
    }

    @Override
    public long queuedBytes() {
        ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
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
        ctx.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        ctx.executor().schedule(() -> {
            channel.close();
        }, CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean isOpen() {
        return !closing && ctx.channel().isActive();
    }
}
