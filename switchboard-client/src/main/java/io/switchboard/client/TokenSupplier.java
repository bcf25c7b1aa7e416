package io.switchboard.client;

import java.util.concurrent.CompletionStage;

/**
 * Gives the client a fresh connection token: on connect when it has none (or the one it has expired or
 * was refused with 401 or close code 3003), and before the current one expires (the {@code refresh}
 * command). Runs on the client's callback executor; it may block briefly, but a slow call delays other
 * callbacks, so prefer returning a stage that completes later (e.g. from an HTTP client's async call).
 */
@FunctionalInterface
public interface TokenSupplier {

    /** A new token; a failed stage is reported as an error event and retried with backoff. */
    CompletionStage<String> token();
}
