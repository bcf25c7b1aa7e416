package io.switchboard.core.api;

/** A snapshot of one node, as reported by {@code GET /api/info}. */
public record NodeInfo(String node, int connections, int users, int channels, boolean draining, long uptimeSeconds) {
}
