package io.switchboard.client;

import io.switchboard.protocol.ClientErrorCode;
import io.switchboard.protocol.ProtocolCodec;
import io.switchboard.protocol.codec.Codecs;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Everything a {@link SwitchboardClient} can be told. Immutable and validated on construction; build
 * one with {@link #builder()}. Names follow the JS client where it has the same option.
 *
 * @param token                  the connection token; used first (optional when a supplier is given)
 * @param tokenSupplier          gives fresh tokens: on connect without a usable token, after a 401 or
 *                               close 3003, and before the token expires ({@code refresh}); optional
 *                               when a token is given, but without it the client cannot outlive its token
 * @param codec                  wire format: {@link Codecs#JSON} ({@code switchboard.v1.json}, default)
 *                               or {@link Codecs#PROTOBUF} ({@code switchboard.v1.proto})
 * @param minReconnectDelay      backoff base: the upper bound of the first reconnect delay
 * @param maxReconnectDelay      backoff cap
 * @param reconnectBackoffFactor growth of the backoff bound per failed attempt (at least 1)
 * @param reconnectDelay         a custom strategy; {@code null} uses {@link FullJitterDelay} built from
 *                               the three values above (see {@link #reconnectStrategy()})
 * @param heartbeatInterval      the client sends an application {@code ping} this often
 * @param maxMissedHeartbeats    with nothing received for this many intervals the connection is
 *                               declared dead and replaced (catches a TCP connection dropped without a
 *                               close frame); checked once per interval
 * @param connectTimeout         for one attempt: TCP connect, handshake and the {@code connected} push
 * @param requestTimeout         for {@code publish}, {@code send}, {@code presence}, {@code history} and
 *                               subscribe replies, counted from the call (time queued offline included)
 * @param offlineQueue           true: calls made while not connected wait in a bounded queue and are
 *                               sent on connect; false: they fail at once ({@link ClientErrorCode#NOT_CONNECTED})
 * @param offlineQueueSize       the queue's bound; calls beyond it fail with {@link ClientErrorCode#QUEUE_FULL}
 * @param tokenRefreshMargin     refresh the token this long before it expires, or at 80% of its remaining
 *                               lifetime, whichever comes first (never before half of it)
 * @param maxMessageSize         the largest command frame the client sends (bytes); larger calls fail
 *                               locally instead of the server closing the connection (keep it at or
 *                               below the node's {@code max_message_size})
 * @param callbackExecutor       where listener callbacks, token supplier calls and future completions
 *                               run; {@code null} (default): one daemon thread per client, so callbacks
 *                               are ordered. A custom executor must run tasks in submission order for
 *                               the ordering guarantees to hold
 * @param httpClient             the JDK client that opens WebSockets (e.g. for TLS settings or a proxy);
 *                               {@code null} (default): one shared by every client of this JVM
 */
public record ClientOptions(
        String token,
        TokenSupplier tokenSupplier,
        ProtocolCodec codec,
        Duration minReconnectDelay,
        Duration maxReconnectDelay,
        double reconnectBackoffFactor,
        ReconnectDelay reconnectDelay,
        Duration heartbeatInterval,
        int maxMissedHeartbeats,
        Duration connectTimeout,
        Duration requestTimeout,
        boolean offlineQueue,
        int offlineQueueSize,
        Duration tokenRefreshMargin,
        int maxMessageSize,
        Executor callbackExecutor,
        HttpClient httpClient) {

    // Defaults, one per option (JS client names where it has the option).
    public static final ProtocolCodec DEFAULT_CODEC = Codecs.JSON;
    public static final Duration DEFAULT_MIN_RECONNECT_DELAY = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX_RECONNECT_DELAY = Duration.ofSeconds(20);
    public static final double DEFAULT_RECONNECT_BACKOFF_FACTOR = 2.0;
    /** The node's default ping interval; the node closes connections silent for 60 s. */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(25);
    public static final int DEFAULT_MAX_MISSED_HEARTBEATS = 2;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final boolean DEFAULT_OFFLINE_QUEUE = true;
    public static final int DEFAULT_OFFLINE_QUEUE_SIZE = 100;
    public static final Duration DEFAULT_TOKEN_REFRESH_MARGIN = Duration.ofSeconds(30);
    /** The node's default {@code max_message_size}. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 64 * 1024;

    public ClientOptions {
        if ((token == null || token.isEmpty()) && tokenSupplier == null) {
            throw new IllegalArgumentException("a token or a tokenSupplier is required");
        }
        Objects.requireNonNull(codec, "codec");
        requirePositive(minReconnectDelay, "minReconnectDelay");
        requirePositive(maxReconnectDelay, "maxReconnectDelay");
        if (maxReconnectDelay.compareTo(minReconnectDelay) < 0) {
            throw new IllegalArgumentException("maxReconnectDelay (" + maxReconnectDelay
                    + ") must not be less than minReconnectDelay (" + minReconnectDelay + ")");
        }
        if (!(reconnectBackoffFactor >= 1.0) || Double.isInfinite(reconnectBackoffFactor)) {
            throw new IllegalArgumentException("reconnectBackoffFactor must be a finite number >= 1, was "
                    + reconnectBackoffFactor);
        }
        requirePositive(heartbeatInterval, "heartbeatInterval");
        if (maxMissedHeartbeats < 1) {
            throw new IllegalArgumentException("maxMissedHeartbeats must be at least 1, was " + maxMissedHeartbeats);
        }
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(requestTimeout, "requestTimeout");
        if (offlineQueueSize < 1) {
            throw new IllegalArgumentException("offlineQueueSize must be at least 1, was " + offlineQueueSize);
        }
        Objects.requireNonNull(tokenRefreshMargin, "tokenRefreshMargin");
        if (tokenRefreshMargin.isNegative()) {
            throw new IllegalArgumentException("tokenRefreshMargin must not be negative");
        }
        if (maxMessageSize < 128) {
            throw new IllegalArgumentException("maxMessageSize must be at least 128 bytes, was " + maxMessageSize);
        }
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    /** A builder with every default; set a token or a token supplier. */
    public static Builder builder() {
        return new Builder();
    }

    /** Options with the defaults and a fixed token. */
    public static ClientOptions withToken(String token) {
        return builder().token(token).build();
    }

    /** A builder holding these options, to derive others. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The strategy in effect: {@link #reconnectDelay()} when set, otherwise full jitter from the min/max/factor options. */
    public ReconnectDelay reconnectStrategy() {
        return reconnectDelay != null ? reconnectDelay
                : new FullJitterDelay(minReconnectDelay, reconnectBackoffFactor, maxReconnectDelay);
    }

    @Override
    public String toString() {
        return "ClientOptions[token=" + (token == null ? "none" : "<redacted>")
                + ", tokenSupplier=" + (tokenSupplier == null ? "none" : "set")
                + ", codec=" + codec.subprotocol()
                + ", minReconnectDelay=" + minReconnectDelay + ", maxReconnectDelay=" + maxReconnectDelay
                + ", reconnectBackoffFactor=" + reconnectBackoffFactor
                + ", reconnectDelay=" + (reconnectDelay == null ? "default" : reconnectDelay)
                + ", heartbeatInterval=" + heartbeatInterval + ", maxMissedHeartbeats=" + maxMissedHeartbeats
                + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", offlineQueue=" + offlineQueue + ", offlineQueueSize=" + offlineQueueSize
                + ", tokenRefreshMargin=" + tokenRefreshMargin + ", maxMessageSize=" + maxMessageSize
                + ", callbackExecutor=" + (callbackExecutor == null ? "default" : "custom")
                + ", httpClient=" + (httpClient == null ? "shared" : "custom") + "]";
    }

    /** Builds {@link ClientOptions}; every setter has the meaning of the record component of the same name. */
    public static final class Builder {
        private String token;
        private TokenSupplier tokenSupplier;
        private ProtocolCodec codec = DEFAULT_CODEC;
        private Duration minReconnectDelay = DEFAULT_MIN_RECONNECT_DELAY;
        private Duration maxReconnectDelay = DEFAULT_MAX_RECONNECT_DELAY;
        private double reconnectBackoffFactor = DEFAULT_RECONNECT_BACKOFF_FACTOR;
        private ReconnectDelay reconnectDelay;
        private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
        private int maxMissedHeartbeats = DEFAULT_MAX_MISSED_HEARTBEATS;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private boolean offlineQueue = DEFAULT_OFFLINE_QUEUE;
        private int offlineQueueSize = DEFAULT_OFFLINE_QUEUE_SIZE;
        private Duration tokenRefreshMargin = DEFAULT_TOKEN_REFRESH_MARGIN;
        private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private Executor callbackExecutor;
        private HttpClient httpClient;

        private Builder() {
        }

        private Builder(ClientOptions o) {
            token = o.token;
            tokenSupplier = o.tokenSupplier;
            codec = o.codec;
            minReconnectDelay = o.minReconnectDelay;
            maxReconnectDelay = o.maxReconnectDelay;
            reconnectBackoffFactor = o.reconnectBackoffFactor;
            reconnectDelay = o.reconnectDelay;
            heartbeatInterval = o.heartbeatInterval;
            maxMissedHeartbeats = o.maxMissedHeartbeats;
            connectTimeout = o.connectTimeout;
            requestTimeout = o.requestTimeout;
            offlineQueue = o.offlineQueue;
            offlineQueueSize = o.offlineQueueSize;
            tokenRefreshMargin = o.tokenRefreshMargin;
            maxMessageSize = o.maxMessageSize;
            callbackExecutor = o.callbackExecutor;
            httpClient = o.httpClient;
        }

        public Builder token(String value) {
            token = value;
            return this;
        }

        public Builder tokenSupplier(TokenSupplier value) {
            tokenSupplier = value;
            return this;
        }

        public Builder codec(ProtocolCodec value) {
            codec = value;
            return this;
        }

        public Builder minReconnectDelay(Duration value) {
            minReconnectDelay = value;
            return this;
        }

        public Builder maxReconnectDelay(Duration value) {
            maxReconnectDelay = value;
            return this;
        }

        public Builder reconnectBackoffFactor(double value) {
            reconnectBackoffFactor = value;
            return this;
        }

        public Builder reconnectDelay(ReconnectDelay value) {
            reconnectDelay = value;
            return this;
        }

        public Builder heartbeatInterval(Duration value) {
            heartbeatInterval = value;
            return this;
        }

        public Builder maxMissedHeartbeats(int value) {
            maxMissedHeartbeats = value;
            return this;
        }

        public Builder connectTimeout(Duration value) {
            connectTimeout = value;
            return this;
        }

        public Builder requestTimeout(Duration value) {
            requestTimeout = value;
            return this;
        }

        public Builder offlineQueue(boolean value) {
            offlineQueue = value;
            return this;
        }

        public Builder offlineQueueSize(int value) {
            offlineQueueSize = value;
            return this;
        }

        public Builder tokenRefreshMargin(Duration value) {
            tokenRefreshMargin = value;
            return this;
        }

        public Builder maxMessageSize(int value) {
            maxMessageSize = value;
            return this;
        }

        public Builder callbackExecutor(Executor value) {
            callbackExecutor = value;
            return this;
        }

        public Builder httpClient(HttpClient value) {
            httpClient = value;
            return this;
        }

        /** @throws IllegalArgumentException when a value is out of range or neither token nor supplier is set */
        public ClientOptions build() {
            return new ClientOptions(token, tokenSupplier, codec, minReconnectDelay, maxReconnectDelay,
                    reconnectBackoffFactor, reconnectDelay, heartbeatInterval, maxMissedHeartbeats, connectTimeout,
                    requestTimeout, offlineQueue, offlineQueueSize, tokenRefreshMargin, maxMessageSize,
                    callbackExecutor, httpClient);
        }
    }
}
