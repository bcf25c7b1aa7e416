package io.switchboard.client;

import io.switchboard.protocol.ClientErrorCode;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.Reply;
import io.switchboard.protocol.Result;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client's subscriptions by channel: (re)subscribing them on every connection, routing channel
 * pushes to them, ending them. The map may be read from any thread; everything else runs on the
 * client's loop.
 */
final class Subscriptions implements Subscription.Owner {

    private final Map<String, Subscription> byChannel = new ConcurrentHashMap<>();
    private final Loop loop;
    private final Dispatcher dispatcher;
    private final CommandSender sender;
    private final ReconnectDelay retryDelay;
    private final Duration requestTimeout;
    private final Runnable onSubscribeTimeout;
    private volatile boolean closed;

    /**
     * @param onSubscribeTimeout called when the node did not answer a subscribe in time: the connection
     *                           is presumed broken and replaced, which resubscribes everything cleanly
     */
    Subscriptions(Loop loop, Dispatcher dispatcher, CommandSender sender, ReconnectDelay retryDelay,
                  Duration requestTimeout, Runnable onSubscribeTimeout) {
        this.loop = loop;
        this.dispatcher = dispatcher;
        this.sender = sender;
        this.retryDelay = retryDelay;
        this.requestTimeout = requestTimeout;
        this.onSubscribeTimeout = onSubscribeTimeout;
    }

    /** Any thread. Registers the subscription and subscribes as soon as connected. */
    Subscription add(String channel, SubscribeOptions options, SubscriptionListener listener) {
        if (closed) {
            throw new IllegalStateException("the client is closed");
        }
        Subscription sub = new Subscription(channel, options, listener, this, dispatcher);
        Subscription existing = byChannel.putIfAbsent(channel, sub);
        if (existing != null) {
            throw new IllegalStateException("already subscribed to " + channel + " (unsubscribe it first)");
        }
        if (closed) { // closed meanwhile; endAll may not have seen it
            byChannel.remove(channel, sub);
            throw new IllegalStateException("the client is closed");
        }
        loop.execute(() -> send(sub));
        return sub;
    }

    Subscription get(String channel) {
        return byChannel.get(channel);
    }

    Collection<Subscription> all() {
        return byChannel.values();
    }

    /** On the loop: a connection is up; subscribe everything not yet sent on it. */
    void resubscribeAll() {
        for (Subscription sub : byChannel.values()) {
            send(sub);
        }
    }

    /** On the loop: the connection ended; every subscription waits for the next. */
    void suspendAll(int code, String reason) {
        for (Subscription sub : byChannel.values()) {
            sub.suspended(code, reason);
        }
    }

    /** On the loop: the client is closing; every subscription ends. */
    void endAll(int code, String reason) {
        closed = true;
        List<Subscription> all = List.copyOf(byChannel.values());
        byChannel.clear();
        for (Subscription sub : all) {
            sub.ended(code, reason, null);
        }
    }

    void onPublication(Push.PublicationPush push) {
        Subscription sub = byChannel.get(push.channel());
        if (sub != null) {
            sub.publication(push.publication());
        }
    }

    void onJoin(Push.Join push) {
        Subscription sub = byChannel.get(push.channel());
        if (sub != null) {
            sub.join(push.info());
        }
    }

    void onLeave(Push.Leave push) {
        Subscription sub = byChannel.get(push.channel());
        if (sub != null) {
            sub.leave(push.info());
        }
    }

    /** The server ended a subscription: final, no resubscribe. */
    void onUnsubscribed(Push.Unsubscribed push) {
        Subscription sub = byChannel.get(push.channel());
        if (sub != null && byChannel.remove(push.channel(), sub)) {
            sub.ended(push.code(), push.reason(), null);
        }
    }

    /** Any thread (the application's {@link Subscription#unsubscribe()}). */
    @Override
    public CompletableFuture<Void> unsubscribe(Subscription sub) {
        Objects.requireNonNull(sub, "subscription");
        CompletableFuture<Void> done = new CompletableFuture<>();
        boolean removed = byChannel.remove(sub.channel(), sub);
        loop.execute(() -> {
            boolean wasActive = sub.active;
            sub.ended(0, "unsubscribe called", null);
            if (!removed || !wasActive || !sender.send(id -> new Command.Unsubscribe(id, sub.channel()),
                    completes(done), requestTimeout)) {
                dispatcher.complete(done, null);
            }
        });
        return done;
    }

    private ReplyHandler completes(CompletableFuture<Void> done) {
        return new ReplyHandler() {
            @Override
            public void onReply(Reply reply) {
                dispatcher.complete(done, null); // "not subscribed" is as good as done
            }

            @Override
            public void onFailure(SwitchboardException error) {
                dispatcher.complete(done, null); // no connection, no subscription
            }
        };
    }

    /** On the loop: sends the subscribe for {@code sub} unless already sent on this connection. */
    private void send(Subscription sub) {
        if (sub.active || byChannel.get(sub.channel()) != sub || sub.state() == SubscriptionState.UNSUBSCRIBED) {
            return;
        }
        Command.Subscribe[] sent = new Command.Subscribe[1];
        boolean ok = sender.send(id -> sent[0] = sub.command(id), new ReplyHandler() {
            @Override
            public void onReply(Reply reply) {
                onSubscribeReply(sub, sent[0], reply);
            }

            @Override
            public void onFailure(SwitchboardException error) {
                if (error.code() == ClientErrorCode.TIMEOUT.code() && sub.active) {
                    sub.error(error);
                    onSubscribeTimeout.run();
                }
            }
        }, requestTimeout);
        sub.active = ok;
    }

    private void onSubscribeReply(Subscription sub, Command.Subscribe sent, Reply reply) {
        if (byChannel.get(sub.channel()) != sub || !sub.active) {
            return; // unsubscribed meanwhile
        }
        if (reply.error() == null && reply.result() instanceof Result.Subscribe r) {
            sub.subscribed(r, sent);
            return;
        }
        SwitchboardException error = reply.error() != null ? SwitchboardException.fromReply(reply.error())
                : SwitchboardException.of(ClientErrorCode.BAD_SERVER_FRAME, "subscribe answered with " + reply.result(), null);
        if (error.temporary()) {
            sub.error(error);
            sub.active = false;
            Duration delay = retryDelay.delay(sub.retryAttempt++);
            sub.retryTimer = loop.schedule(delay, () -> send(sub));
            return;
        }
        byChannel.remove(sub.channel(), sub);
        sub.ended(error.code(), error.getMessage(), error);
    }
}
