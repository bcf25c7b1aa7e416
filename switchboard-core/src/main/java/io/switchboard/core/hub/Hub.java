package io.switchboard.core.hub;

import io.netty.util.concurrent.EventExecutor;
import io.switchboard.core.auth.Claims;
import io.switchboard.core.auth.TokenVerifier;
import io.switchboard.core.config.NamespaceOptions;
import io.switchboard.core.config.SwitchboardOptions;
import io.switchboard.core.engine.Broker;
import io.switchboard.core.engine.Control;
import io.switchboard.core.engine.PresenceStore;
import io.switchboard.core.engine.PublishOptions;
import io.switchboard.core.limit.ConnectionLimiter;
import io.switchboard.core.limit.TokenBucket;
import io.switchboard.protocol.ClientInfo;
import io.switchboard.protocol.DisconnectCode;
import io.switchboard.protocol.Payload;
import io.switchboard.protocol.Publication;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.StreamPosition;
import io.switchboard.protocol.UnsubscribeCode;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The connections of this node and the routes between them: sessions by event loop and by user, channel
 * subscriptions, and fan-out of what the broker delivers. Fan-out encodes a push once per codec and
 * hands each event loop one task that writes the shared frame to all of its recipients.
 */
public final class Hub implements Broker.BrokerListener {

    /** Advised reconnect delays after a drain start here and spread over at least this window. */
    private static final long MIN_RECONNECT_SPREAD_MS = 2_000;
    private static final long MIN_RECONNECT_DELAY_MS = 500;
    /** Digits of the longest positive long in base 36: ids' builders are sized for any counter value. */
    private static final int MAX_BASE36_DIGITS = 13;

    private final SwitchboardOptions options;
    private final Broker broker;
    private final PresenceStore presence;
    private final TokenVerifier tokenVerifier;
    private final Clock clock;
    private final ChannelAccess access;
    private final CommandHandler commands;
    private final ConnectionLimiter connectionLimiter;
    private final TokenBucket.Rate commandRate;
    private final String runId = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
    private final AtomicLong ids = new AtomicLong();
    private final UserIndex users = new UserIndex();
    private final CompletableFuture<Void> allClosed = new CompletableFuture<>();
    private volatile boolean draining;
    private EventExecutor[] loops;
    private FlushBatch[] flushBatches;
    private Map<EventExecutor, Integer> loopIndex;
    private ShardedSet<ClientSession> everyone;
    private SubscriptionRegistry subscriptions;

    public Hub(SwitchboardOptions options, Broker broker, PresenceStore presence, TokenVerifier tokenVerifier,
               Clock clock) {
        this.options = options;
        this.broker = broker;
        this.presence = presence;
        this.tokenVerifier = tokenVerifier;
        this.clock = clock;
        this.access = new ChannelAccess(options);
        this.commands = new CommandHandler(this, access);
        this.connectionLimiter = new ConnectionLimiter(options.limits().maxConnections(),
                options.limits().maxConnectionsPerIp());
        this.commandRate = new TokenBucket.Rate(options.limits().commandRate(), options.limits().commandBurst(),
                System::nanoTime);
    }

    /** Binds the hub to the transport's event loops and starts the broker. Call once. */
    public void start(List<EventExecutor> eventLoops) {
        this.loops = eventLoops.toArray(new EventExecutor[0]);
        Map<EventExecutor, Integer> index = new IdentityHashMap<>();
        for (int i = 0; i < loops.length; i++) {
            index.put(loops[i], i);
        }
        this.loopIndex = index;
        this.flushBatches = new FlushBatch[loops.length];
        for (int i = 0; i < loops.length; i++) {
            flushBatches[i] = new FlushBatch(loops[i]);
        }
        this.everyone = new ShardedSet<>(loops.length);
        this.subscriptions = new SubscriptionRegistry(loops.length, broker, presence);
        broker.start(this);
    }

    /** Creates the session of a connection whose upgrade just completed. Call on the transport's loop. */
    public ClientSession open(Transport transport, Claims claims) {
        Integer loop = loopIndex.get(transport.executor());
        if (loop == null) {
            throw new IllegalStateException("transport runs on an event loop the hub does not know");
        }
        ClientSession session = new ClientSession(this, ids.incrementAndGet(), transport, claims, loop);
        users.add(session);
        everyone.add(loop, session);
        session.start();
        return session;
    }

    void unregister(ClientSession session) {
        users.remove(session);
        int left = everyone.remove(session.loop(), session);
        if (draining && left == 0) {
            allClosed.complete(null);
        }
    }

    /** Publishes into a channel with its namespace's history settings. Any thread. */
    public CompletionStage<StreamPosition> publish(String channel, NamespaceOptions ns, Payload data, ClientInfo info) {
        PublishOptions opts = ns.keepsHistory()
                ? new PublishOptions(ns.historySize(), ns.historyTtl()) : PublishOptions.NO_HISTORY;
        return broker.publish(channel, nextPublicationId(), data, info, opts);
    }

    /** Every session's command bucket has this rate and size. */
    TokenBucket.Rate commandRate() {
        return commandRate;
    }

    /** The id of the client with {@code number} on this node (see {@link ClientSession#id()}). */
    String clientId(long number) {
        return appendClientId(new StringBuilder(runId.length() + MAX_BASE36_DIGITS + 1), number).toString();
    }

    /** Appends {@link #clientId} to {@code to}: the close line takes it without a string of its own. */
    StringBuilder appendClientId(StringBuilder to, long number) {
        return appendBase36(to.append(runId).append('-'), number);
    }

    private String nextPublicationId() {
        return appendBase36(new StringBuilder(runId.length() + MAX_BASE36_DIGITS + 1).append(runId).append('.'),
                ids.incrementAndGet()).toString();
    }

    /**
     * Appends {@code number} as {@link Long#toString(long, int)} with radix 36 would, without its
     * 65-byte buffer and string: ids are made per connection (twice) and per publication.
     */
    static StringBuilder appendBase36(StringBuilder to, long number) {
        if (number < 0) {
            return to.append(Long.toString(number, 36)); // never for the counter, kept correct anyway
        }
        if (number >= 36) {
            appendBase36(to, number / 36);
        }
        return to.append(Character.forDigit((int) (number % 36), 36));
    }

    // ---- delivery from the broker (any thread; per channel in order) ----

    @Override
    public void onPublication(String channel, Publication publication) {
        fanOutToChannel(channel, new SharedPush(new Push.PublicationPush(channel, publication), publication.offset()));
    }

    @Override
    public void onPresenceEvent(String channel, ClientInfo info, boolean join) {
        Push push = join ? new Push.Join(channel, info) : new Push.Leave(channel, info);
        // Only namespaces with join/leave publish these events, so every subscriber gets them.
        fanOutToChannel(channel, new SharedPush(push, 0));
    }

    @Override
    public void onControl(Control control) {
        if (control instanceof Control.UserMessage m) {
            if (users.contains(m.user())) {
                SharedPush push = new SharedPush(new Push.Message(m.data(), m.from()), 0);
                users.forEach(m.user(), s -> onSessionLoop(s, push, ClientSession::deliver));
                push.release();
            }
        } else if (control instanceof Control.Broadcast b) {
            SharedPush push = new SharedPush(new Push.Message(b.data(), null), 0);
            if (b.channels().isEmpty()) {
                fanOut(everyone, push, ClientSession::deliver);
            } else {
                broadcastToChannels(b.channels(), push);
            }
        } else if (control instanceof Control.DisconnectUser d) {
            forUser(d.user(), d.client(), s -> s.disconnect(d.code(), d.reason(), d.reconnect(), 0));
        } else if (control instanceof Control.UnsubscribeUser u) {
            forUser(u.user(), null, s -> s.unsubscribeByServer(u.channel(), UnsubscribeCode.SERVER.code(),
                    UnsubscribeCode.SERVER.reason()));
        }
    }

    /** Once per connection, however many of {@code channels} it subscribes to. */
    private void broadcastToChannels(List<String> channels, SharedPush push) {
        List<ShardedSet<Subscription>> sets = new ArrayList<>();
        for (String channel : channels) {
            ShardedSet<Subscription> subs = subscriptions.subscribers(channel);
            if (subs != null) {
                sets.add(subs);
            }
        }
        try {
            for (int i = 0; i < loops.length; i++) {
                int loop = i;
                if (sets.stream().allMatch(set -> set.size(loop) == 0)) {
                    continue;
                }
                submitFanOut(loop, push, () -> {
                    Set<ClientSession> done = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
                    for (ShardedSet<Subscription> set : sets) {
                        set.forEach(loop, sub -> {
                            if (done.add(sub.session())) {
                                sub.session().deliver(push);
                            }
                        });
                    }
                });
            }
        } finally {
            push.release();
        }
    }

    private void forUser(String user, String client, java.util.function.Consumer<ClientSession> action) {
        users.forEach(user, s -> {
            if (client == null || client.equals(s.id())) {
                s.transport().executor().execute(() -> action.accept(s));
            }
        });
    }

    private void fanOutToChannel(String channel, SharedPush push) {
        ShardedSet<Subscription> subs = subscriptions.subscribers(channel);
        if (subs == null) {
            push.release();
            return;
        }
        fanOut(subs, push, Subscription::deliver);
    }

    /** How a fan-out hands {@code push} to one member on the member's loop, whose flush batch is {@code batch}. */
    private interface Delivery<T> {
        void deliver(T member, SharedPush push, FlushBatch batch);
    }

    /** One task per event loop with members; releases the caller's reference to {@code push}. */
    private <T extends ShardedSet.Member> void fanOut(ShardedSet<T> set, SharedPush push, Delivery<T> delivery) {
        try {
            for (int i = 0; i < loops.length; i++) {
                if (set.size(i) == 0) {
                    continue;
                }
                int loop = i;
                FlushBatch batch = flushBatches[loop];
                submitFanOut(loop, push, () -> set.forEach(loop, member -> delivery.deliver(member, push, batch)));
            }
        } finally {
            push.release();
        }
    }

    /** Runs {@code deliveries} on loop {@code loop} as one fan-out (see {@link FlushBatch}), holding {@code push} meanwhile. */
    private void submitFanOut(int loop, SharedPush push, Runnable deliveries) {
        push.retain();
        flushBatches[loop].fanOutQueued();
        loops[loop].execute(() -> {
            try {
                flushBatches[loop].fanOut(deliveries);
            } finally {
                push.release();
            }
        });
    }

    private static void onSessionLoop(ClientSession s, SharedPush push, BiConsumer<ClientSession, SharedPush> action) {
        push.retain();
        s.transport().executor().execute(() -> {
            try {
                action.accept(s, push);
            } finally {
                push.release();
            }
        });
    }

    // ---- graceful drain ----

    /**
     * Disconnects every client with {@link DisconnectCode#GOING_AWAY}, spread evenly over
     * {@code period}, each with a random advised reconnect delay so that they do not all return at
     * once. Completes when every session has closed.
     */
    public CompletableFuture<Void> drain(Duration period) {
        draining = true;
        if (everyone.size() == 0) {
            allClosed.complete(null);
            return allClosed;
        }
        long periodMs = period.toMillis();
        long spreadMs = Math.max(MIN_RECONNECT_SPREAD_MS, periodMs);
        for (int i = 0; i < loops.length; i++) {
            int loop = i;
            // Each loop spreads its own sessions over the whole period, the loops' slots interleaved so
            // that together they are spread evenly (not all loops' first sessions at once).
            loops[i].execute(() -> {
                List<ClientSession> mine = new ArrayList<>(everyone.size(loop));
                everyone.forEach(loop, mine::add);
                for (int k = 0; k < mine.size(); k++) {
                    ClientSession s = mine.get(k);
                    long at = periodMs * ((long) k * loops.length + loop) / ((long) mine.size() * loops.length);
                    long advisedDelay = MIN_RECONNECT_DELAY_MS + ThreadLocalRandom.current().nextLong(spreadMs);
                    loops[loop].schedule(() -> s.disconnect(DisconnectCode.GOING_AWAY, advisedDelay,
                            DisconnectCode.GOING_AWAY.reason()), at, TimeUnit.MILLISECONDS);
                }
            });
        }
        if (everyone.size() == 0) {
            allClosed.complete(null);
        }
        return allClosed;
    }

    public boolean draining() {
        return draining;
    }

    // ---- accessors ----

    public SwitchboardOptions options() {
        return options;
    }

    public Broker broker() {
        return broker;
    }

    public PresenceStore presence() {
        return presence;
    }

    public TokenVerifier tokenVerifier() {
        return tokenVerifier;
    }

    public ConnectionLimiter connectionLimiter() {
        return connectionLimiter;
    }

    public ChannelAccess access() {
        return access;
    }

    Clock clock() {
        return clock;
    }

    /** The flush coalescer of event loop {@code loop}; use only on that loop. */
    FlushBatch flushBatch(int loop) {
        return flushBatches[loop];
    }

    CommandHandler commands() {
        return commands;
    }

    SubscriptionRegistry subscriptions() {
        return subscriptions;
    }

    public int connectionCount() {
        return everyone.size();
    }

    public int userCount() {
        return users.size();
    }

    public List<String> channels() {
        return subscriptions.channelNames();
    }

    /** Users with at least one connection on this node. */
    public boolean hasUser(String user) {
        return users.contains(user);
    }
}
