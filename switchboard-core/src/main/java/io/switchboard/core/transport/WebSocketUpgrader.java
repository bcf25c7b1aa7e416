package io.switchboard.core.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import io.switchboard.core.config.TransportOptions;
import io.switchboard.core.limit.KeyedRateLimiter;
import io.switchboard.protocol.ProtocolCodec;
import io.switchboard.protocol.Subprotocols;
import io.switchboard.protocol.codec.Codecs;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * Decides on {@code GET /ws} and performs the RFC 6455 upgrade, for requests read by either path
 * ({@link UpgradeHead}). Refusals are plain HTTP answers before the upgrade, with the reason in the
 * body: 400 not an upgrade, malformed or no common subprotocol, 426 version, 503 draining, 429
 * handshake rate, 403 origin; then the endpoint's own checks.
 */
final class WebSocketUpgrader {

    private static final String SUBPROTOCOLS = Subprotocols.JSON + "," + Subprotocols.PROTOBUF;
    private static final String WEBSOCKET_VERSION = "13";
    private static final byte[] WEBSOCKET_GUID = ascii("258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
    /** The 101's status line and headers up to the accept value. */
    private static final byte[] SWITCHING_PROTOCOLS = ascii("HTTP/1.1 101 Switching Protocols\r\n"
            + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ");
    private static final byte[] PROTOCOL_HEADER = ascii("Sec-WebSocket-Protocol: ");
    private static final byte[] CRLF = ascii("\r\n");
    /** A SHA-1 digest (20 bytes) in base64. */
    private static final int ACCEPT_LENGTH = 28;

    private final TransportOptions options;
    private final WebSocketEndpoint endpoint;
    private final OriginPolicy origins;
    private final KeyedRateLimiter handshakeRate;
    private final BooleanSupplier draining;
    private final IntSupplier retryAfterSeconds;
    private final Map<EventExecutor, ConnectionSweeper> sweepers;
    private final WebSocketConnection.ConnectionSettings settings;
    private final FastThreadLocal<MessageDigest> sha1 = new FastThreadLocal<>() {
        @Override
        protected MessageDigest initialValue() throws NoSuchAlgorithmException {
            return MessageDigest.getInstance("SHA-1");
        }
    };

    /** @param sweepers the timer sweeper of each event loop */
    WebSocketUpgrader(TransportOptions options, WebSocketEndpoint endpoint, KeyedRateLimiter handshakeRate,
                      BooleanSupplier draining, IntSupplier retryAfterSeconds,
                      Map<EventExecutor, ConnectionSweeper> sweepers) {
        this.options = options;
        this.endpoint = endpoint;
        this.origins = new OriginPolicy(options.allowedOrigins());
        this.handshakeRate = handshakeRate;
        this.draining = draining;
        this.retryAfterSeconds = retryAfterSeconds;
        WebSocketDecoderConfig decoder = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(options.maxMessageSize())
                .allowExtensions(false)
                .allowMaskMismatch(false)
                // WebSocketConnection answers violations itself, with bytes: there is no frame encoder.
                .closeOnProtocolViolation(false)
                .withUTF8Validator(false) // validated by WebSocketConnection, across fragments
                .build();
        this.settings = new WebSocketConnection.ConnectionSettings(decoder, options.heartbeatInterval().toNanos(),
                options.idleTimeout().toNanos());
        this.sweepers = sweepers;
    }

    /**
     * Decides on an upgrade request and answers it: a refusal, or 101 and the switch to WebSocket.
     * {@code ctx} is the handler that read the request: {@link UpgradeRequestDecoder}, or
     * {@link HttpRouter} on the plain HTTP path.
     */
    void upgrade(ChannelHandlerContext ctx, UpgradeHead req) {
        if (!req.get() || !req.upgradeWebSocket()) {
            HttpResponses.refuse(ctx, 400, "expected a WebSocket upgrade (GET with Upgrade: websocket)", null);
            return;
        }
        String malformed = malformedUpgrade(req);
        if (malformed != null) {
            HttpResponses.refuse(ctx, 400, malformed, null);
            return;
        }
        String version = req.version().trim();
        if (!WEBSOCKET_VERSION.equals(version)) {
            HttpResponses.refuseWithHeaders(ctx, 426, "unsupported WebSocket version " + version + "; this server speaks 13",
                    Map.of("Sec-WebSocket-Version", WEBSOCKET_VERSION));
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
        if (!origins.allows(req.origin(), req.host())) {
            HttpResponses.refuse(ctx, 403, "origin not allowed", null);
            return;
        }
        ProtocolCodec codec = negotiate(req.subprotocols());
        if (codec == null) {
            HttpResponses.refuse(ctx, 400, "unsupported subprotocol; this server speaks " + SUBPROTOCOLS, null);
            return;
        }
        UpgradeRequest request = new UpgradeRequest(ip, token(req), codec.subprotocol());
        CompletionStage<WebSocketEndpoint.Admission> admission;
        try {
            admission = endpoint.admit(request);
        } catch (RuntimeException e) {
            admission = CompletableFuture.failedFuture(e);
        }
        // Only what the 101 needs outlives this call: not the request (nor its token).
        String key = req.key();
        String answeredSubprotocol = req.subprotocols() != null ? codec.subprotocol() : null;
        CompletableFuture<WebSocketEndpoint.Admission> decided = admission.toCompletableFuture();
        if (decided.isDone() && ctx.executor().inEventLoop()) { // a synchronous verifier: no task hop
            decide(ctx, decided.isCompletedExceptionally() ? null : decided.join(), codec, key, answeredSubprotocol);
            return;
        }
        admission.whenCompleteAsync((decision, error) -> decide(ctx, error == null ? decision : null, codec, key,
                answeredSubprotocol), ctx.executor());
    }

    /** Acts on the endpoint's decision ({@code null} when it failed). On the connection's loop. */
    private void decide(ChannelHandlerContext ctx, WebSocketEndpoint.Admission decision, ProtocolCodec codec,
                        String key, String answeredSubprotocol) {
        if (decision == null) {
            HttpResponses.refuse(ctx, 500, "internal error", null);
        } else if (decision instanceof WebSocketEndpoint.Admission.Refused refused) {
            HttpResponses.refuse(ctx, refused.status(), refused.reason(), refused.retryAfterSeconds());
        } else if (decision instanceof WebSocketEndpoint.Admission.Accepted accepted) {
            if (!ctx.channel().isActive()) {
                accepted.onClose().run();
            } else {
                handshake(ctx, accepted, codec, key, answeredSubprotocol);
            }
        }
    }

    /**
     * Answers 101 and rebuilds the pipeline for WebSocket: the handlers the request came through go, the
     * connection (a frame decoder that consumes its frames) comes. The response is written by hand (RFC
     * 6455 4.2.2) rather than by Netty's handshaker, which would add and later remove a frame encoder and
     * more handlers.
     */
    private void handshake(ChannelHandlerContext ctx, WebSocketEndpoint.Admission.Accepted accepted,
                           ProtocolCodec codec, String key, String answeredSubprotocol) {
        ByteBuf response = upgradeResponse(ctx, key, answeredSubprotocol);
        ChannelPipeline p = ctx.pipeline();
        ByteBuf early = null;
        if (ctx.handler() instanceof UpgradeRequestDecoder decoder) {
            // Taken now, given after start(): the decoder would pass them on when replaced, before the
            // session exists, and the connection drops frames that arrive before it is open.
            early = decoder.takeBytesAfterHead();
        } else { // the plain HTTP path
            p.remove(HandshakeTimeoutHandler.NAME);
            p.remove(ServerInitializer.HTTP_AGGREGATOR);
            p.remove(ServerInitializer.HTTP_CODEC);
        }
        WebSocketConnection connection = new WebSocketConnection(settings, endpoint, accepted.onClose(), codec,
                sweepers.get(ctx.executor()));
        p.replace(ctx.name(), "ws-connection", connection);
        connection.start(response, accepted);
        if (early != null) {
            p.fireChannelRead(early);
            p.fireChannelReadComplete();
        }
    }

    /**
     * The 101 response, as bytes: the HTTP encoder is gone by the time it is written. Written straight
     * into the buffer (fixed parts as constant bytes, the accept value encoded into a 28-byte array):
     * a string builder here grew once per handshake and the text was copied twice on its way out.
     */
    private ByteBuf upgradeResponse(ChannelHandlerContext ctx, String key, String subprotocol) {
        MessageDigest sha1 = this.sha1.get();
        sha1.update(key.trim().getBytes(StandardCharsets.US_ASCII)); // a valid key is 24 ASCII characters
        sha1.update(WEBSOCKET_GUID);
        byte[] accept = new byte[ACCEPT_LENGTH];
        Base64.getEncoder().encode(sha1.digest(), accept);
        ByteBuf response = ctx.alloc().buffer(SWITCHING_PROTOCOLS.length + ACCEPT_LENGTH + PROTOCOL_HEADER.length
                + (subprotocol == null ? 0 : subprotocol.length()) + 6);
        response.writeBytes(SWITCHING_PROTOCOLS).writeBytes(accept).writeBytes(CRLF);
        if (subprotocol != null) {
            response.writeBytes(PROTOCOL_HEADER);
            response.writeCharSequence(subprotocol, StandardCharsets.US_ASCII);
            response.writeBytes(CRLF);
        }
        return response.writeBytes(CRLF);
    }

    /**
     * What RFC 6455 section 4.2.1 requires of an upgrade, checked before any work is spent on it;
     * null when the request is well-formed.
     */
    private static String malformedUpgrade(UpgradeHead req) {
        if (!req.connectionUpgrade()) {
            return "invalid WebSocket upgrade: Connection: Upgrade is missing";
        }
        String key = req.key();
        if (key == null || key.isBlank()) {
            return "invalid WebSocket upgrade: Sec-WebSocket-Key is missing";
        }
        if (req.repeatedKey()) {
            return "invalid WebSocket upgrade: more than one Sec-WebSocket-Key";
        }
        if (!isValidKey(key.trim())) {
            return "invalid WebSocket upgrade: Sec-WebSocket-Key must be 16 bytes in base64";
        }
        if (req.version() == null) {
            return "invalid WebSocket upgrade: Sec-WebSocket-Version is missing";
        }
        return null; // an unsupported version is answered 426 by the caller
    }

    /** RFC 6455 4.1: the key is a random 16-byte value in base64, i.e. 22 characters and "==". */
    private static boolean isValidKey(String key) {
        if (key.length() != 24 || !key.endsWith("==")) {
            return false;
        }
        for (int i = 0; i < 22; i++) {
            char c = key.charAt(i);
            boolean base64 = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
            if (!base64) {
                return false;
            }
        }
        return true;
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
    private static String token(UpgradeHead req) {
        String auth = req.authorization();
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        return req.queryToken();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
