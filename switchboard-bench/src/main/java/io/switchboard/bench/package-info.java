/**
 * The Switchboard load generator ({@code switchboard bench}): scenarios {@code connections},
 * {@code fanout} and {@code echo} against Switchboard or a peer in {@code bench/peers}, loopback only,
 * every run bounded by count and time. {@code client} holds the lean WebSocket client and the wire
 * dialects, {@code scenario} the shards of connections (in this process or forked ones),
 * {@code report} the measurements (latency histograms, server CPU and memory from /proc),
 * {@code peer} the raw Netty ceiling server.
 */
package io.switchboard.bench;
