package io.switchboard.client;

import io.switchboard.protocol.ClientErrorCode;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.Reply;
import io.switchboard.protocol.Result;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The connection token: which one to use for the next attempt, when to ask the supplier for a new one,
 * and the {@code refresh} before the current one expires. Confined to the client's loop.
 *
 * <p>Refresh timing: with {@code r} the remaining lifetime, at {@code min(0.8 r, r - margin)} but never
 * before {@code r / 2} (so a token that lives only a few seconds is not refreshed in a tight loop). A
 * failed refresh is reported and retried while the token is still valid; if it never succeeds the node
 * closes with 3003 and the client reconnects with a fresh token.
 */
final class TokenManager {

    /** A token known to expire within this much is not used for a new connection. */
    private static final long EXPIRY_SKEW_MS = 1_000;
    private static final long MIN_RETRY_MS = 500;
    private static final long MAX_RETRY_MS = 5_000;

    private final TokenSupplier supplier;
    private final Duration margin;
    private final Duration requestTimeout;
    private final Loop loop;
    private final Dispatcher dispatcher;
    private final Consumer<SwitchboardException> errors;
    private final LongSupplier clockMillis;
    private String current;
    private boolean stale;
    private long currentExpires;    // of the current token, Unix seconds; 0: never or unknown
    private long connectionExpires; // of the live connection's token, Unix seconds; 0: never
    private long generation;
    private CommandSender sender;
    private Loop.Cancellable timer = Loop.Cancellable.NONE;

    TokenManager(String initial, TokenSupplier supplier, Duration margin, Duration requestTimeout, Loop loop,
                 Dispatcher dispatcher, Consumer<SwitchboardException> errors, LongSupplier clockMillis) {
        this.current = initial == null || initial.isEmpty() ? null : initial;
        this.supplier = supplier;
        this.margin = margin;
        this.requestTimeout = requestTimeout;
        this.loop = loop;
        this.dispatcher = dispatcher;
        this.errors = errors;
        this.clockMillis = clockMillis;
    }

    /** Whether a new token can be had (a supplier is configured). */
    boolean canRenew() {
        return supplier != null;
    }

    /** The token was refused (401) or expired (3003): do not use it again. */
    void invalidate() {
        stale = true;
    }

    /**
     * The token for a connection attempt: the current one while usable, otherwise one from the supplier.
     * Completes on the loop.
     */
    CompletableFuture<String> forConnect() {
        boolean usable = current != null && !stale
                && (currentExpires == 0 || clockMillis.getAsLong() < currentExpires * 1000 - EXPIRY_SKEW_MS);
        if (usable || (supplier == null && current != null)) {
            return CompletableFuture.completedFuture(current);
        }
        if (supplier == null) {
            return CompletableFuture.failedFuture(SwitchboardException.of(ClientErrorCode.TOKEN_UNAVAILABLE,
                    "no token and no token supplier", null));
        }
        return fetch();
    }

    /** A connection is up; {@code expiresAt} is its token's expiry (Unix seconds, 0 never). */
    void onConnected(long expiresAt, CommandSender commandSender) {
        generation++;
        sender = commandSender;
        connectionExpires = expiresAt;
        currentExpires = expiresAt;
        scheduleRefresh(generation);
    }

    /** The connection is gone: no refresh until the next one. */
    void onDisconnected() {
        generation++;
        sender = null;
        timer.cancel();
    }

    /** When to refresh a token that expires in {@code remainingMs}. */
    static Duration refreshDelay(long remainingMs, Duration margin) {
        if (remainingMs <= 0) {
            return Duration.ZERO;
        }
        long first = Math.min(remainingMs * 8 / 10, remainingMs - margin.toMillis());
        return Duration.ofMillis(Math.max(first, remainingMs / 2));
    }

    private void scheduleRefresh(long gen) {
        timer.cancel();
        if (connectionExpires == 0 || supplier == null) {
            return;
        }
        long remaining = connectionExpires * 1000 - clockMillis.getAsLong();
        timer = loop.schedule(refreshDelay(remaining, margin), () -> refresh(gen));
    }

    private void refresh(long gen) {
        if (gen != generation) {
            return;
        }
        fetch().whenComplete((token, error) -> {
            if (gen != generation) {
                return;
            }
            if (error != null) {
                failed(gen, SwitchboardException.of(ClientErrorCode.REFRESH_FAILED, error.getMessage(), error));
                return;
            }
            sender.send(id -> new Command.Refresh(id, token), new ReplyHandler() {
                @Override
                public void onReply(Reply reply) {
                    if (gen != generation) {
                        return;
                    }
                    if (reply.error() != null) {
                        stale = true;
                        failed(gen, SwitchboardException.of(ClientErrorCode.REFRESH_FAILED,
                                reply.error().code() + " " + reply.error().message(), null));
                    } else if (reply.result() instanceof Result.Refresh r) {
                        connectionExpires = r.expires();
                        if (token.equals(current)) {
                            currentExpires = r.expires();
                        }
                        scheduleRefresh(gen);
                    }
                }

                @Override
                public void onFailure(SwitchboardException e) {
                    if (gen == generation) {
                        failed(gen, SwitchboardException.of(ClientErrorCode.REFRESH_FAILED, e.getMessage(), e));
                    }
                }
            }, requestTimeout);
        });
    }

    private void failed(long gen, SwitchboardException error) {
        errors.accept(error);
        long remaining = connectionExpires * 1000 - clockMillis.getAsLong();
        if (remaining <= 0) {
            return; // the node closes with 3003 now; the reconnect gets a fresh token
        }
        long delay = Math.max(MIN_RETRY_MS, Math.min(MAX_RETRY_MS, remaining / 3));
        timer.cancel();
        timer = loop.schedule(Duration.ofMillis(delay), () -> refresh(gen));
    }

    /** Asks the supplier (on the callback executor); completes on the loop with the new current token. */
    private CompletableFuture<String> fetch() {
        CompletableFuture<String> out = new CompletableFuture<>();
        dispatcher.call(supplier::token).whenComplete((token, error) -> loop.execute(() -> {
            if (error != null) {
                out.completeExceptionally(SwitchboardException.of(ClientErrorCode.TOKEN_UNAVAILABLE,
                        String.valueOf(error.getMessage()), error));
            } else if (token == null || token.isEmpty()) {
                out.completeExceptionally(SwitchboardException.of(ClientErrorCode.TOKEN_UNAVAILABLE,
                        "the supplier returned no token", null));
            } else {
                current = token;
                currentExpires = 0;
                stale = false;
                out.complete(token);
            }
        }));
        return out;
    }
}
