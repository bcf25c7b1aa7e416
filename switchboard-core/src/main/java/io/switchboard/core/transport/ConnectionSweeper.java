package io.switchboard.core.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.unix.IovArray;
import io.netty.util.concurrent.EventExecutor;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The timers of every upgraded connection on one event loop: a single periodic task walks the
 * loop's connections and lets each check its heartbeat, idle timeout and its endpoint's deadlines
 * (token expiry). One task per loop instead of three scheduled tasks and an idle handler per
 * connection is what keeps an idle connection small; walking 20,000 connections costs well under a
 * millisecond per tick. Precision is one tick. It also lends the loop's connections the one
 * scatter/gather array they send held frames with ({@link #gatherArray}). Confined to its loop.
 */
final class ConnectionSweeper {

    private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_TICK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int INITIAL_CAPACITY = 64;

    private final EventExecutor loop;
    private final long tickNanos;
    private WebSocketConnection[] connections = new WebSocketConnection[INITIAL_CAPACITY];
    private int size;
    private boolean started;
    /**
     * Scatter/gather entries for {@link WebSocketConnection#flush}; one per loop is enough, as a loop
     * flushes one connection at a time. A plain direct buffer, freed by the GC with the sweeper.
     */
    private final IovArray gather = new IovArray(
            Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(WebSocketConnection.MAX_HELD * IovArray.IOV_SIZE)).clear());
    /** {@link System#nanoTime()} at the last tick or registration: the coarse clock connections stamp reads and writes with. */
    private long now = System.nanoTime();

    /** @param shortestTimerNanos the shortest interval a connection must observe (heartbeat or idle timeout) */
    ConnectionSweeper(EventExecutor loop, long shortestTimerNanos) {
        this.loop = loop;
        this.tickNanos = Math.max(MIN_TICK_NANOS, Math.min(MAX_TICK_NANOS, shortestTimerNanos / 8));
    }

    /** The loop's coarse clock; cheaper than {@code System.nanoTime()} on every write. */
    long now() {
        return now;
    }

    /** Cleared before use; only on this loop, and not across a call that could flush another connection. */
    IovArray gatherArray() {
        gather.clear();
        return gather;
    }

    void register(WebSocketConnection c) {
        if (!started) {
            started = true; // lazily, so loops that never see a WebSocket carry no task
            loop.scheduleAtFixedRate(this::tick, tickNanos, tickNanos, TimeUnit.NANOSECONDS);
        }
        now = System.nanoTime();
        if (size == connections.length) {
            connections = Arrays.copyOf(connections, size * 2);
        }
        c.sweeperSlot = size;
        connections[size++] = c;
    }

    void unregister(WebSocketConnection c) {
        int slot = c.sweeperSlot;
        if (slot < 0 || slot >= size || connections[slot] != c) {
            return;
        }
        WebSocketConnection last = connections[--size];
        connections[slot] = last;
        last.sweeperSlot = slot;
        connections[size] = null;
        c.sweeperSlot = -1;
        if (connections.length > INITIAL_CAPACITY && size < connections.length / 4) {
            connections = Arrays.copyOf(connections, connections.length / 2);
        }
    }

    private void tick() {
        now = System.nanoTime();
        // Downwards: a connection that unregisters during its own tick moves an already visited one into its slot.
        for (int i = size - 1; i >= 0; i--) {
            if (i < size) {
                connections[i].onTick(now);
            }
        }
    }
}
