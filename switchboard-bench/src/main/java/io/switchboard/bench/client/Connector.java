package io.switchboard.bench.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Opens generator connections to one loopback target, spreading them over several loopback source
 * addresses ({@code 127.0.0.1}, {@code 127.0.0.2}, ...) so that more than one address's ephemeral
 * ports (about 28,000 here) are available. With epoll, {@code IP_BIND_ADDRESS_NO_PORT} defers the
 * port choice to connect time, so ports are shared between different destinations.
 */
public final class Connector implements AutoCloseable {

    private final Target target;
    private final Dialect dialect;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final List<InetAddress> sources;
    private final long handshakeTimeoutMs;

    public Connector(Target target, Dialect dialect, int threads, int sourceAddresses, long handshakeTimeoutMs) {
        this.target = target;
        this.dialect = dialect;
        this.handshakeTimeoutMs = handshakeTimeoutMs;
        boolean epoll = Epoll.isAvailable();
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("bench-io", true),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.bootstrap = new Bootstrap().group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) handshakeTimeoutMs);
        if (epoll) {
            bootstrap.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
        }
        this.sources = sourceAddresses(target, sourceAddresses);
    }

    static List<InetAddress> sourceAddresses(Target target, int count) {
        List<InetAddress> list = new ArrayList<>();
        if (!target.address().getAddress().isLoopbackAddress() || target.address().getAddress().getAddress().length != 4) {
            list.add(null); // IPv6 loopback: one source, let the kernel pick
            return list;
        }
        for (int i = 1; i <= Math.max(1, count); i++) {
            try {
                list.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) i}));
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return list;
    }

    public List<InetAddress> sources() {
        return sources;
    }

    public EventLoopGroup group() {
        return group;
    }

    /** Starts one connection; {@code n} picks the source address (round robin). */
    public WsConnection open(int n, String token, WsConnection.Listener listener) {
        WsConnection c = new WsConnection(dialect, target.hostHeader(), dialect.requestPath(target.path(), token), token,
                handshakeTimeoutMs, listener);
        c.index = n;
        c.markStarted();
        Bootstrap b = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(c);
            }
        });
        InetAddress source = sources.get(Math.floorMod(n, sources.size()));
        ChannelFuture f = source == null ? b.connect(target.address())
                : b.connect(target.address(), new InetSocketAddress(source, 0));
        f.addListener(done -> {
            if (!done.isSuccess()) {
                c.ready().completeExceptionally(new WsConnection.HandshakeException(
                        "connect failed: " + done.cause().getMessage(), 0));
            }
        });
        return c;
    }

    /**
     * Opens {@code count} connections with at most {@code concurrency} handshakes in flight.
     * Completes when every attempt has finished; failed attempts are in the returned list too
     * (check {@code ready().isCompletedExceptionally()}).
     */
    public CompletableFuture<List<WsConnection>> openAll(int count, int concurrency, IntFunction<String> tokens,
                                                         IntFunction<WsConnection.Listener> listeners,
                                                         Consumer<WsConnection> onEach) {
        List<WsConnection> all = new ArrayList<>(count);
        CompletableFuture<List<WsConnection>> done = new CompletableFuture<>();
        if (count == 0) {
            done.complete(all);
            return done;
        }
        Object lock = new Object();
        int[] next = {0};
        int[] finished = {0};
        Runnable[] startNext = new Runnable[1];
        startNext[0] = () -> {
            int n;
            synchronized (lock) {
                if (next[0] >= count) {
                    return;
                }
                n = next[0]++;
            }
            WsConnection c = open(n, tokens.apply(n), listeners.apply(n));
            synchronized (lock) {
                all.add(c);
            }
            c.ready().whenComplete((ok, err) -> {
                onEach.accept(c);
                boolean last;
                synchronized (lock) {
                    last = ++finished[0] == count;
                }
                if (last) {
                    synchronized (lock) {
                        done.complete(all);
                    }
                } else {
                    startNext[0].run();
                }
            });
        };
        for (int i = 0; i < Math.min(concurrency, count); i++) {
            startNext[0].run();
        }
        return done;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
