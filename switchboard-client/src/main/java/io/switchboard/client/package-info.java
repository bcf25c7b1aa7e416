/**
 * The Switchboard Java client: one {@link io.switchboard.client.SwitchboardClient} per logical
 * connection to a node, with automatic reconnect (exponential backoff with full jitter, server advice
 * first), an application-level heartbeat, {@link io.switchboard.client.Subscription}s that recover
 * missed publications after a reconnect, token refresh and an offline queue for requests.
 *
 * <p>Public API: {@code SwitchboardClient}, {@code ClientOptions}, the listener interfaces and their
 * event records, {@code Subscription}, {@code SubscribeOptions}, {@code HistoryOptions},
 * {@code SwitchboardException}, and the reconnect strategy {@code ReconnectDelay} /
 * {@code FullJitterDelay}. Every other class in this package is package-private.
 *
 * <p>Threading: all public methods are thread-safe and never block on the network. Each client runs
 * its state machine on a serial task queue over a small shared pool of daemon threads that never run
 * application code; listener callbacks, token supplier calls and the completion of returned futures
 * run on the client's callback {@link java.util.concurrent.Executor} (by default one daemon thread per
 * client, so callbacks are ordered). The wire model and codecs come from {@code switchboard-protocol}.
 */
package io.switchboard.client;
