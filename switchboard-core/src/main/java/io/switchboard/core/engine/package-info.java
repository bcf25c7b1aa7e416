/**
 * The engine SPI: {@link io.switchboard.core.engine.Broker} (publish/subscribe between nodes, with
 * history, because storing and delivering are one atomic step per channel),
 * {@link io.switchboard.core.engine.HistoryStore} and {@link io.switchboard.core.engine.PresenceStore}.
 * In-memory implementations live in {@code engine.memory}; other technologies get their own module.
 * Every method is called on event-loop threads and must not block.
 */
package io.switchboard.core.engine;
