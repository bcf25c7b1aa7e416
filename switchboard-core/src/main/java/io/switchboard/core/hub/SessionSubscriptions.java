package io.switchboard.core.hub;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * One connection's subscriptions by channel, in subscribe order. Most connections hold exactly one
 * (a feed, a room), which is kept without a map: a map with one entry costs about 130 bytes, a
 * sizeable part of an idle connection's memory. Confined to the session's loop.
 */
final class SessionSubscriptions {

    /** The subscription when there is exactly one; null otherwise. */
    private Subscription single;
    /** All subscriptions once there were two at the same time; null until then. */
    private LinkedHashMap<String, Subscription> many;

    int size() {
        return many != null ? many.size() : single != null ? 1 : 0;
    }

    Subscription get(String channel) {
        if (many != null) {
            return many.get(channel);
        }
        return single != null && single.channel().full().equals(channel) ? single : null;
    }

    /** Adds {@code sub}, whose channel must not be subscribed yet. */
    void add(Subscription sub) {
        String channel = sub.channel().full();
        if (get(channel) != null) {
            throw new IllegalStateException("already subscribed to " + channel);
        }
        if (many != null) {
            many.put(channel, sub);
        } else if (single == null) {
            single = sub;
        } else {
            many = new LinkedHashMap<>(4);
            many.put(single.channel().full(), single);
            many.put(channel, sub);
            single = null;
        }
    }

    /** Removes and returns the subscription to {@code channel}, or null when there is none. */
    Subscription remove(String channel) {
        if (many != null) {
            return many.remove(channel);
        }
        Subscription sub = get(channel);
        if (sub != null) {
            single = null;
        }
        return sub;
    }

    /** A snapshot, safe to iterate while subscriptions are removed. */
    Collection<Subscription> snapshot() {
        if (many != null) {
            return List.copyOf(many.values());
        }
        return single == null ? List.of() : List.of(single);
    }

    void clear() {
        single = null;
        many = null;
    }
}
