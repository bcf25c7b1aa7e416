package io.switchboard.core.hub;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import io.switchboard.protocol.ProtocolCodec;

/**
 * What a session can do with its connection: write and close, never read (the transport pushes
 * inbound frames to the session). Every method must be called on {@link #executor()}.
 */
public interface Transport {

    /** The event loop that owns this connection; all session state is confined to it. */
    EventExecutor executor();

    /** Remote IP address as text. */
    String remoteIp();

    /** The codec of the negotiated subprotocol. */
    ProtocolCodec codec();

    /**
     * Queues one complete, already framed WebSocket message (see {@link OutboundFrame}). Takes
     * ownership of {@code framed}.
     */
    void write(ByteBuf framed);

    /**
     * Queues one complete, already framed message that is shared with other connections, until the
     * next {@link #flush}: the frame is retained, not copied or duplicated. The caller keeps its own
     * reference.
     */
    void writeShared(ByteBuf framed);

    void flush();

    /**
     * Sends one complete, already framed message to the socket at once, when nothing is queued ahead
     * of it; what the socket does not take is queued. Does not take ownership of {@code framed}, which
     * need only stay valid during the call. Returns false, having sent nothing, when the message must
     * go through {@link #write} instead (something queued, connection closing, no direct socket access).
     */
    boolean writeNow(ByteBuf framed);

    /**
     * Messages written for the session so far ({@link #write}, {@link #writeShared}, {@link #writeNow});
     * not the transport's own control frames.
     */
    long messagesOut();

    /** False once the outbound buffer passed the high water mark. */
    boolean isWritable();

    /** Bytes queued for this connection and not yet written to the socket. */
    long queuedBytes();

    /** Sends a close frame with {@code code} and {@code reason}, then closes the connection. Idempotent. */
    void close(int code, String reason);

    boolean isOpen();
}
