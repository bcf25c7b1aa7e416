package io.switchboard.client;

import io.switchboard.protocol.ClientErrorCode;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.DisconnectCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.Result;
import io.switchboard.protocol.ServerFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * The client's state machine: connection attempts, reconnects, what a connection's end means, and the
 * routing of frames to requests and subscriptions. Every method below the public entry points runs on
 * the client's {@link Loop}; the entry points only enqueue work there.
 */
final class ClientCore implements CommandSender {

    private static final Logger LOG = LoggerFactory.getLogger(ClientCore.class);
    /** Beyond the connect timeout handed to the JDK, how long to wait for the {@code connected} push. */
    private static final Duration CONNECTED_PUSH_GRACE = Duration.ofMillis(500);

    private final URI uri;
    private final ClientOptions options;
    private final HttpClient http;
    private final Loop loop;
    private final Dispatcher dispatcher;
    private final List<ClientListener> listeners = new CopyOnWriteArrayList<>();
    private final PendingRequests pending;
    private final OfflineQueue<Request<?, ?>> offline;
    private final Reconnector reconnector;
    private final Heartbeat heartbeat;
    private final TokenManager tokens;
    private final Subscriptions subscriptions;
    private final Connection.Handler handler = new JdkEvents();
    private volatile ClientState state = ClientState.DISCONNECTED;
    private volatile ConnectedEvent connectionInfo;

    // confined to the loop
    private Connection connection;
    private Push.Disconnect lastDisconnect;
    private long attemptGeneration;
    private boolean renewedAfter401;
    private Loop.Cancellable reconnectTimer = Loop.Cancellable.NONE;
    private Loop.Cancellable connectTimer = Loop.Cancellable.NONE;
    private final List<CompletableFuture<Void>> connectWaiters = new ArrayList<>();

    ClientCore(URI uri, ClientOptions options) {
        this.uri = uri;
        this.options = options;
        this.http = options.httpClient() != null ? options.httpClient() : ClientRuntime.sharedHttpClient();
        this.loop = Loop.shared();
        this.dispatcher = new Dispatcher(options.callbackExecutor());
        this.pending = new PendingRequests(loop);
        this.offline = new OfflineQueue<>(options.offlineQueueSize());
        ReconnectDelay strategy = options.reconnectStrategy();
        this.reconnector = new Reconnector(strategy);
        this.heartbeat = new Heartbeat(options.heartbeatInterval(), options.maxMissedHeartbeats(), loop);
        this.tokens = new TokenManager(options.token(), options.tokenSupplier(), options.tokenRefreshMargin(),
                options.requestTimeout(), loop, dispatcher, this::reportError, System::currentTimeMillis);
        this.subscriptions = new Subscriptions(loop, dispatcher, this, strategy, options.requestTimeout(),
                () -> abandonConnection("a subscribe was not answered in time"));
    }

    // ---- entry points: any thread ----

    ClientState state() {
        return state;
    }

    ConnectedEvent connectionInfo() {
        return connectionInfo;
    }

    Subscriptions subscriptions() {
        return subscriptions;
    }

    void addListener(ClientListener l) {
        listeners.add(l);
    }

    void removeListener(ClientListener l) {
        listeners.remove(l);
    }

    CompletableFuture<Void> connect() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        loop.execute(() -> {
            switch (state) {
                case CLOSED -> dispatcher.fail(f, SwitchboardException.of(ClientErrorCode.CLIENT_CLOSED));
                case CONNECTED -> dispatcher.complete(f, null);
                case CONNECTING -> connectWaiters.add(f);
                case DISCONNECTED -> {
                    connectWaiters.add(f);
                    setState(ClientState.CONNECTING, 0, "connect called");
                    startAttempt();
                }
            }
        });
        return f;
    }

    CompletableFuture<Void> disconnect() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        loop.execute(() -> {
            if (state == ClientState.CONNECTING || state == ClientState.CONNECTED) {
                stopConnection("disconnect called", ClientErrorCode.DISCONNECTED);
                setState(ClientState.DISCONNECTED, 0, "disconnect called");
                failConnectWaiters(SwitchboardException.of(ClientErrorCode.DISCONNECTED));
            }
            dispatcher.complete(f, null);
        });
        return f;
    }

    CompletableFuture<Void> close() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        loop.execute(() -> {
            if (state != ClientState.CLOSED) {
                stopConnection("client closed", ClientErrorCode.CLIENT_CLOSED);
                terminate(0, "close called");
            }
            f.complete(null); // SwitchboardClient.close() waits for this; it runs no application code
        });
        return f;
    }

    /** Sends an application call now, queues it while not connected, or fails it (see {@link ClientOptions#offlineQueue()}). */
    <R extends Result, T> CompletableFuture<T> call(LongFunction<Command> command, Class<R> resultType,
                                                    Function<R, T> mapper) {
        Request<R, T> r = new Request<>(command, resultType, mapper, dispatcher);
        loop.execute(() -> submit(r));
        return r.future;
    }

    // ---- on the loop ----

    private void submit(Request<?, ?> r) {
        if (state == ClientState.CLOSED) {
            r.onFailure(SwitchboardException.of(ClientErrorCode.CLIENT_CLOSED));
            return;
        }
        r.deadline = loop.schedule(options.requestTimeout(), () -> {
            if (!r.done()) {
                offline.remove(r);
                pending.forget(r.id);
                r.onFailure(SwitchboardException.of(ClientErrorCode.TIMEOUT));
            }
        });
        if (state == ClientState.CONNECTED) {
            sendRequest(r);
        } else if (!options.offlineQueue()) {
            r.onFailure(SwitchboardException.of(ClientErrorCode.NOT_CONNECTED));
        } else if (!offline.offer(r)) {
            r.onFailure(SwitchboardException.of(ClientErrorCode.QUEUE_FULL,
                    "at most " + options.offlineQueueSize() + " calls wait for a connection", null));
        }
    }

    private void sendRequest(Request<?, ?> r) {
        if (r.done()) {
            return;
        }
        r.id = pending.register(r, null); // the request's own deadline covers it
        connection.send(connection.codec().encodeCommand(r.command.apply(r.id)));
    }

    @Override
    public boolean send(LongFunction<Command> command, ReplyHandler replyHandler, Duration timeout) {
        Connection c = connection;
        if (state != ClientState.CONNECTED || c == null) {
            return false;
        }
        long id = pending.register(replyHandler, timeout);
        c.send(c.codec().encodeCommand(command.apply(id)));
        return true;
    }

    private void startAttempt() {
        reconnectTimer.cancel();
        long gen = ++attemptGeneration;
        tokens.forConnect().whenComplete((token, error) -> {
            if (gen != attemptGeneration || state != ClientState.CONNECTING) {
                return;
            }
            if (error != null) {
                reportError(error instanceof SwitchboardException s ? s
                        : SwitchboardException.of(ClientErrorCode.TOKEN_UNAVAILABLE, error.toString(), error));
                scheduleReconnect(null);
                return;
            }
            Connection c = new Connection(options.codec(), handler, ClientRuntime.pool());
            connection = c;
            c.open(http, uri, token, options.connectTimeout());
            connectTimer = loop.schedule(options.connectTimeout().plus(CONNECTED_PUSH_GRACE), () -> {
                if (connection == c && state == ClientState.CONNECTING) {
                    c.abort();
                    connection = null;
                    attemptFailed(new HandshakeFailure(0, null,
                            new HttpTimeoutException("not connected within " + options.connectTimeout().toMillis() + " ms")));
                }
            });
        });
    }

    private void frame(Connection c, ServerFrame frame) {
        if (c != connection) {
            return;
        }
        if (frame instanceof ServerFrame.ReplyFrame r) {
            if (!pending.complete(r.reply())) {
                LOG.debug("reply {} matches no pending command", r.reply().id());
            }
            return;
        }
        Push push = ((ServerFrame.PushFrame) frame).push();
        if (push instanceof Push.PublicationPush p) {
            subscriptions.onPublication(p);
        } else if (push instanceof Push.Message m) {
            MessageEvent event = new MessageEvent(m.data(), m.from());
            emit(l -> l.onMessage(event));
        } else if (push instanceof Push.Join j) {
            subscriptions.onJoin(j);
        } else if (push instanceof Push.Leave l) {
            subscriptions.onLeave(l);
        } else if (push instanceof Push.Unsubscribed u) {
            subscriptions.onUnsubscribed(u);
        } else if (push instanceof Push.Disconnect d) {
            lastDisconnect = d; // the close frame follows
        } else if (push instanceof Push.Connected x) {
            connected(c, x);
        } else if (push instanceof Push.Unknown u) {
            // a push type from a newer server: ignored, as the protocol asks (docs/protocol.md, "Pushes")
            LOG.debug("{}: ignoring push of unknown type {}", uri, u.type());
        }
    }

    private void connected(Connection c, Push.Connected x) {
        if (state != ClientState.CONNECTING) {
            return;
        }
        connectTimer.cancel();
        reconnector.reset();
        renewedAfter401 = false;
        ConnectedEvent event = new ConnectedEvent(x.client(), x.user(), x.node(), x.expires());
        connectionInfo = event;
        setState(ClientState.CONNECTED, 0, "connected to " + x.node());
        emit(l -> l.onConnected(event));
        tokens.onConnected(x.expires(), this);
        heartbeat.start(c::lastReceivedNanos, this, () -> abandonConnection(
                "no traffic for " + options.maxMissedHeartbeats() + " heartbeat intervals"));
        subscriptions.resubscribeAll();
        for (Request<?, ?> r : offline.drain()) {
            sendRequest(r);
        }
        takeConnectWaiters().forEach(f -> dispatcher.complete(f, null));
    }

    /** The JDK reported the end of {@code c}: a refused or failed handshake, or a closed connection. */
    private void closed(Connection c, int code, String reason, Throwable error) {
        if (c != connection) {
            return;
        }
        connection = null;
        connectTimer.cancel();
        if (!c.opened()) {
            attemptFailed(HandshakeFailure.of(error));
        } else {
            connectionLost(code, reason);
        }
    }

    /** The current connection is presumed dead (heartbeat, unanswered subscribe): cut it and reconnect. */
    private void abandonConnection(String why) {
        Connection c = connection;
        if (c == null || state != ClientState.CONNECTED) {
            return;
        }
        LOG.debug("abandoning connection to {}: {}", uri, why);
        c.abort();
        connection = null;
        lastDisconnect = null;
        connectionLost(1006, why);
    }

    private void connectionLost(int code, String reason) {
        Push.Disconnect push = lastDisconnect;
        lastDisconnect = null;
        int effective = push != null ? push.code() : code;
        String why = push != null ? push.reason() : (reason == null || reason.isEmpty() ? "closed with " + code : reason);
        boolean reconnect = push != null ? push.reconnect() : DisconnectCode.reconnectAdvised(code);
        if (effective == DisconnectCode.TOKEN_EXPIRED.code()) {
            tokens.invalidate();
            if (!tokens.canRenew()) {
                reconnect = false;
                why = why + " (no token supplier for a new token)";
            }
        }
        Duration advised = push != null && push.reconnect() && push.delay() > 0 ? Duration.ofMillis(push.delay()) : null;
        boolean wasConnected = state == ClientState.CONNECTED;
        teardown(effective, why, SwitchboardException.of(ClientErrorCode.CONNECTION_LOST, why, null));
        if (wasConnected) {
            DisconnectedEvent event = new DisconnectedEvent(effective, why, reconnect);
            emit(l -> l.onDisconnected(event));
        }
        if (!reconnect) {
            terminate(effective, why);
            return;
        }
        setState(ClientState.CONNECTING, effective, why);
        scheduleReconnect(advised);
    }

    private void attemptFailed(HandshakeFailure failure) {
        reportError(SwitchboardException.of(ClientErrorCode.CONNECT_FAILED, failure.describe(), failure.cause()));
        switch (failure.kind()) {
            case UNAUTHORIZED -> {
                tokens.invalidate();
                if (!tokens.canRenew()) {
                    terminate(failure.status(), failure.describe() + " and there is no token supplier");
                } else if (!renewedAfter401) {
                    renewedAfter401 = true; // once: a fresh token right away, then back off
                    startAttempt();
                } else {
                    scheduleReconnect(null);
                }
            }
            case FATAL -> terminate(failure.status(), failure.describe());
            case RETRY -> scheduleReconnect(failure.retryAfter());
        }
    }

    private void scheduleReconnect(Duration advised) {
        Duration delay = reconnector.next(advised);
        LOG.debug("reconnecting to {} in {} ms (attempt {})", uri, delay.toMillis(), reconnector.attempts());
        reconnectTimer.cancel();
        reconnectTimer = loop.schedule(delay, () -> {
            if (state == ClientState.CONNECTING && connection == null) {
                startAttempt();
            }
        });
    }

    /** Ends the current connection or attempt on the application's request. */
    private void stopConnection(String reason, ClientErrorCode pendingError) {
        attemptGeneration++;
        reconnectTimer.cancel();
        connectTimer.cancel();
        boolean wasConnected = state == ClientState.CONNECTED;
        Connection c = connection;
        connection = null;
        lastDisconnect = null;
        if (c != null) {
            c.close(DisconnectCode.NORMAL.code(), reason);
        }
        teardown(DisconnectCode.NORMAL.code(), reason, SwitchboardException.of(pendingError));
        if (wasConnected) {
            DisconnectedEvent event = new DisconnectedEvent(DisconnectCode.NORMAL.code(), reason, false);
            emit(l -> l.onDisconnected(event));
        }
    }

    private void teardown(int code, String reason, SwitchboardException pendingError) {
        connectTimer.cancel();
        heartbeat.stop();
        tokens.onDisconnected();
        connectionInfo = null;
        pending.failAll(pendingError);
        subscriptions.suspendAll(code, reason);
    }

    /** Terminal: fails what waits and ends the subscriptions. */
    private void terminate(int code, String reason) {
        reconnectTimer.cancel();
        attemptGeneration++;
        for (Request<?, ?> r : offline.drain()) {
            r.onFailure(SwitchboardException.of(ClientErrorCode.CLIENT_CLOSED, reason, null));
        }
        subscriptions.endAll(code, reason);
        setState(ClientState.CLOSED, code, reason);
        failConnectWaiters(SwitchboardException.of(ClientErrorCode.CLIENT_CLOSED, reason, null));
    }

    private void failConnectWaiters(SwitchboardException error) {
        takeConnectWaiters().forEach(f -> dispatcher.fail(f, error));
    }

    /** The {@link #connect()} futures waiting so far; the list starts over empty. */
    private List<CompletableFuture<Void>> takeConnectWaiters() {
        List<CompletableFuture<Void>> waiters = List.copyOf(connectWaiters);
        connectWaiters.clear();
        return waiters;
    }

    private void setState(ClientState next, int code, String reason) {
        ClientState previous = state;
        if (previous == next) {
            return;
        }
        state = next;
        LOG.debug("{}: {} -> {} ({} {})", uri, previous, next, code, reason);
        StateEvent event = new StateEvent(previous, next, code, reason);
        emit(l -> l.onStateChange(event));
    }

    private void reportError(SwitchboardException error) {
        LOG.debug("{}: {}", uri, error.toString());
        emit(l -> l.onError(error));
    }

    private void emit(Consumer<ClientListener> event) {
        if (listeners.isEmpty()) {
            return;
        }
        dispatcher.run(() -> {
            for (ClientListener l : listeners) {
                try {
                    event.accept(l);
                } catch (RuntimeException e) {
                    LOG.warn("client listener threw", e);
                }
            }
        });
    }

    /** Hops the JDK's callbacks onto the loop. */
    private final class JdkEvents implements Connection.Handler {
        @Override
        public void onFrame(Connection c, ServerFrame frame) {
            loop.execute(() -> frame(c, frame));
        }

        @Override
        public void onUndecodable(Connection c, ProtocolException error) {
            loop.execute(() -> {
                if (c == connection) {
                    reportError(SwitchboardException.of(ClientErrorCode.BAD_SERVER_FRAME, error.getMessage(), error));
                }
            });
        }

        @Override
        public void onClosed(Connection c, int code, String reason, Throwable error) {
            loop.execute(() -> closed(c, code, reason, error));
        }
    }
}
