package io.switchboard.core.hub;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.switchboard.core.auth.Claims;
import io.switchboard.core.limit.TokenBucket;
import io.switchboard.protocol.ClientInfo;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.DisconnectCode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolCodec;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.Reply;
import io.switchboard.protocol.ReplyError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One authenticated WebSocket connection. Every method runs on the connection's event loop, so its
 * state needs no locks; other threads reach it through {@code transport.executor().execute(..)}.
 * Commands are handled by {@link CommandHandler}; this class owns lifecycle, limits and output.
 */
public final class ClientSession extends ShardedSet.Member {

    private static final Logger ACCESS = LoggerFactory.getLogger("switchboard.access");
    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);
    private static final long RATE_LIMIT_RECONNECT_DELAY_MS = 5_000;

    private final Hub hub;
    /** This client's number on its node; the id string is made from it when asked for (see {@link #id()}). */
    private final long number;
    private final Transport transport;
    private final ProtocolCodec codec;
    private final int loop;
    private final long openedAt = System.nanoTime();
    private final TokenBucket commandBucket;
    /** Created on the first subscribe: many connections (notification feeds) subscribe to nothing. */
    private SessionSubscriptions subscriptions;
    private Claims claims;
    /** Derived from the claims; null until needed. */
    private ClientInfo info;
    /** When the token expires, in {@code hub.clock()} milliseconds; 0 for never. Checked by {@link #checkExpiry()}. */
    private long expiresAtMillis;
    private int rejectedInRow;
    private long messagesIn;
    private boolean closed;
    private boolean unflushed;
    private int closeCode = DisconnectCode.NORMAL.code();

    ClientSession(Hub hub, long number, Transport transport, Claims claims, int loop) {
        this.hub = hub;
        this.number = number;
        this.transport = transport;
        this.codec = transport.codec();
        this.loop = loop;
        this.commandBucket = new TokenBucket(hub.commandRate());
        setClaims(claims);
    }

    /**
     * The client id, unique across nodes and restarts. Made on each call rather than kept: it is needed
     * at the greeting, in presence and publication info (which keeps its own) and in log lines, and
     * kept it would cost every idle connection 64 bytes.
     */
    public String id() {
        return hub.clientId(number);
    }

    public String user() {
        return claims.user();
    }

    Claims claims() {
        return claims;
    }

    /** Who this client is, as publications and presence show it; built on first use (many never publish). */
    ClientInfo info() {
        if (info == null) {
            info = new ClientInfo(id(), claims.user(), claims.info());
        }
        return info;
    }

    int loop() {
        return loop;
    }

    Transport transport() {
        return transport;
    }

    Hub hub() {
        return hub;
    }

    /** The subscriptions by channel, created on first use; for commands that add or remove. */
    SessionSubscriptions subscriptions() {
        if (subscriptions == null) {
            subscriptions = new SessionSubscriptions();
        }
        return subscriptions;
    }

    int subscriptionCount() {
        return subscriptions == null ? 0 : subscriptions.size();
    }

    boolean isSubscribed(String channel) {
        return subscriptions != null && subscriptions.get(channel) != null;
    }

    boolean isClosed() {
        return closed;
    }

    void setClaims(Claims newClaims) {
        this.claims = newClaims;
        this.info = null; // rebuilt from the new claims when next needed
        Instant expires = newClaims.expiresAt();
        this.expiresAtMillis = expires == null ? 0 : Math.max(1, expires.toEpochMilli());
    }

    /** Disconnects with {@code TOKEN_EXPIRED} once the token has expired. Called periodically by the transport. */
    public void checkExpiry() {
        if (expiresAtMillis != 0 && !closed && hub.clock().millis() >= expiresAtMillis) {
            expiresAtMillis = 0;
            disconnect(DisconnectCode.TOKEN_EXPIRED, 0, DisconnectCode.TOKEN_EXPIRED.reason());
        }
    }

    /** Called once the upgrade completed: greets the client. */
    void start() {
        String id = id();
        // DEBUG: the close line carries the same fields and the duration; one INFO line per connection is enough.
        if (ACCESS.isDebugEnabled()) { // the remote address is made when asked for
            ACCESS.debug("ws open client={} user={} remote={} subprotocol={}", id, claims.user(), transport.remoteIp(),
                    codec.subprotocol());
        }
        push(new Push.Connected(id, claims.user(), hub.options().nodeId(),
                (int) hub.options().transport().heartbeatInterval().toSeconds(),
                claims.expiresAt() == null ? 0 : claims.expiresAt().getEpochSecond()));
    }

    /** One complete inbound WebSocket message. */
    public void onMessage(byte[] data, boolean binary) {
        if (closed) {
            return;
        }
        messagesIn++;
        if (binary != codec.binary()) {
            disconnect(DisconnectCode.UNSUPPORTED_DATA, 0,
                    codec.subprotocol() + " expects " + (codec.binary() ? "binary" : "text") + " frames");
            return;
        }
        Command command;
        try {
            command = codec.decodeCommand(data);
        } catch (ProtocolException e) {
            if (e.commandId() > 0) {
                reply(Reply.error(e.commandId(), e.toReplyError()));
            } else {
                disconnect(DisconnectCode.BAD_REQUEST, 0, "bad request: " + e.getMessage());
            }
            return;
        }
        if (!commandBucket.tryAcquire()) {
            if (++rejectedInRow > hub.options().limits().maxRejectedCommands()) {
                long delay = RATE_LIMIT_RECONNECT_DELAY_MS
                        + ThreadLocalRandom.current().nextLong(RATE_LIMIT_RECONNECT_DELAY_MS);
                disconnect(DisconnectCode.RATE_LIMITED, delay, DisconnectCode.RATE_LIMITED.reason());
            } else {
                reply(Reply.error(command.id(), ErrorCode.TOO_MANY_REQUESTS));
            }
            return;
        }
        rejectedInRow = 0;
        try {
            hub.commands().handle(this, command);
        } catch (RuntimeException e) {
            LOG.error("command {} of client {} failed", command.method(), id(), e);
            reply(Reply.error(command.id(), ErrorCode.INTERNAL));
        }
    }

    /** No inbound traffic for the idle timeout. */
    public void onIdle() {
        disconnect(DisconnectCode.NO_HEARTBEAT, 0, DisconnectCode.NO_HEARTBEAT.reason());
    }

    /** The connection is gone (whoever closed it). {@code code} is the close code seen, if any. */
    public void onClosed(int code) {
        if (closed) {
            return;
        }
        closed = true;
        if (code > 0) {
            closeCode = code;
        }
        if (subscriptions != null) {
            for (Subscription sub : subscriptions.snapshot()) {
                hub.subscriptions().remove(sub, true);
            }
            subscriptions.clear();
        }
        hub.unregister(this);
        if (ACCESS.isInfoEnabled()) {
            ACCESS.info(closeLine());
        }
    }

    /**
     * The {@code ws close} access line, made in one buffer: with eight placeholders the logger's own
     * formatting boxed the numbers and grew its buffer several times, about 500 bytes more per close.
     * Logged as a message without arguments, so braces in a user id are not placeholders.
     */
    private String closeLine() {
        return hub.appendClientId(new StringBuilder(176).append("ws close client="), number)
                .append(" user=").append(claims.user())
                .append(" remote=").append(transport.remoteIp())
                .append(" subprotocol=").append(codec.subprotocol())
                .append(" duration_ms=").append(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - openedAt))
                .append(" code=").append(closeCode)
                .append(" in=").append(messagesIn)
                .append(" out=").append(transport.messagesOut())
                .toString();
    }

    void reply(Reply reply) {
        write(codec.encodeReply(reply));
    }

    void replyError(long commandId, ReplyError error) {
        reply(Reply.error(commandId, error));
    }

    void push(Push push) {
        write(codec.encodePush(push));
    }

    private void write(byte[] payload) {
        if (closed || !transport.isOpen()) {
            return;
        }
        transport.write(OutboundFrame.frame(ByteBufAllocator.DEFAULT, payload, codec.binary()));
        transport.flush();
    }

    /** A push shared with other connections (fan-out): sent at once or held for the loop's {@link FlushBatch}. */
    void deliver(SharedPush push) {
        deliver(push, hub.flushBatch(loop));
    }

    /** {@link #deliver(SharedPush)} within a fan-out on this session's loop, whose batch is {@code batch}. */
    void deliver(SharedPush push, FlushBatch batch) {
        if (closed) {
            return;
        }
        if (!batch.sentAtOnce(transport, push)) {
            deliverQueued(push, batch);
        }
    }

    /** A delivery that could not be sent at once: held until the batch flushes (or the client is too slow). */
    void deliverQueued(SharedPush push, FlushBatch batch) {
        if (closed || !transport.isOpen()) {
            return;
        }
        if (!transport.isWritable() && transport.queuedBytes() > hub.options().transport().maxOutboundBytes()) {
            disconnectSlowConsumer();
            return;
        }
        transport.writeShared(push.shared(codec));
        batch.add(this);
    }

    /** @return true when this session had nothing waiting for a flush until now */
    boolean markUnflushed() {
        if (unflushed) {
            return false;
        }
        unflushed = true;
        return true;
    }

    void flushNow() {
        unflushed = false;
        if (transport.isOpen()) {
            transport.flush();
        }
    }

    void disconnectSlowConsumer() {
        disconnect(DisconnectCode.SLOW_CONSUMER, 0, DisconnectCode.SLOW_CONSUMER.reason());
    }

    public void disconnect(DisconnectCode code, long delayMs, String reason) {
        disconnect(code.code(), reason, code.reconnect(), delayMs);
    }

    /** Sends the {@code disconnect} push, then the close frame, then closes. Idempotent. */
    public void disconnect(int code, String reason, boolean reconnect, long delayMs) {
        if (closed) {
            return;
        }
        push(new Push.Disconnect(code, reason, reconnect, reconnect ? delayMs : 0));
        closeCode = code;
        transport.close(code, reason);
    }

    /** Ends a subscription from the server side, telling the client why. */
    void unsubscribeByServer(String channel, int code, String reason) {
        Subscription sub = subscriptions == null ? null : subscriptions.remove(channel);
        if (sub != null) {
            hub.subscriptions().remove(sub, true);
            push(new Push.Unsubscribed(channel, code, reason));
        }
    }

    /** A snapshot of the subscriptions, in subscribe order. */
    Collection<Subscription> subscriptionList() {
        return subscriptions == null ? List.of() : subscriptions.snapshot();
    }
}
