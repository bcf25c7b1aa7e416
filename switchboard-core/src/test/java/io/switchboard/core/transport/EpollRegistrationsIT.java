package io.switchboard.core.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.IoHandler;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SingleThreadIoEventLoop;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.collection.IntObjectMap;
import io.netty.util.concurrent.EventExecutor;
import io.switchboard.core.hub.Transport;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The node's epoll loops keep their channels in a {@link SpreadFdMap}, with the Netty version we ship. */
class EpollRegistrationsIT {

    private static final WebSocketEndpoint NEVER_UPGRADED = new WebSocketEndpoint() {
        @Override
        public CompletionStage<Admission> admit(UpgradeRequest request) {
            return CompletableFuture.completedFuture(new Admission.Refused(403, "test"));
        }

        @Override
        public FrameListener open(Transport transport, Admission.Accepted admission) {
            throw new AssertionError("no connection is upgraded here");
        }
    };

    @Test
    void theNodesEpollLoopsRegisterConnectionsInASpreadingMap() throws Exception {
        assertThat(Epoll.isAvailable()).as("epoll on this machine").isTrue();
        List<EventExecutor> loops = new CopyOnWriteArrayList<>();
        WebSocketServer server = TransportServers.start(NEVER_UPGRADED, 1024, 2,
                Duration.ofSeconds(10), Map.of(), loops::addAll);
        List<Socket> clients = new ArrayList<>();
        try {
            assertThat(loops).hasSize(2);
            List<IntObjectMap<?>> maps = new ArrayList<>();
            for (EventExecutor loop : loops) {
                IntObjectMap<?> map = registrations(loop);
                assertThat(map).isInstanceOf(SpreadFdMap.class);
                maps.add(map);
            }
            int idle = registered(loops, maps); // the listening socket (and any loop's own descriptors)
            for (int i = 0; i < 200; i++) {
                clients.add(new Socket("127.0.0.1", server.port()));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> registered(loops, maps) == idle + 200);
            for (Socket client : clients) {
                client.close();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> registered(loops, maps) == idle);
        } finally {
            for (Socket client : clients) {
                client.close();
            }
            server.shutdown(Duration.ofMillis(100)).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aHandlerWithoutThatMapIsLeftAsItIs() throws Exception {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
                EpollRegistrations.spreading(NioIoHandler.newFactory()));
        try {
            IoHandler handler = handler(group.next());
            assertThat(EpollRegistrations.spread(handler)).isFalse();
            var bound = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInboundHandlerAdapter())
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            try (Socket client = new Socket("127.0.0.1", ((InetSocketAddress) bound.localAddress()).getPort())) {
                assertThat(client.isConnected()).isTrue();
            }
            bound.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static int registered(List<EventExecutor> loops, List<IntObjectMap<?>> maps) throws Exception {
        int total = 0;
        for (int i = 0; i < loops.size(); i++) {
            IntObjectMap<?> map = maps.get(i);
            total += loops.get(i).submit(map::size).get(); // the map belongs to its loop's thread
        }
        return total;
    }

    private static IntObjectMap<?> registrations(EventExecutor loop) throws Exception {
        IoHandler handler = handler(loop);
        Field field = handler.getClass().getDeclaredField("registrations");
        field.setAccessible(true);
        return (IntObjectMap<?>) field.get(handler);
    }

    private static IoHandler handler(EventExecutor loop) throws Exception {
        Field field = SingleThreadIoEventLoop.class.getDeclaredField("ioHandler");
        field.setAccessible(true);
        return (IoHandler) field.get(loop);
    }
}
