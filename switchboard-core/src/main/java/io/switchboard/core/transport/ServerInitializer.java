package io.switchboard.core.transport;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.switchboard.core.config.TransportOptions;
import io.switchboard.core.http.HttpEndpoint;

import java.util.Map;

/**
 * The pipeline of a new connection, built in one place. Before the upgrade:
 * handshake timeout → HTTP codec → aggregator → router (which answers keep-alive itself). The upgrade
 * ({@link WebSocketUpgrader}) leaves one handler, {@link WebSocketConnection} (Netty's frame decoder,
 * extended to consume its frames).
 * Fewer handlers is less memory per connection and fewer hops per delivered message.
 */
final class ServerInitializer extends ChannelInitializer<SocketChannel> {

    /** Largest HTTP request header block (request line plus headers). */
    private static final int MAX_HEADER_SIZE = 8 * 1024;
    static final String HTTP_CODEC = "http-codec";
    static final String HTTP_AGGREGATOR = "http-aggregator";

    private final TransportOptions options;
    private final Map<String, HttpEndpoint> routes;
    private final WebSocketUpgrader upgrader;
    private final ChannelGroup accepted;

    ServerInitializer(TransportOptions options, Map<String, HttpEndpoint> routes, WebSocketUpgrader upgrader,
                      ChannelGroup accepted) {
        this.options = options;
        this.routes = routes;
        this.upgrader = upgrader;
        this.accepted = accepted;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        accepted.add(ch); // removed by the group itself when the channel closes
        ChannelPipeline p = ch.pipeline();
        p.addLast(HandshakeTimeoutHandler.NAME, new HandshakeTimeoutHandler(options.handshakeTimeout().toMillis()));
        p.addLast(HTTP_CODEC, new HttpServerCodec(4096, MAX_HEADER_SIZE, 8192));
        // API bodies carry one message plus a little envelope.
        p.addLast(HTTP_AGGREGATOR, new HttpObjectAggregator(options.maxMessageSize() + 4096));
        p.addLast("http-router", new HttpRouter(routes, upgrader));
    }
}
