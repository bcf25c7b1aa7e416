package io.switchboard.client;

import io.switchboard.protocol.ClientErrorCode;
import io.switchboard.protocol.ClientInfo;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.Payload;
import io.switchboard.protocol.Publication;
import io.switchboard.protocol.Result;
import io.switchboard.protocol.StreamPosition;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * A client of one Switchboard node endpoint ({@code ws://host:port/ws}).
 *
 * <pre>{@code
 * SwitchboardClient client = new SwitchboardClient(URI.create("ws://localhost:8080/ws"),
 *         ClientOptions.builder().tokenSupplier(() -> myBackend.fetchToken()).build());
 * client.addListener(new ClientListener() {
 *     public void onStateChange(StateEvent e) { log.info("{} -> {}", e.previous(), e.current()); }
 * });
 * Subscription lobby = client.subscribe("chat:lobby", SubscribeOptions.defaults(), new SubscriptionListener() {
 *     public void onPublication(ChannelPublication p) { show(p.data()); }
 *     public void onRecovered(RecoveredEvent e) { if (!e.recovered()) reloadMessages(); }
 * });
 * client.connect();
 * client.publish("chat:lobby", Payload.ofJson("{\"text\":\"hi\"}")).thenAccept(pos -> ...);
 * }</pre>
 *
 * <p>Once {@link #connect()}ed the client stays connected by itself: it reconnects with exponential
 * backoff and full jitter (or after the delay the server advises), re-establishes every subscription
 * recovering what was missed, refreshes its token before it expires, and sends a heartbeat that
 * detects dead connections. It stops only on {@link #disconnect()}, {@link #close()}, or when the server
 * says not to come back ({@link ClientState#CLOSED}).
 *
 * <p><b>Thread safety.</b> Every method may be called from any thread and returns without waiting on
 * the network (except {@link #close()}, which waits briefly for the client to wind down). Listener
 * callbacks, token supplier calls and the completion of returned futures happen on the callback
 * executor, never on an I/O thread; with the default executor they are ordered. Do not block a callback
 * on a future of the same client.
 */
public final class SwitchboardClient implements AutoCloseable {

    private final URI uri;
    private final ClientOptions options;
    private final ClientCore core;

    /**
     * Creates a client; nothing happens on the network until {@link #connect()}.
     *
     * @param uri     the node's WebSocket endpoint, {@code ws://} or {@code wss://}, e.g. {@code ws://localhost:8080/ws}
     * @param options token or token supplier, and everything else
     */
    public SwitchboardClient(URI uri, ClientOptions options) {
        this.uri = Objects.requireNonNull(uri, "uri");
        this.options = Objects.requireNonNull(options, "options");
        String scheme = uri.getScheme();
        if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("the endpoint must be a ws:// or wss:// URI, was " + uri);
        }
        this.core = new ClientCore(uri, options);
    }

    /** Shorthand for {@code new SwitchboardClient(URI.create(uri), options)}. */
    public static SwitchboardClient create(String uri, ClientOptions options) {
        return new SwitchboardClient(URI.create(uri), options);
    }

    public URI uri() {
        return uri;
    }

    public ClientOptions options() {
        return options;
    }

    /** The current state. */
    public ClientState state() {
        return core.state();
    }

    /** What the node said about the current connection, while {@link ClientState#CONNECTED}. */
    public Optional<ConnectedEvent> connectionInfo() {
        return Optional.ofNullable(core.connectionInfo());
    }

    public SwitchboardClient addListener(ClientListener listener) {
        core.addListener(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    public SwitchboardClient removeListener(ClientListener listener) {
        core.removeListener(listener);
        return this;
    }

    /**
     * Starts connecting (and reconnecting whenever the connection is lost). The future completes when
     * the client is connected, or fails when it is disconnected or closed first; connection attempts
     * that fail along the way are reported to {@link ClientListener#onError} and retried.
     */
    public CompletableFuture<Void> connect() {
        return core.connect();
    }

    /**
     * Closes the connection and stops reconnecting ({@link ClientState#DISCONNECTED}). Subscriptions stay
     * and resubscribe (with recovery) on the next {@link #connect()}; calls made meanwhile queue or fail
     * as {@link ClientOptions#offlineQueue()} says; calls awaiting a reply fail with
     * {@link ClientErrorCode#DISCONNECTED}.
     */
    public CompletableFuture<Void> disconnect() {
        return core.disconnect();
    }

    /**
     * Closes the client for good ({@link ClientState#CLOSED}): the connection, every subscription and
     * every call still waiting; the default callback thread ends by itself once idle. Idempotent; waits
     * at most a second for the client to wind down.
     */
    @Override
    public void close() {
        try {
            core.close().get(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // winding down continues in the background
        }
    }

    // ---- subscriptions ----

    /** Subscribes with the default options; see {@link #subscribe(String, SubscribeOptions, SubscriptionListener)}. */
    public Subscription subscribe(String channel) {
        return subscribe(channel, SubscribeOptions.defaults(), null);
    }

    /** Subscribes without a listener yet; add one with {@link Subscription#addListener}. */
    public Subscription subscribe(String channel, SubscribeOptions options) {
        return subscribe(channel, options, null);
    }

    /**
     * Subscribes to {@code channel}: now if connected, otherwise as soon as the client connects, and
     * again after every reconnect. {@code listener} (may be null) is registered before anything is sent,
     * so it sees every event.
     *
     * @throws IllegalStateException when the client already has a subscription to {@code channel} or is closed
     */
    public Subscription subscribe(String channel, SubscribeOptions options, SubscriptionListener listener) {
        requireText(channel, "channel");
        Objects.requireNonNull(options, "options");
        return core.subscriptions().add(channel, options, listener);
    }

    /** The subscription to {@code channel}, if the client has one. */
    public Optional<Subscription> subscription(String channel) {
        return Optional.ofNullable(core.subscriptions().get(channel));
    }

    /** The client's subscriptions (a snapshot). */
    public Collection<Subscription> subscriptions() {
        return List.copyOf(core.subscriptions().all());
    }

    // ---- calls ----

    /**
     * Publishes {@code data} into {@code channel} (the client needs the namespace's publish permission,
     * not a subscription). Completes with the publication's position (offset 0 and an empty epoch in a
     * channel without history).
     */
    public CompletableFuture<StreamPosition> publish(String channel, Payload data) {
        requireText(channel, "channel");
        Objects.requireNonNull(data, "data");
        return call(id -> new Command.Publish(id, channel, data), Result.Publish.class,
                r -> new StreamPosition(r.offset(), r.epoch()));
    }

    /** {@link #publish(String, Payload)} with the JSON text of the data. */
    public CompletableFuture<StreamPosition> publish(String channel, String json) {
        return publish(channel, Payload.ofJson(json));
    }

    /** Sends {@code data} to every connection of {@code user} (they get a {@code message} push from this user). */
    public CompletableFuture<Void> send(String user, Payload data) {
        requireText(user, "user");
        Objects.requireNonNull(data, "data");
        return call(id -> new Command.Send(id, user, data), Result.Empty.class, r -> null);
    }

    /** {@link #send(String, Payload)} with the JSON text of the data. */
    public CompletableFuture<Void> send(String user, String json) {
        return send(user, Payload.ofJson(json));
    }

    /** Who is subscribed to {@code channel} (namespaces with presence only; otherwise error 108). */
    public CompletableFuture<List<ClientInfo>> presence(String channel) {
        requireText(channel, "channel");
        return call(id -> new Command.Presence(id, channel), Result.Presence.class, r -> List.copyOf(r.clients()));
    }

    /** Publications kept in {@code channel}'s history (namespaces with history only; otherwise error 108). */
    public CompletableFuture<HistoryResult> history(String channel, HistoryOptions options) {
        requireText(channel, "channel");
        Objects.requireNonNull(options, "options");
        return call(id -> new Command.History(id, channel, options.limit(), options.since()),
                Result.History.class, r -> historyResult(channel, r));
    }

    /** Checks the command (built with the largest id, see {@link CommandCheck}), then hands it to the core. */
    private <R extends Result, T> CompletableFuture<T> call(LongFunction<Command> command, Class<R> resultType,
                                                            Function<R, T> mapper) {
        SwitchboardException problem = CommandCheck.problem(options.codec(), command.apply(CommandCheck.PROBE_ID),
                options.maxMessageSize());
        return problem != null ? CompletableFuture.failedFuture(problem) : core.call(command, resultType, mapper);
    }

    private static HistoryResult historyResult(String channel, Result.History r) {
        List<ChannelPublication> list = new ArrayList<>(r.publications().size());
        for (Publication p : r.publications()) {
            list.add(ChannelPublication.of(channel, p));
        }
        return new HistoryResult(list, new StreamPosition(r.offset(), r.epoch()));
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
    }

    @Override
    public String toString() {
        return "SwitchboardClient[" + uri + ", " + state() + "]";
    }
}
