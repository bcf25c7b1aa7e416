package io.switchboard.core.hub;

import io.switchboard.core.engine.Broker;
import io.switchboard.core.engine.PresenceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Which connections of this node subscribe to which channel, partitioned by event loop for fan-out.
 * Tells the broker when this node gains its first or loses its last subscriber of a channel, and
 * keeps presence and join/leave in step with subscriptions.
 */
final class SubscriptionRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionRegistry.class);

    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final int loops;
    private final Broker broker;
    private final PresenceStore presence;

    /** A channel with subscribers here; its name object is shared by all of its subscriptions. */
    private record Channel(ChannelName name, ShardedSet<Subscription> subscribers) {
    }

    SubscriptionRegistry(int loops, Broker broker, PresenceStore presence) {
        this.loops = loops;
        this.broker = broker;
        this.presence = presence;
    }

    /** Registers for delivery. Call on the subscriber's loop. */
    void add(Subscription sub) {
        String channel = sub.channel().full();
        channels.compute(channel, (name, existing) -> {
            Channel c = existing == null ? new Channel(sub.channel(), new ShardedSet<>(loops)) : existing;
            if (c.subscribers().add(sub.session().loop(), sub) == 1) {
                // Inside compute, so that first/last transitions of a channel reach the broker in order.
                broker.subscribe(name).exceptionally(e -> logFailure("subscribe", name, e));
            }
            return c;
        });
    }

    /** Stores the subscriber in the channel's presence; call only when its namespace keeps presence. */
    CompletionStage<Void> addPresence(Subscription sub) {
        return presence.add(sub.channel().full(), sub.session().info());
    }

    /** Publishes the join, when the namespace asks for it. Call once the subscription is live. */
    void announceJoin(Subscription sub) {
        String channel = sub.channel().full();
        if (sub.namespace().joinLeave()) {
            broker.publishPresenceEvent(channel, sub.session().info(), true)
                    .exceptionally(e -> logFailure("join", channel, e));
        }
    }

    /**
     * Stops delivery; with {@code announce}, removes presence and publishes the leave (only for a
     * subscription that went live, so nobody sees a leave without its join). Call on the subscriber's loop.
     *
     * @return completes when the presence store has removed the subscriber (at once when there was
     *         nothing to remove); never completes exceptionally, failures are logged
     */
    CompletionStage<Void> remove(Subscription sub, boolean announce) {
        boolean joined = sub.live();
        sub.cancel();
        String channel = sub.channel().full();
        boolean[] removed = {false};
        channels.computeIfPresent(channel, (name, c) -> {
            int left = c.subscribers().remove(sub.session().loop(), sub);
            removed[0] = left >= 0;
            if (left == 0) {
                broker.unsubscribe(name).exceptionally(e -> logFailure("unsubscribe", name, e));
                return null;
            }
            return c;
        });
        CompletionStage<Void> presenceRemoved = DONE;
        if (removed[0] && announce) {
            if (sub.namespace().presence()) {
                presenceRemoved = presence.remove(channel, sub.session().id())
                        .exceptionally(e -> logFailure("presence remove", channel, e));
            }
            if (joined && sub.namespace().joinLeave()) {
                broker.publishPresenceEvent(channel, sub.session().info(), false)
                        .exceptionally(e -> logFailure("leave", channel, e));
            }
        }
        return presenceRemoved;
    }

    ShardedSet<Subscription> subscribers(String channel) {
        Channel c = channels.get(channel);
        return c == null ? null : c.subscribers();
    }

    /**
     * The name object already held for {@code parsed}'s channel, or {@code parsed}: 19,000 subscribers
     * of one channel then share one name instead of holding three strings each.
     */
    ChannelName canonical(ChannelName parsed) {
        Channel c = channels.get(parsed.full());
        return c == null ? parsed : c.name();
    }

    List<String> channelNames() {
        return List.copyOf(channels.keySet());
    }

    int channelCount() {
        return channels.size();
    }

    private static Void logFailure(String what, String channel, Throwable e) {
        LOG.warn("{} for channel {} failed: {}", what, channel, e.toString());
        return null;
    }
}
