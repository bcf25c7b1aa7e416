package io.switchboard.core.transport;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.switchboard.core.config.TransportOptions;
import io.switchboard.core.http.HttpEndpoint;

import java.util.Map;

/**
 * The pipeline of a new connection, built in one place. A connection starts with one handler,
 * {@link UpgradeRequestDecoder}, which reads a WebSocket upgrade itself; the upgrade
 * ({@link WebSocketUpgrader}) replaces it with {@link WebSocketConnection} (Netty's frame decoder,
 * extended to consume its frames). Any other request gets the plain HTTP handlers in its place
 * ({@link #addHttpHandlers}): handshake timeout → HTTP codec → aggregator → router (which answers
 * keep-alive itself, and still serves a later {@code GET /ws}).
 * Fewer handlers is less memory per connection and fewer hops per delivered message.
 */
final class ServerInitializer extends ChannelInitializer<SocketChannel> {

    /** Largest HTTP request line; {@link UpgradeHeadParser} applies the same. */
    private static final int MAX_INITIAL_LINE = UpgradeHeadParser.MAX_REQUEST_LINE;
    /** Largest block of HTTP header lines; {@link UpgradeHeadParser} applies the same. */
    private static final int MAX_HEADER_SIZE = UpgradeHeadParser.MAX_HEADER_BYTES;
    /** The largest WebSocket frame header: what a full-size pipelined frame adds to the message. */
    private static final int MAX_FRAME_HEADER = 14;
    static final String HTTP_CODEC = "http-codec";
    static final String HTTP_AGGREGATOR = "http-aggregator";
    static final String HTTP_ROUTER = "http-router";

    private final TransportOptions options;
    private final Map<String, HttpEndpoint> routes;
    private final WebSocketUpgrader upgrader;

    ServerInitializer(TransportOptions options, Map<String, HttpEndpoint> routes, WebSocketUpgrader upgrader) {
        this.options = options;
        this.routes = routes;
        this.upgrader = upgrader;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline().addLast(UpgradeRequestDecoder.NAME, new UpgradeRequestDecoder(upgrader, this::addHttpHandlers,
                options.handshakeTimeout().toMillis(), options.maxMessageSize() + MAX_FRAME_HEADER));
    }

    /** The plain HTTP handlers, after {@code after}; the handshake timeout goes on with what is left of it. */
    private void addHttpHandlers(ChannelPipeline p, String after, long handshakeTimeoutLeftMillis) {
        p.addAfter(after, HandshakeTimeoutHandler.NAME,
                new HandshakeTimeoutHandler(options.handshakeTimeout().toMillis(), handshakeTimeoutLeftMillis));
        p.addAfter(HandshakeTimeoutHandler.NAME, HTTP_CODEC, new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, 8192));
        // API bodies carry one message plus a little envelope.
        p.addAfter(HTTP_CODEC, HTTP_AGGREGATOR, new HttpObjectAggregator(options.maxMessageSize() + 4096));
        p.addAfter(HTTP_AGGREGATOR, HTTP_ROUTER, new HttpRouter(routes, upgrader));
    }
}
