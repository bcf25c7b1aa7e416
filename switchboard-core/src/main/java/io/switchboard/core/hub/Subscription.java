package io.switchboard.core.hub;

import io.switchboard.core.config.NamespaceOptions;

import java.util.ArrayList;
import java.util.List;

/**
 * One connection's subscription to one channel. Confined to the connection's event loop.
 *
 * <p>A subscription is registered for delivery before the channel's position (and, when recovering,
 * the missed publications) is read, so nothing published in between is lost: until the subscribe
 * reply has gone out, deliveries are held back, then those already covered by the reply are dropped.
 */
final class Subscription extends ShardedSet.Member {

    /** Held-back deliveries beyond this mean the subscribe is stuck; the client is treated as slow. */
    static final int MAX_PENDING = 10_000;

    private final ClientSession session;
    /** The session's transport, kept here so that a direct delivery touches no session (see {@link #deliver}). */
    private final Transport transport;
    private final ChannelName channel;
    private final NamespaceOptions namespace;
    private boolean live;
    private boolean cancelled;
    /** Deliveries held back until the subscribe reply is out; created on the first one. */
    private List<SharedPush> pending;

    /** @param transport {@code session}'s transport */
    Subscription(ClientSession session, Transport transport, ChannelName channel, NamespaceOptions namespace) {
        this.session = session;
        this.transport = transport;
        this.channel = channel;
        this.namespace = namespace;
    }

    ClientSession session() {
        return session;
    }

    ChannelName channel() {
        return channel;
    }

    NamespaceOptions namespace() {
        return namespace;
    }

    boolean cancelled() {
        return cancelled;
    }

    /** Whether the subscribe reply has gone out and deliveries flow. */
    boolean live() {
        return live;
    }

    /**
     * One delivery of a fan-out on this subscription's loop, whose flush batch is {@code batch}. A live
     * subscription on the direct path goes from here to the socket without its session: at thousands
     * of recipients per publication every object touched per recipient is a cache miss, and the
     * session has nothing to add there (a closed session's transport refuses the send; the transport
     * counts what it sends).
     */
    void deliver(SharedPush push, FlushBatch batch) {
        if (cancelled) {
            return;
        }
        if (live) {
            if (!batch.sentAtOnce(transport, push)) {
                session.deliverQueued(push, batch);
            }
            return;
        }
        if (pending == null) {
            pending = new ArrayList<>(4);
        } else if (pending.size() >= MAX_PENDING) {
            session.disconnectSlowConsumer();
            return;
        }
        pending.add(push.retain());
    }

    /**
     * Starts live delivery after the subscribe reply, which covered publications up to
     * {@code coveredOffset} (0 when the channel keeps no history).
     */
    void goLive(long coveredOffset) {
        if (cancelled) {
            return;
        }
        live = true;
        List<SharedPush> held = pending;
        pending = null;
        if (held == null) {
            return;
        }
        for (SharedPush push : held) {
            try {
                if (push.offset() == 0 || push.offset() > coveredOffset) {
                    session.deliver(push);
                }
            } finally {
                push.release();
            }
        }
    }

    void cancel() {
        cancelled = true;
        if (pending != null) {
            pending.forEach(SharedPush::release);
            pending = null;
        }
    }
}
