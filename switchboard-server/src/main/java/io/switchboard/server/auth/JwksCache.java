package io.switchboard.server.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A JSON Web Key Set loaded and refreshed on its own daemon thread ({@value #THREAD_NAME}), so that
 * token verification on an event loop never waits for I/O.
 *
 * <p>At most one load is in flight: callers asking for a refresh while one runs share it. Refreshes
 * for an unknown key id are further limited to one per {@link #UNKNOWN_KID_REFRESH_INTERVAL}, so a
 * stream of tokens with made-up key ids cannot hammer the identity provider. A failed load keeps the
 * previous keys.
 */
final class JwksCache implements AutoCloseable {

    static final String THREAD_NAME = "switchboard-jwks";
    static final Duration UNKNOWN_KID_REFRESH_INTERVAL = Duration.ofSeconds(10);
    static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
    static final int MAX_JWKS_BYTES = 1 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(JwksCache.class);

    /** The keys of one successful load. */
    record KeySet(Map<String, List<KeyVerifier>> byKid, List<KeyVerifier> all) {

        boolean hasKid(String kid) {
            return byKid.containsKey(kid);
        }

        List<KeyVerifier> forKid(String kid) {
            return byKid.getOrDefault(kid, List.of());
        }
    }

    private final URI url;
    private final String safeUrl;
    private final Clock clock;
    private final ScheduledThreadPoolExecutor executor;
    private final HttpClient http;
    private final CompletableFuture<Void> firstLoad;

    private volatile KeySet keys;

    // guarded by this
    private CompletableFuture<Void> inFlight;
    private long lastUnknownKidRefreshMillis;
    private boolean unknownKidRefreshed;
    private boolean closed;

    JwksCache(URI url, Duration refreshInterval, Clock clock) {
        this.url = url;
        this.safeUrl = JwtOptions.redact(url);
        this.clock = clock;
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        this.http = scheme.startsWith("http")
                ? HttpClient.newBuilder()
                        .connectTimeout(HTTP_TIMEOUT)
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .build()
                : null;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, THREAD_NAME);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.firstLoad = refresh();
        long periodMillis = refreshInterval.toMillis();
        executor.scheduleWithFixedDelay(this::refresh, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** The keys of the last successful load, or {@code null} when none succeeded yet. */
    KeySet current() {
        return keys;
    }

    /** Completes (never exceptionally) when the first load attempt has finished. */
    CompletionStage<Void> firstLoad() {
        return firstLoad.minimalCompletionStage();
    }

    /**
     * Starts a load unless one is in flight; either way returns a future completing (never
     * exceptionally) when that load has finished.
     */
    synchronized CompletableFuture<Void> refresh() {
        if (closed) {
            return CompletableFuture.completedFuture(null);
        }
        if (inFlight != null) {
            return inFlight;
        }
        CompletableFuture<Void> load = new CompletableFuture<>();
        inFlight = load;
        try {
            executor.execute(() -> runLoad(load));
        } catch (RejectedExecutionException e) {
            inFlight = null;
            load.complete(null);
        }
        return load;
    }

    /**
     * A refresh because a token names a key we do not have: joins the load in flight, else starts
     * one unless the previous unknown-key refresh started less than
     * {@link #UNKNOWN_KID_REFRESH_INTERVAL} ago.
     *
     * @return the load to wait for, or {@code null} when rate-limited (or closed)
     */
    synchronized CompletableFuture<Void> refreshForUnknownKey() {
        if (closed) {
            return null;
        }
        if (inFlight != null) {
            return inFlight;
        }
        long now = clock.millis();
        if (unknownKidRefreshed && now >= lastUnknownKidRefreshMillis
                && now - lastUnknownKidRefreshMillis < UNKNOWN_KID_REFRESH_INTERVAL.toMillis()) {
            return null;
        }
        unknownKidRefreshed = true;
        lastUnknownKidRefreshMillis = now;
        return refresh();
    }

    @Override
    public void close() {
        CompletableFuture<Void> pending;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            pending = inFlight;
            inFlight = null;
        }
        executor.shutdownNow();
        if (pending != null) {
            pending.complete(null);
        }
        firstLoad.complete(null);
    }

    private void runLoad(CompletableFuture<Void> load) {
        try {
            KeySet loaded = parse(fetch());
            KeySet previous = keys;
            keys = loaded;
            if (previous == null || !previous.byKid().keySet().equals(loaded.byKid().keySet())
                    || previous.all().size() != loaded.all().size()) {
                LOG.info("Loaded {} signing key(s) from JWKS {}", loaded.all().size(), safeUrl);
            } else {
                LOG.debug("Refreshed JWKS {}", safeUrl);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("Could not load JWKS {} (keeping {} key(s)): {}", safeUrl,
                    keys == null ? 0 : keys.all().size(), e.toString());
        } finally {
            synchronized (this) {
                if (inFlight == load) {
                    inFlight = null;
                }
            }
            load.complete(null);
        }
    }

    private String fetch() throws IOException, InterruptedException {
        if (http == null) {
            Path path = Path.of(url);
            if (Files.size(path) > MAX_JWKS_BYTES) {
                throw new IOException("JWKS file larger than " + MAX_JWKS_BYTES + " bytes");
            }
            return Files.readString(path, StandardCharsets.UTF_8);
        }
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(HTTP_TIMEOUT)
                .header("Accept", "application/jwk-set+json, application/json")
                .GET()
                .build();
        CompletableFuture<HttpResponse<byte[]>> exchange =
                http.sendAsync(request, info -> new LimitedBody(MAX_JWKS_BYTES));
        HttpResponse<byte[]> response;
        try {
            // The request timeout only covers the response headers: bound the body too.
            response = exchange.get(HTTP_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new IOException("timed out");
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause));
        }
        if (response.statusCode() != 200) {
            throw new IOException("HTTP status " + response.statusCode());
        }
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private KeySet parse(String json) throws ParseException {
        Map<String, Object> set = JSONObjectUtils.parse(json);
        Map<String, Object>[] entries = JSONObjectUtils.getJSONObjectArray(set, "keys");
        if (entries == null) {
            throw new ParseException("no \"keys\" array", 0);
        }
        Map<String, List<KeyVerifier>> byKid = new HashMap<>();
        List<KeyVerifier> all = new ArrayList<>();
        int skipped = 0;
        for (Map<String, Object> entry : entries) {
            KeyVerifier key = toVerifier(entry);
            if (key == null) {
                skipped++;
                continue;
            }
            all.add(key);
            if (key.kid() != null) {
                byKid.computeIfAbsent(key.kid(), k -> new ArrayList<>()).add(key);
            }
        }
        if (skipped > 0) {
            LOG.debug("JWKS {}: skipped {} key(s) that cannot verify RS/PS/ES signatures", safeUrl, skipped);
        }
        if (all.isEmpty()) {
            LOG.warn("JWKS {} holds no usable RSA or EC signing key", safeUrl);
        }
        byKid.replaceAll((kid, list) -> List.copyOf(list));
        return new KeySet(Map.copyOf(byKid), List.copyOf(all));
    }

    /** @return the verifier for one JWK, or {@code null} when the key cannot verify token signatures */
    private static KeyVerifier toVerifier(Map<String, Object> entry) {
        try {
            JWK jwk = JWK.parse(entry);
            if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
                return null;
            }
            if (jwk.getKeyOperations() != null && !jwk.getKeyOperations().contains(KeyOperation.VERIFY)) {
                return null;
            }
            KeyVerifier key;
            if (jwk instanceof RSAKey rsa) {
                key = KeyVerifier.forPublicKey(jwk.getKeyID(), rsa.toRSAPublicKey());
            } else if (jwk instanceof ECKey ec) {
                key = KeyVerifier.forPublicKey(jwk.getKeyID(), ec.toECPublicKey());
            } else {
                return null; // symmetric (oct) and OKP keys are never taken from a key set
            }
            if (jwk.getAlgorithm() != null) {
                JWSAlgorithm declared = JWSAlgorithm.parse(jwk.getAlgorithm().getName());
                if (!key.accepts(declared)) {
                    return null;
                }
                key = key.restrictTo(declared);
            }
            return key;
        } catch (Exception e) {
            return null;
        }
    }

    /** Collects a response body, failing once it grows beyond a limit. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {

        private final int limit;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        LimitedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + buffer.remaining() > limit) {
                    subscription.cancel();
                    result.completeExceptionally(new IOException("JWKS larger than " + limit + " bytes"));
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }
}
