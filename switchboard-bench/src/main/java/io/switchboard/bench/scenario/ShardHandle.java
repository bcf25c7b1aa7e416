package io.switchboard.bench.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.concurrent.CompletableFuture;

/**
 * A share of a scenario's connections, in this process ({@link Shard}) or in a forked generator
 * process ({@link ForkedShard}). Phases, in order: {@link #start()} opens (and subscribes) the
 * connections; {@link #go} starts the measured traffic and completes when this shard's own active
 * work is done; {@link #finish} completes with the final figures; {@link #close()} closes the
 * connections (after the caller took its last server measurement).
 */
public interface ShardHandle {

    CompletableFuture<ObjectNode> start();

    /** @param params echo: {@code t0}, the nanoTime at which measurement starts (machine-wide on Linux); fanout: none */
    CompletableFuture<ObjectNode> go(ObjectNode params);

    CompletableFuture<ObjectNode> finish(ObjectNode params);

    CompletableFuture<Void> close();

    /** Live counters for the progress line: opened, failed, sent, received, closed. */
    long[] counters();

    void abort();
}
