package io.switchboard.core.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.timeout.IdleStateHandler;
import io.switchboard.core.config.TransportOptions;
import io.switchboard.core.limit.KeyedRateLimiter;
import io.switchboard.protocol.ProtocolCodec;
import io.switchboard.protocol.Subprotocols;
import io.switchboard.protocol.codec.Codecs;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * Decides on {@code GET /ws} and performs the RFC 6455 upgrade with Netty's handshaker. Refusals are
 * plain HTTP answers before the upgrade, with the reason in the body: 400 not an upgrade or no
 * common subprotocol, 503 draining, 429 handshake rate, 403 origin; then the endpoint's own checks.
 */
final class WebSocketUpgrader {

    private static final String SUBPROTOCOLS = Subprotocols.JSON + "," + Subprotocols.PROTOBUF;

    private final TransportOptions options;
    private final WebSocketEndpoint endpoint;
    private final OriginPolicy origins;
    private final KeyedRateLimiter handshakeRate;
    private final BooleanSupplier draining;
    private final IntSupplier retryAfterSeconds;
    private final WebSocketDecoderConfig decoderConfig;

    WebSocketUpgrader(TransportOptions options, WebSocketEndpoint endpoint, KeyedRateLimiter handshakeRate,
                      BooleanSupplier draining, IntSupplier retryAfterSeconds) {
        this.options = options;
        this.endpoint = endpoint;
        this.origins = new OriginPolicy(options.allowedOrigins());
        this.handshakeRate = handshakeRate;
        this.draining = draining;
        this.retryAfterSeconds = retryAfterSeconds;
        this.decoderConfig = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(options.maxMessageSize())
                .allowExtensions(false)
                .allowMaskMismatch(false)
                .closeOnProtocolViolation(true)
                .withUTF8Validator(true)
                .build();
    }

    void upgrade(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder uri) {
        if (!HttpMethod.GET.equals(req.method())
                || !req.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
            HttpResponses.refuse(ctx, 400, "expected a WebSocket upgrade (GET with Upgrade: websocket)", null);
            return;
        }
        String malformed = malformedUpgrade(req);
        if (malformed != null) {
            HttpResponses.refuse(ctx, 400, malformed, null);
            return;
        }
        if (draining.getAsBoolean()) {
            HttpResponses.refuse(ctx, 503, "server is draining; reconnect elsewhere or later", retryAfterSeconds.getAsInt());
            return;
        }
        String ip = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress().getHostAddress();
        if (!handshakeRate.tryAcquire(ip)) {
            HttpResponses.refuse(ctx, 429, "too many handshakes from this address", 1);
            return;
        }
        if (!origins.allows(req.headers().get(HttpHeaderNames.ORIGIN), req.headers().get(HttpHeaderNames.HOST))) {
            HttpResponses.refuse(ctx, 403, "origin not allowed", null);
            return;
        }
        ProtocolCodec codec = negotiate(req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL));
        if (codec == null) {
            HttpResponses.refuse(ctx, 400, "unsupported subprotocol; this server speaks " + SUBPROTOCOLS, null);
            return;
        }
        UpgradeRequest request = new UpgradeRequest(ip, token(req, uri), codec.subprotocol());
        CompletionStage<WebSocketEndpoint.Admission> admission;
        try {
            admission = endpoint.admit(request);
        } catch (RuntimeException e) {
            admission = CompletableFuture.failedFuture(e);
        }
        req.retain();
        admission.whenCompleteAsync((decision, error) -> {
            try {
                if (error != null) {
                    HttpResponses.refuse(ctx, 500, "internal error", null);
                } else if (decision instanceof WebSocketEndpoint.Admission.Refused refused) {
                    HttpResponses.refuse(ctx, refused.status(), refused.reason(), refused.retryAfterSeconds());
                } else if (decision instanceof WebSocketEndpoint.Admission.Accepted accepted) {
                    if (!ctx.channel().isActive()) {
                        accepted.onClose().run();
                    } else {
                        handshake(ctx, req, accepted, codec, ip);
                    }
                }
            } finally {
                req.release();
            }
        }, ctx.executor());
    }

    private void handshake(ChannelHandlerContext ctx, FullHttpRequest req,
                           WebSocketEndpoint.Admission.Accepted accepted, ProtocolCodec codec, String ip) {
        String url = "ws://" + req.headers().get(HttpHeaderNames.HOST, "localhost") + HttpRouter.WS_PATH;
        WebSocketServerHandshaker handshaker =
                new WebSocketServerHandshakerFactory(url, SUBPROTOCOLS, decoderConfig).newHandshaker(req);
        if (handshaker == null) {
            accepted.onClose().run();
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel())
                    .addListener(io.netty.channel.ChannelFutureListener.CLOSE);
            return;
        }
        ChannelPipeline p = ctx.pipeline();
        io.netty.channel.ChannelFuture done;
        try {
            done = handshaker.handshake(ctx.channel(), req);
        } catch (RuntimeException e) { // the handshaker validates synchronously and throws
            accepted.onClose().run();
            HttpResponses.refuse(ctx, 400, "invalid WebSocket upgrade: " + e.getMessage(), null);
            return;
        }
        done.addListener(f -> {
            // On this loop: if the peer is still there now, its channelInactive will reach the new handlers.
            if (!f.isSuccess() || !ctx.channel().isActive()) {
                accepted.onClose().run();
                ctx.close();
                return;
            }
            p.remove(HandshakeTimeoutHandler.NAME);
            p.addAfter("wsdecoder", "ws-utf8", new Utf8FrameValidator(true));
            p.addAfter("ws-utf8", "ws-aggregator", new WebSocketFrameAggregator(options.maxMessageSize()));
            p.addAfter("ws-aggregator", "ws-idle", new IdleStateHandler(options.idleTimeout().toMillis(),
                    options.heartbeatInterval().toMillis(), 0, TimeUnit.MILLISECONDS));
            p.replace(HttpRouter.class, "ws-connection", new WebSocketConnection(endpoint, accepted, codec, ip));
        });
    }

    /**
     * What RFC 6455 section 4.2.1 requires of an upgrade, checked before any work is spent on it;
     * null when the request is well-formed.
     */
    private static String malformedUpgrade(FullHttpRequest req) {
        if (!req.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)) {
            return "invalid WebSocket upgrade: Connection: Upgrade is missing";
        }
        String key = req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_KEY);
        if (key == null || key.isBlank()) {
            return "invalid WebSocket upgrade: Sec-WebSocket-Key is missing";
        }
        if (req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION) == null) {
            return "invalid WebSocket upgrade: Sec-WebSocket-Version is missing";
        }
        return null; // an unsupported version is answered 426 by Netty's handshaker factory
    }

    /** The codec for the client's preferred subprotocol; JSON when none was asked; null when none matches. */
    private static ProtocolCodec negotiate(String header) {
        if (header == null || header.isBlank()) {
            return Codecs.JSON;
        }
        for (String offered : List.of(header.split(","))) {
            ProtocolCodec codec = Codecs.forSubprotocol(offered.trim()).orElse(null);
            if (codec != null) {
                return codec;
            }
        }
        return null;
    }

    /** {@code Authorization: Bearer} wins over {@code ?token=} (which browsers have to use). */
    private static String token(FullHttpRequest req, QueryStringDecoder uri) {
        String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        List<String> values = uri.parameters().get("token");
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
