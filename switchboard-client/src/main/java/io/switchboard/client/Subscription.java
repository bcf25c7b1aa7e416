package io.switchboard.client;

import io.switchboard.protocol.ClientInfo;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.Publication;
import io.switchboard.protocol.Result;
import io.switchboard.protocol.StreamPosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A subscription to one channel, made by {@link SwitchboardClient#subscribe}. It lives across
 * reconnects: after every reconnect the client subscribes again, asking to recover from the last
 * publication this subscription delivered, so missed publications arrive in order before new ones and
 * none twice; each resubscribe reports whether anything was lost ({@link SubscriptionListener#onRecovered}).
 * It ends ({@link SubscriptionState#UNSUBSCRIBED}) only by {@link #unsubscribe()}, the server's
 * {@code unsubscribed} push, a permanent error, or closing the client; then it is never resubscribed.
 *
 * <p>Thread-safe: the accessors may be called from any thread; listeners run on the client's callback
 * executor.
 */
public final class Subscription {

    private static final Logger LOG = LoggerFactory.getLogger(Subscription.class);

    /** Who ends a subscription on the application's request. */
    interface Owner {
        CompletableFuture<Void> unsubscribe(Subscription subscription);
    }

    private final String channel;
    private final SubscribeOptions options;
    private final Owner owner;
    private final Dispatcher dispatcher;
    private final List<SubscriptionListener> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Subscription> firstSubscribed = new CompletableFuture<>();
    private volatile SubscriptionState state = SubscriptionState.SUBSCRIBING;
    private volatile StreamPosition position;

    // confined to the client's loop
    private final PublicationFilter filter = new PublicationFilter(PublicationFilter.DEFAULT_CAPACITY);
    private boolean everSubscribed;
    private boolean recoverable;
    boolean active;       // a subscribe was sent on the current connection
    int retryAttempt;     // temporary subscribe errors in a row
    Loop.Cancellable retryTimer = Loop.Cancellable.NONE;

    Subscription(String channel, SubscribeOptions options, SubscriptionListener listener, Owner owner,
                 Dispatcher dispatcher) {
        this.channel = channel;
        this.options = options;
        this.owner = owner;
        this.dispatcher = dispatcher;
        if (listener != null) {
            listeners.add(listener);
        }
        if (options.since() != null) {
            filter.moveTo(options.since());
        }
        this.position = filter.position();
    }

    /** The channel. */
    public String channel() {
        return channel;
    }

    public SubscribeOptions options() {
        return options;
    }

    public SubscriptionState state() {
        return state;
    }

    /**
     * The position of the last publication delivered (or where the subscription started): what a
     * resubscribe recovers from. Offset 0 and an empty epoch for a channel without history.
     */
    public StreamPosition position() {
        return position;
    }

    /**
     * Adds a listener. To be sure not to miss the first events, pass the listener to
     * {@link SwitchboardClient#subscribe(String, SubscribeOptions, SubscriptionListener)} instead.
     */
    public Subscription addListener(SubscriptionListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    public Subscription removeListener(SubscriptionListener listener) {
        listeners.remove(listener);
        return this;
    }

    /**
     * Completes (on the callback executor) when the node first confirms this subscription; fails with
     * a {@link SwitchboardException} when it ends before that (permission denied, unknown channel...).
     */
    public CompletableFuture<Subscription> whenSubscribed() {
        return firstSubscribed.copy();
    }

    /**
     * Ends the subscription: no more events, no resubscribe. The client may subscribe to the channel
     * again right away (a new {@code Subscription}). The future completes when the node confirmed it
     * (or at once when not connected); it never fails.
     */
    public CompletableFuture<Void> unsubscribe() {
        return owner.unsubscribe(this);
    }

    @Override
    public String toString() {
        return "Subscription[" + channel + ", " + state + ", " + position + "]";
    }

    // ---- driven by Subscriptions, on the client's loop ----

    /** The subscribe command for the current connection: recovers when there is a position to recover from. */
    Command.Subscribe command(long id) {
        StreamPosition from = filter.position();
        boolean recover = options.recover() && (everSubscribed ? recoverable : options.since() != null);
        return new Command.Subscribe(id, channel, recover, recover ? from.offset() : 0, recover ? from.epoch() : "");
    }

    /** The node confirmed the subscription sent as {@code sent}. */
    void subscribed(Result.Subscribe r, Command.Subscribe sent) {
        boolean resubscribe = everSubscribed || options.since() != null;
        StreamPosition before = filter.position();
        boolean epochChanged = !before.epoch().isEmpty() && !before.epoch().equals(r.epoch());
        everSubscribed = true;
        recoverable = r.recoverable();
        retryAttempt = 0;
        setState(SubscriptionState.SUBSCRIBED, 0, "subscribed");
        if (!firstSubscribed.isDone()) {
            dispatcher.complete(firstSubscribed, this);
        }
        List<Publication> missed = r.publications() == null ? List.of() : r.publications();
        if (resubscribe) {
            RecoveredEvent event = new RecoveredEvent(channel, sent.recover() && r.recovered(), missed.size(),
                    new StreamPosition(r.offset(), r.epoch()), epochChanged);
            emit(l -> l.onRecovered(event));
        }
        if (epochChanged || !r.recoverable()) {
            filter.moveTo(new StreamPosition(r.offset(), r.epoch()));
        }
        for (Publication p : missed) {
            deliver(p);
        }
        if (r.recoverable()) {
            filter.moveTo(new StreamPosition(r.offset(), r.epoch()));
        }
        position = filter.position();
    }

    void publication(Publication p) {
        if (state == SubscriptionState.SUBSCRIBED) {
            deliver(p);
            position = filter.position();
        }
    }

    void join(ClientInfo info) {
        if (state == SubscriptionState.SUBSCRIBED) {
            PresenceEvent event = new PresenceEvent(channel, info);
            emit(l -> l.onJoin(event));
        }
    }

    void leave(ClientInfo info) {
        if (state == SubscriptionState.SUBSCRIBED) {
            PresenceEvent event = new PresenceEvent(channel, info);
            emit(l -> l.onLeave(event));
        }
    }

    /** The connection ended; the subscription waits for the next one. */
    void suspended(int code, String reason) {
        active = false;
        retryTimer.cancel();
        if (state == SubscriptionState.SUBSCRIBED) {
            setState(SubscriptionState.SUBSCRIBING, code, reason);
        }
    }

    /** Ends the subscription for good; {@code error} (may be null) is reported and fails {@link #whenSubscribed()}. */
    void ended(int code, String reason, SwitchboardException error) {
        active = false;
        retryTimer.cancel();
        if (state == SubscriptionState.UNSUBSCRIBED) {
            return;
        }
        if (error != null) {
            emit(l -> l.onError(error));
        }
        setState(SubscriptionState.UNSUBSCRIBED, code, reason);
        if (!firstSubscribed.isDone()) {
            dispatcher.fail(firstSubscribed, error != null ? error
                    : new SwitchboardException(code, "subscription ended before it was confirmed: " + reason, false, null));
        }
    }

    void error(SwitchboardException error) {
        emit(l -> l.onError(error));
    }

    private void deliver(Publication p) {
        if (!filter.accept(p, recoverable)) {
            return;
        }
        ChannelPublication pub = ChannelPublication.of(channel, p);
        emit(l -> l.onPublication(pub));
    }

    private void setState(SubscriptionState next, int code, String reason) {
        SubscriptionState previous = state;
        if (previous == next) {
            return;
        }
        state = next;
        SubscriptionStateEvent event = new SubscriptionStateEvent(channel, previous, next, code, reason);
        emit(l -> l.onStateChange(event));
    }

    private void emit(Consumer<SubscriptionListener> event) {
        dispatcher.run(() -> {
            for (SubscriptionListener l : listeners) {
                try {
                    event.accept(l);
                } catch (RuntimeException e) {
                    LOG.warn("subscription listener threw", e);
                }
            }
        });
    }
}
