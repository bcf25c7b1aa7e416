package io.switchboard.core.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.switchboard.core.config.SwitchboardOptions;
import io.switchboard.core.config.TransportOptions;
import io.switchboard.core.http.HttpEndpoint;
import io.switchboard.core.limit.KeyedRateLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Owns the event loops and the listening socket. Native epoll when available, NIO otherwise.
 * Knows nothing of channels or users: the {@link WebSocketEndpoint} does.
 */
public final class WebSocketServer {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketServer.class);
    /** Beyond the drain period, how long to wait for the last connections before cutting them. */
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(3);
    /** A loop's shutdown: at least one more turn (see {@link #forceClose}), then at most 2 s for its tasks. */
    private static final long SHUTDOWN_QUIET_MS = 50;
    private static final long SHUTDOWN_TIMEOUT_MS = 2_000;
    private static final String LOOPBACK = "127.0.0.1";

    private final TransportOptions options;
    private final WebSocketEndpoint endpoint;
    private final Map<String, HttpEndpoint> routes;
    private final Consumer<List<EventExecutor>> onLoops;
    private final Function<Duration, CompletableFuture<Void>> drainSessions;
    private final KeyedRateLimiter handshakeRate;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private volatile boolean draining;
    private volatile int retryAfterSeconds = 5;
    private MultiThreadIoEventLoopGroup group;
    private ServerBootstrap bootstrap;
    private boolean epoll;
    private Channel serverChannel;
    /** The node's own loopback listener before {@link #start()} (see {@link #openLoopbackListener}); null otherwise. */
    private Channel loopbackChannel;

    /**
     * @param routes        plain HTTP routes keyed {@code "METHOD /path"}
     * @param onLoops       told the event loops once they exist (the hub partitions by them)
     * @param drainSessions disconnects the endpoint's sessions over the given period; completes when all are closed
     */
    public WebSocketServer(TransportOptions options, WebSocketEndpoint endpoint, Map<String, HttpEndpoint> routes,
                           double handshakeRatePerIp, int handshakeBurstPerIp,
                           Consumer<List<EventExecutor>> onLoops,
                           Function<Duration, CompletableFuture<Void>> drainSessions) {
        this.options = options;
        this.endpoint = endpoint;
        this.routes = Map.copyOf(routes);
        this.onLoops = onLoops;
        this.drainSessions = drainSessions;
        this.handshakeRate = new KeyedRateLimiter(handshakeRatePerIp, handshakeBurstPerIp);
    }

    /**
     * Creates the event loops (unless {@link #openLoopbackListener} did) and binds. Blocks until bound
     * (call from a normal thread).
     */
    public synchronized void start() {
        if (serverChannel != null) {
            throw new IllegalStateException("already started");
        }
        startLoops();
        try {
            serverChannel = bind(options.host(), options.port());
        } catch (IllegalStateException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            group = null;
            throw e;
        }
        LOG.info("listening on {}:{} ({} transport, {} event loops)", options.host(), port(),
                epoll ? "epoll" : "nio", group.executorCount());
    }

    /**
     * Before {@link #start()}: creates the event loops and listens on a loopback port of its own, with
     * everything a connection on the real port meets (same loops, limits, endpoint). For traffic the node
     * makes itself, e.g. to have its code compiled before clients come; close it before {@code start()}.
     *
     * @return the loopback port
     */
    public synchronized int openLoopbackListener() {
        if (serverChannel != null || loopbackChannel != null) {
            throw new IllegalStateException(serverChannel != null ? "already started" : "loopback listener already open");
        }
        startLoops();
        loopbackChannel = bind(LOOPBACK, 0);
        return ((InetSocketAddress) loopbackChannel.localAddress()).getPort();
    }

    /** Closes the listener {@link #openLoopbackListener} opened (its connections stay open); waits for the close. */
    public synchronized void closeLoopbackListener() {
        if (loopbackChannel != null) {
            loopbackChannel.close().syncUninterruptibly();
            loopbackChannel = null;
        }
    }

    private void startLoops() {
        if (group != null) {
            return;
        }
        epoll = options.nativeTransport() && Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollRegistrations.spreading(EpollIoHandler.newFactory()) : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelClass = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        group = new MultiThreadIoEventLoopGroup(ioThreads(options), new DefaultThreadFactory("switchboard-io", true), io);
        List<EventExecutor> loops = new ArrayList<>();
        group.forEach(loops::add);
        onLoops.accept(loops);
        long shortestTimer = Math.min(options.heartbeatInterval().toNanos(), options.idleTimeout().toNanos());
        Map<EventExecutor, ConnectionSweeper> sweepers = new IdentityHashMap<>();
        for (EventExecutor loop : loops) {
            sweepers.put(loop, new ConnectionSweeper(loop, shortestTimer));
        }
        WebSocketUpgrader upgrader = new WebSocketUpgrader(options, endpoint, handshakeRate,
                () -> draining, () -> retryAfterSeconds, sweepers);
        bootstrap = new ServerBootstrap()
                .group(group)
                .channel(channelClass)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                // No TCP_NODELAY child option: Netty's epoll and NIO channels already set it when they are
                // made, and the option would be a second setsockopt per accepted connection
                // (FramingTest pins that it is on).
                // One allocator for all connections (Netty's default config creates one per connection),
                // with a smaller per-connection handle than Netty's adaptive one.
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new LeanRecvByteBufAllocator())
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(options.writeBufferLow(), options.writeBufferHigh()))
                .childHandler(new ServerInitializer(options, routes, upgrader));
    }

    private Channel bind(String host, int port) {
        try {
            return bootstrap.bind(new InetSocketAddress(host, port)).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding", e);
        } catch (Exception e) { // sync() rethrows the bind failure (a checked IOException) undeclared
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /**
     * One event loop per core the JVM may use (which honours CPU affinity and container limits), not
     * Netty's default of two: two loops time-sharing a core make a request wait for the other loop's
     * time slice.
     */
    static int ioThreads(TransportOptions options) {
        return options.ioThreads() > 0 ? options.ioThreads() : Runtime.getRuntime().availableProcessors();
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public boolean draining() {
        return draining;
    }

    /**
     * Stops taking new WebSocket connections (503 with {@code Retry-After}, readiness false), drains the
     * sessions over {@code period}, then closes the listener and the event loops. Idempotent.
     */
    public synchronized CompletableFuture<Void> shutdown(Duration period) {
        if (group == null) {
            terminated.complete(null); // never started: nothing to drain
            return terminated;
        }
        if (draining) {
            return terminated;
        }
        draining = true;
        retryAfterSeconds = (int) Math.max(1, period.toSeconds() + 1);
        LOG.info("draining {} over {} ms", "connections", period.toMillis());
        drainSessions.apply(period)
                .orTimeout(period.plus(DRAIN_GRACE).toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((v, e) -> {
                    if (e != null) {
                        LOG.warn("drain did not finish in time; closing the remaining connections");
                    }
                    forceClose();
                });
        return terminated;
    }

    /** Closes the listener and the event loops now, without waiting. Never blocks (may run on an event loop). */
    public void forceClose() {
        Channel ch = serverChannel;
        EventLoopGroup g = group;
        if (g == null) {
            terminated.complete(null);
            return;
        }
        // Listener first (nothing new arrives), then the loops, which close every channel registered on
        // them as they shut down (Netty's IoHandler.prepareToDestroy), upgraded or not: no set of our own,
        // which would cost a map entry per connection. A loop closes its channels only on a turn that
        // begins after the shutdown request; with a quiet period of 0 a loop that gets the request while
        // it runs tasks (this listener's, or the registration of a connection accepted just before the
        // listener closed) stops at the end of that turn and leaves those sockets open. A quiet period
        // gives it one more turn.
        Runnable stopLoops = () -> g.shutdownGracefully(SHUTDOWN_QUIET_MS, SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .addListener(f -> {
                    LOG.info("stopped");
                    terminated.complete(null);
                });
        if (ch != null) {
            ch.close().addListener(f -> stopLoops.run());
        } else {
            stopLoops.run();
        }
    }

    /** Completes when the event loops have terminated. */
    public CompletableFuture<Void> terminated() {
        return terminated;
    }
}
