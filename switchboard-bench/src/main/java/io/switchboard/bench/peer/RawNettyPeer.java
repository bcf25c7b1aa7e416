package io.switchboard.bench.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.util.concurrent.DefaultThreadFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JVM ceiling for the benchmark: a raw Netty WebSocket server speaking the generator's
 * Switchboard subset with as little as possible in the way. HS256 token check before the upgrade;
 * subscribers partitioned by event loop; each publication is framed once into one direct buffer,
 * written to every subscriber as a retained duplicate without flushing, and flushed once per
 * connection per event-loop turn (several frames per write() when several are due).
 * {@code PORT} (8090) and {@code BENCH_SECRET} (none: no check) from the environment.
 */
public final class RawNettyPeer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] SECRET = System.getenv().getOrDefault("BENCH_SECRET", "").getBytes(StandardCharsets.UTF_8);
    private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.length == 0 ? new byte[1] : SECRET, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });
    /** Per event loop: its subscribers by channel and the connections written since the last flush. Loop-confined. */
    private static final ThreadLocal<LoopState> STATE = ThreadLocal.withInitial(LoopState::new);
    private static final List<EventLoop> LOOPS = new ArrayList<>();

    private RawNettyPeer() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8090"));
        boolean epoll = Epoll.isAvailable();
        // One event loop per core (Netty's default would be two per core).
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
                new DefaultThreadFactory("peer-io"),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        group.forEach(e -> LOOPS.add((EventLoop) e));
        new ServerBootstrap().group(group)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(16 * 1024), new Upgrade());
                    }
                })
                .bind("127.0.0.1", port).sync();
        System.out.println("raw netty peer listening on " + port + " (" + LOOPS.size() + " event loops)");
    }

    static final class LoopState {
        final Map<String, List<Channel>> channels = new HashMap<>();
        final Set<Channel> dirty = new LinkedHashSet<>();
        boolean flushScheduled;

        void written(Channel ch) {
            dirty.add(ch);
            if (!flushScheduled) {
                flushScheduled = true;
                ch.eventLoop().execute(this::flushAll);
            }
        }

        void flushAll() {
            flushScheduled = false;
            for (Channel ch : dirty) {
                ch.flush();
            }
            dirty.clear();
        }
    }

    /** The token check and the RFC 6455 upgrade. */
    static final class Upgrade extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            List<String> token = new QueryStringDecoder(req.uri()).parameters().get("token");
            if (!verify(token == null ? null : token.get(0))) {
                ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.UNAUTHORIZED))
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            }
            WebSocketServerHandshaker hs = new WebSocketServerHandshakerFactory("ws://localhost/ws", null, false, 64 * 1024)
                    .newHandshaker(req);
            if (hs == null) {
                WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
                return;
            }
            ctx.pipeline().replace(this, "peer", new Connection());
            hs.handshake(ctx.channel(), req);
        }
    }

    static boolean verify(String token) {
        if (SECRET.length == 0) {
            return true;
        }
        if (token == null) {
            return false;
        }
        int dot = token.lastIndexOf('.');
        if (dot < 0) {
            return false;
        }
        byte[] sig = MAC.get().doFinal(token.substring(0, dot).getBytes(StandardCharsets.US_ASCII));
        byte[] given = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(Base64.getUrlEncoder().withoutPadding().encode(sig), given)) {
            return false;
        }
        try {
            int first = token.indexOf('.');
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(token.substring(first + 1, dot)));
            long exp = claims.path("exp").asLong(0);
            return claims.path("sub").isTextual() && (exp == 0 || exp * 1000 > System.currentTimeMillis());
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    /** One upgraded connection. */
    static final class Connection extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final List<String> subscriptions = new ArrayList<>();

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) throws IOException {
            if (frame instanceof PingWebSocketFrame) {
                ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
                return;
            }
            if (frame instanceof CloseWebSocketFrame) {
                ctx.writeAndFlush(frame.retainedDuplicate()).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            if (!(frame instanceof TextWebSocketFrame)) {
                return;
            }
            JsonNode cmd = JSON.readTree((java.io.InputStream) new ByteBufInputStream(frame.content()));
            String method = cmd.path("method").asText();
            String channel = cmd.path("params").path("channel").asText();
            LoopState state = STATE.get();
            if (method.equals("subscribe")) {
                state.channels.computeIfAbsent(channel, c -> new ArrayList<>()).add(ctx.channel());
                subscriptions.add(channel);
            } else if (method.equals("publish")) {
                publish(channel, cmd.path("params").get("data"));
            }
            ctx.write(frame(("{\"id\":" + cmd.path("id").asLong() + ",\"result\":{}}").getBytes(StandardCharsets.UTF_8)),
                    ctx.voidPromise());
            state.written(ctx.channel());
        }

        private static void publish(String channel, JsonNode data) {
            byte[] payload = ("{\"push\":\"publication\",\"channel\":" + JSON.valueToTree(channel) + ",\"data\":" + data + "}")
                    .getBytes(StandardCharsets.UTF_8);
            ByteBuf framed = frame(payload);
            try {
                for (EventLoop loop : LOOPS) {
                    ByteBuf mine = framed.retainedDuplicate();
                    if (loop.inEventLoop()) {
                        deliver(channel, mine);
                    } else {
                        loop.execute(() -> deliver(channel, mine));
                    }
                }
            } finally {
                framed.release();
            }
        }

        private static void deliver(String channel, ByteBuf framed) {
            LoopState state = STATE.get();
            try {
                List<Channel> subs = state.channels.get(channel);
                if (subs == null) {
                    return;
                }
                for (Channel ch : subs) {
                    if (ch.isWritable() || ch.unsafe().outboundBuffer() != null
                            && ch.unsafe().outboundBuffer().totalPendingWriteBytes() < 1024 * 1024) {
                        ch.write(framed.retainedDuplicate(), ch.voidPromise());
                        state.written(ch);
                    } else {
                        ch.close(); // slow consumer
                    }
                }
            } finally {
                framed.release();
            }
        }

        /** A server text frame (FIN, unmasked) in a direct buffer that Netty's encoder passes through. */
        static ByteBuf frame(byte[] payload) {
            int len = payload.length;
            ByteBuf buf = io.netty.buffer.PooledByteBufAllocator.DEFAULT.directBuffer(len + (len < 126 ? 2 : len <= 0xFFFF ? 4 : 10));
            buf.writeByte(0x81);
            if (len < 126) {
                buf.writeByte(len);
            } else if (len <= 0xFFFF) {
                buf.writeByte(126).writeShort(len);
            } else {
                buf.writeByte(127).writeLong(len);
            }
            return buf.writeBytes(payload);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            LoopState state = STATE.get();
            for (String channel : subscriptions) {
                List<Channel> subs = state.channels.get(channel);
                if (subs != null) {
                    subs.remove(ctx.channel());
                    if (subs.isEmpty()) {
                        state.channels.remove(channel);
                    }
                }
            }
            state.dirty.remove(ctx.channel());
        }
    }
}
