/**
 * Warming a node's JIT-compiled hot paths with private traffic before it listens ({@code warmup.*}
 * in the configuration; {@link io.switchboard.server.warmup.NodeWarmup}).
 */
package io.switchboard.server.warmup;
